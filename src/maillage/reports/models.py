"""Read-only links through which a project shares its report with chosen people (a CAF advisor,
a city's officer): revocable, and each records when it was opened."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maillage.projects.models import Project


def new_token() -> str:
    return secrets.token_urlsafe(24)


class ReportShare(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="report_shares")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="shared_reports",
        verbose_name=_("destinataire"),
    )
    audience = models.CharField(_("version"), max_length=20, default="funders")
    sections = models.JSONField(default=list, blank=True)
    year = models.CharField(_("année"), max_length=4, blank=True)
    hourly_rate = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(_("retiré le"), null=True, blank=True)
    first_opened_at = models.DateTimeField(_("ouvert la première fois le"), null=True, blank=True)
    last_opened_at = models.DateTimeField(_("dernière ouverture"), null=True, blank=True)
    open_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("partage du rapport")
        verbose_name_plural = _("partages du rapport")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.project} → {self.recipient}"

    def get_absolute_url(self):
        return reverse("reports:shared", kwargs={"token": self.token})

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class ReportBuild(models.Model):
    """One PDF being made: small ones while the user waits, large ones (a network's, a project
    with many indicators) by the worker, with the step reached shown to the user."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("en attente")
        RUNNING = "running", _("en cours")
        DONE = "done", _("prêt")
        FAILED = "failed", _("échoué")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="report_builds")
    audience = models.CharField(max_length=20, default="funders")
    sections = models.JSONField(default=list, blank=True)
    year = models.CharField(max_length=4, blank=True)
    hourly_rate = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    step = models.CharField(max_length=200, blank=True)
    percent = models.PositiveSmallIntegerField(default=0)
    pdf = models.BinaryField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("fabrication d'un rapport")
        verbose_name_plural = _("fabrications de rapports")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.project} ({self.get_status_display()})"
