from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maillage.core.groups import StakeholderGroup
from maillage.evaluation.indicator_sources import MEETING_TYPES
from maillage.organisations.models import NetworkShare, Organisation, Territory


class Project(models.Model):
    """A project and its communauté d'action: the structures that carry it together."""

    class Kind(models.TextChoices):
        SOCIAL_PROJECT = "projet_social", _("projet social")
        FAMILY_PROJECT = "projet_familles", _("projet familles")
        COOPERATION = "cooperation", _("projet de coopération")
        POOLING = "mutualisation", _("mutualisation")

    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(_("identifiant dans l'adresse"), max_length=80, unique=True)
    kind = models.CharField(_("type de projet"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    territory = models.ForeignKey(
        Territory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("territoire"),
    )
    territory_label = models.CharField(
        _("territoire concerné"), max_length=200, blank=True, help_text=_("Ex. : quartiers nord")
    )
    period_start = models.DateField(_("début de la période"), null=True, blank=True)
    period_end = models.DateField(_("fin de la période"), null=True, blank=True)
    organisations = models.ManyToManyField(
        Organisation, through="Membership", related_name="projects"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("projet")
        verbose_name_plural = _("projets")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__isnull=True)
                | models.Q(period_start__isnull=True)
                | models.Q(period_end__gt=models.F("period_start")),
                name="project_period_end_after_start",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("projects:detail", kwargs={"slug": self.slug})

    @property
    def lead(self):
        membership = self.memberships.filter(role=Membership.Role.LEAD).first()
        return membership.organisation if membership else None

    def own_structure_ids(self):
        """The structures whose own records count as the project's (front-desk log, people at a
        network's sessions): for a projet social its lead structure only — its partners' own
        records are theirs —, for any other project all its members. A queryset of ids."""
        members = self.memberships.all()
        if self.kind == self.Kind.SOCIAL_PROJECT:
            members = members.filter(role=Membership.Role.LEAD)
        return members.values("organisation_id")


class Membership(models.Model):
    """A structure's place in a project's communauté d'action."""

    class Role(models.TextChoices):
        LEAD = "porteur", _("porteur")
        PARTNER = "partenaire", _("partenaire")
        FUNDER = "financeur", _("financeur")
        OPERATOR = "operateur", _("opérateur")
        BENEFICIARY = "beneficiaire", _("bénéficiaire")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="project_memberships"
    )
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices)
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referent_of",
        verbose_name=_("référent ou référente"),
    )
    # A referent may have no account (a pharmacist): then a name and an address are enough.
    referent_name = models.CharField(
        _("nom du référent ou de la référente"), max_length=150, blank=True
    )
    referent_email = models.EmailField(_("e-mail du référent ou de la référente"), blank=True)
    joined_on = models.DateField(_("membre depuis le"), null=True, blank=True)

    class Meta:
        verbose_name = _("membre de la communauté d'action")
        verbose_name_plural = _("membres de la communauté d'action")
        ordering = ["project", "role", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["project", "organisation"], name="project_member_once"),
        ]

    def __str__(self):
        return f"{self.organisation} — {self.project} ({self.get_role_display()})"

    @property
    def referent_label(self) -> str:
        """The referent as people read it: the account if any, else the name and e-mail given."""
        if self.referent_id:
            return str(self.referent)
        parts = [part for part in (self.referent_name, self.referent_email) if part]
        if len(parts) == 2:
            return f"{parts[0]} ({parts[1]})"
        return parts[0] if parts else ""


class SharedPost(models.Model):
    """A post shared between structures (poste mutualisé): one person's FTE split between them."""

    title = models.CharField(_("intitulé du poste"), max_length=200)
    holder_name = models.CharField(_("personne en poste"), max_length=150, blank=True)
    employer = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="employed_shared_posts",
        verbose_name=_("employeur"),
    )
    project = models.ForeignKey(
        Project,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="shared_posts",
        verbose_name=_("projet"),
    )
    total_fte = models.DecimalField(
        _("ETP total"), max_digits=4, decimal_places=2, validators=[MinValueValidator(0)]
    )
    annual_cost = models.DecimalField(
        _("coût annuel chargé (€)"),
        max_digits=10,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    started_on = models.DateField(_("depuis le"), null=True, blank=True)

    class Meta:
        verbose_name = _("poste mutualisé")
        verbose_name_plural = _("postes mutualisés")
        ordering = ["title"]

    def __str__(self):
        return self.title


class SharedPostAllocation(models.Model):
    """The share of a shared post that one structure receives and pays for."""

    post = models.ForeignKey(SharedPost, on_delete=models.CASCADE, related_name="allocations")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="shared_post_allocations"
    )
    fte = models.DecimalField(
        _("ETP"), max_digits=4, decimal_places=2, validators=[MinValueValidator(0)]
    )
    cost_share = models.DecimalField(
        _("part du coût"),
        max_digits=5,
        decimal_places=4,
        validators=[MinValueValidator(0)],
        help_text=_("Entre 0 et 1"),
    )
    # A second employer of the same person (two part-time contracts, as for a HR manager hired
    # by two associations); the post's `employer` stays the one that carries it.
    co_employer = models.BooleanField(
        _("co-employeur"),
        default=False,
        help_text=_("La structure a son propre contrat de travail avec la personne pour sa part."),
    )

    class Meta:
        verbose_name = _("répartition d'un poste mutualisé")
        verbose_name_plural = _("répartitions des postes mutualisés")
        constraints = [
            models.UniqueConstraint(fields=["post", "organisation"], name="allocation_once"),
            models.CheckConstraint(
                condition=models.Q(cost_share__lte=Decimal("1")), name="cost_share_at_most_one"
            ),
        ]

    def __str__(self):
        return f"{self.post} — {self.organisation}: {self.fte} ETP"

    @property
    def annual_cost(self):
        if self.post.annual_cost is None:
            return None
        return (self.post.annual_cost * self.cost_share).quantize(Decimal("1"))


class Meeting(models.Model):
    """A meeting of the communauté d'action (steering committee, monthly meeting, training-action
    day, collective workshop): who came, from which structure and group, what was decided. The
    attendance counts feed the framework's « rencontres » indicators."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(
        _("type de rencontre"), max_length=30, choices=list(MEETING_TYPES.items())
    )
    held_on = models.DateField(_("date"))
    title = models.CharField(_("intitulé"), max_length=200, blank=True)
    decisions = models.TextField(_("décisions"), blank=True)
    notes = models.TextField(_("compte rendu"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rencontre")
        verbose_name_plural = _("rencontres")
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} du {self.held_on:%d/%m/%Y}"


class MeetingAttendance(models.Model):
    """How many people of one group came from one member structure."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="meeting_attendances"
    )
    group = models.CharField(_("groupe"), max_length=20, choices=StakeholderGroup.choices)
    count = models.PositiveIntegerField(_("nombre"))

    class Meta:
        verbose_name = _("présence")
        verbose_name_plural = _("présences")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "organisation", "group"], name="attendance_once_per_group"
            )
        ]

    def __str__(self):
        return f"{self.organisation} — {self.get_group_display()} : {self.count}"


class Charter(models.Model):
    """The charter of a communauté d'action: its shared values, goals and commitments. Each
    member agrees to it at a date; changing the text makes a new version that members agree to
    again (earlier agreements stay, marked as agreeing to an earlier version)."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="charter")
    values = models.TextField(_("valeurs partagées"))
    goals = models.TextField(_("objectifs communs"))
    commitments = models.TextField(_("engagements de chaque membre"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("charte")
        verbose_name_plural = _("chartes")

    def __str__(self):
        return f"Charte — {self.project}"


class CharterAgreement(models.Model):
    """A member structure's agreement to a version of its community's charter."""

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="agreements")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="charter_agreements"
    )
    version = models.PositiveIntegerField(_("version approuvée"))
    agreed_on = models.DateField(_("approuvée le"))
    signed_by = models.CharField(
        _("signée par"), max_length=150, blank=True, help_text=_("Ex. : la présidente, le bureau")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("approbation de la charte")
        verbose_name_plural = _("approbations de la charte")
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["charter", "organisation"], name="charter_agreed_once_per_member"
            )
        ]

    def __str__(self):
        return f"{self.organisation} — {self.charter} (v{self.version})"


class ProjectShare(models.Model):
    """What a member structure chooses to share with the other members of one project.

    Absent row = not shared. Same scopes as `NetworkShare`; `maillage.access` enforces them."""

    Scope = NetworkShare.Scope

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="shares")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="project_shares"
    )
    scope = models.CharField(_("ce qui est partagé"), max_length=30, choices=Scope.choices)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    shared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("partage avec les partenaires d'un projet")
        verbose_name_plural = _("partages avec les partenaires des projets")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organisation", "scope"], name="project_share_once"
            )
        ]

    def __str__(self):
        return f"{self.organisation} → {self.project} : {self.get_scope_display()}"
