"""An import of answers from a file, kept while the user maps its columns and while it runs."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from maillage.collection.models.surveys import Survey


class ResponseImport(models.Model):
    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("à associer")
        QUEUED = "queued", _("en attente")
        RUNNING = "running", _("en cours")
        DONE = "done", _("terminé")
        FAILED = "failed", _("refusé")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="imports")
    filename = models.CharField(_("fichier"), max_length=255)
    # The file itself, so that a background worker on another process can read it.
    data = models.BinaryField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.UPLOADED)
    # While running: first every row is checked (progress counted), then all are written at once.
    writing = models.BooleanField(default=False)
    mapping = models.JSONField(default=list, blank=True)
    value_maps = models.JSONField(default=dict, blank=True)
    problems = models.JSONField(default=list, blank=True)
    total_rows = models.PositiveIntegerField(default=0)
    done_rows = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("import de réponses")
        verbose_name_plural = _("imports de réponses")
        ordering = ["-created_at"]

    def __str__(self):
        return self.filename

    @property
    def percent(self) -> int:
        return round(100 * self.done_rows / self.total_rows) if self.total_rows else 0
