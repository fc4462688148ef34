"""What the stakeholders conclude: the written answer to each evaluative question, beside its
evidence (DESIGN §2, step 8). One answer per question, rewritten as the deliberation goes."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from maillage.evaluation.models import EvaluativeQuestion


class QuestionAnswer(models.Model):
    question = models.OneToOneField(
        EvaluativeQuestion, on_delete=models.CASCADE, related_name="answer"
    )
    text = models.TextField(
        _("réponse à la question"),
        help_text=_("Ce que vous concluez, en vous appuyant sur les indicateurs et les paroles."),
    )
    deliberated_with = models.CharField(
        _("délibérée avec"),
        max_length=400,
        blank=True,
        help_text=_("Ex. : comité de pilotage du 12 mars, habitants, bénévoles, partenaires"),
    )
    disagreements = models.TextField(_("points de désaccord"), blank=True)
    recommendations = models.TextField(_("recommandations"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("réponse à une question évaluative")
        verbose_name_plural = _("réponses aux questions évaluatives")

    def __str__(self):
        return self.text[:60]


class Theme(models.Model):
    """A theme of qualitative coding, in a tree of two levels (a theme and its sub-themes)."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="themes")
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("thème parent"),
    )
    name = models.CharField(_("thème"), max_length=120)
    description = models.TextField(
        _("ce que le thème recouvre"),
        blank=True,
        help_text=_("Une ou deux phrases : elles servent aussi aux suggestions automatiques."),
    )
    examples = models.TextField(
        _("exemples de paroles"),
        blank=True,
        help_text=_("Une par ligne : des phrases typiques de ce thème."),
    )

    class Meta:
        verbose_name = _("thème")
        verbose_name_plural = _("thèmes")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="theme_name_once_per_project")
        ]

    def __str__(self):
        return f"{self.parent.name} › {self.name}" if self.parent_id else self.name


class Coding(models.Model):
    """A passage of a testimony or of an open answer given a theme, by a person or by accepting
    a suggestion."""

    class Origin(models.TextChoices):
        MANUAL = "manual", _("à la main")
        SUGGESTION = "suggestion", _("suggestion acceptée")

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="codings")
    testimony = models.ForeignKey(
        "collection.Testimony", on_delete=models.CASCADE, null=True, blank=True,
        related_name="codings",
    )  # fmt: skip
    answer = models.ForeignKey(
        "collection.Answer", on_delete=models.CASCADE, null=True, blank=True,
        related_name="codings",
    )  # fmt: skip
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    excerpt = models.TextField(_("passage"))
    origin = models.CharField(max_length=12, choices=Origin.choices, default=Origin.MANUAL)
    coded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    coded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("codage")
        verbose_name_plural = _("codages")
        ordering = ["start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(testimony__isnull=False, answer__isnull=True)
                | models.Q(testimony__isnull=True, answer__isnull=False),
                name="coding_has_one_source",
            ),
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")),
                                   name="coding_passage_not_empty"),
        ]  # fmt: skip

    def __str__(self):
        return f"{self.theme} : {self.excerpt[:40]}"


class Suggestion(models.Model):
    """A theme proposed by the assisted coding for one sentence; a person accepts or rejects it.
    Kept after the decision, to measure how often suggestions are accepted."""

    class Status(models.TextChoices):
        PENDING = "pending", _("à examiner")
        ACCEPTED = "accepted", _("acceptée")
        REJECTED = "rejected", _("refusée")

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="suggestions")
    testimony = models.ForeignKey(
        "collection.Testimony", on_delete=models.CASCADE, null=True, blank=True,
        related_name="theme_suggestions",
    )  # fmt: skip
    answer = models.ForeignKey(
        "collection.Answer", on_delete=models.CASCADE, null=True, blank=True,
        related_name="theme_suggestions",
    )  # fmt: skip
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    excerpt = models.TextField()
    score = models.FloatField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("suggestion de thème")
        verbose_name_plural = _("suggestions de thèmes")
        ordering = ["-score"]

    def __str__(self):
        return f"{self.theme} ? {self.excerpt[:40]}"


class IndicatorFigure(models.Model):
    """One structure's value of one indicator for one calendar year, kept with the parts that add
    up across structures (`indicators.Pool`), so that a national figure over thousands of
    structures reads a few thousand rows instead of millions of answers. Written only by
    `aggregates.refresh` (in the background); a cache of computed values, never typed in."""

    indicator = models.ForeignKey(
        "evaluation.Indicator", on_delete=models.CASCADE, related_name="figures"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("année"))
    kind = models.CharField(max_length=8)
    n = models.PositiveIntegerField(default=0)
    total = models.FloatField(default=0)
    successes = models.PositiveIntegerField(default=0)
    counts = models.JSONField(default=dict, blank=True)  # {number as text: answers}
    value = models.FloatField(null=True, blank=True)
    computed_at = models.DateTimeField(_("calculé le"))

    class Meta:
        verbose_name = _("valeur d'indicateur calculée")
        verbose_name_plural = _("valeurs d'indicateurs calculées")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="figure_once_per_year"),
        ]
        # The national figure reads one year for a set of structures.
        indexes = [models.Index(fields=["year", "organisation"])]

    def __str__(self):
        return f"{self.indicator} {self.year} : {self.value}"
