"""The API sees and changes exactly what the pages let the same account see and change."""

import uuid
from datetime import date

import pytest
from schemathesis.specs.openapi.definitions import OPENAPI_31_VALIDATOR

from demo_people import CAF, DEMO_EMAILS, DIRECTION, FEDERATION, REFERENTE
from maillage import access
from maillage.access import Action
from maillage.analysis.indicators import compute
from maillage.collection.models import Activity, ActivitySession, Question, Response, Survey
from maillage.evaluation.models import Framework
from maillage.organisations.models import Organisation
from maillage.projects.models import Project

API = "/api/v1"
FALAISES_SURVEY = "benevoles-falaises-2025"
READER = "president@falaises.demo"  # reader of Les Falaises: sees, never writes


def _all_items(client, path):
    """Every item of a paginated list, page after page."""
    items, offset = [], 0
    while True:
        page = client.get(f"{API}{path}", {"limit": 7, "offset": offset})
        assert page.status_code == 200
        body = page.json()
        items += body["items"]
        offset += 7
        if offset >= body["count"]:
            assert len(items) == body["count"]
            return items


@pytest.mark.parametrize("email", DEMO_EMAILS)
def test_lists_are_those_of_the_pages(email, api_of, user_of):
    client, user = api_of(email), user_of(email)
    organisations = _all_items(client, "/organisations")
    assert [o["id"] for o in organisations] == list(
        access.visible_organisations(user).order_by("name", "pk").values_list("pk", flat=True)
    )
    projects = _all_items(client, "/projects")
    assert [p["id"] for p in projects] == list(
        access.visible_projects(user).order_by("title", "pk").values_list("pk", flat=True)
    )
    # Key figures appear exactly where the pages show them.
    for item in organisations:
        organisation = Organisation.objects.get(pk=item["id"])
        shown = access.can(user, Action.ORGANISATION_VIEW_FIGURES, organisation)
        assert (item["key_figures"] is not None) == shown, organisation.slug


def test_key_figures_only_where_the_structure_shares_them(api_of, world):
    client = api_of(FEDERATION)
    not_sharing = world.extra["causses_not_sharing"]
    sharing = [s for s in world.extra["causses_structures"] if s not in not_sharing]
    shared = client.get(f"{API}/organisations/{world.organisations[sharing[0]].pk}").json()
    assert shared["key_figures"], "a structure that shares its figures shows them"
    hidden = client.get(f"{API}/organisations/{world.organisations[not_sharing[0]].pk}").json()
    assert hidden["name"] and hidden["key_figures"] is None


def test_another_structures_objects_are_not_found_for_reading_and_writing(api_of, user_of):
    client, user = api_of(DIRECTION), user_of(DIRECTION)
    survey = Survey.objects.exclude(organisation__slug="falaises").first()
    activity = Activity.objects.exclude(organisation__slug="falaises").first()
    project = Project.objects.exclude(pk__in=access.visible_projects(user)).first()
    organisation = Organisation.objects.exclude(pk__in=access.visible_organisations(user)).first()
    before = Response.objects.count(), ActivitySession.objects.count()

    for path in (
        f"/surveys/{survey.pk}",
        f"/projects/{project.pk}",
        f"/projects/{project.pk}/framework",
        f"/projects/{project.pk}/indicator-values",
        f"/organisations/{organisation.pk}",
        f"/organisations/{activity.organisation_id}/activities",
        "/projects/999999999",
    ):
        response = client.get(f"{API}{path}")
        assert response.status_code == 404, path
        assert response.json()["detail"] == "Introuvable, ou vous n'y avez pas accès."
    posted = client.post(
        f"{API}/surveys/{survey.pk}/responses",
        {"submission_key": str(uuid.uuid4()), "answers": {}},
        content_type="application/json",
    )
    assert posted.status_code == 404
    posted = client.post(
        f"{API}/activities/{activity.pk}/sessions",
        {"submission_key": str(uuid.uuid4()), "date": "2026-01-15", "counts": {"habitant": 3}},
        content_type="application/json",
    )
    assert posted.status_code == 404
    assert (Response.objects.count(), ActivitySession.objects.count()) == before


def test_a_reader_sees_but_cannot_write(api_of):
    client = api_of(READER)
    survey = Survey.objects.get(code=FALAISES_SURVEY)
    assert client.get(f"{API}/surveys/{survey.pk}").status_code == 200
    response = client.post(
        f"{API}/surveys/{survey.pk}/responses",
        {"submission_key": str(uuid.uuid4()), "answers": {}},
        content_type="application/json",
    )
    assert response.status_code == 403


def _valid_answers(survey) -> dict:
    answers = {}
    for question in survey.questions.all():
        options = question.option_list()
        if question.type == Question.Type.MULTIPLE:
            answers[question.code] = [options[0][0]]
        elif options:
            answers[question.code] = options[-1][0]
        elif question.type == Question.Type.NUMBER:
            answers[question.code] = 4
        elif question.type == Question.Type.DATE:
            answers[question.code] = "2026-02-01"
        else:
            answers[question.code] = "Envoyé par le logiciel d'adhésions"
    return answers


def test_a_response_sent_twice_with_the_same_key_is_stored_once(api_of):
    client = api_of(REFERENTE)
    survey = Survey.objects.get(code=FALAISES_SURVEY)
    body = {"submission_key": str(uuid.uuid4()), "answers": _valid_answers(survey)}
    url = f"{API}/surveys/{survey.pk}/responses"
    before = survey.responses.count()

    first = client.post(url, body, content_type="application/json")
    assert first.status_code == 201, first.json()
    assert first.json()["created"] is True
    again = client.post(url, body, content_type="application/json")
    assert again.status_code == 200
    assert again.json() == {**first.json(), "created": False}
    assert survey.responses.count() == before + 1
    stored = Response.objects.get(pk=first.json()["id"])
    assert stored.answers.count() > 0 and stored.entered_by.email == REFERENTE
    assert stored.get_channel_display() == "envoyé par un logiciel (API)"

    # The same key for another survey is a conflict, never a write there.
    other = Survey.objects.filter(organisation__slug="falaises").exclude(pk=survey.pk).first()
    if other is not None:
        clash = client.post(
            f"{API}/surveys/{other.pk}/responses", body, content_type="application/json"
        )
        assert clash.status_code == 409


def test_a_bad_answer_is_refused_naming_its_question_and_nothing_is_stored(api_of):
    client = api_of(REFERENTE)
    survey = Survey.objects.get(code=FALAISES_SURVEY)
    scale = survey.questions.filter(type=Question.Type.SCALE).first()
    answers = {**_valid_answers(survey), scale.code: "99", "pas_une_question": "x"}
    before = Response.objects.count()

    response = client.post(
        f"{API}/surveys/{survey.pk}/responses",
        {"submission_key": str(uuid.uuid4()), "answers": answers},
        content_type="application/json",
    )
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "Réponse refusée : rien n'est enregistré."
    errors = {error["field"]: error for error in body["errors"]}
    assert errors[f"answers.{scale.code}"]["label"] == scale.label
    assert scale.code in errors[f"answers.{scale.code}"]["message"]
    assert "Réponse non prévue : 99" in errors[f"answers.{scale.code}"]["message"]
    assert "pas_une_question" in errors["answers.pas_une_question"]["message"]
    assert Response.objects.count() == before


def test_a_request_that_does_not_fit_the_schema_gets_french_messages(api_of):
    survey = Survey.objects.get(code=FALAISES_SURVEY)
    response = api_of(REFERENTE).post(
        f"{API}/surveys/{survey.pk}/responses",
        {"submission_key": "pas-un-uuid"},
        content_type="application/json",
    )
    assert response.status_code == 422
    errors = {error["field"]: error["message"] for error in response.json()["errors"]}
    assert errors["submission_key"].startswith("Écrivez un UUID")
    assert errors["answers"] == "Ce champ est obligatoire."


def test_activity_sessions_follow_the_quick_entry_rules_and_are_stored_once(api_of):
    client = api_of(REFERENTE)
    activity = Activity.objects.filter(organisation__slug="falaises").first()
    url = f"{API}/activities/{activity.pk}/sessions"
    key = str(uuid.uuid4())
    body = {
        "submission_key": key,
        "date": "2026-01-15",
        "duration": "1h30",
        "counts": {"habitant": 9, "benevole": 2},
    }
    before = activity.sessions.count()

    first = client.post(url, body, content_type="application/json")
    assert first.status_code == 201, first.json()
    assert first.json()["counts"] == {"habitant": 9, "benevole": 2}
    assert first.json()["total"] == 11 and first.json()["duration"] == 1.5
    again = client.post(url, body, content_type="application/json")
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert activity.sessions.count() == before + 1
    assert activity.sessions.get(submission_key=key).date == date(2026, 1, 15)

    bad = client.post(
        url,
        {"submission_key": str(uuid.uuid4()), "date": "31/02/2026", "counts": {"enfants": 3}},
        content_type="application/json",
    )
    assert bad.status_code == 422
    fields = {error["field"] for error in bad.json()["errors"]}
    assert {"date", "counts.enfants"} <= fields
    nobody = client.post(
        url,
        {"submission_key": str(uuid.uuid4()), "date": "2026-01-16", "counts": {}},
        content_type="application/json",
    )
    assert nobody.status_code == 422
    assert "Indiquez combien de personnes" in nobody.json()["errors"][0]["message"]
    assert activity.sessions.count() == before + 1


def test_framework_and_indicator_values_are_computed_like_the_results_page(api_of, world):
    client = api_of(DIRECTION)
    project = world.projects["projet-social-falaises-2023-2026"]
    framework = Framework.objects.get(project=project)

    read = client.get(f"{API}/projects/{project.pk}/framework").json()
    assert len(read["goals"]) == framework.goals.count()
    assert len(read["questions"]) == framework.questions.count()
    assert [i["id"] for i in read["indicators"]] == list(
        framework.indicators.order_by("order", "pk").values_list("pk", flat=True)
    )

    values = client.get(f"{API}/projects/{project.pk}/indicator-values", {"limit": 100}).json()
    assert values["count"] == framework.indicators.count()
    computed = [v for v in values["items"] if v["value"] is not None]
    assert computed, "the demo has indicators with values"
    for item in computed[:5]:
        expected = compute(framework.indicators.get(pk=item["indicator_id"]))
        assert item["value"] == pytest.approx(expected.value)
        assert item["n"] == expected.n
        assert "records" not in item and "rows" not in item

    year = client.get(f"{API}/projects/{project.pk}/indicator-values", {"year": 2025}).json()
    assert all(v["period"]["label"] == "2025" for v in year["items"] if v["period"])


def test_the_caf_reads_no_survey_of_a_structure(api_of):
    survey = Survey.objects.get(code=FALAISES_SURVEY)
    assert api_of(CAF).get(f"{API}/surveys/{survey.pk}").status_code == 404


def test_the_openapi_schema_loads_and_is_valid(client):
    response = client.get(f"{API}/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "API Maillage"
    assert "jeton" in schema["info"]["description"]
    assert list(OPENAPI_31_VALIDATOR.iter_errors(schema)) == []
    assert schema["components"]["securitySchemes"]["PersonalToken"]["scheme"] == "bearer"


def test_the_documentation_uses_no_cdn(client):
    html = client.get(f"{API}/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()
