"""The common indicators' values of a network's structures, kept between two readings of the
dashboard while the structures' data stay the same.

Computing them is the indicator engine's work, structure by structure (a hundred structures
times a dozen common indicators: over a thousand computations, tens of seconds on the national
dataset). The values are kept in the cache under a stamp of everything they read: the copied
indicators' definitions, and for each source (answers, activity sessions (attendance is
recorded with its session: reading 100,000 attendance rows cost half a second),
volunteer time, testimonies and their coding, values typed in, meetings, network sessions,
reception, governance) how many rows the structures have and the latest one. A new answer,
session or value changes the stamp, so the next reading computes afresh; an edit that changes
no count is seen at the latest after `TIMEOUT`."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import BigIntegerField, Count, Max, Q, Sum, TextField, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast

from maillage.core.stamps import digest

TIMEOUT = 10 * 60  # seconds: how long an edited row (same counts) may go unseen
VERSION = 1  # bump when what is kept changes shape


def _marker(queryset, *extra):
    """How many rows, the latest pk, and some sums: what changes when rows come or go. Returns
    an aggregate queryset of one row (columns m0, m1…, as text) for `markers` to run."""
    aggregates = [Count("pk"), Max("pk"), *extra]
    return (
        queryset.order_by()
        .annotate(_one=Value(1))
        .values("_one")
        .annotate(**{f"m{i}": Cast(e, TextField()) for i, e in enumerate(aggregates)})
        .values(*[f"m{i}" for i in range(len(aggregates))])
    )


def versioned(queryset):
    """`_marker` with the sums of the rows' versions (PostgreSQL only): `xmin`, the transaction
    that wrote each row version, so that an insert, an edit, a deletion, `QuerySet.update()`, a
    bulk write or a COPY all change it; and `cmin`, the command within that transaction, so that
    a row written again in the same transaction (a test's, or a task's) changes it too."""
    table = queryset.model._meta.db_table
    # The table's name comes from the model, never from a request.
    versions = [
        RawSQL(f'"{table}".{column}::text::bigint', (), output_field=BigIntegerField())  # noqa: S611
        for column in ("xmin", "cmin")
    ]
    return _marker(queryset, *[Sum(version) for version in versions])


def _union(queries) -> tuple[str, list]:
    """Several `_marker` queries as ONE statement (UNION ALL of one-row aggregates)."""
    parts, params = [], []
    width = max(len(q.query.annotation_select) for q in queries)
    for number, query in enumerate(queries):
        try:
            sql, found = query.query.sql_with_params()
        except EmptyResultSet:  # an empty IN (): no rows, nothing to ask the database
            parts.append(f"SELECT {number}, '0'{', NULL' * (width - 1)}")
            continue
        columns = [f"s{number}.m{i}" for i in range(len(query.query.annotation_select))]
        columns += ["NULL"] * (width - len(columns))
        # The SQL is Django's own compilation, its values passed apart as parameters.
        parts.append(f"SELECT {number}, {', '.join(columns)} FROM ({sql}) s{number}")  # noqa: S608
        params.extend(found)
    return " UNION ALL ".join(parts), params


def _run(sql: str, params) -> list:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = sorted(cursor.fetchall())
    return [list(row[1:]) for row in rows]


def markers(*queries) -> list:
    """Run several `_marker` queries in ONE round trip: each stamp query is cheap, the round
    trips were what cost."""
    return _run(*_union(queries))


_compiled: dict[tuple, tuple[str, list]] = {}
COMPILED_KEPT = 512  # statements kept per process (a few kB each)


def markers_of(inputs: tuple, build) -> list:
    """`markers(*build())`, its statement compiled once per process for these `inputs`.

    Building and compiling a stamp's thirty-odd querysets costs the ORM more than the database
    takes to run them (10 ms against 2 on a report's stamp). `build` must read nothing but
    `inputs`: the statement is a pure function of them, so the same inputs give the same SQL and
    the same parameters, and the database still answers afresh each time."""
    inputs = (connection.vendor, *inputs)
    statement = _compiled.get(inputs)
    if statement is None:
        if len(_compiled) >= COMPILED_KEPT:
            _compiled.clear()
        statement = _compiled[inputs] = _union(build())
    return _run(*statement)


@dataclass(frozen=True)
class Definition:
    """What a copied indicator's value depends on in its own row (read without the model)."""

    pk: int
    framework_id: int
    name: str
    source_type: str
    computation: str
    source_params: dict
    unit: str
    target_value: object
    baseline: object
    direction: str
    project_id: int | None

    FIELDS = (
        "pk", "framework_id", "name", "source_type", "computation", "source_params", "unit",
        "target_value", "baseline", "direction", "framework__project_id",
    )  # fmt: skip


def definitions(framework_ids, names=None) -> list[Definition]:
    """The frameworks' indicators (only those of these names, if given), as plain rows: one
    query."""
    from maillage.evaluation.models import Indicator

    rows = Indicator.objects.filter(framework_id__in=framework_ids).order_by("pk")
    if names is not None:
        rows = rows.filter(name__in=names)
    return [Definition(*row) for row in rows.values_list(*Definition.FIELDS)]


@dataclass(frozen=True)
class KeptValue:
    """What the dashboard and the network report show of a computed value, small enough to keep:
    the number, its French text, how many answers or records, and its poolable parts."""

    value: float | None
    text: str
    n: int = 0
    is_percent: bool = False
    pool: object = None  # analysis.indicators.Pool

    @classmethod
    def of(cls, computed) -> KeptValue:
        from maillage.analysis.results import value_text

        return cls(computed.value, value_text(computed), computed.n, computed.is_percent,
                   computed.pool)  # fmt: skip


def _ordered(values) -> tuple:
    """A set as a tuple in a fixed order: part of a compiled statement's inputs."""
    return tuple(sorted(values, key=str))


def stamp(indicators: list[Definition], organisation_ids: set[int]) -> str:
    """A short digest of the copied indicators and of the structures' data they read."""
    from maillage.analysis.models import Coding
    from maillage.collection.models import (
        ActivitySession,
        ReceptionRequest,
        Response,
        Testimony,
        VolunteerTime,
    )
    from maillage.evaluation.models import Indicator, ManualValue
    from maillage.organisations.models import BodyMeeting, Mandate, NetworkSessionAttendance
    from maillage.projects.models import Meeting, MeetingAttendance

    # Plain field lists, the same JSON as dataclasses.astuple, whose deep copies cost 50 ms.
    names = [f.name for f in dataclasses.fields(Definition)]
    described = [[getattr(i, name) for name in names] for i in indicators]
    projects = _ordered({i.project_id for i in indicators})
    surveys = _ordered({(i.source_params or {}).get("survey") for i in indicators} - {None})
    orgs = _ordered(organisation_ids)
    frameworks = _ordered({i.framework_id for i in indicators})
    indicator_names = _ordered({i.name for i in indicators})
    from maillage.collection.models import Activity

    def build():
        # A subquery, not an OR across a join: the join read every row of both tables (70 ms).
        activities = Activity.objects.filter(
            Q(organisation_id__in=orgs) | Q(project_id__in=projects)
        ).values("pk")
        return [
            _marker(Response.objects.filter(survey__code__in=surveys)),
            _marker(ActivitySession.objects.filter(activity_id__in=activities), Sum("duration")),
            # Two markers rather than an OR, so that each uses its index.
            _marker(VolunteerTime.objects.filter(organisation_id__in=orgs), Sum("hours")),
            _marker(VolunteerTime.objects.filter(activity_id__in=activities), Sum("hours")),
            _marker(
                Testimony.objects.filter(Q(organisation_id__in=orgs) | Q(project_id__in=projects))
            ),
            _marker(Coding.objects.filter(testimony__organisation_id__in=orgs)),
            _marker(
                # The indicators as the subquery that found them, not 1,200 pks as parameters:
                # their compilation and transmission cost more than the query.
                ManualValue.objects.filter(
                    indicator__in=Indicator.objects.filter(
                        framework_id__in=frameworks, name__in=indicator_names
                    ).values("pk")
                ),
                Sum("value"),
                Max("entered_at"),
            ),
            _marker(Meeting.objects.filter(project_id__in=projects)),
            _marker(
                MeetingAttendance.objects.filter(meeting__project_id__in=projects), Sum("count")
            ),
            _marker(
                NetworkSessionAttendance.objects.filter(organisation_id__in=orgs), Sum("count")
            ),
            _marker(ReceptionRequest.objects.filter(organisation_id__in=orgs)),
            _marker(Mandate.objects.filter(body__organisation_id__in=orgs)),
            _marker(BodyMeeting.objects.filter(body__organisation_id__in=orgs)),
        ]

    found = markers_of(("indicators", projects, surveys, orgs, frameworks, indicator_names), build)
    return digest([described, found])


def computed_values(network, year: int, indicators: list[Definition], organisation_ids, period):
    """Each copied indicator's value for `period`, by indicator pk: from the cache while the
    stamp holds, else computed by the engine (and kept)."""
    from maillage.analysis.indicators import compute_all
    from maillage.evaluation.models import Indicator

    if not indicators:
        return {}
    key = f"network-comparison:{VERSION}:{network.pk}:{year}:{stamp(indicators, organisation_ids)}"
    values = cache.get(key)
    if values is None:
        models = Indicator.objects.filter(pk__in=[i.pk for i in indicators]).select_related(
            "framework__project"
        )
        # One pass: each structure's activities and lead structures are read once.
        values = {
            value.indicator.pk: KeptValue.of(value) for value in compute_all(list(models), period)
        }
        cache.set(key, values, TIMEOUT)
    return values
