"""The evaluation framework (cadre d'évaluation) and the value chain (chaîne de valeur).

A framework belongs to a project (or, as a common framework, to a network that proposes it to its
structures). It holds transformation goals for three targets, evaluative questions tagged with a
criterion, and indicators complete enough for the indicator engine to compute them alone.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maillage.core.groups import StakeholderGroup  # noqa: F401  (re-exported)
from maillage.organisations.models import Network, Organisation
from maillage.projects.models import Project


class Target(models.TextChoices):
    """Who a transformation goal or an effect is for (DESIGN §2, step 2)."""

    RESIDENTS = "habitants", _("habitants")
    TERRITORY = "territoire", _("territoire")
    COMMUNITY = "communaute", _("communauté d'action")


class Criterion(models.Model):
    """An evaluation criterion. The list starts with the six usual ones (data migration); a
    project may add its own (project set)."""

    name = models.CharField(_("critère"), max_length=80)
    code = models.SlugField(_("code"), max_length=40)
    description = models.CharField(_("ce qu'il compare"), max_length=200, blank=True)
    project = models.ForeignKey(
        Project,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="criteria",
        help_text=_("Vide : critère commun à tous les projets."),
    )
    order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        verbose_name = _("critère d'évaluation")
        verbose_name_plural = _("critères d'évaluation")
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["project", "code"], name="criterion_code_once"),
            models.UniqueConstraint(
                fields=["code"], condition=models.Q(project__isnull=True), name="criterion_global"
            ),
        ]

    def __str__(self):
        return self.name


class Framework(models.Model):
    """A cadre d'évaluation: of a project, or a network's common framework (network set)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("en construction")
        VALIDATED = "validated", _("validé")

    project = models.OneToOneField(
        Project, on_delete=models.CASCADE, null=True, blank=True, related_name="framework"
    )
    network = models.ForeignKey(
        Network,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="common_frameworks",
        verbose_name=_("réseau"),
    )
    title = models.CharField(_("titre"), max_length=200, blank=True)
    status = models.CharField(
        _("état"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    validated_on = models.DateField(_("validé le"), null=True, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("validation enregistrée par"),
    )
    validation_participants = models.TextField(
        _("qui a validé"),
        blank=True,
        help_text=_("Les personnes et les groupes présents (habitants, bénévoles, partenaires…)."),
    )
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name=_("copié de"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cadre d'évaluation")
        verbose_name_plural = _("cadres d'évaluation")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(project__isnull=False) & models.Q(network__isnull=True))
                | (models.Q(project__isnull=True) & models.Q(network__isnull=False)),
                name="framework_of_a_project_or_a_network",
            )
        ]

    def __str__(self):
        if self.title:
            return self.title
        owner = self.project or self.network
        return _("Cadre d'évaluation — %(owner)s") % {"owner": owner}

    def get_absolute_url(self):
        if self.project_id:
            return reverse("evaluation:framework", kwargs={"slug": self.project.slug})
        return reverse("evaluation:framework_detail", kwargs={"framework_id": self.pk})

    @property
    def is_validated(self) -> bool:
        return self.status == self.Status.VALIDATED


class FrameworkChange(models.Model):
    """One change to a framework, kept as its visible history."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="changes")
    at = models.DateTimeField(_("date"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("par"),
    )
    summary = models.CharField(_("modification"), max_length=300)
    after_validation = models.BooleanField(_("après validation"), default=False)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("modification du cadre")
        verbose_name_plural = _("historique du cadre")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return self.summary


class TransformationGoal(models.Model):
    """An objectif de transformation, for one of the three targets."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="goals")
    target = models.CharField(_("cible"), max_length=20, choices=Target.choices)
    title = models.CharField(_("objectif"), max_length=250)
    description = models.TextField(_("précisions"), blank=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("objectif de transformation")
        verbose_name_plural = _("objectifs de transformation")
        ordering = ["framework", "target", "order", "pk"]

    def __str__(self):
        return self.title


class EvaluativeQuestion(models.Model):
    """A question évaluative: what the evaluation must answer, with its criterion."""

    class About(models.TextChoices):
        RESULTS = "results", _("les résultats")
        PROCESS = "process", _("la manière de faire (coopération, fonctionnement)")

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="questions")
    goal = models.ForeignKey(
        TransformationGoal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("objectif"),
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="questions", verbose_name=_("critère")
    )
    text = models.CharField(_("question"), max_length=400)
    about = models.CharField(
        _("porte sur"), max_length=20, choices=About.choices, default=About.RESULTS
    )
    written_with = models.JSONField(
        _("écrite avec"),
        default=list,
        blank=True,
        help_text=_("Les groupes qui ont participé à l'écriture de la question."),
    )
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("question évaluative")
        verbose_name_plural = _("questions évaluatives")
        ordering = ["framework", "order", "pk"]

    def __str__(self):
        return self.text

    def written_with_labels(self):
        labels = dict(StakeholderGroup.choices)
        return [labels[group] for group in self.written_with if group in labels]


class Indicator(models.Model):
    """An indicator answering one evaluative question.

    `source_type` + `source_params` say where the data comes from; `computation` (+ condition)
    how it is computed. The engine needs nothing else. `source_params` by source type:
    - survey_question: {"survey": <survey uuid>, "question": "<question code>",
      "before_question": "<code>"} (the last only for before/after pairs);
    - activity_records: {"activity": <chain link id or null>, "measure": "sessions" |
      "participants" | "attendances" | "hours"};
    - volunteer_time: {"measure": "hours" | "value_eur", "activity": <chain link id or null>};
    - manual: {} — values are typed in per period (ManualValue);
    - testimonies: {"themes": [<theme id>, …]};
    - meetings: {"meeting_types": [<type>, …], "measure": "meetings" | "attendances" |
      "organisations"}.
    """

    class Nature(models.TextChoices):
        QUANTITATIVE = "quantitative", _("quantitatif")
        QUALITATIVE = "qualitative", _("qualitatif")

    class Computation(models.TextChoices):
        COUNT = "count", _("nombre")
        SUM = "sum", _("somme")
        MEAN = "mean", _("moyenne")
        SHARE = "share", _("part des réponses qui remplissent une condition")
        CHANGE = "change", _("évolution avant / après")
        THEMES = "themes", _("thèmes codés dans les témoignages")
        LATEST = "latest", _("dernière valeur saisie")

    class Source(models.TextChoices):
        SURVEY_QUESTION = "survey_question", _("question d'un questionnaire")
        ACTIVITY_RECORDS = "activity_records", _("relevés d'activité")
        VOLUNTEER_TIME = "volunteer_time", _("temps bénévole")
        MANUAL = "manual", _("valeurs saisies par période")
        TESTIMONIES = "testimonies", _("témoignages codés")
        MEETINGS = "meetings", _("rencontres et participations")
        GOVERNANCE = "governance", _("gouvernance (instances et mandats)")
        RECEPTION = "reception", _("journal d'accueil")

    class Operator(models.TextChoices):
        GTE = "gte", _("supérieure ou égale à")
        LTE = "lte", _("inférieure ou égale à")
        EQ = "eq", _("égale à")
        IN = "in", _("parmi")

    class Direction(models.TextChoices):
        INCREASE = "increase", _("à augmenter")
        DECREASE = "decrease", _("à réduire")
        MAINTAIN = "maintain", _("à maintenir")

    class Granularity(models.TextChoices):
        YEAR = "year", _("année")
        SEMESTER = "semester", _("semestre")
        QUARTER = "quarter", _("trimestre")
        MONTH = "month", _("mois")

    class Breakdown(models.TextChoices):
        GROUP = "group", _("groupe de personnes (habitants, bénévoles…)")
        MEMBER = "member", _("structure membre")

    # Which computations make sense for which source: checked in clean().
    ALLOWED = {
        Source.SURVEY_QUESTION: {
            Computation.COUNT,
            Computation.MEAN,
            Computation.SHARE,
            Computation.CHANGE,
            Computation.SUM,
        },
        Source.ACTIVITY_RECORDS: {Computation.COUNT, Computation.SUM, Computation.MEAN},
        Source.VOLUNTEER_TIME: {Computation.SUM, Computation.COUNT, Computation.MEAN},
        Source.MANUAL: {Computation.LATEST, Computation.SUM, Computation.MEAN},
        Source.TESTIMONIES: {Computation.THEMES, Computation.COUNT},
        Source.MEETINGS: {Computation.COUNT, Computation.SUM, Computation.MEAN},
        Source.GOVERNANCE: {Computation.LATEST, Computation.COUNT, Computation.MEAN},
        Source.RECEPTION: {Computation.COUNT, Computation.SHARE},
    }

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="indicators")
    question = models.ForeignKey(
        EvaluativeQuestion,
        on_delete=models.CASCADE,
        related_name="indicators",
        verbose_name=_("question à laquelle il répond"),
    )
    name = models.CharField(_("indicateur"), max_length=250)
    description = models.TextField(_("définition"), blank=True)
    nature = models.CharField(
        _("nature"), max_length=20, choices=Nature.choices, default=Nature.QUANTITATIVE
    )
    unit = models.CharField(
        _("unité"), max_length=40, blank=True, help_text=_("Ex. : %, heures, €, personnes")
    )
    computation = models.CharField(_("calcul"), max_length=20, choices=Computation.choices)
    source_type = models.CharField(_("source"), max_length=30, choices=Source.choices)
    source_params = models.JSONField(_("paramètres de la source"), default=dict, blank=True)
    condition_operator = models.CharField(
        _("condition"), max_length=10, choices=Operator.choices, blank=True
    )
    condition_value = models.CharField(
        _("valeur de la condition"),
        max_length=200,
        blank=True,
        help_text=_("Pour « parmi » : plusieurs valeurs séparées par des points-virgules."),
    )
    baseline = models.DecimalField(
        _("valeur de référence"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    baseline_note = models.CharField(
        _("référence (texte)"),
        max_length=200,
        blank=True,
        help_text=_("Origine, date, ou valeur qualitative."),
    )
    target_value = models.DecimalField(
        _("cible"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target_note = models.CharField(_("cible (texte)"), max_length=200, blank=True)
    direction = models.CharField(
        _("sens souhaité"), max_length=20, choices=Direction.choices, default=Direction.INCREASE
    )
    period_start = models.DateField(_("début de la période"), null=True, blank=True)
    period_end = models.DateField(_("fin de la période"), null=True, blank=True)
    granularity = models.CharField(
        _("pas de temps"), max_length=20, choices=Granularity.choices, default=Granularity.YEAR
    )
    breakdowns = models.JSONField(_("ventilations"), default=list, blank=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("indicateur")
        verbose_name_plural = _("indicateurs")
        ordering = ["framework", "order", "pk"]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        allowed = self.ALLOWED.get(self.source_type, set())
        if self.source_type and self.computation and self.computation not in allowed:
            errors["computation"] = _(
                "Ce calcul n'est pas possible avec cette source. Possibles : %(list)s."
            ) % {
                "list": ", ".join(
                    str(label) for value, label in self.Computation.choices if value in allowed
                )
            }
        if self.computation == self.Computation.SHARE:
            if not self.condition_operator:
                errors["condition_operator"] = _(
                    "Une part se calcule sur une condition : choisissez-la."
                )
            if not self.condition_value.strip():
                errors["condition_value"] = _("Indiquez la valeur de la condition.")
        if (
            self.condition_operator in (self.Operator.GTE, self.Operator.LTE)
            and self.condition_value
        ):
            try:
                float(self.condition_value.replace(",", "."))
            except ValueError:
                errors["condition_value"] = _("Cette condition compare à un nombre.")
        if self.period_start and self.period_end and self.period_end <= self.period_start:
            errors["period_end"] = _("La fin de la période doit suivre son début.")
        unknown = set(self.breakdowns) - set(self.Breakdown.values)
        if unknown:
            errors["breakdowns"] = _("Ventilation inconnue : %(list)s") % {
                "list": ", ".join(sorted(unknown))
            }
        if (
            self.question_id
            and self.framework_id
            and self.question.framework_id != self.framework_id
        ):
            errors["question"] = _("La question appartient à un autre cadre.")
        if errors:
            raise ValidationError(errors)

    def condition_values(self) -> list[str]:
        return [value.strip() for value in self.condition_value.split(";") if value.strip()]


class ManualValue(models.Model):
    """A value typed in for one period (source « valeurs saisies par période »)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="manual_values")
    period_start = models.DateField(_("début de la période"))
    period_end = models.DateField(_("fin de la période"))
    value = models.DecimalField(_("valeur"), max_digits=14, decimal_places=2)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("structure concernée"),
    )
    group = models.CharField(
        _("groupe concerné"), max_length=20, choices=StakeholderGroup.choices, blank=True
    )
    note = models.CharField(_("commentaire ou source"), max_length=250, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("valeur saisie")
        verbose_name_plural = _("valeurs saisies")
        ordering = ["indicator", "period_start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="manual_value_period_order",
            )
        ]

    def __str__(self):
        return f"{self.indicator} {self.period_start:%Y-%m}: {self.value}"


# --- value chain -------------------------------------------------------------------------------


class ValueChain(models.Model):
    """A chaîne de valeur of a project: ressources → activités → réalisations → effets → communs."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="value_chains")
    title = models.CharField(_("titre"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("chaîne de valeur")
        verbose_name_plural = _("chaînes de valeur")
        ordering = ["project", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("evaluation:chain", kwargs={"slug": self.project.slug, "chain_id": self.pk})


class ChainLink(models.Model):
    """A maillon of the chain: one resource, activity, output, effect or common."""

    class Kind(models.TextChoices):
        RESOURCE = "resource", _("ressource")
        ACTIVITY = "activity", _("activité")
        OUTPUT = "output", _("réalisation")
        EFFECT = "effect", _("effet")
        COMMON = "common", _("commun")

    class ResourceType(models.TextChoices):
        STAFF_TIME = "staff_time", _("temps salarié")
        VOLUNTEER_TIME = "volunteer_time", _("temps bénévole")
        MONEY = "money", _("financement")
        PREMISES = "premises", _("locaux et matériel")
        SUPPORT = "support", _("fonction support (accueil, comptabilité, RH…)")
        SKILLS = "skills", _("compétences et savoir-faire")
        OTHER = "other", _("autre")

    KIND_ORDER = [Kind.RESOURCE, Kind.ACTIVITY, Kind.OUTPUT, Kind.EFFECT, Kind.COMMON]

    chain = models.ForeignKey(ValueChain, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(_("type de maillon"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("intitulé"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    resource_type = models.CharField(
        _("type de ressource"), max_length=20, choices=ResourceType.choices, blank=True
    )
    target = models.CharField(
        _("cible de l'effet"), max_length=20, choices=Target.choices, blank=True
    )
    goals = models.ManyToManyField(
        TransformationGoal, blank=True, related_name="chain_links", verbose_name=_("objectifs")
    )
    indicators = models.ManyToManyField(
        Indicator, blank=True, related_name="chain_links", verbose_name=_("indicateurs")
    )
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    # A resource drawn from a shared post: kept so that adding the post again updates this
    # maillon and its contributions instead of duplicating them.
    shared_post = models.ForeignKey(
        "projects.SharedPost",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="chain_links",
        verbose_name=_("poste mutualisé"),
    )

    class Meta:
        verbose_name = _("maillon")
        verbose_name_plural = _("maillons")
        ordering = ["chain", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["chain", "shared_post"],
                condition=models.Q(shared_post__isnull=False),
                name="chain_link_shared_post_once",
            )
        ]

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        if self.kind == self.Kind.EFFECT and not self.target:
            errors["target"] = _("Un effet a une cible : habitants, territoire ou communauté.")
        if self.kind != self.Kind.EFFECT and self.target:
            errors["target"] = _("Seuls les effets ont une cible.")
        if self.kind != self.Kind.RESOURCE and self.resource_type:
            errors["resource_type"] = _("Seules les ressources ont un type de ressource.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_support_function(self) -> bool:
        return self.resource_type == self.ResourceType.SUPPORT


class ChainEdge(models.Model):
    """A directed link between two maillons of the same chain (a commun may feed a resource)."""

    chain = models.ForeignKey(ValueChain, on_delete=models.CASCADE, related_name="edges")
    source = models.ForeignKey(ChainLink, on_delete=models.CASCADE, related_name="outgoing")
    target = models.ForeignKey(ChainLink, on_delete=models.CASCADE, related_name="incoming")
    label = models.CharField(_("libellé"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("lien entre maillons")
        verbose_name_plural = _("liens entre maillons")
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="chain_edge_once"),
            models.CheckConstraint(
                condition=~models.Q(source=models.F("target")), name="chain_edge_not_a_loop"
            ),
        ]

    def __str__(self):
        return f"{self.source} → {self.target}"

    @property
    def is_feedback(self) -> bool:
        order = ChainLink.KIND_ORDER
        return order.index(self.target.kind) <= order.index(self.source.kind)


class Contribution(models.Model):
    """What a member gives to (cost) or gains from (benefit) one maillon."""

    class Direction(models.TextChoices):
        COST = "cost", _("apporte (coût)")
        BENEFIT = "benefit", _("reçoit (bénéfice)")

    class Nature(models.TextChoices):
        HOURS = "hours", _("heures")
        EUROS = "euros", _("euros")
        PREMISES = "premises", _("locaux")
        SKILLS = "skills", _("compétences")
        NETWORK = "network", _("réseau, contacts")
        VISIBILITY = "visibility", _("visibilité, légitimité")
        OTHER = "other", _("autre")

    link = models.ForeignKey(ChainLink, on_delete=models.CASCADE, related_name="contributions")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="contributions",
        verbose_name=_("structure membre"),
    )
    direction = models.CharField(_("sens"), max_length=10, choices=Direction.choices)
    nature = models.CharField(_("nature"), max_length=20, choices=Nature.choices)
    quantity = models.DecimalField(
        _("quantité"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    euro_value = models.DecimalField(
        _("valeur en euros"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Par an. Laissez vide si elle n'est pas connue."),
    )
    description = models.CharField(_("en quoi"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("contribution d'un membre")
        verbose_name_plural = _("contributions des membres")
        ordering = ["link", "organisation__name", "direction"]

    def __str__(self):
        return f"{self.organisation} — {self.get_direction_display()} — {self.link}"


# --- chemins de changement -----------------------------------------------------------------------


class ChangePathway(models.Model):
    """A chemin de changement: the effects expected, step by step, leading to an objective."""

    goal = models.ForeignKey(
        TransformationGoal,
        on_delete=models.CASCADE,
        related_name="pathways",
        verbose_name=_("objectif"),
    )
    title = models.CharField(_("titre"), max_length=200)
    horizon = models.CharField(
        _("horizon"), max_length=100, blank=True, help_text=_("Ex. : projet social 2027-2030")
    )

    class Meta:
        verbose_name = _("chemin de changement")
        verbose_name_plural = _("chemins de changement")
        ordering = ["goal", "pk"]

    def __str__(self):
        return self.title


class PathwayStep(models.Model):
    pathway = models.ForeignKey(ChangePathway, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    effect = models.CharField(_("effet attendu"), max_length=250)
    assumption = models.TextField(
        _("hypothèse"),
        blank=True,
        help_text=_("Ce qui doit être vrai pour passer à l'étape suivante."),
    )
    chain_link = models.ForeignKey(
        ChainLink,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("effet de la chaîne de valeur"),
    )

    class Meta:
        verbose_name = _("étape du chemin")
        verbose_name_plural = _("étapes du chemin")
        ordering = ["pathway", "order", "pk"]

    def __str__(self):
        return self.effect


# --- library ---------------------------------------------------------------------------------


class LibraryEntry(models.Model):
    """A reusable objective, question or indicator typical of centres sociaux."""

    class Kind(models.TextChoices):
        GOAL = "goal", _("objectif")
        QUESTION = "question", _("question évaluative")
        INDICATOR = "indicator", _("indicateur")

    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    theme = models.CharField(_("thème"), max_length=80)
    text = models.CharField(_("texte"), max_length=400)
    description = models.TextField(_("précisions"), blank=True)
    target = models.CharField(_("cible"), max_length=20, choices=Target.choices, blank=True)
    criterion_code = models.CharField(_("critère"), max_length=40, blank=True)
    # For indicators: the fields of Indicator to copy (nature, unit, computation, source_type…).
    indicator_fields = models.JSONField(default=dict, blank=True)
    keywords = models.CharField(_("mots-clés"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("entrée de la bibliothèque")
        verbose_name_plural = _("bibliothèque")
        ordering = ["theme", "kind", "text"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "text"], name="library_entry_once"),
        ]

    def __str__(self):
        return self.text
