"""The network's cooperation map, kept between two readings while the ties it draws stay the
same (the same stamped-cache pattern as `comparison_cache`).

Building the graph reads some thousands of ties, and its betweenness and SVG layout take
hundreds of milliseconds for a network of a hundred structures; the page draws three graphs
(the chosen period, and year N and N-1 for the comparison). The graph, its metrics and its
SVG are kept in the cache under a stamp of every record that can make a tie for the network's
structures: memberships of their projects, shared posts and their shares, agreements, meeting
and session attendance, the network's sessions and shares, front-desk orientations. A new,
deleted or recounted tie changes the stamp, so the next reading draws afresh; an edit that
changes no count (a renamed structure, a project's dates) is seen at the latest after
`TIMEOUT`."""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import Max, Min, Q, Sum
from django.utils.translation import get_language

from maillage.core.stamps import digest
from maillage.organisations.comparison_cache import _marker, markers_of

TIMEOUT = 10 * 60  # seconds: how long an edit that changes no count may go unseen
VERSION = 1  # bump when what is kept changes shape


def network_stamp(network) -> str:
    """A short digest of the records that make the network's ties (one query)."""
    from maillage.collection.models import ReceptionRequest
    from maillage.organisations.models import (
        Agreement,
        NetworkMembership,
        NetworkSession,
        NetworkSessionAttendance,
        NetworkShare,
    )
    from maillage.projects.models import (
        MeetingAttendance,
        Membership,
        Project,
        SharedPost,
        SharedPostAllocation,
    )

    def build():
        # Every member, sharing or not: a superset of what the map reads, so never too narrow.
        members = NetworkMembership.objects.filter(network=network).values("organisation_id")
        projects = Membership.objects.filter(organisation_id__in=members).values("project_id")
        posts = SharedPost.objects.filter(
            Q(employer_id__in=members) | Q(allocations__organisation_id__in=members)
        ).values("pk")
        meetings = MeetingAttendance.objects.filter(organisation_id__in=members).values(
            "meeting_id"
        )
        sessions = NetworkSessionAttendance.objects.filter(organisation_id__in=members).values(
            "session_id"
        )
        return [
            _marker(
                NetworkMembership.objects.filter(network=network),
                Sum("organisation_id"),
                Max("role"),
            ),
            _marker(NetworkShare.objects.filter(network=network), Sum("organisation_id")),
            _marker(Membership.objects.filter(project_id__in=projects), Sum("organisation_id")),
            _marker(
                Project.objects.filter(pk__in=projects),
                Max("period_start"),
                Min("period_end"),
                Max("period_end"),
            ),
            _marker(SharedPost.objects.filter(pk__in=posts), Max("started_on")),
            _marker(SharedPostAllocation.objects.filter(post_id__in=posts), Sum("organisation_id")),
            _marker(
                Agreement.objects.filter(organisation_id__in=members),
                Sum("partner_id"),
                Max("starts_on"),
                Max("ends_on"),
            ),
            _marker(MeetingAttendance.objects.filter(meeting_id__in=meetings), Sum("count")),
            _marker(NetworkSession.objects.filter(network=network), Max("held_on")),
            _marker(
                NetworkSessionAttendance.objects.filter(
                    Q(session__network=network) | Q(session_id__in=sessions)
                ),
                Sum("count"),
            ),
            _marker(
                ReceptionRequest.objects.filter(organisation_id__in=members),
                Sum("oriented_to_id"),
                Max("received_on"),
            ),
        ]

    # Every scope hangs on the network's pk alone: the statement is compiled once per process.
    found = markers_of(("network-map", network.pk), build)
    return digest([network.pk, found])


def _key(*parts) -> str:
    return f"network-map:{VERSION}:{digest(parts)}"


def kept_graph(network, start, end, kinds, build):
    """The network's graph for this period and these tie kinds: from the cache while the stamp
    holds, else `build()` (and kept). The graph carries its cache key (`graph.graph["kept"]`)
    so that its metrics and SVG are kept with it."""
    stamp = network_stamp(network)
    key = _key("graph", network.pk, start, end, sorted(kinds or []), get_language(), stamp)
    graph = cache.get(key)
    if graph is None:
        graph = build()
        graph.graph["kept"] = key
        cache.set(key, graph, TIMEOUT)
    return graph


def kept(graph, name: str, compute, *parts):
    """What `compute()` derives from a kept graph (metrics, SVG), kept with it; computed
    directly for a graph that is not kept."""
    base = graph.graph.get("kept")
    if not base:
        return compute()
    key = _key(base, name, get_language(), *parts)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value
