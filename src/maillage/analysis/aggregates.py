"""A common indicator pooled over many structures: a network's figure, or the national one.

Every structure's projet social copies its network's common framework, so the same-named
indicator exists in thousands of frameworks. Its network or national value pools what lies behind
each structure's value (the people who answered, the sessions, the testimonies: see
`indicators.Pool`), it does not average the structures' values. A structure counts only while it
shares its indicator values (organisations.sharing, scope « valeurs des indicateurs ») with a
network that accompanies it; with that network for a network figure, with any network for the
national one.

Reading millions of answers for each national figure would take seconds, so each structure's
value is kept per calendar year in `IndicatorFigure`, with its poolable parts, by `refresh` (run
in the background by `tasks.refresh_figures`); a national figure then reads one row per structure.
A network's dashboard, which computes each structure's value anyway, pools them directly
(`pool_values`) and is never out of date.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Exists, Min, OuterRef, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.analysis.indicators import (
    TALLY_FIELDS,
    IndicatorValue,
    Period,
    Pool,
    Tally,
    _has_value,
    compute,
    survey_pool,
)
from maillage.analysis.models import IndicatorFigure
from maillage.analysis.statistics import Estimate
from maillage.collection.models import Activity, ActivitySession, Answer, Attendance, Question
from maillage.evaluation.models import Indicator
from maillage.organisations.models import Network, NetworkMembership, NetworkShare
from maillage.projects.models import Membership, Project

Scope = NetworkShare.Scope


@dataclass
class Aggregate:
    """A common indicator over the structures that share their values."""

    name: str
    year: int
    estimate: Estimate | None
    is_percent: bool
    structures: int  # structures whose value is pooled
    sharing: int  # structures that share their indicator values
    rule: str = ""
    computed_at: datetime | None = None  # the oldest value pooled

    @property
    def value(self) -> float | None:
        return self.estimate.value if self.estimate else None

    @property
    def n(self) -> int:
        return self.estimate.n if self.estimate else 0


def year_period(year: int) -> Period:
    return Period(date(year, 1, 1), date(year, 12, 31))


def sharing(network: Network | None = None) -> QuerySet:
    """The ids of the structures that share their indicator values with this network (or,
    without one, with any network that still accompanies them: the national scope), as a
    subquery: a national figure never lists thousands of ids in Python."""
    shares = NetworkShare.objects.filter(scope=Scope.INDICATOR_VALUES).filter(
        Exists(
            NetworkMembership.objects.filter(
                network=OuterRef("network"),
                organisation=OuterRef("organisation"),
                role=NetworkMembership.Role.ACCOMPANIED,
            )
        )
    )
    if network is not None:
        shares = shares.filter(network=network)
    return shares.order_by().values("organisation_id")


def sharing_ids(network: Network | None = None) -> set[int]:
    return set(sharing(network).values_list("organisation_id", flat=True))


def common_names() -> list[str]:
    """The indicators of the networks' common frameworks, by name (the same across networks)."""
    names = Indicator.objects.filter(framework__network__isnull=False).values_list(
        "name", flat=True
    )
    return sorted(set(names))


def structure_copies(name: str, organisation_ids: Iterable[int] | QuerySet) -> dict[int, Indicator]:
    """Each structure's own copy of the common indicator `name`: in the copy of a network's
    common framework held by a project it leads (else belongs to), as the network dashboard
    finds it. Two queries, whatever the number of structures."""
    found: dict[int, int] = {}
    memberships = (
        Membership.objects.filter(
            organisation_id__in=organisation_ids
            if isinstance(organisation_ids, QuerySet)
            else list(organisation_ids),
            project__framework__copied_from__network__isnull=False,
        )
        .order_by("organisation_id", "project__title")
        .values_list("organisation_id", "role", "project__framework__id")
    )
    for organisation_id, role, framework_id in memberships:
        if organisation_id in found and role != Membership.Role.LEAD:
            continue
        found[organisation_id] = framework_id
    by_framework: dict[int, Indicator] = {}
    for indicator in Indicator.objects.filter(
        framework_id__in=set(found.values()), name=name
    ).select_related("framework__project"):
        by_framework.setdefault(indicator.framework_id, indicator)
    return {org: by_framework[fw] for org, fw in found.items() if fw in by_framework}


def pool_values(values: Iterable[IndicatorValue]) -> tuple[Pool | None, int]:
    """Pools computed values (those of the same kind as most of them; a copy whose rule was
    changed is left out): the pooled parts and how many values went in."""
    pools = [v.pool for v in values if v is not None and v.pool is not None]
    return _merge(pools)


def pooled_value(indicator: Indicator, values: Iterable[IndicatorValue]) -> IndicatorValue:
    """The values of many structures' copies of `indicator` pooled into one value (the network
    total of the dashboard); no value where the rule does not pool (changes, latest values)."""
    pool, count = pool_values(values)
    if pool is None:
        return IndicatorValue(indicator, None)
    result = IndicatorValue(indicator, None, estimate=pool.estimate, pool=pool)
    result.is_percent = pool.kind == Pool.SHARE
    result.rule = rule(pool.kind, count)
    return result


def _merge(pools: list[Pool]) -> tuple[Pool | None, int]:
    if not pools:
        return None, 0
    kind = Counter(p.kind for p in pools).most_common(1)[0][0]
    same = [p for p in pools if p.kind == kind]
    total = same[0]
    for item in same[1:]:
        total = total + item
    return total, len(same)


def rule(kind: str, structures: int) -> str:
    """The French rule of a pooled value."""
    texts = {
        Pool.SHARE: _(
            "Part calculée sur l'ensemble des personnes qui ont répondu dans ces structures (et "
            "non moyenne des parts de chaque structure), avec son intervalle de confiance à 95 % "
            "(méthode de Wilson)."
        ),
        Pool.MEAN: _(
            "Moyenne de toutes les réponses de ces structures, avec son intervalle de confiance à "
            "95 % (loi de Student)."
        ),
        Pool.SUM: _("Somme des valeurs de ces structures."),
        Pool.RATIO: _("Total de ces structures divisé par le total de leurs séances ou saisies."),
    }
    return (
        _("%(count)s structures qui partagent les valeurs de leurs indicateurs. ")
        % {"count": structures}
        + texts[kind]
    )


# --- kept values --------------------------------------------------------------------------------


def _survey_pools(indicators: list[Indicator], period: Period) -> dict[int, Pool]:
    """Survey indicators of many structures in one GROUP BY query: their answers counted by
    question and distinct value, then each indicator's own rule applied to its tallies."""
    wanted = {}
    for indicator in indicators:
        params = indicator.source_params or {}
        wanted[(params.get("survey"), params.get("question"))] = indicator
    questions = Question.objects.filter(
        survey__code__in={survey for survey, _code in wanted}
    ).values_list("pk", "survey__code", "code")
    by_question = {pk: wanted[(s, c)] for pk, s, c in questions if (s, c) in wanted}
    low, high = period.moments()
    tallies = defaultdict(list)
    fields = ("question_id", *TALLY_FIELDS[3:])  # the value fields
    counted = (
        Answer.objects.filter(
            question_id__in=list(by_question), response__submitted_at__range=(low, high)
        )
        .order_by()
        .values_list(*fields)
        .annotate(count=Count("pk"))
    )
    for question_id, number, choices, text, day, count in counted:
        row = Tally("", 0, "", number, choices, text, day, count)
        if _has_value(row):
            tallies[question_id].append(row)
    pools = {
        indicator.pk: survey_pool(indicator, tallies.get(pk, []))
        for pk, indicator in by_question.items()
    }
    for indicator in indicators:  # a survey or question that no longer exists: nothing answered
        pools.setdefault(indicator.pk, survey_pool(indicator, []))
    return pools


# Activity measures that add up activity by activity (distinct people do not).
ADDITIVE_MEASURES = {"sessions", "hours", "attendances"}


def _activity_pools(indicators: list[Indicator], period: Period) -> dict[int, Pool]:
    """Activity-record indicators of many projects in three GROUP BY queries: sessions, hours
    and attendances counted per activity, then added up over the activities that count for each
    project (records.project_activity_scope: its own, and for a projet social its lead
    structure's activities linked to no project), as the engine does project by project."""
    projects = {i.framework.project_id: i.framework.project for i in indicators}
    social = {pk for pk, p in projects.items() if p.kind == Project.Kind.SOCIAL_PROJECT}
    led = defaultdict(set)  # lead structure -> its projets sociaux among these
    for project_id, organisation_id in Membership.objects.filter(
        project_id__in=social, role=Membership.Role.LEAD
    ).values_list("project_id", "organisation_id"):
        led[organisation_id].add(project_id)
    activities = Activity.objects.filter(
        Q(project_id__in=list(projects)) | Q(project__isnull=True, organisation_id__in=list(led))
    )
    of_project = defaultdict(list)  # project -> [(activity, code)]
    for pk, project_id, organisation_id, code in activities.values_list(
        "pk", "project_id", "organisation_id", "code"
    ):
        for owner in [project_id] if project_id else led.get(organisation_id, ()):
            of_project[owner].append((pk, code))
    sessions = ActivitySession.objects.filter(
        activity__in=activities, date__range=(period.start, period.end)
    )
    counted = {
        pk: (n, hours or Decimal(0))
        for pk, n, hours in sessions.order_by()
        .values_list("activity_id")
        .annotate(n=Count("pk"), hours=Sum("duration"))
    }
    people = dict(
        Attendance.objects.filter(session__in=sessions)
        .order_by()
        .values_list("session__activity_id")
        .annotate(n=Sum("count"))
    )
    pools = {}
    for indicator in indicators:
        params = indicator.source_params or {}
        code, measure = params.get("activity"), params.get("measure")
        chosen = [
            pk for pk, c in of_project[indicator.framework.project_id] if not code or c == code
        ]
        count = sum(counted.get(pk, (0, 0))[0] for pk in chosen)
        if measure == "sessions":
            total = count
        elif measure == "hours":
            total = float(sum((counted[pk][1] for pk in chosen if pk in counted), Decimal(0)))
        else:
            total = sum(people.get(pk) or 0 for pk in chosen)
        kind = Pool.RATIO if indicator.computation == Indicator.Computation.MEAN else Pool.SUM
        pools[indicator.pk] = Pool(kind, count, total)
    return pools


# Sources whose values add up (indicators.Pool); the others keep no national value.
POOLED_SOURCES = {
    Indicator.Source.SURVEY_QUESTION,
    Indicator.Source.ACTIVITY_RECORDS,
    Indicator.Source.VOLUNTEER_TIME,
    Indicator.Source.TESTIMONIES,
    Indicator.Source.MANUAL,
}


def _poolable(indicator: Indicator) -> bool:
    """Before/after changes need every pair of answers, a latest value is no sum: not pooled."""
    return indicator.source_type in POOLED_SOURCES and indicator.computation not in (
        Indicator.Computation.CHANGE,
        Indicator.Computation.LATEST,
    )


def _batched(indicator: Indicator) -> bool:
    return (
        indicator.source_type == Indicator.Source.SURVEY_QUESTION
        and indicator.computation != Indicator.Computation.CHANGE
    )


def _activity_batched(indicator: Indicator) -> bool:
    return (
        indicator.source_type == Indicator.Source.ACTIVITY_RECORDS
        and (indicator.source_params or {}).get("measure", "attendances") in ADDITIVE_MEASURES
    )


def refresh(year: int, names: Iterable[str] | None = None) -> int:
    """Recompute and keep, for one calendar year, every sharing structure's value of the common
    indicators `names` (all of them by default). Survey indicators are counted for all structures
    at once; the others go through the engine structure by structure. Returns the values kept."""
    names = list(names) if names is not None else common_names()
    ids = sharing(None)
    period = year_period(year)
    now = timezone.now()
    figures = []
    for name in names:
        copies = {org: i for org, i in structure_copies(name, ids).items() if _poolable(i)}
        organisation_of = {indicator.pk: org for org, indicator in copies.items()}
        batched = [i for i in copies.values() if _batched(i)]
        pools = _survey_pools(batched, period) if batched else {}
        by_activity = [i for i in copies.values() if _activity_batched(i)]
        pools.update(_activity_pools(by_activity, period) if by_activity else {})
        for indicator in copies.values():
            if indicator.pk not in pools:
                pools[indicator.pk] = compute(indicator, period).pool
        for pk, pool in pools.items():
            if pool is None:
                continue
            figures.append(
                IndicatorFigure(
                    indicator_id=pk, organisation_id=organisation_of[pk], year=year,
                    kind=pool.kind, n=pool.n, total=pool.total, successes=pool.successes,
                    counts={str(v): c for v, c in pool.counts.items()},
                    value=pool.estimate.value, computed_at=now,
                )
            )  # fmt: skip
    with transaction.atomic():
        IndicatorFigure.objects.filter(year=year, indicator__name__in=names).delete()
        IndicatorFigure.objects.bulk_create(figures, batch_size=2000)
    return len(figures)


def _counts(kept: dict | None) -> dict[float, int]:
    return {float(v): c for v, c in (kept or {}).items()}


def aggregate(name: str, year: int, network: Network | None = None) -> Aggregate:
    """The common indicator `name` for one calendar year, pooled over the structures that share
    their values (with `network`, or nationally), from the values `refresh` kept. Two queries."""
    shared = sharing(network)
    figures = IndicatorFigure.objects.filter(
        year=year, indicator__name=name, organisation_id__in=shared
    )
    rows = list(figures.values_list("kind", "n", "total", "successes", "counts", "computed_at"))
    pool, count = _merge([Pool(k, n, t, s, _counts(c)) for k, n, t, s, c, _at in rows])
    sharing_count = shared.distinct().count()
    if pool is None:
        return Aggregate(name, year, None, False, 0, sharing_count)
    oldest = min(row[-1] for row in rows)
    return Aggregate(
        name, year, pool.estimate, pool.kind == Pool.SHARE, count, sharing_count,
        rule=rule(pool.kind, count), computed_at=oldest,
    )  # fmt: skip


def kept_since(year: int) -> datetime | None:
    """When the oldest kept value of that year was computed (None: none kept)."""
    return IndicatorFigure.objects.filter(year=year).aggregate(at=Min("computed_at"))["at"]
