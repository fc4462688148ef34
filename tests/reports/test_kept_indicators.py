"""A report's indicators are kept between two reports while their data stay the same, and a new
answer or an edited indicator shows at the very next report."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from maillage.analysis.indicators import project_period
from maillage.collection.models import Answer, Response
from maillage.evaluation.models import Indicator
from maillage.reports import content

FALAISES = "projet-social-falaises-2023-2026"


def _build(project, audience="funders"):
    options = content.Options(audience=audience)
    with CaptureQueriesContext(connection) as queries:
        data = content.build(project, project_period(project), options)
    return data, len(queries)


def _indicators(data) -> dict[str, dict]:
    return {
        item["name"]: item
        for goal in data["objectives"]
        for question in goal["questions"]
        for item in question["indicators"]
    }


def _survey_indicator(project) -> Indicator:
    return (
        Indicator.objects.filter(
            framework__project=project, source_type=Indicator.Source.SURVEY_QUESTION
        )
        .order_by("pk")
        .first()
    )


def test_a_second_report_reads_the_kept_indicators_and_shows_the_same(world):
    project = world.projects[FALAISES]
    first, first_queries = _build(project)
    second, second_queries = _build(project)
    assert second == first
    # The engine's queries (every indicator, every year of its trend) are not made again.
    assert second_queries < first_queries / 2


def test_a_new_answer_shows_at_the_next_report(world):
    project = world.projects[FALAISES]
    indicator = _survey_indicator(project)
    before = _indicators(_build(project)[0])[indicator.name]

    params = indicator.source_params
    answer = (
        Answer.objects.filter(
            question__survey__code=params["survey"], question__code=params["question"]
        )
        .select_related("response")
        .exclude(choices=[], number=None)
        .order_by("-response__submitted_at")
        .first()
    )
    response = Response.objects.create(
        survey=answer.response.survey,
        respondent_group=answer.response.respondent_group,
        submitted_at=answer.response.submitted_at,
    )
    Answer.objects.create(
        response=response, question=answer.question, number=answer.number, choices=answer.choices
    )

    after = _indicators(_build(project)[0])[indicator.name]
    assert after["n"] == before["n"] + 1


def test_an_edited_target_shows_at_the_next_report(world):
    project = world.projects[FALAISES]
    indicator = _survey_indicator(project)
    _build(project)
    Indicator.objects.filter(pk=indicator.pk).update(target_value=12.5)
    assert _indicators(_build(project)[0])[indicator.name]["target"] == "12,5"


def test_residents_and_funders_versions_are_kept_apart(world):
    project = world.projects[FALAISES]
    funders = _indicators(_build(project)[0])
    residents = _indicators(_build(project, "residents")[0])
    assert all("rule" in item for item in funders.values())
    assert not any("rule" in item for item in residents.values())
