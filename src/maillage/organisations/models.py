from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maillage.accounts.roles import Role
from maillage.core.groups import StakeholderGroup
from maillage.organisations.validators import validate_siret


class Territory(models.Model):
    """A place: region, department, commune or neighbourhood (quartier)."""

    class Kind(models.TextChoices):
        REGION = "region", _("région")
        DEPARTMENT = "department", _("département")
        COMMUNE = "commune", _("commune")
        NEIGHBOURHOOD = "neighbourhood", _("quartier")

    name = models.CharField(_("nom"), max_length=150)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    code = models.CharField(_("code"), max_length=10, blank=True, help_text=_("Code INSEE"))
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )

    class Meta:
        verbose_name = _("territoire")
        verbose_name_plural = _("territoires")
        ordering = ["kind", "code", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "code"],
                condition=~models.Q(code=""),
                name="territory_unique_code_per_kind",
            )
        ]

    def __str__(self):
        if self.kind == self.Kind.DEPARTMENT and self.code:
            return f"{self.name} ({self.code})"
        return self.name


class Organisation(models.Model):
    """A structure: centre social, EVS, federation, CAF, local authority, association…"""

    class Kind(models.TextChoices):
        SOCIAL_CENTRE = "centre_social", _("centre social")
        EVS = "evs", _("espace de vie sociale")
        FEDERATION = "federation", _("fédération")
        CAF = "caf", _("caisse d'allocations familiales")
        LOCAL_AUTHORITY = "collectivite", _("collectivité")
        ASSOCIATION = "association", _("association")
        BUSINESS = "entreprise", _("entreprise")
        PUBLIC_SERVICE = "service_public", _("service public")
        # Partners a community of action often brings in (issue: partners created on the fly).
        CCAS = "ccas", _("centre communal d'action sociale (CCAS)")
        SCHOOL = "scolaire", _("établissement scolaire")
        HEALTH = "sante", _("santé (pharmacie, cabinet médical)")
        SOCIAL_LANDLORD = "bailleur_social", _("bailleur social")
        TRANSPORT = "transport", _("transport")

    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant dans l'adresse"), max_length=80, unique=True)
    kind = models.CharField(_("type de structure"), max_length=20, choices=Kind.choices)
    commune = models.CharField(_("commune"), max_length=150, blank=True)
    postal_code = models.CharField(_("code postal"), max_length=5, blank=True)
    department = models.ForeignKey(
        Territory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        limit_choices_to={"kind": Territory.Kind.DEPARTMENT},
        related_name="organisations",
        verbose_name=_("département"),
    )
    siret = models.CharField(
        _("SIRET"),
        max_length=17,
        blank=True,
        validators=[validate_siret],
        help_text=_("Facultatif. 14 chiffres."),
    )
    agrement_start = models.DateField(
        _("début de l'agrément CAF"),
        null=True,
        blank=True,
        help_text=_("Pour un centre social ou un EVS : début de l'agrément en cours."),
    )
    agrement_end = models.DateField(_("fin de l'agrément CAF"), null=True, blank=True)
    description = models.TextField(_("présentation"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("structure")
        verbose_name_plural = _("structures")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(agrement_end__isnull=True)
                | models.Q(agrement_start__isnull=True)
                | models.Q(agrement_end__gt=models.F("agrement_start")),
                name="organisation_agrement_end_after_start",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("organisations:detail", kwargs={"slug": self.slug})

    @property
    def has_agrement(self) -> bool:
        return self.kind in {self.Kind.SOCIAL_CENTRE, self.Kind.EVS}

    def latest_key_figures(self):
        return self.key_figures.order_by("-year").first()


class KeyFigures(models.Model):
    """A structure's key figures for one year, in the manner of the SENACS observatory."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="key_figures"
    )
    year = models.PositiveSmallIntegerField(_("année"), validators=[MinValueValidator(2000)])
    salaried_staff = models.PositiveIntegerField(_("salariés"), null=True, blank=True)
    staff_fte = models.DecimalField(
        _("équivalents temps plein (ETP)"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    board_members = models.PositiveIntegerField(
        _("administrateurs et administratrices"), null=True, blank=True
    )
    volunteers = models.PositiveIntegerField(_("bénévoles"), null=True, blank=True)
    member_families = models.PositiveIntegerField(_("familles adhérentes"), null=True, blank=True)
    member_associations = models.PositiveIntegerField(
        _("associations adhérentes"), null=True, blank=True
    )
    annual_budget = models.DecimalField(
        _("budget annuel (€)"),
        max_digits=12,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("chiffres clés")
        verbose_name_plural = _("chiffres clés")
        ordering = ["organisation", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"], name="key_figures_one_per_year"
            )
        ]

    def __str__(self):
        return f"{self.organisation} — {self.year}"


class OrganisationMember(models.Model):
    """A person's membership of a structure, with the role that decides what they may do."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="members")
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices, default=Role.READER)
    job_title = models.CharField(_("fonction"), max_length=120, blank=True)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membre d'une structure")
        verbose_name_plural = _("membres des structures")
        ordering = ["organisation", "user__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="member_once_per_structure"
            )
        ]

    def __str__(self):
        return f"{self.user} — {self.organisation} ({self.get_role_display()})"


class Network(models.Model):
    """A federation and/or a CAF with the structures they accompany."""

    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant dans l'adresse"), max_length=80, unique=True)
    department = models.ForeignKey(
        Territory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        limit_choices_to={"kind": Territory.Kind.DEPARTMENT},
        verbose_name=_("département"),
    )
    description = models.TextField(_("présentation"), blank=True)
    organisations = models.ManyToManyField(
        Organisation, through="NetworkMembership", related_name="networks"
    )

    class Meta:
        verbose_name = _("réseau")
        verbose_name_plural = _("réseaux")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("organisations:network", kwargs={"slug": self.slug})


class NetworkMembership(models.Model):
    class Role(models.TextChoices):
        ANIMATOR = "animator", _("anime le réseau")
        ACCOMPANIED = "accompanied", _("structure accompagnée")

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="network_memberships"
    )
    role = models.CharField(_("rôle dans le réseau"), max_length=20, choices=Role.choices)
    joined_on = models.DateField(_("depuis le"), null=True, blank=True)

    class Meta:
        verbose_name = _("appartenance à un réseau")
        verbose_name_plural = _("appartenances aux réseaux")
        constraints = [
            models.UniqueConstraint(
                fields=["network", "organisation"], name="network_membership_once"
            )
        ]

    def __str__(self):
        return f"{self.organisation} — {self.network}"


class NetworkShare(models.Model):
    """What an accompanied structure chooses to share with a network's advisors.

    Absent row = not shared. The same scopes serve the sharing with a project's partners
    (`projects.ProjectShare`); `maillage.access` is where each scope's meaning is enforced."""

    class Scope(models.TextChoices):
        KEY_FIGURES = "key_figures", _("chiffres clés (salariés, bénévoles, familles, budget…)")
        FRAMEWORK = "framework", _("cadre d'évaluation (objectifs, questions, indicateurs)")
        INDICATOR_VALUES = "indicator_values", _("valeurs des indicateurs")
        REPORTS = "reports", _("rapports (restitutions)")

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="shares")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="network_shares"
    )
    scope = models.CharField(_("ce qui est partagé"), max_length=30, choices=Scope.choices)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    shared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("partage avec un réseau")
        verbose_name_plural = _("partages avec les réseaux")
        constraints = [
            models.UniqueConstraint(
                fields=["network", "organisation", "scope"], name="network_share_once"
            )
        ]

    def __str__(self):
        return f"{self.organisation} → {self.network} : {self.get_scope_display()}"


class Agreement(models.Model):
    """A formal tie that a structure records with a partner: a partnership agreement, funding,
    premises or equipment lent. Feeds the cooperation map's edges; it is the recording
    structure's data (`organisation` is its owner)."""

    class Kind(models.TextChoices):
        CONVENTION = "convention", _("convention de partenariat")
        FUNDING = "financement", _("financement")
        PROVISION = "mise_a_disposition", _("mise à disposition (locaux, matériel, personnel)")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="agreements",
        verbose_name=_("structure"),
    )
    partner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="agreements_as_partner",
        verbose_name=_("partenaire"),
    )
    kind = models.CharField(_("type d'accord"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("intitulé"), max_length=200, blank=True)
    starts_on = models.DateField(_("début"), null=True, blank=True)
    ends_on = models.DateField(_("fin"), null=True, blank=True)
    annual_amount = models.DecimalField(
        _("montant annuel (€)"),
        max_digits=12,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("accord avec un partenaire")
        verbose_name_plural = _("accords avec des partenaires")
        ordering = ["organisation", "-starts_on", "partner__name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(organisation=models.F("partner")),
                name="agreement_with_another_structure",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="agreement_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.organisation} — {self.partner} ({self.get_kind_display()})"


class NetworkSession(models.Model):
    """A collective session of a network (workshop, training-action day, steering committee)
    or one of its milestones (mid-way review, closing meeting), with who came from where."""

    class Kind(models.TextChoices):
        WORKSHOP = "atelier_collectif", _("atelier collectif")
        TRAINING = "formation_action", _("journée de formation-action")
        STEERING = "comite_pilotage", _("comité de pilotage")
        MID_REVIEW = "revue_mi_parcours", _("revue à mi-parcours")
        CLOSING = "rencontre_cloture", _("rencontre de clôture")

    MILESTONES = (Kind.MID_REVIEW, Kind.CLOSING)

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="sessions")
    kind = models.CharField(_("type de séance"), max_length=30, choices=Kind.choices)
    held_on = models.DateField(_("date"))
    title = models.CharField(_("intitulé"), max_length=200, blank=True)
    place = models.CharField(_("lieu"), max_length=200, blank=True)
    notes = models.TextField(_("compte rendu"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("séance collective")
        verbose_name_plural = _("séances collectives")
        ordering = ["held_on", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} du {self.held_on:%d/%m/%Y}"

    @property
    def is_milestone(self) -> bool:
        return self.kind in self.MILESTONES


class NetworkSessionAttendance(models.Model):
    """How many people of one group came from one structure to a network's session."""

    session = models.ForeignKey(
        NetworkSession, on_delete=models.CASCADE, related_name="attendances"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="network_session_attendances"
    )
    group = models.CharField(_("groupe"), max_length=20, choices=StakeholderGroup.choices)
    count = models.PositiveIntegerField(_("nombre"))

    class Meta:
        verbose_name = _("présence à une séance collective")
        verbose_name_plural = _("présences aux séances collectives")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "organisation", "group"],
                name="network_attendance_once_per_group",
            )
        ]

    def __str__(self):
        return f"{self.organisation} — {self.get_group_display()} : {self.count}"


# --- Governance: bodies, mandates and their meetings (issue 9) ----------------------------------


class GovernanceGroup(models.TextChoices):
    """Why a person sits in a body: the groups whose share the federation's governance work
    follows (residents on the board, staff with or without a vote…)."""

    RESIDENT = "habitant", _("habitant ou habitante")
    VOLUNTEER = "benevole", _("bénévole")
    PARTNER = "partenaire", _("partenaire")
    ELECTED = "elu", _("élu ou élue")
    STAFF_VOTING = "salarie_voix", _("salarié avec voix délibérative")
    STAFF_ADVISORY = "salarie_consultatif", _("salarié avec voix consultative")


class GoverningBody(models.Model):
    """One of a structure's bodies: general assembly, board, bureau, collegial direction,
    co-presidency, residents' committee, project committee."""

    class Kind(models.TextChoices):
        GENERAL_ASSEMBLY = "assemblee_generale", _("assemblée générale")
        BOARD = "conseil_administration", _("conseil d'administration")
        BUREAU = "bureau", _("bureau")
        COLLEGIAL_DIRECTION = "direction_collegiale", _("direction collégiale")
        CO_PRESIDENCY = "co_presidence", _("co-présidence")
        RESIDENTS_COMMITTEE = "comite_habitants", _("comité d'habitants")
        PROJECT_COMMITTEE = "comite_projet", _("comité de projet")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="governing_bodies"
    )
    kind = models.CharField(_("type d'instance"), max_length=30, choices=Kind.choices)
    name = models.CharField(_("nom"), max_length=150, blank=True)
    seats = models.PositiveSmallIntegerField(
        _("sièges prévus par les statuts"), null=True, blank=True
    )
    created_on = models.DateField(_("créée le"), null=True, blank=True)
    dissolved_on = models.DateField(_("dissoute le"), null=True, blank=True)

    class Meta:
        verbose_name = _("instance")
        verbose_name_plural = _("instances")
        ordering = ["organisation", "kind", "name"]

    def __str__(self):
        return self.name or self.get_kind_display()


class Mandate(models.Model):
    """A person's seat in a body, between two dates. The name is the structure's own record
    (bodies' members are usually public); `gender` serves the parity figure only."""

    class Gender(models.TextChoices):
        WOMAN = "femme", _("femme")
        MAN = "homme", _("homme")
        OTHER = "autre", _("autre ou non précisé")

    class Role(models.TextChoices):
        MEMBER = "membre", _("membre")
        PRESIDENT = "president", _("président ou présidente")
        CO_PRESIDENT = "co_president", _("co-président ou co-présidente")
        VICE_PRESIDENT = "vice_president", _("vice-président ou vice-présidente")
        TREASURER = "tresorier", _("trésorier ou trésorière")
        SECRETARY = "secretaire", _("secrétaire")

    body = models.ForeignKey(GoverningBody, on_delete=models.CASCADE, related_name="mandates")
    person_name = models.CharField(_("nom de la personne"), max_length=150)
    gender = models.CharField(_("genre"), max_length=10, choices=Gender.choices)
    group = models.CharField(_("collège"), max_length=30, choices=GovernanceGroup.choices)
    role = models.CharField(_("fonction"), max_length=20, choices=Role.choices, default="membre")
    started_on = models.DateField(_("début du mandat"))
    ended_on = models.DateField(_("fin du mandat"), null=True, blank=True)

    class Meta:
        verbose_name = _("mandat")
        verbose_name_plural = _("mandats")
        ordering = ["body", "-started_on", "person_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="mandate_ends_after_start",
            )
        ]

    def __str__(self):
        return f"{self.person_name} — {self.body} ({self.get_role_display()})"


class BodyMeeting(models.Model):
    """A meeting of a body: its date and how many of its members were present."""

    body = models.ForeignKey(GoverningBody, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField(_("date"))
    present = models.PositiveSmallIntegerField(_("membres présents"))
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("réunion d'instance")
        verbose_name_plural = _("réunions d'instances")
        ordering = ["-held_on"]
        constraints = [
            models.UniqueConstraint(fields=["body", "held_on"], name="body_meeting_once_a_day")
        ]

    def __str__(self):
        return f"{self.body} — {self.held_on:%d/%m/%Y}"
