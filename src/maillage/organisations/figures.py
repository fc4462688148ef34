"""Key figures across a network, counting only what each structure shares with it."""

from dataclasses import dataclass, field
from decimal import Decimal

from maillage.organisations.models import (
    KeyFigures,
    Network,
    NetworkMembership,
    NetworkShare,
    Organisation,
)

FIGURE_FIELDS = [
    "salaried_staff",
    "staff_fte",
    "board_members",
    "volunteers",
    "member_families",
    "member_associations",
    "annual_budget",
]


@dataclass
class StructureFigures:
    organisation: Organisation
    shared: bool
    figures: KeyFigures | None


@dataclass
class NetworkFigures:
    rows: list[StructureFigures]
    totals: dict[str, Decimal | int] = field(default_factory=dict)
    sharing_count: int = 0
    with_figures_count: int = 0


def network_key_figures(network: Network) -> NetworkFigures:
    """Latest figures of each accompanied structure that shares them, and their totals.

    Totals add up only structures that share and have entered figures; each total says how many
    structures it covers, so that no figure is extrapolated."""
    accompanied = list(
        Organisation.objects.filter(
            network_memberships__network=network,
            network_memberships__role=NetworkMembership.Role.ACCOMPANIED,
        ).order_by("name")
    )
    sharing_ids = set(
        NetworkShare.objects.filter(
            network=network, scope=NetworkShare.Scope.KEY_FIGURES
        ).values_list("organisation_id", flat=True)
    )
    latest: dict[int, KeyFigures] = {}
    for figures in KeyFigures.objects.filter(organisation_id__in=sharing_ids).order_by("year"):
        latest[figures.organisation_id] = figures  # ascending order: the last one wins
    rows = [StructureFigures(org, org.pk in sharing_ids, latest.get(org.pk)) for org in accompanied]
    totals: dict[str, Decimal | int] = {}
    for name in FIGURE_FIELDS:
        values = [getattr(f, name) for f in latest.values() if getattr(f, name) is not None]
        totals[name] = sum(values) if values else None
    return NetworkFigures(
        rows=rows,
        totals=totals,
        sharing_count=len(sharing_ids & {o.pk for o in accompanied}),
        with_figures_count=len(latest),
    )
