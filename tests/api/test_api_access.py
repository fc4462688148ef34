"""Every API endpoint, with every demo account's token, against an explicit table of outcomes;
then every endpoint that takes an id, tried with the ids of objects the account has nothing to do
with.

The table mirrors tests/access_rules/ for the pages: an endpoint of the OpenAPI schema missing
from `API_CASES` makes `test_every_endpoint_has_a_rule` fail. Without a token the API answers
401 (ANON column); an object the account may not see answers 404, like one that does not exist;
one it sees but may not change answers 403."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

import pytest
from django.test import Client

import object_references as refs
from access_rules.base import (
    ALL,
    ANON,
    CAF,
    COORDINATION,
    DIRECTION,
    FEDERATION,
    PARTENAIRE,
    REFERENTE,
    everyone,
)
from maillage import access
from maillage.access import Action
from maillage.api.api import api

API = "/api/v1"
OK, CREATED, FORBIDDEN, NOT_FOUND, UNAUTHORIZED = 200, 201, 403, 404, 401
FALAISES_PEOPLE = (DIRECTION, REFERENTE)


def table(default, **by_account):
    """`default` for every token, 401 without one, `by_account` overriding."""
    return {**everyone(default), ANON: UNAUTHORIZED, **by_account}


def falaises(status):
    return dict.fromkeys(FALAISES_PEOPLE, status)


@dataclass
class ApiCase:
    method: str
    path: str  # as in the OpenAPI schema: /projects/{project_id}
    kwargs: object = None  # callable(world) -> dict of path parameters
    body: object = None  # callable() -> JSON body (a fresh submission key each time)
    expect: dict = field(default_factory=dict)
    label: str = ""


def organisation(slug):
    return lambda world: {"organisation_id": world.organisations[slug].pk}


def project(slug):
    return lambda world: {"project_id": world.projects[slug].pk}


def survey(world):
    return {"survey_id": refs.survey_id(refs.FALAISES)}


def activity(world):
    return {"activity_id": refs.activity_id(refs.FALAISES)}


def response_body():
    """A complete, valid answer to the Falaises volunteers' survey."""
    from maillage.collection.models import Question, Survey

    answers = {}
    for question in Survey.objects.get(code=refs.SURVEY_OF[refs.FALAISES]).questions.all():
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
    return {"submission_key": str(uuid.uuid4()), "answers": answers}


def session_body():
    return {"submission_key": str(uuid.uuid4()), "date": "2026-01-15", "counts": {"habitant": 3}}


def causses_sharing(world):
    """A Causses structure that shares everything with its network: its advisors read it."""
    slug = next(
        s for s in world.extra["causses_structures"] if s not in world.extra["causses_not_sharing"]
    )
    return {"organisation_id": world.organisations[slug].pk}


def causses_project(world):
    """The projet social of a Causses structure that shares its framework with the network."""
    from maillage.organisations.models import NetworkShare
    from maillage.projects.models import Project

    lead = (
        NetworkShare.objects.filter(
            network__slug="reseau-causses", scope=NetworkShare.Scope.FRAMEWORK
        )
        .order_by("organisation__slug")
        .first()
        .organisation
    )
    project = Project.objects.get(memberships__organisation=lead, memberships__role="porteur")
    return {"project_id": project.pk}


PSF = "projet-social-falaises-2023-2026"
ADVISORS = {FEDERATION: OK, CAF: OK}

API_CASES = [
    ApiCase("get", "/organisations", expect=table(OK)),
    ApiCase(
        "get",
        "/organisations/{organisation_id}",
        organisation("falaises"),
        expect=table(NOT_FOUND, **falaises(OK)),
    ),
    ApiCase(
        "get",
        "/organisations/{organisation_id}",
        organisation("moulin"),
        expect=table(NOT_FOUND, **{COORDINATION: OK, PARTENAIRE: OK}),
        label="a partner of the same project sees it",
    ),
    ApiCase(
        "get",
        "/organisations/{organisation_id}",
        causses_sharing,
        expect=table(NOT_FOUND, **ADVISORS),
        label="accompanied by a network",
    ),
    ApiCase(
        "get",
        "/organisations/{organisation_id}/activities",
        organisation("falaises"),
        expect=table(NOT_FOUND, **falaises(OK)),
    ),
    ApiCase(
        "get",
        "/organisations/{organisation_id}/activities",
        organisation("moulin"),
        expect=table(NOT_FOUND, **{COORDINATION: OK}),
        label="partners never see another member's activities",
    ),
    ApiCase("get", "/projects", expect=table(OK)),
    ApiCase("get", "/projects/{project_id}", project(PSF), expect=table(NOT_FOUND, **falaises(OK))),
    ApiCase(
        "get",
        "/projects/{project_id}",
        project("bien-vieillir"),
        expect=table(NOT_FOUND, **{COORDINATION: OK, PARTENAIRE: OK}),
        label="bien-vieillir",
    ),
    ApiCase(
        "get",
        "/projects/{project_id}",
        causses_project,
        expect=table(NOT_FOUND, **{CAF: OK}),
        label="the CAF funds it",
    ),
    ApiCase(
        "get",
        "/projects/{project_id}/framework",
        project(PSF),
        expect=table(NOT_FOUND, **falaises(OK)),
    ),
    ApiCase(
        "get",
        "/projects/{project_id}/framework",
        causses_project,
        expect=table(NOT_FOUND, **ADVISORS),
        label="shared with the network",
    ),
    ApiCase(
        "get",
        "/projects/{project_id}/indicator-values",
        project(PSF),
        expect=table(NOT_FOUND, **falaises(OK)),
    ),
    ApiCase(
        "get",
        "/projects/{project_id}/indicator-values",
        project("bien-vieillir"),
        expect=table(NOT_FOUND, **{COORDINATION: OK, PARTENAIRE: OK}),
        label="bien-vieillir",
    ),
    ApiCase("get", "/surveys/{survey_id}", survey, expect=table(NOT_FOUND, **falaises(OK))),
    ApiCase(
        "post",
        "/surveys/{survey_id}/responses",
        survey,
        response_body,
        expect=table(NOT_FOUND, **falaises(CREATED)),
    ),
    ApiCase(
        "post",
        "/activities/{activity_id}/sessions",
        activity,
        session_body,
        expect=table(NOT_FOUND, **falaises(CREATED)),
    ),
]


def schema_endpoints() -> set[tuple[str, str]]:
    paths = api.get_openapi_schema()["paths"]
    return {
        (method, path.removeprefix("/api/v1"))
        for path, operations in paths.items()
        for method in operations
    }


def test_every_endpoint_has_a_rule():
    covered = {(case.method, case.path) for case in API_CASES}
    assert schema_endpoints() - covered == set(), "point d'accès de l'API sans règle"
    assert covered - schema_endpoints() == set(), "règle pour un point d'accès disparu"


@pytest.fixture
def token_client(db, user_of):
    from maillage.accounts import actions

    def make(email):
        if email == ANON:
            return Client()
        _token, text = actions.create_api_token(user_of(email), "Tests des accès")
        return Client(headers={"Authorization": f"Bearer {text}"})

    return make


def _call(client, method, path, body=None):
    if method == "get":
        return client.get(path)
    return getattr(client, method)(path, body or {}, content_type="application/json")


def _params():
    for case in API_CASES:
        label = f"{case.method.upper()} {case.path}" + (f"[{case.label}]" if case.label else "")
        yield pytest.param(case, id=label)


@pytest.mark.parametrize("case", list(_params()))
def test_api_access(case, world, token_client):
    kwargs = case.kwargs(world) if case.kwargs else {}
    path = API + case.path.format(**kwargs)
    problems = []
    for account in ALL:
        body = case.body() if case.body else None
        response = _call(token_client(account), case.method, path, body)
        if response.status_code != case.expect[account]:
            problems.append(f"{account}: {response.status_code} ≠ {case.expect[account]}")
    assert problems == [], f"{case.method.upper()} {path}\n" + "\n".join(problems)


# --- foreign ids -------------------------------------------------------------------------------

# Which foreign object each path parameter names (see tests/object_references.py).
PARAMETERS = {
    "organisation_id": lambda side: refs._org(side).pk,
    "project_id": lambda side: refs._project(side).pk,
    "survey_id": refs.survey_id,
    "activity_id": refs.activity_id,
}
BODIES = {
    "/surveys/{survey_id}/responses": response_body,
    "/activities/{activity_id}/sessions": session_body,
}


def test_every_path_parameter_has_a_foreign_object():
    import re

    names = {n for _m, path in schema_endpoints() for n in re.findall(r"{(\w+)}", path)}
    assert names - set(PARAMETERS) == set()


def _counts():
    from django.apps import apps

    return {m._meta.label: m.objects.count() for m in apps.get_models()}


@pytest.mark.parametrize("endpoint", sorted(e for e in schema_endpoints() if "{" in e[1]))
def test_foreign_ids_answer_404(endpoint, world, token_client):
    import re

    method, template = endpoint
    names = re.findall(r"{(\w+)}", template)
    clients = {account: token_client(account) for account in ALL}
    paths = {
        account: API + template.format(**{n: PARAMETERS[n](refs.FOREIGN[account]) for n in names})
        for account in ALL
    }
    before = _counts()
    problems = []
    for account in ALL:
        path = paths[account]
        body = BODIES[template]() if template in BODIES else None
        response = _call(clients[account], method, path, body)
        expected = UNAUTHORIZED if account == ANON else NOT_FOUND
        if response.status_code != expected:
            problems.append(f"{account} {method.upper()} {path} → {response.status_code}")
        elif response.status_code == NOT_FOUND:
            assert response.json()["detail"] == "Introuvable, ou vous n'y avez pas accès."
    assert _counts() == before, "une requête refusée a modifié la base"
    assert problems == [], "\n".join(problems)


def _all(client, path):
    items, offset = [], 0
    while True:
        body = client.get(API + path, {"limit": 100, "offset": offset}).json()
        items += body["items"]
        offset += 100
        if offset >= body["count"]:
            return items


@pytest.mark.parametrize("account", [a for a in ALL if a != ANON])
def test_lists_hold_nothing_confidential_of_others(account, world, token_client, user_of):
    """Lists hold only what the account sees; key figures only where they are shared; a
    structure's activities only for its own people."""
    client, user = token_client(account), user_of(account)
    organisations = _all(client, "/organisations")
    visible = set(access.visible_organisations(user).values_list("pk", flat=True))
    assert {o["id"] for o in organisations} == visible
    for item in organisations:
        org = access.Organisation.objects.get(pk=item["id"])
        if item["key_figures"] is not None:
            assert access.can(user, Action.ORGANISATION_VIEW_FIGURES, org), org.slug
        activities = client.get(f"{API}/organisations/{org.pk}/activities")
        own = access.role_in(user, org) is not None
        assert activities.status_code == (OK if own else NOT_FOUND), org.slug
    projects = _all(client, "/projects")
    assert {p["id"] for p in projects} == set(
        access.visible_projects(user).values_list("pk", flat=True)
    )
    foreign = refs._project(refs.FOREIGN[account]).pk
    assert foreign not in {p["id"] for p in projects}
