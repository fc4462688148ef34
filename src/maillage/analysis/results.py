"""A project's results: each objective with its evaluative questions, their written answers, and
each indicator's value, trend and chart (what the dashboard and the report show)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from maillage.analysis import charts
from maillage.analysis.coding import quotable
from maillage.analysis.indicators import (
    IndicatorValue,
    Period,
    compute,
    default_period,
    read_together,
    trend_values,
    years,
)
from maillage.analysis.models import QuestionAnswer
from maillage.collection import records
from maillage.evaluation.actions import framework_for
from maillage.evaluation.models import EvaluativeQuestion, Indicator, Target, TransformationGoal


def figure(number: float | None, decimals: int | None = None) -> str:
    """A French number: thin spaces between thousands, a comma, no useless decimals."""
    if number is None:
        return "–"
    if decimals is None:
        decimals = 0 if abs(number) >= 100 or float(number).is_integer() else 1
    return number_format(round(number, decimals), decimals, force_grouping=True)


def value_text(value: IndicatorValue) -> str:
    """« 73 % », « 3,4 sur 5 », « 10 544 heures », « +1,2 points »."""
    if value.value is None:
        return "–"
    unit = value.indicator.unit
    if value.is_percent:
        return f"{figure(value.value, 0)} %"
    if value.change is not None:
        sign = "+" if value.value > 0 else ""
        return f"{sign}{figure(value.value, 1)} {unit}".strip()
    return f"{figure(value.value)} {unit}".strip()


def interval_text(value: IndicatorValue) -> str:
    estimate = value.estimate
    if estimate is None or estimate.low is None:
        return ""
    decimals = 0 if value.is_percent else 1
    suffix = " %" if value.is_percent else ""
    return _("de %(low)s à %(high)s%(suffix)s (intervalle de confiance à 95 %%)") % {
        "low": figure(estimate.low, decimals),
        "high": figure(estimate.high, decimals),
        "suffix": suffix,
    }


QUOTES_SHOWN = 3
TARGET_ORDER = {Target.RESIDENTS: 0, Target.TERRITORY: 1, Target.COMMUNITY: 2}
ADDITIVE = {Indicator.Computation.COUNT, Indicator.Computation.SUM, Indicator.Computation.THEMES}


@dataclass
class IndicatorResult:
    value: IndicatorValue
    trend: list[IndicatorValue]
    chart_title: str = ""
    chart_rows: list[tuple[str, float]] = field(default_factory=list)
    chart_svg: str = ""

    @property
    def compared(self) -> IndicatorValue:
        """What the target is compared with. A target of a count or a sum is yearly: over several
        years, compare the last complete year that has data (or the current one, if alone)."""
        period = self.value.period
        spans_years = period is not None and period.start.year != period.end.year
        if self.indicator.computation not in ADDITIVE or not spans_years:
            return self.value
        with_data = [p for p in self.trend if p.value is not None and p.n]
        complete = [p for p in with_data if p.period.end < timezone.localdate()]
        return (complete or with_data or [self.value])[-1]

    @property
    def target_reached(self) -> bool | None:
        return self.compared.target_reached

    @property
    def compared_text(self) -> str:
        """« 2025 : 5 250 heures » when the target is compared with one year of the period."""
        if self.compared is self.value or self.indicator.target_value is None:
            return ""
        return f"{self.compared.period.label} : {value_text(self.compared)}"

    @property
    def indicator(self) -> Indicator:
        return self.value.indicator

    @property
    def text(self) -> str:
        return value_text(self.value)

    @property
    def interval(self) -> str:
        return interval_text(self.value)


@dataclass
class QuestionResult:
    question: EvaluativeQuestion
    answer: QuestionAnswer | None
    indicators: list[IndicatorResult]
    form: object = None  # the answer form, set by the page for those who may write


@dataclass
class GoalResult:
    goal: TransformationGoal | None
    questions: list[QuestionResult]
    quotes: list = field(default_factory=list)


def _chart(value: IndicatorValue, trend: list[IndicatorValue]) -> tuple[str, list, bool]:
    """Which chart tells this value best: its trend, its distribution, or its groups."""
    with_data = [point for point in trend if point.value is not None and point.n]
    if value.change is not None and value.change.before is not None:
        rows = [(_("Avant"), value.change.before), (_("Aujourd'hui"), value.change.after)]
        return _("Moyenne avant et aujourd'hui"), rows, False
    if len(with_data) >= 2:
        return _("Par année"), [(p.period.label, p.value) for p in with_data], False
    for title, rows in (
        (_("Réponses par choix"), value.distribution),
        (_("Par groupe"), value.by_group if len(value.by_group) >= 2 else []),
        (_("Par structure"), value.by_member if len(value.by_member) >= 2 else []),
    ):
        if rows:
            return title, [(row.label, row.estimate.value) for row in rows], True
    return "", [], False


def indicator_result(indicator: Indicator, period: Period | None, *, draw=True):
    value = compute(indicator, period)
    whole = default_period(indicator)
    # One grouped pass for all the years (the sources it does not read so compute each year,
    # reusing the period's value when the period is one of them).
    trend = trend_values(indicator, years(whole), known=value) if whole else []
    title, rows, horizontal = _chart(value, trend)
    result = IndicatorResult(value, trend, title, rows)
    if draw and rows:
        target = indicator.target_value
        same_scale = not horizontal and value.change is None and target is not None
        result.chart_svg = charts.svg(
            rows,
            horizontal=horizontal,
            unit="%" if value.is_percent else indicator.unit,
            target=float(target) if same_scale else None,
        )
    return result


def project_results(
    project, period: Period | None = None, *, draw=True, computed=True, quotes=True
) -> list[GoalResult]:
    """The framework's objectives, questions and indicators' results. `computed=False` leaves
    each question's indicators as they are, uncomputed (a report whose indicator sections are
    kept, reports/kept_indicators.py); `quotes=False` skips the quotes (a report picks its
    own)."""
    # One pass: the project's activities and lead structures are read once for all indicators.
    with records.one_pass():
        return _project_results(project, period, draw=draw, computed=computed, quotes=quotes)


def _project_results(project, period, *, draw, computed, quotes) -> list[GoalResult]:
    framework = framework_for(project)
    questions = list(
        framework.questions.select_related("goal", "criterion", "answer")
        # The engine reads each indicator's project: joined here, not two queries an indicator.
        .prefetch_related(
            Prefetch("indicators", Indicator.objects.select_related("framework__project"))
        )
        .order_by("goal__target", "goal__order", "order", "pk")
    )
    by_goal: dict[int | None, list[QuestionResult]] = {}
    every = [i for question in questions for i in question.indicators.all()] if computed else []
    # The questions of one survey tallied together, the values typed in read together.
    with read_together(every, period):
        for question in questions:
            answer = getattr(question, "answer", None)  # a missing one-to-one raises
            indicators = sorted(question.indicators.all(), key=lambda i: (i.order, i.pk))
            if computed:
                indicators = [indicator_result(i, period, draw=draw) for i in indicators]
            by_goal.setdefault(question.goal_id, []).append(
                QuestionResult(question, answer, indicators)
            )
    goals = {goal.pk: goal for goal in framework.goals.all()}
    ordered = [GoalResult(goals[pk], items) for pk, items in by_goal.items() if pk in goals]
    # The method's order: residents, then the territory, then the communauté d'action.
    ordered.sort(key=lambda item: (TARGET_ORDER.get(item.goal.target, 9), item.goal.order))
    for item in ordered if quotes else ():
        item.quotes = list(quotable(project, goal=item.goal)[:QUOTES_SHOWN])
    if None in by_goal:
        ordered.append(GoalResult(None, by_goal[None]))
    return ordered
