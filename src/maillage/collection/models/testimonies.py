"""Testimonies: what people say in their own words, kept with the consent that says where it may
be quoted.

The author's name is stored only when the author agreed to be named; otherwise only their group is.
The consent scope decides where a testimony may appear: `internal` (the structure's team), `reports`
(reports handed to funders and partners), `public` (anywhere, for instance a public leaflet).
An optional photo, audio or video file is checked by its content (collection/media.py) and served
only through an access-checked view, never from a public folder.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maillage.collection.models.surveys import RESPONDENT_GROUPS, Answer
from maillage.evaluation.models import StakeholderGroup, TransformationGoal
from maillage.organisations.models import Organisation
from maillage.projects.models import Project


def media_path(instance, filename: str) -> str:
    # The stored name never reuses the uploaded one: it could say who is in the picture.
    return f"temoignages/{instance.organisation_id}/{instance.media_token}"


class TestimonyTag(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="testimony_tags"
    )
    name = models.CharField(_("mot-clé"), max_length=60)

    class Meta:
        verbose_name = _("mot-clé")
        verbose_name_plural = _("mots-clés")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="tag_once_per_structure")
        ]

    def __str__(self):
        return self.name


class Testimony(models.Model):
    class Scope(models.TextChoices):
        INTERNAL = "internal", _("usage interne à l'équipe")
        REPORTS = "reports", _("rapports aux financeurs et partenaires")
        PUBLIC = "public", _("diffusion publique")

    class MediaKind(models.TextChoices):
        PHOTO = "photo", _("photo")
        AUDIO = "audio", _("enregistrement audio")
        VIDEO = "video", _("vidéo")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="testimonies"
    )
    project = models.ForeignKey(
        Project,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="testimonies",
        verbose_name=_("projet"),
    )
    text = models.TextField(_("témoignage (mot pour mot)"))
    author_group = models.CharField(
        _("la personne est"), max_length=20, choices=StakeholderGroup.choices
    )
    author_name = models.CharField(
        _("nom de la personne"),
        max_length=150,
        blank=True,
        help_text=_("Seulement si la personne accepte d'être nommée."),
    )
    name_consent = models.BooleanField(_("la personne accepte d'être nommée"), default=False)
    said_on = models.DateField(_("date du témoignage"))
    consent_scope = models.CharField(
        _("la personne accepte un usage"),
        max_length=10,
        choices=Scope.choices,
        default=Scope.INTERNAL,
    )
    consent_on = models.DateField(_("consentement recueilli le"))
    context = models.CharField(
        _("circonstances"),
        max_length=200,
        blank=True,
        help_text=_("Ex. : bilan de l'atelier couture, entretien individuel"),
    )
    tags = models.ManyToManyField(TestimonyTag, blank=True, related_name="testimonies")
    goals = models.ManyToManyField(
        TransformationGoal,
        blank=True,
        related_name="testimonies",
        verbose_name=_("objectifs illustrés"),
    )
    source_answer = models.OneToOneField(
        Answer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="testimony",
        verbose_name=_("réponse d'origine"),
    )
    media = models.FileField(_("fichier"), upload_to=media_path, blank=True)
    media_kind = models.CharField(max_length=10, choices=MediaKind.choices, blank=True)
    media_type = models.CharField(max_length=80, blank=True)
    media_token = models.CharField(max_length=40, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("témoignage")
        verbose_name_plural = _("témoignages")
        ordering = ["-said_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(name_consent=True) | Q(author_name=""),
                name="testimony_name_only_with_consent",
            )
        ]

    def __str__(self):
        return self.text[:60]

    def get_absolute_url(self):
        return reverse("collection:testimony", kwargs={"testimony_id": self.pk})

    def clean(self):
        if self.author_name.strip() and not self.name_consent:
            raise ValidationError(
                {
                    "author_name": _(
                        "Un nom ne s'enregistre qu'avec l'accord de la personne : "
                        "cochez son accord ou laissez le nom vide."
                    )
                }
            )

    @property
    def author(self) -> str:
        """How the author is shown: their name if they agreed, else their group."""
        group = str(RESPONDENT_GROUPS.get(self.author_group, self.get_author_group_display()))
        return f"{self.author_name}, {group.lower()}" if self.author_name else group

    @property
    def quotable_in_reports(self) -> bool:
        return self.consent_scope in (self.Scope.REPORTS, self.Scope.PUBLIC)
