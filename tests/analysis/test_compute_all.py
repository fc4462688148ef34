"""A framework's indicators computed in one pass give the figures of computing each alone, read
the project's scope once, and see new records at once (nothing kept after the pass)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from maillage.analysis.indicators import compute, compute_all, default_period
from maillage.collection import records
from maillage.collection.models import Activity
from maillage.evaluation.models import Indicator

pytestmark = pytest.mark.django_db
SLUG = "projet-social-falaises-2023-2026"


def falaises_indicators():
    return list(
        Indicator.objects.filter(framework__project__slug=SLUG)
        .select_related("framework__project")
        .order_by("order", "pk")
    )


def figures(value):
    change = value.change
    return (
        value.value, value.n, value.estimate,
        [(row.key, row.estimate) for row in value.by_group],
        change and (change.effect_size, change.t_test_p, change.wilcoxon_p),
    )  # fmt: skip


def test_one_pass_gives_the_same_figures_with_fewer_queries(world):
    indicators = falaises_indicators()
    assert {i.source_type for i in indicators} >= {"activity_records", "volunteer_time"}
    with CaptureQueriesContext(connection) as alone:
        expected = [compute(i) for i in indicators]
    with CaptureQueriesContext(connection) as together:
        values = compute_all(indicators)
    assert [figures(v) for v in values] == [figures(v) for v in expected]
    assert len(together) < len(alone)
    # The project's activities are read once for all its activity and volunteering indicators.
    reads = [q for q in together if q["sql"].startswith('SELECT "collection_activity"."id"')]
    assert len(reads) == 1


def test_a_new_session_shows_at_once_after_a_pass(world):
    sessions = next(i for i in falaises_indicators() if i.source_type == "activity_records")
    sessions.pk, sessions.computation = None, "count"
    sessions.source_params = {"measure": "sessions"}  # every activity of the project
    sessions.save()
    project = sessions.framework.project
    period = default_period(sessions)
    before = compute_all([sessions], period)[0].value
    organisation = project.memberships.get(role="porteur").organisation
    new = Activity.objects.create(organisation=organisation, project=project, name="N", code="n")
    records.record_session(new, on=period.start, duration=None, counts={"habitant": 3})
    assert compute_all([sessions], period)[0].value == before + 1
    assert compute(sessions, period).value == before + 1


def everything(value):
    """All that a page or a report shows of a value: figure, interval, breakdowns, distribution,
    pool, change and rule."""
    rows = [
        [(row.key, row.label, row.estimate) for row in rows]
        for rows in (value.by_group, value.by_member, value.distribution)
    ]
    change = value.change
    return (
        value.value, value.n, value.estimate, value.is_percent, value.pool, value.rule, rows,
        change and (change.change, change.effect_size, change.t_test_p, change.wilcoxon_p),
    )  # fmt: skip


def test_every_demo_framework_in_one_pass_shows_what_each_indicator_alone_shows(world):
    """Indicators that share a survey are tallied in one query, values typed in are read in one
    query: the figures are the same, to the breakdowns and distributions."""
    from collections import Counter

    by_project: dict[int, list] = {}
    for indicator in Indicator.objects.filter(framework__project__isnull=False).select_related(
        "framework__project"
    ):
        by_project.setdefault(indicator.framework.project_id, []).append(indicator)
    shared_reads = 0
    for indicators in by_project.values():
        expected = [everything(compute(i)) for i in indicators]
        with CaptureQueriesContext(connection) as together:
            values = compute_all(indicators)
        assert [everything(v) for v in values] == expected
        surveys = Counter(
            survey
            for survey, _question in {
                ((i.source_params or {}).get("survey"), (i.source_params or {}).get("question"))
                for i in indicators
                if i.source_type == "survey_question" and i.computation != "change"
            }
        )
        manual = sum(1 for i in indicators if i.source_type == "manual")
        if max(surveys.values(), default=0) > 1 or manual > 1:
            shared_reads += 1
            sql = [q["sql"] for q in together]
            if max(surveys.values(), default=0) > 1:
                assert any(s.startswith('SELECT "collection_question"."code"') for s in sql)
            if manual > 1:
                assert sum('FROM "evaluation_manualvalue"' in s for s in sql) == 1
    assert shared_reads  # the demo world has frameworks that share reads


def test_a_project_s_results_share_the_reads_and_keep_every_figure(world):
    """The results page and the report (results.project_results) tally the questions of one
    survey together, as compute_all does, with the figures each indicator gives alone."""
    from maillage.analysis.results import project_results
    from maillage.projects.models import Project

    project = Project.objects.get(slug=SLUG)
    with CaptureQueriesContext(connection) as queries:
        goals = project_results(project, draw=False)
    computed = [
        item.value for goal in goals for question in goal.questions for item in question.indicators
    ]
    assert computed
    assert [everything(v) for v in computed] == [everything(compute(v.indicator)) for v in computed]
    questions_by_survey = {
        ((v.indicator.source_params or {}).get("survey"), v.indicator.source_params.get("question"))
        for v in computed
        if v.indicator.source_type == "survey_question" and v.indicator.computation != "change"
    }
    surveys = {survey for survey, _question in questions_by_survey}
    assert len(questions_by_survey) > len(surveys)  # some survey gives several questions
    tallies = [q for q in queries if q["sql"].startswith('SELECT "collection_question"."code"')]
    assert 1 <= len(tallies) <= len(surveys)
