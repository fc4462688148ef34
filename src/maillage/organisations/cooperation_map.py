"""The cooperation map: who works with whom, as a networkx graph, and what it says (metrics).

Nodes are structures, keyed by their slug (stable from one database to another), with their name
and kind. An edge between two structures keeps the kinds of ties that join them, each with its
count, and a weight: the number of ties. One tie is one record of stored data:

- a joint project (both are members): « projet commun », or « financement » when exactly one of
  the two is the project's funder (two funders of one project co-fund it: « projet commun »);
- a shared post (its employer and each structure that receives a share, and those structures
  between themselves): « poste mutualisé »;
- an agreement a structure recorded with a partner: its kind (convention, financement, mise à
  disposition);
- a project meeting or a network session that both attended (at least one person each);
- a person the structure's front desk oriented to the partner (reception log): one tie each.

The period filter keeps projects whose period overlaps it, meetings and sessions held in it,
agreements active in it and shared posts started before its end.

Everything here is a plain function of stored data; pages, reports and the network dashboard all
call these, so the same data always gives the same map and the same figures.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations

import networkx as nx
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from maillage.organisations.models import (
    Agreement,
    Network,
    NetworkSession,
    NetworkSessionAttendance,
    NetworkShare,
    Organisation,
)
from maillage.organisations.sharing import shared_organisation_ids


class TieKind:
    """The kinds of ties, in the order the map and its tables list them."""

    PROJECT = "projet"
    FUNDING = "financement"
    SHARED_POST = "poste_mutualise"
    CONVENTION = "convention"
    PROVISION = "mise_a_disposition"
    MEETING = "rencontre"
    SESSION = "seance_reseau"
    ORIENTATION = "orientation"

    choices = [
        (PROJECT, _("projet commun")),
        (FUNDING, _("financement")),
        (SHARED_POST, _("poste mutualisé")),
        (CONVENTION, _("convention de partenariat")),
        (PROVISION, _("mise à disposition")),
        (MEETING, _("rencontre de projet")),
        (SESSION, _("séance de réseau")),
        (ORIENTATION, _("orientation depuis l'accueil")),
    ]
    order = [value for value, _label in choices]

    @classmethod
    def label(cls, value: str) -> str:
        return str(dict(cls.choices).get(value, value))


AGREEMENT_TIES = {
    Agreement.Kind.CONVENTION: TieKind.CONVENTION,
    Agreement.Kind.FUNDING: TieKind.FUNDING,
    Agreement.Kind.PROVISION: TieKind.PROVISION,
}
NODE_KIND_ORDER = [value for value, _label in Organisation.Kind.choices]


@dataclass(frozen=True)
class Tie:
    """One record that joins two structures (ids), of one kind."""

    a: int
    b: int
    kind: str


# --- gathering ties from stored data ------------------------------------------------------------


def _pairs(ids: Iterable[int]) -> Iterable[tuple[int, int]]:
    return combinations(sorted(set(ids)), 2)


def _project_ties(memberships) -> list[Tie]:
    """`memberships`: (project_id, organisation_id, role) rows of the projects kept."""
    from maillage.projects.models import Membership

    by_project: dict[int, dict[int, str]] = defaultdict(dict)
    for project_id, organisation_id, role in memberships:
        by_project[project_id][organisation_id] = role
    ties = []
    for members in by_project.values():
        for a, b in _pairs(members):
            funders = [members[a], members[b]].count(Membership.Role.FUNDER)
            ties.append(Tie(a, b, TieKind.FUNDING if funders == 1 else TieKind.PROJECT))
    return ties


def _group_ties(rows, kind: str) -> list[Tie]:
    """`rows`: (group_id, organisation_id); every pair within a group is one tie."""
    groups: dict[int, set[int]] = defaultdict(set)
    for group_id, organisation_id in rows:
        groups[group_id].add(organisation_id)
    return [Tie(a, b, kind) for members in groups.values() for a, b in _pairs(members)]


def _overlapping_projects(start: date | None, end: date | None) -> Q:
    q = Q()
    if end:
        q &= Q(project__period_start__isnull=True) | Q(project__period_start__lte=end)
    if start:
        q &= Q(project__period_end__isnull=True) | Q(project__period_end__gte=start)
    return q


def _held_in(field_name: str, start: date | None, end: date | None) -> Q:
    q = Q()
    if start:
        q &= Q(**{f"{field_name}__gte": start})
    if end:
        q &= Q(**{f"{field_name}__lte": end})
    return q


def _active_agreements(start: date | None, end: date | None) -> Q:
    q = Q()
    if end:
        q &= Q(starts_on__isnull=True) | Q(starts_on__lte=end)
    if start:
        q &= Q(ends_on__isnull=True) | Q(ends_on__gte=start)
    return q


def _ties(
    *,
    project_ids=None,
    post_ids=None,
    agreements=None,
    meeting_ids=None,
    session_ids=None,
    orienting_ids=None,
    start=None,
    end=None,
) -> list[Tie]:
    """The ties of the selected records (querysets of ids), filtered by the period."""
    from maillage.projects.models import (
        MeetingAttendance,
        Membership,
        SharedPost,
        SharedPostAllocation,
    )

    ties: list[Tie] = []
    if project_ids is not None:
        rows = Membership.objects.filter(project_id__in=project_ids).filter(
            _overlapping_projects(start, end)
        )
        ties += _project_ties(rows.values_list("project_id", "organisation_id", "role"))
    if post_ids is not None:
        posts = SharedPost.objects.filter(pk__in=post_ids)
        if end:
            posts = posts.filter(Q(started_on__isnull=True) | Q(started_on__lte=end))
        rows = list(posts.values_list("pk", "employer_id"))
        rows += SharedPostAllocation.objects.filter(post__in=posts).values_list(
            "post_id", "organisation_id"
        )
        ties += _group_ties(rows, TieKind.SHARED_POST)
    if agreements is not None:
        for owner, partner, kind in agreements.filter(_active_agreements(start, end)).values_list(
            "organisation_id", "partner_id", "kind"
        ):
            ties.append(Tie(*sorted((owner, partner)), AGREEMENT_TIES[kind]))
    if meeting_ids is not None:
        rows = MeetingAttendance.objects.filter(meeting_id__in=meeting_ids, count__gt=0).filter(
            _held_in("meeting__held_on", start, end)
        )
        ties += _group_ties(rows.values_list("meeting_id", "organisation_id"), TieKind.MEETING)
    if session_ids is not None:
        rows = NetworkSessionAttendance.objects.filter(
            session_id__in=session_ids, count__gt=0
        ).filter(_held_in("session__held_on", start, end))
        ties += _group_ties(rows.values_list("session_id", "organisation_id"), TieKind.SESSION)
    if orienting_ids is not None:
        from maillage.collection.reception import orientation_ties

        for structure, partner, count in orientation_ties(orienting_ids, start, end):
            if structure != partner:
                ties += [Tie(*sorted((structure, partner)), TieKind.ORIENTATION)] * count
    return ties


def _graph(ties: Iterable[Tie], *, core: Iterable[int] = (), kinds=None, **attrs) -> nx.Graph:
    """Assemble the graph. `core` structures are shown even without any tie."""
    wanted = set(kinds) if kinds else None
    edges: dict[tuple[int, int], Counter] = defaultdict(Counter)
    for tie in ties:
        if tie.a != tie.b and (wanted is None or tie.kind in wanted):
            edges[(tie.a, tie.b)][tie.kind] += 1
    core = set(core)
    ids = core | {i for pair in edges for i in pair}
    organisations = {o.pk: o for o in Organisation.objects.filter(pk__in=ids)}
    graph = nx.Graph(**attrs)
    # Sorted insertion: the graph itself does not depend on the order rows came in.
    for organisation in sorted(organisations.values(), key=lambda o: o.slug):
        graph.add_node(
            organisation.slug,
            pk=organisation.pk,
            name=organisation.name,
            kind=organisation.kind,
            kind_label=str(organisation.get_kind_display()),
            core=organisation.pk in core,
        )
    for (a, b), counts in sorted(
        edges.items(), key=lambda item: sorted((organisations[item[0][0]].slug,
                                                organisations[item[0][1]].slug))
    ):  # fmt: skip
        graph.add_edge(
            organisations[a].slug,
            organisations[b].slug,
            kinds={kind: counts[kind] for kind in TieKind.order if counts[kind]},
            weight=sum(counts.values()),
        )
    return graph


# --- the three maps ---------------------------------------------------------------------------


def structure_graph(
    organisation: Organisation, start: date | None = None, end: date | None = None, kinds=None
) -> nx.Graph:
    """The structure and everyone it works with, plus the ties among those partners that come
    from the same records (two other members of one of its projects, two other attendees of a
    meeting it attended). Agreements are its own records only: an agreement another structure
    recorded with it is that structure's data."""
    from maillage.projects.models import MeetingAttendance, Membership, SharedPost

    org = organisation.pk
    ties = _ties(
        project_ids=Membership.objects.filter(organisation_id=org).values("project_id"),
        post_ids=SharedPost.objects.filter(
            Q(employer_id=org) | Q(allocations__organisation_id=org)
        ).values("pk"),
        agreements=Agreement.objects.filter(organisation_id=org),
        meeting_ids=MeetingAttendance.objects.filter(organisation_id=org, count__gt=0).values(
            "meeting_id"
        ),
        session_ids=NetworkSessionAttendance.objects.filter(
            organisation_id=org, count__gt=0
        ).values("session_id"),
        orienting_ids=[org],
        start=start,
        end=end,
    )
    return _graph(
        ties,
        core=[org],
        kinds=kinds,
        focus=organisation.slug,
        title=organisation.name,
        ident=f"structure-{organisation.slug}",
        start=start,
        end=end,
    )


def sharing_structure_ids(network: Network) -> set[int]:
    """The network's structures that share their key figures with it."""
    return shared_organisation_ids(network, NetworkShare.Scope.KEY_FIGURES)


def network_graph(
    network: Network, start: date | None = None, end: date | None = None, kinds=None
) -> nx.Graph:
    """The network's graph (`_network_graph`), kept while the ties it draws stay the same."""
    from maillage.organisations.map_cache import kept_graph

    return kept_graph(
        network, start, end, kinds, lambda: _network_graph(network, start, end, kinds)
    )


def _network_graph(
    network: Network, start: date | None = None, end: date | None = None, kinds=None
) -> nx.Graph:
    """The network's structures and their partners, as its advisors may see them.

    Rule: the network's own collective sessions always count (every pair of structures that
    attended one). Every other tie counts only when it belongs to a structure that shares its
    KEY_FIGURES with the network, because a structure's partners are one of the SENACS key
    figures: then its joint projects, shared posts, meetings, other sessions and its front
    desk's orientations count for the pairs that include it, and its agreements count when it
    recorded them. A structure that does not share shows on the map (it is in the network) with
    its session ties only; its projects and agreements stay private. Ties between two outside
    partners never show."""
    from maillage.projects.models import MeetingAttendance, Membership, SharedPost

    members = set(network.memberships.values_list("organisation_id", flat=True))
    sharing = sharing_structure_ids(network)
    own_sessions = NetworkSession.objects.filter(network=network).values("pk")
    ties = _ties(session_ids=own_sessions, start=start, end=end)
    if sharing:
        shared = _ties(
            project_ids=Membership.objects.filter(organisation_id__in=sharing).values("project_id"),
            post_ids=SharedPost.objects.filter(
                Q(employer_id__in=sharing) | Q(allocations__organisation_id__in=sharing)
            ).values("pk"),
            agreements=Agreement.objects.filter(organisation_id__in=sharing),
            meeting_ids=MeetingAttendance.objects.filter(
                organisation_id__in=sharing, count__gt=0
            ).values("meeting_id"),
            session_ids=NetworkSessionAttendance.objects.filter(
                organisation_id__in=sharing, count__gt=0
            )
            .exclude(session__network=network)  # counted above already
            .values("session_id"),
            orienting_ids=sharing,
            start=start,
            end=end,
        )
        ties += [tie for tie in shared if tie.a in sharing or tie.b in sharing]
    return _graph(
        ties,
        core=members,
        kinds=kinds,
        focus=None,
        title=network.name,
        ident=f"reseau-{network.slug}",
        start=start,
        end=end,
        sharing=len(sharing & members),
    )


def project_graph(project, start: date | None = None, end: date | None = None, kinds=None):
    """The communauté d'action: its members, tied by the project itself, its shared posts and
    its meetings. Only the project's own records count, which every member already sees; a
    member's other projects and agreements are not the community's to show."""
    ties = _ties(
        project_ids=[project.pk],
        post_ids=project.shared_posts.values("pk"),
        meeting_ids=project.meetings.values("pk"),
        start=start,
        end=end,
    )
    return _graph(
        ties,
        core=project.memberships.values_list("organisation_id", flat=True),
        kinds=kinds,
        focus=None,
        title=project.title,
        ident=f"projet-{project.slug}",
        start=start,
        end=end,
    )


def keep_node_kinds(graph: nx.Graph, node_kinds) -> nx.Graph:
    """A copy with only the structures of the chosen kinds (the focus always stays)."""
    if not node_kinds:
        return graph
    focus = graph.graph.get("focus")
    kept = [n for n, d in graph.nodes(data=True) if d["kind"] in set(node_kinds) or n == focus]
    sub = nx.Graph(graph.subgraph(kept))
    sub.graph.update(graph.graph)
    if "kept" in graph.graph:  # another set of nodes: its metrics are kept apart
        sub.graph["kept"] = f"{graph.graph['kept']}:{sorted(set(node_kinds))}"
    return sub


# --- metrics ----------------------------------------------------------------------------------


def _focus_key(graph: nx.Graph, focus) -> str | None:
    if focus is None:
        focus = graph.graph.get("focus")
    key = getattr(focus, "slug", focus)
    return key if key in graph else None


@dataclass
class NodeMetrics:
    slug: str
    name: str
    kind: str
    kind_label: str
    degree: int  # number of structures it is tied to
    betweenness: float  # share of shortest paths between two others that go through it (0–1)
    weight: int  # ties with the focus, or all its ties on a map without a focus
    tie_kinds: list[tuple[str, int]]  # (label, count)
    core: bool = False

    @property
    def tie_kinds_text(self) -> str:
        return ", ".join(f"{label} ({count})" for label, count in self.tie_kinds)


@dataclass
class Metrics:
    focus: str | None
    structures: int
    ties: int  # sum of the edge weights
    edges: int
    density: float
    partners_by_kind: list[tuple[str, str, int]]  # (kind, label, count)
    partners: list[NodeMetrics]  # the focus's partners, or every structure without a focus
    nodes: dict[str, NodeMetrics] = field(default_factory=dict)

    @property
    def partner_count(self) -> int:
        return len(self.partners)

    @property
    def connectors(self) -> list[NodeMetrics]:
        """Who connects whom: structures on shortest paths between others, most first."""
        ranked = sorted(self.nodes.values(), key=lambda m: (-m.betweenness, m.name, m.slug))
        return [m for m in ranked if m.betweenness > 0 and m.slug != self.focus][:5]


def _kind_list(counts: Counter) -> list[tuple[str, int]]:
    return [(TieKind.label(kind), counts[kind]) for kind in TieKind.order if counts.get(kind)]


def metrics(graph: nx.Graph, focus=None, *, centrality: bool = True) -> Metrics:
    """Partners per kind, density, degree and betweenness (unweighted: a path counts its steps,
    since a heavier tie is a closer one, not a longer one) of every structure. Betweenness is
    the costly part (seconds for a network of a hundred structures): `centrality=False` leaves
    it at zero where it is not shown. Kept with the graph when the graph is kept (map_cache)."""
    from maillage.organisations.map_cache import kept

    key = _focus_key(graph, focus)
    return kept(
        graph, "metrics", lambda: _metrics(graph, key, centrality=centrality), key, centrality
    )


def _metrics(graph: nx.Graph, key, *, centrality: bool) -> Metrics:
    betweenness = nx.betweenness_centrality(graph, normalized=True) if graph and centrality else {}
    nodes: dict[str, NodeMetrics] = {}
    for slug, data in sorted(graph.nodes(data=True), key=lambda item: item[0]):
        if key is not None and slug != key and graph.has_edge(key, slug):
            edge = graph.edges[key, slug]
            weight, kinds = edge["weight"], Counter(edge["kinds"])
        else:
            kinds = Counter()
            for _a, _b, edge in graph.edges(slug, data=True):
                kinds.update(edge["kinds"])
            weight = sum(kinds.values())
        nodes[slug] = NodeMetrics(
            slug=slug,
            name=data["name"],
            kind=data["kind"],
            kind_label=data["kind_label"],
            degree=graph.degree(slug),
            betweenness=round(betweenness.get(slug, 0.0), 6),
            weight=weight,
            tie_kinds=_kind_list(kinds),
            core=data.get("core", False),
        )
    if key is not None:
        partners = [nodes[slug] for slug in graph.neighbors(key)]
    else:
        partners = list(nodes.values())
    partners.sort(key=lambda m: (-m.weight, m.name.casefold(), m.slug))
    by_kind = Counter(m.kind for m in partners)
    labels = dict(Organisation.Kind.choices)
    return Metrics(
        focus=key,
        structures=graph.number_of_nodes(),
        ties=sum(w for _a, _b, w in graph.edges(data="weight")),
        edges=graph.number_of_edges(),
        density=round(nx.density(graph), 6) if graph.number_of_nodes() > 1 else 0.0,
        partners_by_kind=[
            (kind, str(labels.get(kind, kind)), by_kind[kind])
            for kind in NODE_KIND_ORDER
            if by_kind[kind]
        ],
        partners=partners,
        nodes=nodes,
    )


@dataclass
class YearlyChange:
    year: int
    previous_year: int
    partners_before: int
    partners_after: int
    new_partners: list[NodeMetrics]
    lost_partners: list[NodeMetrics]
    density_before: float
    density_after: float
    degree_changes: list[tuple[NodeMetrics, int, int]]  # (structure, degree N-1, degree N)

    @property
    def density_change(self) -> float:
        return round(self.density_after - self.density_before, 6)


def year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def yearly_change(builder: Callable[..., nx.Graph], year: int) -> YearlyChange:
    """Compare year N with N-1. `builder(start=…, end=…)` makes the graph of a period, for
    instance `functools.partial(structure_graph, organisation)`."""
    # Partners, degrees and density only: no betweenness (the costly part) for the comparison.
    before = metrics(builder(*year_bounds(year - 1)), centrality=False)
    after = metrics(builder(*year_bounds(year)), centrality=False)
    old = {m.slug: m for m in before.partners}
    new = {m.slug: m for m in after.partners}
    changes = []
    for slug in sorted(set(before.nodes) | set(after.nodes)):
        was = before.nodes[slug].degree if slug in before.nodes else 0
        now = after.nodes[slug].degree if slug in after.nodes else 0
        if was != now:
            changes.append((after.nodes.get(slug) or before.nodes[slug], was, now))
    changes.sort(key=lambda row: (-abs(row[2] - row[1]), row[0].name.casefold(), row[0].slug))

    def by_name(items):
        return sorted(items, key=lambda m: (m.name.casefold(), m.slug))

    return YearlyChange(
        year=year,
        previous_year=year - 1,
        partners_before=len(old),
        partners_after=len(new),
        new_partners=by_name(m for slug, m in new.items() if slug not in old),
        lost_partners=by_name(m for slug, m in old.items() if slug not in new),
        density_before=before.density,
        density_after=after.density,
        degree_changes=changes,
    )
