"""A trend read in one pass gives each year the figures of computing that year alone, and its
number of queries does not grow with the years."""

import uuid
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from maillage.analysis.indicators import (
    TREND_POINTS,
    Period,
    compute,
    default_period,
    trend,
    trend_values,
    years,
)
from maillage.analysis.results import indicator_result
from maillage.collection.models import Answer, Question, Response, Survey
from maillage.evaluation.actions import framework_for
from maillage.evaluation.models import Criterion, EvaluativeQuestion, Indicator
from maillage.projects.models import Membership, Project

pytestmark = pytest.mark.django_db


def demo_indicators():
    return [
        indicator
        for indicator in Indicator.objects.filter(framework__project__isnull=False)
        .select_related("framework__project")
        .order_by("pk")
        if default_period(indicator) is not None
    ]


def figures(values):
    return [(v.period, v.value, v.n, v.is_percent) for v in values]


def test_every_demo_indicator_has_the_same_trend_as_year_by_year(world):
    indicators = demo_indicators()
    assert {i.source_type for i in indicators} >= set(TREND_POINTS)  # every one-pass source
    with_data = set()
    for indicator in indicators:
        periods = years(default_period(indicator))
        expected = [compute(indicator, period) for period in periods]
        assert figures(trend_values(indicator, periods)) == figures(expected), indicator.name
        if any(point.n for point in expected):
            with_data.add(indicator.source_type)
    # Not a comparison of empty years only (the demo's surveys fill one year: the test of
    # queries below has answers in four).
    assert with_data >= set(TREND_POINTS)


def test_intervals_are_the_same_too(world):
    for indicator in demo_indicators():
        periods = years(default_period(indicator))
        for point, alone in zip(
            trend(indicator), [compute(indicator, p) for p in periods], strict=True
        ):
            if alone.estimate is not None and point.estimate is not None:
                assert (point.estimate.low, point.estimate.high) == (
                    alone.estimate.low,
                    alone.estimate.high,
                ), indicator.name


def test_the_page_and_the_report_get_the_same_trend(world):
    indicator = next(i for i in demo_indicators() if i.source_type == "survey_question")
    whole = default_period(indicator)
    result = indicator_result(indicator, whole, draw=False)
    assert figures(result.trend) == figures([compute(indicator, y) for y in years(whole)])


def test_a_period_that_is_one_of_the_years_is_not_computed_twice(world):
    indicator = next(i for i in demo_indicators() if i.source_type not in TREND_POINTS)
    year = years(default_period(indicator))[0]
    value = compute(indicator, year)
    points = trend_values(indicator, years(default_period(indicator)), known=value)
    assert points[0] is value


@pytest.fixture
def project(world):
    item = Project.objects.create(
        title="Tendance", slug="tendance", kind=Project.Kind.COOPERATION,
        period_start=date(2020, 1, 1), period_end=date(2023, 12, 31),
    )  # fmt: skip
    Membership.objects.create(
        project=item, organisation=world.organisations["falaises"], role=Membership.Role.LEAD
    )
    return item


def make_indicator(project, computation, source, params, **fields):
    framework = framework_for(project)
    question = framework.questions.first() or EvaluativeQuestion.objects.create(
        framework=framework, text="Question ?", criterion=Criterion.objects.first()
    )
    return Indicator.objects.create(
        framework=framework, question=question, name="tendance", computation=computation,
        source_type=source, source_params=params, **fields,
    )  # fmt: skip


def answer(survey, question, year, number, group="habitant"):
    moment = timezone.make_aware(datetime(year, 6, 1, 12))
    response = Response.objects.create(
        survey=survey, submission_key=uuid.uuid4(), submitted_at=moment, respondent_group=group
    )
    Answer.objects.create(
        response=response, question=question, number=Decimal(number), choices=[str(number)]
    )


def test_queries_do_not_grow_with_the_years(project, world):
    survey = Survey.objects.create(
        organisation=world.organisations["falaises"], project=project, code="tendance",
        title="Tendance",
    )  # fmt: skip
    question = Question.objects.create(
        survey=survey, code="note", label="Note", type="scale", scale_max=5
    )
    for year, numbers in ((2020, [2, 4]), (2021, [5]), (2022, [3, 3, 4]), (2023, [1])):
        for number in numbers:
            answer(survey, question, year, number)
    cases = [
        ("mean", "survey_question", {"survey": "tendance", "question": "note"}, {}),
        ("share", "survey_question", {"survey": "tendance", "question": "note"},
         {"condition_operator": "gte", "condition_value": "3"}),
        ("change", "survey_question",
         {"survey": "tendance", "question": "note", "before_question": "note"}, {}),
        ("count", "activity_records", {"measure": "sessions"}, {}),
        ("sum", "activity_records", {"measure": "attendances"}, {}),
        ("count", "activity_records", {"measure": "participants"}, {}),
        ("sum", "volunteer_time", {"measure": "hours"}, {}),
        ("themes", "testimonies", {"themes": ["entraide"]}, {}),
        ("sum", "manual", {}, {}),
    ]  # fmt: skip
    two_years = [Period(date(2020, 1, 1), date(2020, 12, 31)),
                 Period(date(2021, 1, 1), date(2021, 12, 31))]  # fmt: skip
    four_years = years(Period(date(2020, 1, 1), date(2023, 12, 31)))
    assert len(four_years) == 4
    for computation, source, params, fields in cases:
        item = make_indicator(project, computation, source, params, **fields)
        item = Indicator.objects.select_related("framework__project").get(pk=item.pk)
        counted = []
        for periods in (two_years, four_years):
            with CaptureQueriesContext(connection) as queries:
                points = trend_values(item, periods)
            counted.append(len(queries))
            assert figures(points) == figures([compute(item, p) for p in periods]), source
        assert counted[0] == counted[1], (source, params, counted)
    # The survey's figures are the ones of its answers, year by year.
    mean = make_indicator(project, "mean", "survey_question",
                          {"survey": "tendance", "question": "note"})  # fmt: skip
    assert [p.value for p in trend_values(mean, four_years)] == [3, 5, 10 / 3, 1]
    assert [p.n for p in trend_values(mean, four_years)] == [2, 1, 3, 1]


def test_periods_that_are_not_calendar_years_are_computed_one_by_one(project, world):
    item = make_indicator(project, "count", "activity_records", {"measure": "sessions"})
    periods = [Period(date(2020, 1, 1), date(2021, 6, 30)), Period(date(2021, 7, 1),
               date(2021, 12, 31))]  # fmt: skip
    assert figures(trend_values(item, periods)) == figures([compute(item, p) for p in periods])
