"""Key figures across a network, in the manner of the SENACS observatory, counting only what each
structure shares with it (scope « chiffres clés »)."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count

from maillage.organisations.models import (
    Agreement,
    KeyFigures,
    Network,
    NetworkMembership,
    NetworkShare,
    Organisation,
)
from maillage.organisations.sharing import shared_organisation_ids

FIGURE_FIELDS = [
    "salaried_staff",
    "staff_fte",
    "board_members",
    "volunteers",
    "member_families",
    "member_associations",
    "annual_budget",
]
# Read from the structure's records rather than typed in its key figures.
RECORDED_FIELDS = ["actions", "partners"]


@dataclass
class StructureFigures:
    organisation: Organisation
    shared: bool
    figures: KeyFigures | None
    actions: int | None = None  # activities recorded in Maillage
    partners: int | None = None  # distinct partner structures


@dataclass
class NetworkFigures:
    rows: list[StructureFigures]
    totals: dict[str, Decimal | int] = field(default_factory=dict)
    sharing_count: int = 0
    with_figures_count: int = 0
    # How many structures each total adds up: nothing is extrapolated to the others.
    coverage: dict[str, int] = field(default_factory=dict)
    accompanied_count: int = 0


def accompanied_organisations(network: Network):
    return Organisation.objects.filter(
        network_memberships__network=network,
        network_memberships__role=NetworkMembership.Role.ACCOMPANIED,
    ).order_by("name")


def _partners(ids: set[int]) -> dict[int, set[int]]:
    """Distinct partner structures of each structure: co-members of its projects and the
    partners of the agreements it recorded. Two queries whatever the number of structures."""
    from maillage.projects.models import Membership

    partners: dict[int, set[int]] = defaultdict(set)
    pairs = Membership.objects.filter(project__memberships__organisation_id__in=ids).values_list(
        "project__memberships__organisation_id", "organisation_id"
    )
    for structure, other in pairs:
        if structure != other:
            partners[structure].add(other)
    for structure, other in Agreement.objects.filter(organisation_id__in=ids).values_list(
        "organisation_id", "partner_id"
    ):
        partners[structure].add(other)
    return partners


def network_key_figures(network: Network) -> NetworkFigures:
    """Latest figures of each accompanied structure that shares them, and their totals.

    Totals add up only structures that share and have entered the figure; each total says how
    many structures it covers, so that no figure is extrapolated. Actions (activities recorded in
    Maillage) and partners (distinct partner structures) are counted for the same structures;
    the network's partner total counts each partner structure once."""
    from maillage.collection.models import Activity

    accompanied = list(accompanied_organisations(network))
    accompanied_ids = {o.pk for o in accompanied}
    sharing_ids = shared_organisation_ids(network, NetworkShare.Scope.KEY_FIGURES) & accompanied_ids
    latest: dict[int, KeyFigures] = {}
    for figures in KeyFigures.objects.filter(organisation_id__in=sharing_ids).order_by("year"):
        latest[figures.organisation_id] = figures  # ascending order: the last one wins
    actions = dict(
        Activity.objects.filter(organisation_id__in=sharing_ids)
        .values("organisation_id")
        .annotate(n=Count("pk"))
        .values_list("organisation_id", "n")
    )
    partners = _partners(sharing_ids)
    rows = [
        StructureFigures(
            org,
            org.pk in sharing_ids,
            latest.get(org.pk),
            actions.get(org.pk, 0) if org.pk in sharing_ids else None,
            len(partners.get(org.pk, ())) if org.pk in sharing_ids else None,
        )
        for org in accompanied
    ]
    totals: dict[str, Decimal | int] = {}
    coverage: dict[str, int] = {}
    for name in FIGURE_FIELDS:
        values = [getattr(f, name) for f in latest.values() if getattr(f, name) is not None]
        totals[name] = sum(values) if values else None
        coverage[name] = len(values)
    counted = [org_id for org_id in sharing_ids if actions.get(org_id)]
    totals["actions"] = sum(actions[org_id] for org_id in counted) if counted else None
    coverage["actions"] = len(counted)
    with_partners = [org_id for org_id in sharing_ids if partners.get(org_id)]
    distinct = (
        set().union(*(partners[org_id] for org_id in with_partners)) if with_partners else set()
    )
    totals["partners"] = len(distinct) if with_partners else None
    coverage["partners"] = len(with_partners)
    return NetworkFigures(
        rows=rows,
        totals=totals,
        sharing_count=len(sharing_ids),
        with_figures_count=len(latest),
        coverage=coverage,
        accompanied_count=len(accompanied),
    )
