"""The indicator engine: every indicator of a project's framework computed from its source, for a
period and per breakdown, with no extra input.

`compute(indicator, period)` returns an `IndicatorValue`: the figure with its interval and sample
size, the figure for each breakdown (group of people, member structure), and what makes it
traceable: the French rule it applied and the rows it read (`records`, a queryset the indicator
page lists). Shares are given in percent, with Wilson intervals; means with Student intervals;
before/after changes on the same respondents with effect size and paired tests.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from itertools import pairwise
from typing import NamedTuple

from django.db.models import (
    CharField,
    Count,
    FilteredRelation,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.analysis import statistics
from maillage.analysis.models import Coding
from maillage.analysis.statistics import Change, Estimate
from maillage.analysis.volunteering import smic_on
from maillage.collection import records as records_rules
from maillage.collection.imports import normalise
from maillage.collection.models import Answer, Attendance, Question, Testimony
from maillage.collection.testimonies import project_testimonies
from maillage.evaluation.indicator_sources import describe_source
from maillage.evaluation.models import Indicator, ManualValue, StakeholderGroup
from maillage.organisations.models import NetworkSession, NetworkSessionAttendance
from maillage.projects.models import MeetingAttendance

GROUP_LABELS = dict(StakeholderGroup.choices)


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @property
    def label(self) -> str:
        if (self.start.month, self.start.day, self.end.month, self.end.day) == (1, 1, 12, 31):
            if self.start.year == self.end.year:
                return str(self.start.year)
            return f"{self.start.year}–{self.end.year}"
        return f"{self.start:%d/%m/%Y} – {self.end:%d/%m/%Y}"

    def moments(self) -> tuple[datetime, datetime]:
        tz = timezone.get_current_timezone()
        return (
            datetime.combine(self.start, time.min, tzinfo=tz),
            datetime.combine(self.end, time.max, tzinfo=tz),
        )


@dataclass
class Row:
    """One line of a breakdown, or of a distribution of answers."""

    key: str
    label: str
    estimate: Estimate


@dataclass(frozen=True)
class Pool:
    """The parts of a value that add up across structures, so that a network or national figure
    pools the people, sessions or testimonies behind each structure's value instead of averaging
    the values: the successes of a share, the {value: count} of a mean of answers, the total of
    a count or a sum, the total and its denominator of a mean per session or per entry."""

    SHARE, MEAN, SUM, RATIO = "share", "mean", "sum", "ratio"

    kind: str
    n: int
    total: float = 0
    successes: int = 0
    counts: dict[float, int] = field(default_factory=dict)

    def __add__(self, other: Pool) -> Pool:
        if other.kind != self.kind:
            raise ValueError("only pools of the same kind add up")
        counts = Counter(self.counts)
        counts.update(other.counts)
        return Pool(self.kind, self.n + other.n, self.total + other.total,
                    self.successes + other.successes, dict(counts))  # fmt: skip

    @property
    def estimate(self) -> Estimate:
        if self.kind == self.SHARE:
            share = statistics.wilson(self.successes, self.n)
            if share.value is None:
                return share
            return Estimate(share.value * 100, share.n, share.low * 100, share.high * 100)
        if self.kind == self.MEAN:
            return statistics.mean_of_counts(self.counts)
        if self.kind == self.RATIO:
            return Estimate(self.total / self.n if self.n else None, self.n)
        return Estimate(self.total, self.n)


@dataclass
class IndicatorValue:
    indicator: Indicator
    period: Period | None
    estimate: Estimate | None = None
    change: Change | None = None
    is_percent: bool = False
    rule: str = ""
    notice: str = ""
    by_group: list[Row] = field(default_factory=list)
    by_member: list[Row] = field(default_factory=list)
    by_activity: list[Row] = field(default_factory=list)
    distribution: list[Row] = field(default_factory=list)
    # Breakdowns a source has beyond those above, each with its French title (the reception
    # log: by theme of the request, by channel).
    other_breakdowns: list[tuple[str, list[Row]]] = field(default_factory=list)
    # What adds up across structures (analysis.aggregates); None where the rule does not pool.
    pool: Pool | None = None
    # The rows read, as a queryset or a function giving it: built on first use only, since
    # most readers (dashboards, reports, kept values) want the figure and never list the rows.
    records_source: QuerySet | Callable[[], QuerySet] | None = field(default=None, repr=False)

    @property
    def records(self) -> QuerySet | None:
        if callable(self.records_source):
            self.records_source = self.records_source()
        return self.records_source

    @records.setter
    def records(self, value: QuerySet | Callable[[], QuerySet] | None) -> None:
        self.records_source = value

    @property
    def value(self) -> float | None:
        return self.estimate.value if self.estimate else None

    @property
    def n(self) -> int:
        return self.estimate.n if self.estimate else 0

    @property
    def small_sample(self) -> bool:
        """Only answers to questions are samples; counts of sessions or hours are not."""
        return (
            self.indicator.source_type == Indicator.Source.SURVEY_QUESTION
            and self.estimate is not None
            and self.estimate.small_sample
        )

    @property
    def source(self) -> str:
        return describe_source(self.indicator)

    @property
    def target_reached(self) -> bool | None:
        target = self.indicator.target_value
        if target is None or self.value is None:
            return None
        if self.indicator.direction == Indicator.Direction.DECREASE:
            return Decimal(str(self.value)) <= target
        return Decimal(str(self.value)) >= target


def default_period(indicator: Indicator) -> Period | None:
    """The indicator's own period, else its project's, else none (all the data)."""
    project = indicator.framework.project
    start = indicator.period_start or (project.period_start if project else None)
    end = indicator.period_end or (project.period_end if project else None)
    if start and end:
        return Period(start, end)
    return None


def years(period: Period) -> list[Period]:
    """The calendar years of a period, up to the current one (a trend's points)."""
    last = min(period.end.year, timezone.localdate().year)
    return [
        Period(max(period.start, date(y, 1, 1)), min(period.end, date(y, 12, 31)))
        for y in range(period.start.year, last + 1)
    ]


def compute(indicator: Indicator, period: Period | None = None) -> IndicatorValue:
    period = period if period is not None else default_period(indicator)
    result = IndicatorValue(indicator, period)
    project = indicator.framework.project
    if project is None:
        result.notice = _("Un cadre commun se calcule dans chaque structure qui l'a repris.")
        return result
    computer = COMPUTERS.get(indicator.source_type)
    if computer is None:
        result.notice = _("Cette source n'est pas encore recueillie dans Maillage.")
        return result
    computer(indicator, project, period, result)
    return result


def compute_all(indicators, period: Period | None = None) -> list[IndicatorValue]:
    """`compute` of each indicator (a framework's, a page's) in one pass: each project's
    activities and lead structures are read once for all of them, not once per indicator; so are
    the answers of the questions that several indicators take from one survey, and the values
    typed in for several indicators."""
    indicators = list(indicators)
    with records_rules.one_pass(), read_together(indicators, period):
        return [compute(indicator, period) for indicator in indicators]


# What compute_all reads once for several indicators, and what it read; None outside a pass.
_together: ContextVar[dict | None] = ContextVar("indicators_read_together", default=None)


@contextmanager
def read_together(indicators, period: Period | None):
    """Within the block, `compute` of these indicators shares the reads that several of them
    need: the questions of one survey (key ("survey", code, period)) and the values typed in
    (key ("manual", period)). Only for reading: rows written inside the block may not be seen."""
    wanted: dict[tuple, set] = defaultdict(set)
    for indicator in indicators:
        own = period if period is not None else default_period(indicator)
        params = indicator.source_params or {}
        if indicator.source_type == Indicator.Source.MANUAL:
            wanted[("manual", own)].add(indicator.pk)
        elif (
            indicator.source_type == Indicator.Source.SURVEY_QUESTION
            and indicator.computation != Indicator.Computation.CHANGE
            and params.get("survey")
            and params.get("question")
        ):
            wanted[("survey", params["survey"], own)].add(params["question"])
    together = {key: {"wanted": items, "read": None} for key, items in wanted.items()
                if len(items) > 1}  # fmt: skip
    token = _together.set(together)
    try:
        yield
    finally:
        _together.reset(token)


def _shared(key: tuple, item) -> dict | None:
    """The pass's shared read under `key` if it covers `item`, else None (read alone)."""
    shared = (_together.get() or {}).get(key)
    return shared if shared is not None and item in shared["wanted"] else None


def _survey_tallies(indicator, project, period, code) -> tuple[list[Tally], set[str]]:
    """`_tallies` of the indicator's question, from the pass's shared read if there is one."""
    survey = (indicator.source_params or {}).get("survey")
    shared = _shared(("survey", survey, period), code)
    if shared is None:
        return _tallies(_answers(indicator, project, period, code))
    if shared["read"] is None:
        answers = Answer.objects.filter(
            question__survey__code=survey, question__code__in=shared["wanted"]
        )
        if period:
            answers = answers.filter(response__submitted_at__range=period.moments())
        read: dict[str, tuple[list[Tally], set[str]]] = {c: ([], set()) for c in shared["wanted"]}
        for (question,), tally, kind in _counted(answers, "question__code"):
            read[question][0].append(tally)
            read[question][1].add(kind)
        shared["read"] = read
    return shared["read"][code]


def trend(indicator: Indicator) -> list[IndicatorValue]:
    period = default_period(indicator)
    if period is None:
        return []
    return trend_values(indicator, years(period))


def _consecutive_years(periods: list[Period]) -> bool:
    """Periods that each lie in one calendar year and follow one another without gap (what
    `years` gives): a row of their span then belongs to the period of its year, and to no other."""
    return all(p.start.year == p.end.year for p in periods) and all(
        later.start == earlier.end + timedelta(days=1) for earlier, later in pairwise(periods)
    )


def trend_values(
    indicator: Indicator, periods: list[Period], known: IndicatorValue | None = None
) -> list[IndicatorValue]:
    """Each year's figure of a trend (estimate, n, percent or not, pool) with the same rules and
    numbers as `compute(indicator, year)`, but read in one grouped pass over all the years for
    the sources where that is simple (survey questions, activity records, volunteer time,
    testimonies, manual values): the number of queries does not grow with the years. The points
    carry no breakdown, distribution, before/after tests (`change`) nor records: a trend shows
    none. Meetings, the reception log and governance keep one `compute` per year; `known`, a
    value already computed for one of the periods, is then reused as is."""
    periods = list(periods)
    project = indicator.framework.project
    points = TREND_POINTS.get(indicator.source_type)
    if not periods or project is None or points is None or not _consecutive_years(periods):
        return [
            known if known is not None and known.period == period else compute(indicator, period)
            for period in periods
        ]
    values = [IndicatorValue(indicator, period) for period in periods]
    span = Period(periods[0].start, periods[-1].end)
    points(indicator, project, span, {value.period.start.year: value for value in values})
    return values


# --- survey questions ---------------------------------------------------------------------------


def _answers(indicator, project, period, code):
    params = indicator.source_params or {}
    answers = Answer.objects.filter(
        question__survey__code=params.get("survey"), question__code=code
    ).select_related("response", "question__survey__organisation")
    if period:
        low, high = period.moments()
        answers = answers.filter(response__submitted_at__range=(low, high))
    return answers


class Tally(NamedTuple):
    """One distinct answer value with the number of answers that gave it, per group of people
    and member structure. The database counts (GROUP BY); the engine applies its rules once per
    distinct value: the same figures as reading every answer, without moving the rows."""

    group: str
    org_id: int
    org_name: str
    number: Decimal | None
    choices: list
    text: str
    date: date | None
    count: int


TALLY_FIELDS = (
    "response__respondent_group",
    "question__survey__organisation_id",
    "question__survey__organisation__name",
    "number",
    "choices",
    "text",
    "date",
)


def _counted(queryset, *keys):
    """For each distinct answer value (and `keys`), counted by the database: the keys' values,
    the Tally and the type of the question it answers."""
    counted = (
        queryset.order_by()
        .values_list(*keys, *TALLY_FIELDS, "question__type")
        .annotate(count=Count("pk"))
    )
    for *values, kind, count in counted:
        yield values[: len(keys)], Tally(*values[len(keys) :], count), kind


def _tallies(queryset) -> tuple[list[Tally], set[str]]:
    """The tallies, and the type of the question they answer (to know, without another query,
    whether a distribution by choice is wanted)."""
    tallies, types = [], set()
    for _keys, tally, kind in _counted(queryset):
        tallies.append(tally)
        types.add(kind)
    return tallies, types


def _number(answer) -> float | None:
    if answer.number is not None:
        return float(answer.number)
    if answer.choices:
        try:
            return float(answer.choices[0])
        except (TypeError, ValueError):
            return None
    return None


def _meets(indicator: Indicator, answer) -> bool:
    wanted = indicator.condition_values()
    operator = indicator.condition_operator
    if operator in (Indicator.Operator.EQ, Indicator.Operator.IN):
        given = answer.choices or ([answer.text] if answer.text else [])
        if answer.number is not None and not given:
            given = [f"{answer.number.normalize():f}"]
        return bool({normalise(v) for v in given} & {normalise(v) for v in wanted})
    number = _number(answer)
    try:
        threshold = float(Decimal(wanted[0].replace(",", "."))) if wanted else None
    except InvalidOperation:
        threshold = None
    if number is None or threshold is None:
        return False
    return number >= threshold if operator == Indicator.Operator.GTE else number <= threshold


def _has_value(answer) -> bool:
    return bool(answer.text or answer.choices or answer.number is not None or answer.date)


def survey_pool(indicator, tallies) -> Pool:
    """The poolable parts of a survey indicator from its tallies (anything with the answer
    fields and a `count`): shares count successes, means keep each distinct number's count."""
    computation = indicator.computation
    n = sum(t.count for t in tallies)
    if computation == Indicator.Computation.SHARE:
        return Pool(Pool.SHARE, n, successes=sum(t.count for t in tallies if _meets(indicator, t)))
    counts: Counter[float] = Counter()
    for t in tallies:
        number = _number(t)
        if number is not None:
            counts[number] += t.count
    if computation == Indicator.Computation.MEAN:
        return Pool(Pool.MEAN, counts.total(), counts=dict(counts))
    if computation == Indicator.Computation.SUM:
        return Pool(Pool.SUM, counts.total(), math.fsum(v * c for v, c in counts.items()))
    if indicator.condition_operator:
        return Pool(Pool.SUM, n, sum(t.count for t in tallies if _meets(indicator, t)))
    return Pool(Pool.SUM, n, n)


def _survey_estimate(indicator, tallies: list[Tally]) -> tuple[Estimate, bool]:
    is_percent = indicator.computation == Indicator.Computation.SHARE
    return survey_pool(indicator, tallies).estimate, is_percent


def _by(tallies, key, label) -> dict[str, tuple[str, list]]:
    groups: dict[str, tuple[str, list]] = {}
    for tally in tallies:
        k = key(tally)
        if k not in groups:  # the label once per key: it may be a translation lookup
            groups[k] = (label(tally), [])
        groups[k][1].append(tally)
    return groups


def _survey(indicator, project, period, result) -> None:
    params = indicator.source_params or {}
    if indicator.computation == Indicator.Computation.CHANGE:
        queryset = _answers(indicator, project, period, params.get("question"))
        result.records = queryset
        _survey_change(indicator, project, period, result, queryset)
        return
    result.records = lambda: _answers(indicator, project, period, params.get("question"))
    tallies, types = _survey_tallies(indicator, project, period, params.get("question"))
    tallies = [t for t in tallies if _has_value(t)]
    result.pool = survey_pool(indicator, tallies)
    result.estimate = result.pool.estimate
    result.is_percent = indicator.computation == Indicator.Computation.SHARE
    result.rule = _survey_rule(indicator)
    breakdowns = [
        ("by_group", lambda a: a.group,
         lambda a: GROUP_LABELS.get(a.group, _("groupe non indiqué"))),
        ("by_member", lambda a: str(a.org_id), lambda a: a.org_name),
    ]  # fmt: skip
    for attribute, key, label in breakdowns:
        rows = [
            Row(k, lab, _survey_estimate(indicator, items)[0])
            for k, (lab, items) in sorted(_by(tallies, key, label).items())
        ]
        setattr(result, attribute, rows)
    question = None
    if tallies and types & Question.CHOICE_TYPES:
        question = Question.objects.filter(
            survey__code=params.get("survey"), code=params.get("question")
        ).first()
    if question is not None and question.has_choices:
        counts: Counter[str] = Counter()
        for tally in tallies:
            for value in tally.choices:
                counts[value] += tally.count
        options = question.option_list()
        labels, order = dict(options), {value: i for i, (value, _label) in enumerate(options)}
        answered = sum(t.count for t in tallies)
        # Most given first; ties in the order of the question's choices.
        ranked = sorted(counts.items(), key=lambda item: (-item[1], order.get(item[0], len(order))))
        result.distribution = [
            Row(value, labels.get(value, value), Estimate(count, answered))
            for value, count in ranked
        ]


def _survey_rule(indicator) -> str:
    computation = indicator.computation
    condition = ""
    if indicator.condition_operator:
        condition = _(" dont la réponse est %(operator)s « %(value)s »") % {
            "operator": indicator.get_condition_operator_display(),
            "value": indicator.condition_value,
        }
    if computation == Indicator.Computation.SHARE:
        return _(
            "Part des personnes ayant répondu%(condition)s, avec son intervalle de confiance à "
            "95 %% (méthode de Wilson)."
        ) % {"condition": condition}
    if computation == Indicator.Computation.MEAN:
        return _("Moyenne des réponses, avec son intervalle de confiance à 95 % (loi de Student).")
    if computation == Indicator.Computation.SUM:
        return _("Somme des nombres répondus.")
    return _("Nombre de réponses%(condition)s.") % {"condition": condition}


class PairTally(NamedTuple):
    """A distinct (before, after) pair of the same response, counted, per group of people."""

    group: str
    number: Decimal | None
    choices: list
    before_number: Decimal | None
    before_choices: list | None
    count: int


def _pair_tallies(indicator, project, period, queryset, *, by_year=False) -> list:
    """Each « after » answer with the same response's « before » answer, counted by distinct
    pair in the database; by_year: (year, PairTally) couples, the group left out."""
    params = indicator.source_params or {}
    # The « before » question found first, then each response's answer to it joined through the
    # unique (response, question) index: one join, where two correlated subqueries per answer
    # (its number, its choices) took longer to build and to run.
    before_question = (
        Question.objects.filter(
            survey__code=params.get("survey"), code=params.get("before_question")
        )
        .values_list("pk", flat=True)
        .first()
    )
    if before_question is None:
        return []
    counted = queryset.order_by().annotate(
        before=FilteredRelation(
            "response__answers", condition=Q(response__answers__question_id=before_question)
        )
    )
    fields = ("number", "choices", "before__number", "before__choices")
    if by_year:
        counted = counted.annotate(year=ExtractYear("response__submitted_at"))
        counted = counted.values_list("year", *fields).annotate(count=Count("pk"))
        return [(int(year), PairTally("", *values)) for year, *values in counted]
    counted = counted.values_list("response__respondent_group", *fields).annotate(count=Count("pk"))
    return [PairTally(*values) for values in counted]


def _pair(tally: PairTally) -> tuple[float, float] | None:
    """The (before, after) numbers of a pair tally, or None when one of them is not a number."""
    after_value = _number(tally)
    before_value = _number(_Before(tally.before_number, tally.before_choices or []))
    if after_value is None or before_value is None:
        return None
    return before_value, after_value


class _Before(NamedTuple):
    number: Decimal | None
    choices: list


def _survey_change(indicator, project, period, result, queryset) -> None:
    pairs_by_group = defaultdict(list)
    pairs = []
    for tally in _pair_tallies(indicator, project, period, queryset):
        pair = _pair(tally)
        if pair is not None:
            pairs += [pair] * tally.count
            pairs_by_group[tally.group] += [pair] * tally.count
    result.change = statistics.paired_change(pairs)
    result.estimate = result.change.change
    # A group's row shows the mean change and its interval only: no tests to run for it.
    result.by_group = [
        Row(key, GROUP_LABELS.get(key, _("groupe non indiqué")),
            statistics.mean([after - before for before, after in items]))
        for key, items in sorted(pairs_by_group.items())
    ]  # fmt: skip
    result.rule = _(
        "Écart moyen entre « aujourd'hui » et « avant », pour les personnes qui ont répondu aux "
        "deux questions ; intervalle de confiance à 95 %, taille d'effet (d de Cohen pour données "
        "appariées), test t apparié et test des rangs signés de Wilcoxon."
    )


def _survey_points(indicator, project, span, points: dict[int, IndicatorValue]) -> None:
    """A trend's points of a survey question: the answers tallied by year of their response in
    one grouped query (no group or member key: a point has no breakdown), then `_survey`'s rules
    for each year; a before/after change keeps its mean change only (no tests)."""
    params = indicator.source_params or {}
    queryset = _answers(indicator, project, span, params.get("question"))
    if indicator.computation == Indicator.Computation.CHANGE:
        differences = defaultdict(list)
        for year, tally in _pair_tallies(indicator, project, span, queryset, by_year=True):
            pair = _pair(tally)
            if pair is not None:
                differences[year] += [pair[1] - pair[0]] * tally.count
        for year, point in points.items():
            point.estimate = statistics.mean(differences[year])
        return
    counted = (
        queryset.order_by()
        .annotate(year=ExtractYear("response__submitted_at"))
        .values_list("year", "number", "choices", "text", "date")
        .annotate(count=Count("pk"))
    )
    tallies = defaultdict(list)
    for year, number, choices, text, day, count in counted:
        tally = Tally("", 0, "", number, choices, text, day, count)
        if _has_value(tally):
            tallies[int(year)].append(tally)
    for year, point in points.items():
        point.pool = survey_pool(indicator, tallies[year])
        point.estimate = point.pool.estimate
        point.is_percent = indicator.computation == Indicator.Computation.SHARE


# --- activity records and volunteer time --------------------------------------------------------


def _sessions(indicator, project, period):
    sessions = records_rules.project_sessions(project)
    activity = (indicator.source_params or {}).get("activity")
    if activity:
        sessions = sessions.filter(activity__code=activity)
    if period:
        sessions = sessions.filter(date__range=(period.start, period.end))
    return sessions


def _activity(indicator, project, period, result) -> None:
    measure = (indicator.source_params or {}).get("measure")
    sessions = _sessions(indicator, project, period)
    result.records = lambda: sessions.select_related("activity__organisation").order_by("-date")

    def pool(queryset) -> Pool:
        count = queryset.count()
        if measure == "sessions":
            total = count
        elif measure == "hours":
            total = float(queryset.aggregate(h=Sum("duration"))["h"] or 0)
        elif measure == "participants":
            total = (
                queryset.filter(participants__isnull=False)
                .values("participants")
                .distinct()
                .count()
            )
        else:  # attendances
            total = Attendance.objects.filter(session__in=queryset).aggregate(n=Sum("count"))["n"]
            total = total or 0
        return Pool(kind(), count, total)

    def figure(queryset) -> Estimate:
        return pool(queryset).estimate

    def kind() -> str:
        return _activity_kind(indicator, measure)

    # Sessions and hours per member structure, and people per group, in two grouped queries:
    # the whole figure is their sum (the same as counting the whole at once). Sessions are
    # grouped by activity, each activity's structure read apart (records.activity_structures).
    structures = records_rules.activity_structures(project)
    by_member: dict[int, list] = {}
    # Once per pass: a project's attendance and session indicators group the same sessions.
    grouped = records_rules.in_pass(
        ("sessions", project.pk, period, (indicator.source_params or {}).get("activity")),
        lambda: list(
            sessions.order_by()
            .values_list("activity_id")
            .annotate(n=Count("*"), hours=Sum("duration"))
        ),
    )
    for activity_id, n, hours in grouped:
        pk, name = structures[activity_id]
        member = by_member.setdefault(pk, [pk, name, 0, None])
        member[2] += n
        if hours is not None:
            member[3] = (member[3] or Decimal(0)) + hours
    members = [tuple(member) for member in by_member.values()]
    count = sum(n for _pk, _name, n, _hours in members)
    per_group = []
    if measure not in ("sessions", "hours", "participants"):
        per_group = list(
            Attendance.objects.filter(session__in=sessions)
            .values_list("group")
            .annotate(n=Sum("count"))
            .order_by("group")
        )
    if measure == "sessions":
        result.pool = Pool(kind(), count, count)
    elif measure == "hours":
        hours = sum((h or Decimal(0) for _pk, _name, _n, h in members), start=Decimal(0))
        result.pool = Pool(kind(), count, float(hours))
    elif measure == "participants":
        result.pool = pool(sessions)
    else:  # attendances
        result.pool = Pool(kind(), count, sum(n for _group, n in per_group))
    result.estimate = result.pool.estimate
    if len(members) == 1:  # one member (a projet social): its figure is the whole figure
        ((pk, name, _n, _hours),) = members
        result.by_member = [Row(str(pk), name, result.estimate)]
    else:
        result.by_member = [
            Row(str(pk), name, figure(sessions.filter(activity__organisation_id=pk)))
            for pk, name, _n, _hours in sorted(members, key=lambda item: item[1])
        ]
    if measure == "attendances":
        result.by_group = [
            Row(group, GROUP_LABELS.get(group, group), Estimate(n, n)) for group, n in per_group
        ]
    rules = {
        "sessions": _("Nombre de séances relevées"),
        "hours": _("Heures d'activité : somme des durées des séances"),
        "participants": _("Nombre de personnes nommées différentes venues au moins une fois "
                          "(les personnes comptées sans nom n'y entrent pas)"),
        "attendances": _("Nombre de participations : somme des personnes comptées à chaque séance"),
    }  # fmt: skip
    rule = rules.get(measure, "")
    if indicator.computation == Indicator.Computation.MEAN and measure != "participants":
        rule += _(", en moyenne par séance")
    result.rule = rule + _(", pour les activités du projet.")


def _activity_kind(indicator, measure) -> str:
    if indicator.computation == Indicator.Computation.MEAN and measure != "participants":
        return Pool.RATIO
    return Pool.SUM


def _activity_points(indicator, project, span, points: dict[int, IndicatorValue]) -> None:
    """A trend's points of activity records: sessions and hours by year, people by year, each in
    one grouped query."""
    measure = (indicator.source_params or {}).get("measure")
    sessions = _sessions(indicator, project, span)
    counts, hours = Counter(), defaultdict(lambda: Decimal(0))
    by_year = (
        sessions.order_by()
        .annotate(year=ExtractYear("date"))
        .values_list("year")
        .annotate(n=Count("*"), hours=Sum("duration"))
    )
    for year, n, year_hours in by_year:
        counts[int(year)] += n
        hours[int(year)] += year_hours or Decimal(0)
    totals = Counter()
    if measure == "participants":
        people = (
            sessions.filter(participants__isnull=False)
            .order_by()
            .annotate(year=ExtractYear("date"))
            .values_list("year")
            .annotate(n=Count("participants", distinct=True))
        )
        totals.update({int(year): n for year, n in people})
    elif measure not in ("sessions", "hours"):  # attendances
        people = (
            Attendance.objects.filter(session__in=sessions)
            .order_by()
            .annotate(year=ExtractYear("session__date"))
            .values_list("year")
            .annotate(n=Sum("count"))
        )
        totals.update({int(year): n or 0 for year, n in people})
    for year, point in points.items():
        if measure == "sessions":
            total = counts[year]
        elif measure == "hours":
            total = float(hours[year])
        else:
            total = totals[year]
        point.pool = Pool(_activity_kind(indicator, measure), counts[year], total)
        point.estimate = point.pool.estimate


def _volunteer_entries(indicator, project, period):
    params = indicator.source_params or {}
    entries = records_rules.project_volunteer_time(project)
    if params.get("activity"):
        entries = entries.filter(activity__code=params["activity"])
    if period:
        entries = entries.filter(date__range=(period.start, period.end))
    return entries


def _hourly_rate(indicator) -> Decimal | None:
    rate = (indicator.source_params or {}).get("hourly_rate")
    return Decimal(str(rate)) if rate not in (None, "") else None


def _volunteer_pool(indicator, rows) -> Pool:
    """The pool of (hours, day) entries: hours, or their value at the set rate or the SMIC."""
    if (indicator.source_params or {}).get("measure") == "value_eur":
        rate = _hourly_rate(indicator)
        total = sum((hours * (rate or smic_on(day)) for hours, day in rows), start=Decimal(0))
    else:
        total = sum((hours for hours, _day in rows), start=Decimal(0))
    if indicator.computation == Indicator.Computation.MEAN:
        return Pool(Pool.RATIO, len(rows), float(total))
    if indicator.computation == Indicator.Computation.COUNT:
        return Pool(Pool.SUM, len(rows), len(rows))
    return Pool(Pool.SUM, len(rows), float(total))


def _volunteer_points(indicator, project, span, points: dict[int, IndicatorValue]) -> None:
    """A trend's points of volunteer time: the entries of the whole span read once (hours and
    day, what the rule reads), shared out by year."""
    rows = defaultdict(list)
    for hours, day in (
        _volunteer_entries(indicator, project, span).order_by().values_list("hours", "date")
    ):
        rows[day.year].append((hours, day))
    for year, point in points.items():
        point.pool = _volunteer_pool(indicator, rows[year])
        point.estimate = point.pool.estimate


def _volunteering(indicator, project, period, result) -> None:
    params = indicator.source_params or {}
    entries = _volunteer_entries(indicator, project, period)
    result.records = lambda: entries.select_related("organisation", "activity", "person").order_by(
        "-date"
    )
    rate = _hourly_rate(indicator)

    def pool(rows) -> Pool:
        return _volunteer_pool(indicator, rows)

    def figure(rows) -> Estimate:
        return pool(rows).estimate

    # One read of the entries; the breakdowns are made from it.
    entries_rows = list(
        entries.order_by().values_list(
            "hours", "date", "activity_id", "activity__name", "organisation_id",
            "organisation__name",
        )
    )  # fmt: skip
    result.pool = pool([(hours, day) for hours, day, *_rest in entries_rows])
    result.estimate = result.pool.estimate
    by_activity, by_member = defaultdict(list), defaultdict(list)
    for hours, day, activity_id, activity_name, organisation_id, organisation_name in entries_rows:
        by_activity[(activity_id, activity_name)].append((hours, day))
        by_member[(organisation_id, organisation_name)].append((hours, day))
    result.by_activity = [
        Row(str(pk or ""), name or _("Vie de la structure"), figure(items))
        for (pk, name), items in sorted(by_activity.items(), key=lambda item: item[0][1] or "")
    ]
    result.by_member = [
        Row(str(pk), name, figure(items))
        for (pk, name), items in sorted(by_member.items(), key=lambda item: item[0][1])
    ]
    if params.get("measure") == "value_eur":
        result.rule = (
            _("Heures données × %(rate)s € de l'heure") % {"rate": rate}
            if rate
            else _("Heures données × le SMIC horaire brut en vigueur à la date des heures")
        ) + _(" (contributions volontaires en nature).")
    else:
        result.rule = _("Somme des heures de bénévolat saisies pour le projet.")


# --- manual values and testimonies ------------------------------------------------------------


def _manual_values(indicator, period):
    # By end, then by entry: the latest value is the same whichever span is read.
    values = indicator.manual_values.order_by("period_end", "pk")
    if period:
        values = values.filter(period_start__lte=period.end, period_end__gte=period.start)
    return values


def _manual_figure(indicator, items) -> Estimate:
    numbers = [float(v.value) for v in items]
    if not numbers:
        return Estimate(None, 0)
    if indicator.computation == Indicator.Computation.SUM:
        return Estimate(sum(numbers), len(numbers))
    if indicator.computation == Indicator.Computation.MEAN:
        return Estimate(sum(numbers) / len(numbers), len(numbers))
    return Estimate(numbers[-1], len(numbers))  # latest


def _manual_pool(indicator, rows) -> Pool | None:
    numbers = [float(v.value) for v in rows]
    if indicator.computation == Indicator.Computation.SUM:
        return Pool(Pool.SUM, len(numbers), sum(numbers))
    if indicator.computation == Indicator.Computation.MEAN:
        return Pool(Pool.RATIO, len(numbers), sum(numbers))
    return None


def _manual_points(indicator, project, span, points: dict[int, IndicatorValue]) -> None:
    """A trend's points of manual values: the values overlapping the span read once; each year
    takes those overlapping it (a value over two years counts in both, as `_manual` does)."""
    rows = list(_manual_values(indicator, span))
    for point in points.values():
        start, end = point.period.start, point.period.end
        items = [v for v in rows if v.period_start <= end and v.period_end >= start]
        point.estimate = _manual_figure(indicator, items)
        point.pool = _manual_pool(indicator, items)


def _manual_rows(indicator, period) -> list[ManualValue]:
    """The indicator's values of the period (`_manual_values`), from the pass's shared read of
    several indicators' values if there is one."""
    shared = _shared(("manual", period), indicator.pk)
    if shared is None:
        return list(_manual_values(indicator, period).select_related("organisation"))
    if shared["read"] is None:
        values = ManualValue.objects.filter(indicator_id__in=shared["wanted"])
        if period:
            values = values.filter(period_start__lte=period.end, period_end__gte=period.start)
        read: dict[int, list[ManualValue]] = {pk: [] for pk in shared["wanted"]}
        for value in values.select_related("organisation").order_by("period_end", "pk"):
            read[value.indicator_id].append(value)
        shared["read"] = read
    return shared["read"][indicator.pk]


def _manual(indicator, project, period, result) -> None:
    result.records = lambda: _manual_values(indicator, period).select_related("organisation")
    rows = _manual_rows(indicator, period)

    def figure(items) -> Estimate:
        return _manual_figure(indicator, items)

    result.estimate = figure(rows)
    result.pool = _manual_pool(indicator, rows)
    members = defaultdict(list)
    for value in rows:
        if value.organisation_id:
            members[(str(value.organisation_id), value.organisation.name)].append(value)
    result.by_member = [Row(k, name, figure(items)) for (k, name), items in members.items()]
    result.rule = {
        Indicator.Computation.SUM: _("Somme des valeurs saisies pour la période."),
        Indicator.Computation.MEAN: _("Moyenne des valeurs saisies pour la période."),
    }.get(indicator.computation, _("Dernière valeur saisie pour la période."))


def _themes(indicator) -> list[str]:
    return [str(t) for t in (indicator.source_params or {}).get("themes") or []]


def _testimony_names(ids) -> dict[int, set[str]]:
    """The (normalised) names each testimony carries, in one query: its keywords, and the themes
    its passages were coded with and their parents."""
    keywords = (
        Testimony.tags.through.objects.filter(testimony_id__in=ids)
        .order_by()
        .values_list("testimony_id", "testimonytag__name", Value(None, output_field=CharField()))
    )
    coded = (
        Coding.objects.filter(testimony_id__in=ids)
        .order_by()
        .values_list("testimony_id", "theme__name", "theme__parent__name")
    )
    names = defaultdict(set)
    for testimony_id, name, parent in keywords.union(coded, all=True):
        names[testimony_id].update(normalise(n) for n in (name, parent) if n)
    return names


def _theme_counts(themes, ids, names) -> tuple[Counter, int]:
    """Testimonies per theme, and those with at least one theme. A testimony carries a theme when
    one of its passages was coded with it (or with one of its sub-themes), or, before any
    coding, when it has that keyword."""
    wanted = {normalise(theme): theme for theme in themes}
    counts = Counter()
    matching = 0
    for pk in ids:
        found = {wanted[name] for name in names.get(pk, ()) if name in wanted}
        counts.update(found)
        matching += bool(found)
    return counts, matching


def _testimony_points(indicator, project, span, points: dict[int, IndicatorValue]) -> None:
    """A trend's points of testimonies: those of the span read once with their keywords and
    codings, shared out by the year they were said."""
    themes = _themes(indicator)
    items = project_testimonies(project).filter(said_on__range=(span.start, span.end))
    said = list(items.values_list("pk", "said_on"))
    names = _testimony_names([pk for pk, _day in said]) if themes else {}
    by_year = defaultdict(list)
    for pk, day in said:
        by_year[day.year].append(pk)
    for year, point in points.items():
        ids = by_year[year]
        matching = _theme_counts(themes, ids, names)[1] if themes else len(ids)
        point.pool = Pool(Pool.SUM, len(ids), matching)
        point.estimate = point.pool.estimate


def _testimonies(indicator, project, period, result) -> None:
    items = project_testimonies(project)
    if period:
        items = items.filter(said_on__range=(period.start, period.end))
    result.records = lambda: (
        items.select_related("organisation").prefetch_related("tags").order_by("-said_on")
    )
    themes = _themes(indicator)
    # Plain rows (no model, no prefetch): the figure needs only who said it and its names.
    said = list(items.values_list("pk", "organisation_id", "organisation__name"))
    ids = [pk for pk, _org, _name in said]
    if themes:
        counts, matching = _theme_counts(themes, ids, _testimony_names(ids))
        result.distribution = [
            Row(theme, theme, Estimate(counts[theme], len(ids))) for theme in themes
        ]
        result.pool = Pool(Pool.SUM, len(ids), matching)
        result.estimate = result.pool.estimate
        result.rule = _(
            "Témoignages du projet dont un passage est codé avec au moins un des thèmes (ou, sans "
            "codage, qui portent ce mot-clé), et le nombre de témoignages par thème."
        )
    else:
        result.pool = Pool(Pool.SUM, len(ids), len(ids))
        result.estimate = result.pool.estimate
        result.rule = _("Nombre de témoignages recueillis pour le projet.")
    members = Counter((str(org), name) for _pk, org, name in said)
    result.by_member = [Row(k, name, Estimate(n, n)) for (k, name), n in sorted(members.items())]


def _meetings(indicator, project, period, result) -> None:
    params = indicator.source_params or {}
    if params.get("network_sessions"):
        # The networks' collective sessions that the project's own structures came to; only
        # their people count (the other structures at a session are not the project's).
        members = project.own_structure_ids()
        meetings = NetworkSession.objects.filter(
            pk__in=NetworkSessionAttendance.objects.filter(
                organisation_id__in=members, count__gt=0
            ).values("session_id")
        )
        attendance_model, link = NetworkSessionAttendance, "session"
    else:
        meetings = project.meetings.all()
        members = None
        attendance_model, link = MeetingAttendance, "meeting"
    if params.get("meeting_types"):
        meetings = meetings.filter(kind__in=params["meeting_types"])
    if period:
        meetings = meetings.filter(held_on__range=(period.start, period.end))
    result.records = meetings.order_by("-held_on")
    attendances = attendance_model.objects.filter(**{f"{link}__in": meetings})
    if members is not None:
        attendances = attendances.filter(organisation_id__in=members)
    measure, count = params.get("measure"), meetings.count()
    if measure == "meetings":
        result.estimate = Estimate(count, count)
    elif measure == "organisations":
        pairs = set(attendances.values_list(f"{link}_id", "organisation_id"))
        per_meeting = Counter(meeting for meeting, _organisation in pairs)
        if indicator.computation == Indicator.Computation.MEAN:
            values = [per_meeting.get(pk, 0) for pk in meetings.values_list("pk", flat=True)]
            result.estimate = statistics.mean([float(v) for v in values])
        else:
            distinct = attendances.values("organisation_id").distinct().count()
            result.estimate = Estimate(distinct, count)
    else:  # attendances
        total = attendances.aggregate(n=Sum("count"))["n"] or 0
        if indicator.computation == Indicator.Computation.MEAN:
            result.estimate = Estimate(total / count if count else None, count)
        else:
            result.estimate = Estimate(total, count)
    by_member = attendances.values_list("organisation_id", "organisation__name").annotate(
        n=Sum("count")
    )
    result.by_member = [
        Row(str(pk), name, Estimate(n, n)) for pk, name, n in sorted(by_member, key=lambda r: r[1])
    ]
    by_group = attendances.values_list("group").annotate(n=Sum("count")).order_by("group")
    result.by_group = [Row(g, GROUP_LABELS.get(g, g), Estimate(n, n)) for g, n in by_group]
    result.rule = {
        "meetings": _("Nombre de rencontres tenues"),
        "organisations": _("Structures membres présentes (par rencontre en moyenne, ou en tout)"),
    }.get(measure, _("Participations : somme des personnes présentes")) + _(
        ", pour les types de rencontre choisis."
    )
    if members is not None:
        result.rule += _(
            " Ce sont les séances collectives des réseaux où la structure porteuse (pour un projet "
            "social) ou un membre du projet est venu ; seules leurs personnes sont comptées."
        )


def _governance(indicator, project, period, result) -> None:
    """Governance figures of the project's lead structure (organisations.governance): members
    counted at the period's end (never after today), renewal and meetings over the period; the
    mean computation averages the yearly values. Only counts: no name reaches an indicator."""
    from maillage.organisations import governance
    from maillage.organisations.models import BodyMeeting, GoverningBody

    params = indicator.source_params or {}
    measure, kind = params.get("measure"), params.get("body_kind")
    leads = [m.organisation for m in project.memberships.filter(role="porteur")
             .select_related("organisation")]  # fmt: skip
    bodies = GoverningBody.objects.filter(organisation__in=leads).order_by("pk")
    if kind:
        bodies = bodies.filter(kind=kind)
    bodies = list(bodies)
    today = timezone.localdate()
    if period is None:
        firsts = [b.created_on for b in bodies if b.created_on] + [today]
        period = Period(min(firsts), today)
    if not bodies:
        result.notice = _("La structure porteuse n'a enregistré aucune instance de ce type.")
        return
    if period.start > today:
        result.notice = _("La période n'a pas encore commencé.")
        return
    result.records = BodyMeeting.objects.filter(
        body__in=bodies, held_on__range=(period.start, min(period.end, today))
    ).order_by("-held_on")
    result.is_percent = measure in governance.PERCENT_MEASURES

    def value(items, start, end) -> Estimate:
        figures = governance.compute(items, start, end, today=today)
        n = {"meetings": figures.meetings, "attendance_rate": len(figures.attendance),
             "renewal_rate": figures.renewal_base}.get(measure, figures.members)  # fmt: skip
        return Estimate(figures.measure(measure), n), figures

    def estimate(items) -> Estimate:
        if indicator.computation != Indicator.Computation.MEAN:
            return value(items, period.start, period.end)[0]
        yearly = [value(items, y.start, y.end)[0] for y in years(period)]
        known = [e.value for e in yearly if e.value is not None]
        return Estimate(sum(known) / len(known) if known else None, len(known))

    result.estimate = estimate(bodies)
    figures = value(bodies, period.start, period.end)[1]
    if indicator.computation != Indicator.Computation.MEAN:
        groups = {g.group: g for g in figures.groups}
        labels = governance.GROUP_LABELS
        if measure == "residents_share":
            result.by_group = [Row(g.group, g.label, Estimate(g.share, g.count))
                               for g in groups.values()]  # fmt: skip
        elif measure == "women_share":
            result.by_group = [
                Row(g.group, g.label, Estimate(governance.percent(g.women, g.count), g.count))
                for g in groups.values()
            ]
        elif measure == "renewal_rate":
            result.by_group = [
                Row(key, labels[key],
                    Estimate(governance.percent(n, figures.renewal_base), n))
                for key, n in sorted(figures.newcomer_groups.items())
            ]  # fmt: skip
        elif measure == "co_presidents":
            result.by_group = [
                Row(key, labels[key], Estimate(n, n))
                for key, n in sorted(figures.co_president_groups.items())
            ]
    result.by_member = [
        Row(str(org.pk), org.name, estimate([b for b in bodies if b.organisation_id == org.pk]))
        for org in sorted(leads, key=lambda o: o.name)
    ]
    scope = (
        _("instances « %(kind)s »") % {"kind": dict(GoverningBody.Kind.choices)[kind]}
        if kind
        else _("toutes les instances")
    )
    result.rule = (
        str(governance.RULES.get(measure, ""))
        + " "
        + _("Pour les %(scope)s de la structure porteuse ; membres comptés le %(day)s.")
        % {"scope": scope, "day": f"{figures.on:%d/%m/%Y}"}
        + (
            " " + _("Moyenne des valeurs de chaque année de la période.")
            if indicator.computation == Indicator.Computation.MEAN
            else ""
        )
    )


def _reception(indicator, project, period, result) -> None:
    """The front desk's log (collection.reception): requests counted, or the share of them in
    the categories the condition names (Wilson interval), or the partners people were oriented
    to; by group of people, theme, channel and member structure. No name is ever read."""
    from maillage.collection import reception
    from maillage.evaluation import indicator_sources as sources

    params = indicator.source_params or {}
    measure = params.get("measure")
    choices = sources.reception_choices()
    requests = reception.project_requests(project)
    narrowed = []
    for key, name in sources.RECEPTION_FILTERS.items():
        if params.get(key):
            requests = requests.filter(**{f"{name}__in": params[key]})
            narrowed += [choices[name].get(code, code) for code in params[key]]
    if period:
        requests = requests.filter(received_on__range=(period.start, period.end))
    result.records = requests.select_related("organisation", "oriented_to").order_by(
        "-received_on", "-pk"
    )
    wanted = None
    if indicator.condition_operator and indicator.condition_values():
        wanted, _unknown = sources.reception_condition_codes(indicator.condition_values())
    fields = ("organisation_id", "organisation__name", "group", "theme", "channel", "outcome",
              "oriented_to_id")  # fmt: skip
    rows = list(requests.values_list(*fields))

    def meets(row) -> bool:
        return wanted is None or bool(wanted & set(row[2:6]))

    def figure(items) -> Estimate:
        if measure == "share":
            share = statistics.wilson(sum(meets(r) for r in items), len(items))
            if share.value is None:
                return share
            return Estimate(share.value * 100, share.n, share.low * 100, share.high * 100)
        if measure == "partners":
            return Estimate(len({r[6] for r in items if r[6] is not None and meets(r)}), len(items))
        return Estimate(sum(meets(r) for r in items), len(items))

    def breakdown(position: int, name: str) -> list[Row]:
        groups = defaultdict(list)
        for row in rows:
            groups[row[position]].append(row)
        return [
            Row(code, label, figure(groups[code]))
            for code, label in choices[name].items()
            if groups.get(code)
        ]

    result.estimate = figure(rows)
    result.is_percent = measure == "share"
    result.by_group = breakdown(2, "group")
    result.other_breakdowns = [
        (_("Par thème de la demande"), breakdown(3, "theme")),
        (_("Par canal"), breakdown(4, "channel")),
    ]
    members = defaultdict(list)
    for row in rows:
        members[(str(row[0]), row[1])].append(row)
    result.by_member = [Row(k, name, figure(items)) for (k, name), items in sorted(members.items())]
    scope = (
        _("pour le journal d'accueil de la structure porteuse")
        if project.kind == project.Kind.SOCIAL_PROJECT
        else _("pour les journaux d'accueil des structures membres")
    )
    which = _(" (%(list)s)") % {"list": ", ".join(narrowed)} if narrowed else ""
    condition = ""
    if wanted:
        labels = [label for name in choices.values() for code, label in name.items()
                  if code in wanted]  # fmt: skip
        condition = _(" qui relèvent de : %(list)s") % {"list": ", ".join(labels)}
    if measure == "share":
        result.rule = _(
            "Part des demandes notées à l'accueil%(which)s%(condition)s, avec son intervalle de "
            "confiance à 95 %% (méthode de Wilson), %(scope)s."
        ) % {"which": which, "condition": condition, "scope": scope}
    elif measure == "partners":
        result.rule = _(
            "Nombre de partenaires différents vers qui l'accueil a orienté des personnes"
            "%(which)s%(condition)s, %(scope)s."
        ) % {"which": which, "condition": condition, "scope": scope}
    else:
        result.rule = _(
            "Nombre de demandes notées à l'accueil%(which)s%(condition)s, %(scope)s."
        ) % {"which": which, "condition": condition, "scope": scope}


COMPUTERS = {
    Indicator.Source.SURVEY_QUESTION: _survey,
    Indicator.Source.ACTIVITY_RECORDS: _activity,
    Indicator.Source.VOLUNTEER_TIME: _volunteering,
    Indicator.Source.MANUAL: _manual,
    Indicator.Source.TESTIMONIES: _testimonies,
    Indicator.Source.MEETINGS: _meetings,
    Indicator.Source.RECEPTION: _reception,
    Indicator.Source.GOVERNANCE: _governance,
}


# The sources whose trend is read in one pass (`trend_values`); the others compute each year.
TREND_POINTS = {
    Indicator.Source.SURVEY_QUESTION: _survey_points,
    Indicator.Source.ACTIVITY_RECORDS: _activity_points,
    Indicator.Source.VOLUNTEER_TIME: _volunteer_points,
    Indicator.Source.MANUAL: _manual_points,
    Indicator.Source.TESTIMONIES: _testimony_points,
}


def project_years(project) -> list[Period]:
    """The calendar years of a project's period, up to the current one."""
    if not (project.period_start and project.period_end):
        return []
    return years(Period(project.period_start, project.period_end))


def project_period(project, year: str | None = None) -> Period | None:
    """One year of the project (« 2025 »), else its whole period, else none (all the data)."""
    for period in project_years(project):
        if str(period.start.year) == (year or ""):
            return period
    if project.period_start and project.period_end:
        return Period(project.period_start, project.period_end)
    return None
