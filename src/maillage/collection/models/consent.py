"""Consent records: the proof of who agreed, to what, how, when and who wrote it down, and of its
withdrawal (RGPD article 7: the structure must be able to show the consent it relies on).

A record points at its subject (an identified survey response or a testimony) and keeps a display
label (the person's name as given) next to a snapshot of the exact text the person agreed to, so
that a later edit of the campaign's text does not rewrite what was accepted. Withdrawal keeps the
record and says when, how and who noted it; erasure of the person removes the label and the link
to the subject, leaving a nameless proof (date, purpose, text, withdrawn or not).
Rules live in `collection/consents.py`.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maillage.collection.models.surveys import Response
from maillage.collection.models.testimonies import Testimony
from maillage.organisations.models import Organisation


class ConsentRecord(models.Model):
    class Purpose(models.TextChoices):
        SURVEY_IDENTIFIED = "survey_identified", _("réponse nominative à un questionnaire")
        TESTIMONY_NAME = "testimony_name", _("être nommé(e) avec son témoignage")
        TESTIMONY_USE = "testimony_use", _("citation du témoignage hors de l'équipe")

    class Channel(models.TextChoices):
        ONLINE = "online", _("en ligne, par le formulaire")
        PAPER = "paper", _("sur papier signé")
        ORAL = "oral", _("à l'oral, noté par l'équipe")

    class Withdrawal(models.TextChoices):
        ONLINE = "online", _("par écrit (e-mail, message)")
        PAPER = "paper", _("sur papier (courrier, formulaire signé)")
        ORAL = "oral", _("à l'oral, noté par l'équipe")
        EDIT = "edit", _("fiche du témoignage modifiée par l'équipe")
        REPLACED = "replaced", _("remplacé par un nouveau consentement")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="consent_records"
    )
    purpose = models.CharField(_("objet"), max_length=30, choices=Purpose.choices)
    # For testimonies: the use agreed to (reports or public), so a change of scope is a new record.
    scope = models.CharField(_("usage"), max_length=10, blank=True)
    text = models.TextField(_("texte accepté"))
    channel = models.CharField(_("recueilli"), max_length=10, choices=Channel.choices)
    given_on = models.DateField(_("donné le"))
    response = models.ForeignKey(
        Response,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consent_records",
    )
    testimony = models.ForeignKey(
        Testimony,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consent_records",
    )
    subject_label = models.CharField(_("personne"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("enregistré le"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("retiré le"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    withdrawal_channel = models.CharField(
        _("retrait"), max_length=10, choices=Withdrawal.choices, blank=True
    )
    withdrawal_note = models.CharField(_("remarque sur le retrait"), max_length=300, blank=True)
    erased_at = models.DateTimeField(_("personne effacée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("consentement")
        verbose_name_plural = _("consentements")
        ordering = ["-given_on", "-pk"]
        indexes = [models.Index(fields=["organisation", "purpose"])]

    def __str__(self):
        return f"{self.get_purpose_display()} — {self.given_on:%d/%m/%Y}"

    def get_absolute_url(self):
        return reverse(
            "collection:consent",
            kwargs={"slug": self.organisation.slug, "record_id": self.pk},
        )

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None

    @property
    def status_label(self) -> str:
        if self.withdrawn_at is None:
            return str(_("en cours"))
        if self.withdrawal_channel == self.Withdrawal.REPLACED:
            return str(_("remplacé"))
        return str(_("retiré"))

    @property
    def subject(self) -> str:
        """Who consented, as shown: the name given, else what is known without a name."""
        if self.erased_at:
            return str(_("Personne effacée"))
        if self.subject_label:
            return self.subject_label
        if self.testimony_id:
            return str(_("Auteur anonyme (%(group)s)") % {"group": self.testimony.author.lower()})
        return str(_("Personne non nommée"))
