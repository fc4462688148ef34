"""Surveys (questionnaires), their campaigns and the answers they collect.

A survey belongs to a structure (and optionally a project). Its questions carry a `code`, unique in
the survey, by which framework indicators designate them (`Indicator.source_params`). A campaign
opens a survey to answers for a period through a public link with an unguessable token; each
submission becomes one `Response`, stored once even if the form is sent twice (`submission_key`).
"""

import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.evaluation.models import StakeholderGroup
from maillage.organisations.models import Organisation
from maillage.projects.models import Project

# How a person names their own group when answering (StakeholderGroup's labels are plural).
RESPONDENT_GROUPS = {
    StakeholderGroup.RESIDENTS: _("Habitant ou habitante"),
    StakeholderGroup.VOLUNTEERS: _("Bénévole"),
    StakeholderGroup.STAFF: _("Salarié ou salariée"),
    StakeholderGroup.BOARD: _("Administrateur ou administratrice"),
    StakeholderGroup.PARTNERS: _("Partenaire (autre structure)"),
}


def new_token() -> str:
    """An unguessable token for public links (128 bits)."""
    return secrets.token_urlsafe(16)


class Survey(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="surveys",
        verbose_name=_("structure"),
    )
    project = models.ForeignKey(
        Project,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="surveys",
        verbose_name=_("projet"),
    )
    code = models.SlugField(
        _("identifiant"),
        max_length=80,
        unique=True,
        help_text=_("Sert aux indicateurs du cadre pour désigner ce questionnaire."),
    )
    title = models.CharField(_("titre"), max_length=200)
    introduction = models.TextField(
        _("texte d'accueil"),
        blank=True,
        help_text=_("Ce que la personne lit avant de répondre : pourquoi, combien de temps."),
    )
    thanks = models.TextField(_("texte de remerciement"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Raised on every change to the survey, its sections, questions or choices: the public
    # answer page keeps its built form per version (collection/answer_cache.py).
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["-created_at", "pk"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            # Raised in the database, not from this copy: a question saved meanwhile raised it
            # already, and writing back a stale number would bring an old cached form back.
            self.version = models.F("version") + 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
            super().save(*args, **kwargs)
            self.refresh_from_db(fields=["version"])
            return
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("collection:survey", kwargs={"survey_id": self.pk})


class Section(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(_("titre de la partie"), max_length=200)
    description = models.TextField(_("présentation"), blank=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("partie")
        verbose_name_plural = _("parties")
        ordering = ["survey", "order", "pk"]

    def __str__(self):
        return self.title


class Question(models.Model):
    class Type(models.TextChoices):
        SINGLE = "single", _("choix unique")
        MULTIPLE = "multiple", _("choix multiple")
        SCALE = "scale", _("échelle")
        YES_NO = "yes_no", _("oui / non")
        NUMBER = "number", _("nombre")
        SHORT_TEXT = "short_text", _("texte court")
        LONG_TEXT = "long_text", _("texte long")
        DATE = "date", _("date")
        GROUP = "group", _("groupe de la personne (habitant, bénévole…)")

    CHOICE_TYPES = {Type.SINGLE, Type.MULTIPLE}
    TEXT_TYPES = {Type.SHORT_TEXT, Type.LONG_TEXT}

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(
        Section,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("partie"),
    )
    code = models.SlugField(
        _("code"),
        max_length=60,
        help_text=_("Court, sans espace : sert aux indicateurs et aux exports (ex. confiance)."),
    )
    type = models.CharField(_("type de question"), max_length=20, choices=Type.choices)
    label = models.CharField(_("question"), max_length=400)
    help_text = models.CharField(_("aide"), max_length=300, blank=True)
    required = models.BooleanField(_("réponse obligatoire"), default=False)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    scale_max = models.PositiveSmallIntegerField(
        _("échelle de 1 à"), choices=[(5, "5"), (10, "10")], null=True, blank=True
    )
    scale_min_label = models.CharField(_("libellé du 1"), max_length=60, blank=True)
    scale_max_label = models.CharField(_("libellé du maximum"), max_length=60, blank=True)
    # Retrospective pairs: the "today" question points to its "before I came" question.
    before = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="after",
        verbose_name=_("question « avant » de la paire"),
    )
    show_if_question = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dependents",
        verbose_name=_("afficher seulement selon la réponse à"),
    )
    show_if_values = models.JSONField(
        _("réponses qui font afficher la question"), default=list, blank=True
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["survey", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "code"], name="question_code_once"),
        ]

    def __str__(self):
        return self.label

    def clean(self):
        errors = {}
        if self.type == self.Type.SCALE and not self.scale_max:
            errors["scale_max"] = _("Choisissez une échelle de 1 à 5 ou de 1 à 10.")
        if self.type != self.Type.SCALE and (self.scale_max or self.before_id):
            errors["scale_max"] = _("Seules les questions à échelle ont une échelle.")
        if self.show_if_question_id:
            if self.show_if_question_id == self.pk:
                errors["show_if_question"] = _("Une question ne peut pas dépendre d'elle-même.")
            elif self.show_if_question.survey_id != self.survey_id:
                errors["show_if_question"] = _(
                    "Cette question appartient à un autre questionnaire."
                )
            elif (self.show_if_question.order, self.show_if_question.pk or 0) >= (
                self.order,
                self.pk or 10**9,
            ):
                errors["show_if_question"] = _(
                    "La condition doit porter sur une question posée avant celle-ci."
                )
            if not self.show_if_values:
                errors["show_if_values"] = _(
                    "Indiquez la ou les réponses qui font afficher la question."
                )
        if errors:
            raise ValidationError(errors)

    @property
    def has_choices(self) -> bool:
        return self.type in self.CHOICE_TYPES

    def option_list(self) -> list[tuple[str, str]]:
        """(value, label) of what can be answered, for choice-like questions."""
        if self.type in self.CHOICE_TYPES:
            return [(c.value, c.label) for c in self.choices.all()]
        if self.type == self.Type.YES_NO:
            return [("oui", str(_("Oui"))), ("non", str(_("Non")))]
        if self.type == self.Type.GROUP:
            return [(value, str(label)) for value, label in RESPONDENT_GROUPS.items()]
        if self.type == self.Type.SCALE and self.scale_max:
            return [(str(n), str(n)) for n in range(1, self.scale_max + 1)]
        return []


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    value = models.SlugField(_("code"), max_length=60)
    label = models.CharField(_("libellé"), max_length=200)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("choix de réponse")
        verbose_name_plural = _("choix de réponse")
        ordering = ["question", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["question", "value"], name="choice_value_once"),
        ]

    def __str__(self):
        return self.label


class Campaign(models.Model):
    class Mode(models.TextChoices):
        ANONYMOUS = "anonymous", _("anonyme")
        IDENTIFIED = "identified", _("nominatif, avec consentement")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="campaigns")
    title = models.CharField(_("nom de la campagne"), max_length=200)
    opens_on = models.DateField(_("ouverture le"))
    closes_on = models.DateField(_("clôture le"))
    mode = models.CharField(_("mode"), max_length=20, choices=Mode.choices, default=Mode.ANONYMOUS)
    consent_text = models.TextField(
        _("texte de consentement"),
        blank=True,
        help_text=_("Obligatoire en mode nominatif : à quoi serviront le nom et les réponses."),
    )
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    closed_at = models.DateTimeField(_("clôturée le"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("campagne")
        verbose_name_plural = _("campagnes")
        ordering = ["-opens_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="campaign_period_order",
            )
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.mode == self.Mode.IDENTIFIED and not self.consent_text.strip():
            raise ValidationError(
                {"consent_text": _("Un questionnaire nominatif demande un texte de consentement.")}
            )
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("La clôture doit suivre l'ouverture.")})

    def is_open(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.closed_at is None and self.opens_on <= today <= self.closes_on

    def public_url(self) -> str:
        return reverse("collection:answer", kwargs={"token": self.token})


class Invitation(models.Model):
    """A personal link sent by e-mail: one answer for one person."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("adresse e-mail"))
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    sent_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation à répondre")
        verbose_name_plural = _("invitations à répondre")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "email"], name="invitation_once"),
        ]

    def __str__(self):
        return self.email


class Response(models.Model):
    class Channel(models.TextChoices):
        WEB = "web", _("en ligne")
        PAPER = "paper", _("papier, saisi par l'équipe")
        IMPORT = "import", _("importé d'un fichier")
        API = "api", _("envoyé par un logiciel (API)")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    campaign = models.ForeignKey(
        Campaign, on_delete=models.SET_NULL, null=True, blank=True, related_name="responses"
    )
    # Sent with the form: a second submission of the same form finds it and stores nothing.
    submission_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    channel = models.CharField(
        _("origine"), max_length=10, choices=Channel.choices, default=Channel.WEB
    )
    respondent_group = models.CharField(
        _("groupe"), max_length=20, choices=StakeholderGroup.choices, blank=True
    )
    respondent_name = models.CharField(_("nom"), max_length=200, blank=True)
    respondent_email = models.EmailField(_("e-mail"), blank=True)
    consent_at = models.DateTimeField(_("consentement donné le"), null=True, blank=True)
    invitation = models.OneToOneField(
        Invitation, on_delete=models.SET_NULL, null=True, blank=True, related_name="response"
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("reçue le"), default=timezone.now)

    class Meta:
        verbose_name = _("réponse à un questionnaire")
        verbose_name_plural = _("réponses aux questionnaires")
        ordering = ["survey", "submitted_at", "pk"]
        indexes = [models.Index(fields=["survey", "submitted_at"])]

    def __str__(self):
        return f"{self.survey} — {self.submitted_at:%d/%m/%Y}"


class Answer(models.Model):
    """One question's answer in a response; the value sits in the field of its type."""

    # No index of its own: the unique (response, question) constraint's index serves every
    # lookup by response; a second one cost ten more index writes per submission (and 650 MB
    # on the national dataset).
    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="answers", db_index=False
    )
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField(blank=True)
    number = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    choices = models.JSONField(default=list, blank=True)
    date = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("réponse à une question")
        verbose_name_plural = _("réponses aux questions")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="answer_once"),
        ]

    def __str__(self):
        return f"{self.question.code}: {self.display()}"

    def display(self) -> str:
        if self.choices:
            labels = dict(self.question.option_list())
            return ", ".join(labels.get(value, value) for value in self.choices)
        if self.number is not None:
            return f"{self.number.normalize():f}"
        if self.date:
            return self.date.strftime("%d/%m/%Y")
        return self.text
