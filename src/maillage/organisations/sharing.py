"""What a structure shares, with whom, and what each share opens. Plain functions: the pages, the
network dashboard and `maillage.access` ask here; nothing is shared by default (no row, no share).

With a **network** (its advisors: the people of its animating structures, federation or CAF),
for a structure that the network accompanies:
- KEY_FIGURES: its key figures (staff, volunteers, families, budget…) on its page and in the
  network's totals;
- FRAMEWORK: read-only, the evaluation framework, value chains and pathways of change of the
  projects the structure leads (porteur);
- INDICATOR_VALUES: read-only, the results pages of those projects: values, intervals, charts and
  the rule of each value, never the rows behind them (answers, records, testimonies);
- REPORTS: the report (HTML and PDF, « financeurs » version) of those projects.

With the **partners of a project** (the people of its other member structures), for a structure
that is a member of it:
- KEY_FIGURES: its latest key figures, on the project's community page and on its own page;
- INDICATOR_VALUES: its rows in the traces of that project's indicators (without it, partners see
  only the figure and its rule);
- FRAMEWORK / REPORTS: the framework (with chains and pathways) / the report of the structure's
  own projet social (the projects of kind « projet social » it leads).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from maillage.organisations.models import (
    KeyFigures,
    Network,
    NetworkMembership,
    NetworkShare,
    Organisation,
)
from maillage.projects.models import Membership, Project, ProjectShare

Scope = NetworkShare.Scope
SCOPES = list(Scope.values)
# Scopes that open a structure's projet social to the partners of another project it belongs to.
PROJECT_SOCIAL_SCOPES = {Scope.FRAMEWORK, Scope.REPORTS}

# Who will see what, in the words of the sharing page (one sentence per scope).
NETWORK_SENTENCES = {
    Scope.KEY_FIGURES: _(
        "Les conseillers du réseau voient vos chiffres clés (salariés, bénévoles, familles, "
        "budget) sur votre fiche et dans les totaux du réseau."
    ),
    Scope.FRAMEWORK: _(
        "Ils lisent, sans pouvoir les modifier, le cadre d'évaluation, les chaînes de valeur et "
        "les chemins de changement des projets que vous portez."
    ),
    Scope.INDICATOR_VALUES: _(
        "Ils lisent les résultats de ces projets (valeurs, intervalles, graphiques), jamais les "
        "réponses, relevés ou témoignages qui les composent."
    ),
    Scope.REPORTS: _(
        "Ils lisent et téléchargent le rapport de ces projets (version « financeurs », HTML et "
        "PDF)."
    ),
}
PROJECT_SENTENCES = {
    Scope.KEY_FIGURES: _(
        "Les autres membres du projet voient vos derniers chiffres clés sur la page de la "
        "communauté d'action."
    ),
    Scope.FRAMEWORK: _(
        "Ils lisent, sans pouvoir le modifier, le cadre d'évaluation de votre projet social "
        "(avec ses chaînes de valeur et chemins de changement)."
    ),
    Scope.INDICATOR_VALUES: _(
        "Dans le détail des indicateurs de ce projet, ils voient les lignes de votre structure "
        "(réponses, relevés) et pas seulement le chiffre et sa règle."
    ),
    Scope.REPORTS: _("Ils lisent et téléchargent le rapport de votre projet social."),
}


def _live_network_shares() -> QuerySet[NetworkShare]:
    """Shares of structures the network still accompanies: leaving a network ends its shares."""
    return NetworkShare.objects.filter(
        Exists(
            NetworkMembership.objects.filter(
                network=OuterRef("network"),
                organisation=OuterRef("organisation"),
                role=NetworkMembership.Role.ACCOMPANIED,
            )
        )
    )


def _live_project_shares() -> QuerySet[ProjectShare]:
    """Shares of structures still members of the project."""
    return ProjectShare.objects.filter(
        Exists(
            Membership.objects.filter(
                project=OuterRef("project"), organisation=OuterRef("organisation")
            )
        )
    )


# --- with networks ----------------------------------------------------------------------------


def shared_organisation_ids(network: Network, scope: str) -> set[int]:
    """The accompanied structures that share `scope` with this network."""
    return set(
        _live_network_shares()
        .filter(network=network, scope=scope)
        .values_list("organisation_id", flat=True)
    )


def shared_with_networks(
    organisation_ids: Iterable[int], network_ids: Iterable[int], scope: str
) -> bool:
    """Does one of these structures share `scope` with one of these networks?"""
    organisation_ids, network_ids = list(organisation_ids), list(network_ids)
    if not organisation_ids or not network_ids:
        return False
    return (
        _live_network_shares()
        .filter(organisation_id__in=organisation_ids, network_id__in=network_ids, scope=scope)
        .exists()
    )


def network_scopes(organisation: Organisation, network: Network) -> set[str]:
    return set(
        _live_network_shares()
        .filter(organisation=organisation, network=network)
        .values_list("scope", flat=True)
    )


# --- with a project's partners ----------------------------------------------------------------


def partner_shared_ids(project: Project, scope: str) -> set[int]:
    """The member structures that share `scope` with the other members of this project."""
    return set(
        _live_project_shares()
        .filter(project=project, scope=scope)
        .values_list("organisation_id", flat=True)
    )


def shared_with_partners(
    organisation_ids: Iterable[int], partner_ids: Iterable[int], scope: str
) -> bool:
    """Does one of `organisation_ids` share `scope` in a project where one of `partner_ids` is
    another member? (How a partner reaches a structure's projet social.)"""
    organisation_ids, partner_ids = list(organisation_ids), list(partner_ids)
    if not organisation_ids or not partner_ids:
        return False
    return (
        _live_project_shares()
        .filter(organisation_id__in=organisation_ids, scope=scope)
        .filter(
            Exists(
                Membership.objects.filter(
                    project=OuterRef("project"), organisation_id__in=partner_ids
                ).exclude(organisation=OuterRef("organisation"))
            )
        )
        .exists()
    )


def project_scopes(organisation: Organisation, project: Project) -> set[str]:
    return set(
        _live_project_shares()
        .filter(organisation=organisation, project=project)
        .values_list("scope", flat=True)
    )


@dataclass
class PartnerFigures:
    organisation: Organisation
    figures: KeyFigures | None


def partner_key_figures(project: Project) -> list[PartnerFigures]:
    """Latest key figures of each member that shares them with the project's partners."""
    ids = partner_shared_ids(project, Scope.KEY_FIGURES)
    latest: dict[int, KeyFigures] = {}
    for figures in KeyFigures.objects.filter(organisation_id__in=ids).order_by("year"):
        latest[figures.organisation_id] = figures  # ascending years: the last one wins
    return [
        PartnerFigures(organisation, latest.get(organisation.pk))
        for organisation in Organisation.objects.filter(pk__in=ids).order_by("name")
    ]


# --- what a structure shares ------------------------------------------------------------------


def led_projects(organisation: Organisation) -> QuerySet[Project]:
    """The projects a structure leads (porteur): what a network share opens."""
    return Project.objects.filter(
        memberships__organisation=organisation, memberships__role=Membership.Role.LEAD
    ).order_by("title")


def social_projects(organisation: Organisation) -> QuerySet[Project]:
    """Its own projet social: what a FRAMEWORK or REPORTS share with partners opens."""
    return led_projects(organisation).filter(kind=Project.Kind.SOCIAL_PROJECT)


@dataclass
class OrganisationShares:
    """What one structure shares: scopes by network and by project (only those it may share
    with: networks that accompany it, projects it is a member of)."""

    organisation: Organisation
    networks: list[tuple[Network, set[str]]] = field(default_factory=list)
    projects: list[tuple[Project, set[str]]] = field(default_factory=list)

    def with_network(self, network: Network) -> set[str]:
        return next((scopes for n, scopes in self.networks if n.pk == network.pk), set())

    def with_project(self, project: Project) -> set[str]:
        return next((scopes for p, scopes in self.projects if p.pk == project.pk), set())


def shares_of(organisation: Organisation) -> OrganisationShares:
    networks = Network.objects.filter(
        memberships__organisation=organisation,
        memberships__role=NetworkMembership.Role.ACCOMPANIED,
    ).order_by("name")
    projects = Project.objects.filter(memberships__organisation=organisation).order_by("title")
    by_network: dict[int, set[str]] = {}
    for network_id, scope in NetworkShare.objects.filter(organisation=organisation).values_list(
        "network_id", "scope"
    ):
        by_network.setdefault(network_id, set()).add(scope)
    by_project: dict[int, set[str]] = {}
    for project_id, scope in ProjectShare.objects.filter(organisation=organisation).values_list(
        "project_id", "scope"
    ):
        by_project.setdefault(project_id, set()).add(scope)
    return OrganisationShares(
        organisation,
        [(network, by_network.get(network.pk, set())) for network in networks.distinct()],
        [(project, by_project.get(project.pk, set())) for project in projects.distinct()],
    )


@dataclass
class SharedWithNetwork:
    """What an advisor of `network` may open of one accompanied structure."""

    organisation: Organisation
    network: Network
    scopes: set[str]
    projects: list[Project]

    def shares(self, scope: str) -> bool:
        return scope in self.scopes

    @property
    def shared_labels(self) -> list[str]:
        return [label for value, label in Scope.choices if value in self.scopes]

    @property
    def private_labels(self) -> list[str]:
        return [label for value, label in Scope.choices if value not in self.scopes]

    @property
    def opens_projects(self) -> bool:
        return bool(self.scopes - {Scope.KEY_FIGURES}) and bool(self.projects)


def shared_with_network(organisation: Organisation, network: Network) -> SharedWithNetwork:
    return SharedWithNetwork(
        organisation,
        network,
        network_scopes(organisation, network),
        list(led_projects(organisation)),
    )
