"""Activity and volunteer records: what a structure does, session by session, and the time its
volunteers give.

An activity (atelier couture, accompagnement scolaire…) belongs to a structure and optionally to
one project. Each session records its date, its duration and how many people of each group came;
staff may also tick the named people who came (`Participant`), which lets indicators count
different participants and not only attendances. Volunteer time is hours given by one named person
or by a group of volunteers, for an activity or for the structure's life in general.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maillage.evaluation.models import StakeholderGroup
from maillage.organisations.models import Organisation
from maillage.projects.models import Project

MAX_HOURS = Decimal("24")


class Activity(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="activities"
    )
    project = models.ForeignKey(
        Project,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("projet"),
        help_text=_("Laissez vide si l'activité relève du projet social de la structure."),
    )
    name = models.CharField(_("nom de l'activité"), max_length=150)
    code = models.SlugField(
        _("identifiant"),
        max_length=80,
        help_text=_("Sert aux indicateurs du cadre pour désigner cette activité."),
    )
    description = models.TextField(_("description"), blank=True)
    default_duration = models.DecimalField(
        _("durée habituelle d'une séance (heures)"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("2"),
        validators=[MinValueValidator(Decimal("0.25")), MaxValueValidator(MAX_HOURS)],
    )
    archived = models.BooleanField(_("activité terminée"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("activité")
        verbose_name_plural = _("activités")
        ordering = ["archived", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code"], name="activity_code_unique_in_structure"
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("collection:activity", kwargs={"activity_id": self.pk})


class Participant(models.Model):
    """A person the structure chose to name in its records (a member, a volunteer). Personal data:
    only the name the structure types, and its group."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="participants"
    )
    name = models.CharField(_("nom"), max_length=150)
    group = models.CharField(
        _("groupe"),
        max_length=20,
        choices=StakeholderGroup.choices,
        default=StakeholderGroup.RESIDENTS,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("personne nommée")
        verbose_name_plural = _("personnes nommées")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="participant_name_unique_in_structure"
            )
        ]

    def __str__(self):
        return self.name


class ActivitySession(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("date"))
    duration = models.DecimalField(
        _("durée (heures)"),
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.25")), MaxValueValidator(MAX_HOURS)],
    )
    # Sent with the entry form: a double click or a reload stores the entry once.
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    notes = models.CharField(_("remarque"), max_length=300, blank=True)
    participants = models.ManyToManyField(
        Participant, blank=True, related_name="sessions", verbose_name=_("personnes présentes")
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("séance")
        verbose_name_plural = _("séances")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["activity", "date"])]

    def __str__(self):
        return f"{self.activity} — {self.date:%d/%m/%Y}"

    @property
    def attendance_total(self) -> int:
        return sum(row.count for row in self.attendances.all())


class Attendance(models.Model):
    """How many people of one group came to a session."""

    session = models.ForeignKey(
        ActivitySession, on_delete=models.CASCADE, related_name="attendances"
    )
    group = models.CharField(_("groupe"), max_length=20, choices=StakeholderGroup.choices)
    count = models.PositiveIntegerField(_("nombre"), validators=[MaxValueValidator(10_000)])

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "group"], name="attendance_one_row_per_group"
            )
        ]

    def __str__(self):
        return f"{self.get_group_display()} : {self.count}"


class VolunteerTime(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="volunteer_times"
    )
    activity = models.ForeignKey(
        Activity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="volunteer_times",
        verbose_name=_("activité"),
        help_text=_("Laissez vide pour la vie de la structure (conseil, fêtes, accueil…)."),
    )
    date = models.DateField(_("date ou fin de période"))
    person = models.ForeignKey(
        Participant,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="volunteer_times",
        verbose_name=_("bénévole"),
    )
    group_label = models.CharField(
        _("ou groupe de bénévoles"),
        max_length=150,
        blank=True,
        help_text=_("Ex. : équipe de l'accompagnement scolaire"),
    )
    volunteers = models.PositiveIntegerField(
        _("nombre de bénévoles"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
    )
    hours = models.DecimalField(
        _("heures données (en tout)"),
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.25")), MaxValueValidator(Decimal("100000"))],
    )
    # Sent with the entry form: a double click or a reload stores the entry once.
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    notes = models.CharField(_("remarque"), max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("temps bénévole")
        verbose_name_plural = _("temps bénévole")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["organisation", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | ~Q(group_label=""),
                name="volunteer_time_names_someone",
            )
        ]

    def __str__(self):
        return f"{self.who} — {self.hours} h"

    @property
    def who(self) -> str:
        return self.person.name if self.person_id else self.group_label

    def clean(self):
        if not self.person_id and not self.group_label.strip():
            raise ValidationError(
                {"group_label": _("Choisissez un ou une bénévole, ou nommez le groupe.")}
            )
        if self.activity_id and self.activity.organisation_id != self.organisation_id:
            raise ValidationError(
                {"activity": _("Cette activité est celle d'une autre structure.")}
            )
