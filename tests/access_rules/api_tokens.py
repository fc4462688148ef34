"""Access table of API tokens (accounts app) and of the API itself (api app).

Tokens: every logged-in person creates and revokes their own; a token of someone else is not
found (404), never revoked. The API: a browser session never opens it, whoever is logged in (401,
so no other site can make a logged-in browser write through it); only a bearer token does, tested
account by account in tests/api/. Its schema and documentation are public."""

from access_rules.base import (
    ALL,
    ANON,
    DIRECTION,
    LOGIN,
    NOT_FOUND,
    OK,
    REDIRECT,
    Case,
    everyone,
    logged_in,
)

BAD_REQUEST, UNAUTHORIZED, NOT_ALLOWED = 400, 401, 405


def direction_token(world):
    from maillage.accounts import actions

    token, _text = actions.create_api_token(world.users[DIRECTION], "Logiciel d'adhésions")
    return {"token_id": token.pk}


def organisation(world):
    return {"organisation_id": world.organisations["falaises"].pk}


def project(world):
    return {"project_id": world.projects["projet-social-falaises-2023-2026"].pk}


def survey(world):
    from maillage.collection.models import Survey

    return {"survey_id": Survey.objects.get(code="benevoles-falaises-2025").pk}


def activity(world):
    from maillage.collection.models import Activity

    return {"activity_id": Activity.objects.filter(organisation__slug="falaises").first().pk}


def _session_refused(name, kwargs=None, method="get"):
    return Case(f"api:{name}", kwargs=kwargs or {}, method=method, expect=everyone(UNAUTHORIZED))


CASES = [
    Case("accounts:api_token_create", expect=logged_in(OK)),
    Case(
        "accounts:api_token_create",
        method="post",
        data={"name": "Tableur de suivi"},
        expect=logged_in(OK),
        label="create",
    ),
    Case(
        "accounts:api_token_create",
        method="post",
        data={"name": ""},
        expect=logged_in(BAD_REQUEST),
        label="no-name",
    ),
    Case(
        "accounts:api_token_revoke",
        kwargs=direction_token,
        method="post",
        expect={**dict.fromkeys(ALL, NOT_FOUND), ANON: LOGIN, DIRECTION: REDIRECT},
        label="idor",
    ),
    Case(
        "accounts:api_token_revoke",
        kwargs=direction_token,
        expect=logged_in(NOT_ALLOWED),
        label="get",
    ),
    Case("api:api-root", expect=everyone(NOT_FOUND)),
    Case("api:openapi-json", expect=everyone(OK)),
    Case("api:openapi-view", expect=everyone(OK)),
    _session_refused("organisation_list"),
    _session_refused("organisation_detail", organisation),
    _session_refused("activity_list", organisation),
    _session_refused("project_list"),
    _session_refused("project_detail", project),
    _session_refused("project_framework", project),
    _session_refused("project_indicator_values", project),
    _session_refused("survey_detail", survey),
    _session_refused("survey_response_create", survey, "post"),
    _session_refused("activity_session_create", activity, "post"),
]
