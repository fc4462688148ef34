from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One state change that matters, written by the `actions` modules of the apps."""

    at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("auteur"),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="audit_events",
        verbose_name=_("structure"),
    )
    verb = models.CharField(_("action"), max_length=60)
    summary = models.CharField(_("résumé"), max_length=300)
    details = models.JSONField(_("détails"), default=dict, blank=True)

    class Meta:
        verbose_name = _("événement du journal")
        verbose_name_plural = _("journal des modifications")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.verb}: {self.summary}"
