"""Insecure direct object references: every page that takes an identifier, tried by every demo
account with objects it has nothing to do with.

For each URL pattern of the site with an object keyword (a slug, an id, a token), and each demo
account, the URL is built
- with every object taken from a side the account has nothing to do with (another structure,
  a project it is not a member of, a network it does not belong to), and
- for accounts that work somewhere, with the account's own objects except one, swapped for a
  foreign one (mixed references: /projets/<mine>/chaines/<id of another project's chain>/).
Each is requested with GET and POST (with the body of the access table's POST case, if any).
Refusal is expected: 403, 404 (405 for a method the page does not take, 410 for a withdrawn
share), or the login page for anonymous visitors, never a page nor a redirect that did the work;
and the database is left unchanged (row counts of every table, and the rows named in the URL).

`test_every_object_route_has_a_resolver` fails when a URL pattern takes a keyword that
`object_references` cannot point at a foreign object: a new page cannot escape this test."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import object_references as refs
from access_rules.base import ALL, ANON
from test_access_matrix import CASES

# 405: a POST-only page asked with GET, or a read-only page asked with POST.
REFUSED = {403, 404, 405, 410}
# Tables a refused request may write to: the session of the logged-in test client.
VOLATILE_TABLES = {"django_session"}


def _patterns(patterns, namespace="", prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _patterns(pattern.url_patterns, inner, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", prefix + str(pattern.pattern), pattern


def object_routes():
    """(name, route, keywords) of every named page that takes at least one keyword, except
    Django's admin (staff only, see test_admin_is_staff_only) and the API (its own table)."""
    routes = []
    for name, route, pattern in _patterns(get_resolver().url_patterns):
        if name.startswith(("admin:", "api:")):
            continue
        keywords = list(pattern.pattern.regex.groupindex)
        if keywords:
            routes.append((name, route, keywords))
    return routes


ROUTES = object_routes()


def test_every_object_route_has_a_resolver():
    missing = [
        f"{name} <{kwarg}>"
        for name, route, keywords in ROUTES
        if name not in refs.EXEMPT
        for kwarg in keywords
        if refs.resolver_for(name, route, kwarg) is None
    ]
    assert missing == [], "adresse avec un identifiant sans objet étranger pour le tester"
    names = {name for name, _route, _keywords in ROUTES}
    assert set(refs.EXEMPT) <= names, "exemption pour une adresse qui n'existe plus"


def _post_data(name):
    for case in CASES:
        if case.name == name and case.method == "post" and case.data:
            return case.data
    return {}


def _fingerprint(targets):
    """Row counts of every table, and the rows of the objects named in the URLs."""
    tables = sorted(set(connection.introspection.table_names()) - VOLATILE_TABLES)
    quote = connection.ops.quote_name
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        counts = dict(zip(tables, cursor.fetchone(), strict=True))
    rows = {}
    for label, pk in sorted(targets):
        model = apps.get_model(label)
        rows[(label, pk)] = list(model.objects.filter(pk=pk).values())
    return counts, rows


def _variants(name, route, keywords, account, resolve):
    """(label, kwargs) pairs to try for `account`: all foreign, then mixed references."""
    network = refs.is_network_route(route)
    foreign = (refs.NETWORK_FOREIGN if network else refs.FOREIGN)[account]
    home = (refs.NETWORK_HOME if network else refs.HOME).get(account)
    resolvers = {k: refs.resolver_for(name, route, k) for k in keywords}
    yield "étranger", {k: resolve(k, r, foreign) for k, r in resolvers.items()}
    if home is None:
        return
    swappable = [k for k, r in resolvers.items() if not getattr(r, "fixed", False)]
    if len(swappable) < 2:
        return  # one object only: the foreign variant above already covers it
    mine = {k: resolve(k, r, home) for k, r in resolvers.items()}
    for kwarg in swappable:
        yield f"mixte <{kwarg}>", {**mine, kwarg: resolve(kwarg, resolvers[kwarg], foreign)}


def _attempts(name, route, keywords):
    """Every (account, label, url) to try, and the objects they name (model label, pk)."""
    cache, targets = {}, set()

    def resolve(kwarg, resolver, side):
        key = (resolver.__name__, side)
        if key not in cache:
            cache[key] = resolver(side)
            model = refs.model_of(resolver, cache[key])
            if model:
                targets.add(model)
        return cache[key]

    attempts = [
        (account, label, reverse(name, kwargs=kwargs))
        for account in ALL
        for label, kwargs in _variants(name, route, keywords, account, resolve)
    ]
    return attempts, targets


def _refused(account, method, response) -> bool:
    status = response.status_code
    if account == ANON and status == 302:
        return response.url.startswith(reverse("accounts:login"))
    return status in REFUSED


@pytest.mark.parametrize(
    ("name", "route", "keywords"),
    [pytest.param(*r, id=r[0]) for r in ROUTES if r[0] not in refs.EXEMPT],
)
def test_foreign_objects_are_refused(name, route, keywords, world, client_of):
    attempts, targets = _attempts(name, route, keywords)
    data = _post_data(name)
    clients = {account: client_of(None if account == ANON else account) for account in ALL}
    before = _fingerprint(targets)
    problems = []
    for account, label, url in attempts:
        client = clients[account]
        for method in ("get", "post"):
            response = getattr(client, method)(url, data if method == "post" else {})
            if not _refused(account, method, response):
                problems.append(
                    f"{account} {method.upper()} {url} ({label}) → {response.status_code}"
                )
        after = _fingerprint(targets)
        if after != before:
            changed = sorted(
                k for k in {**before[0], **after[0]} if before[0].get(k) != after[0].get(k)
            ) + [k for k in after[1] if before[1].get(k) != after[1][k]]
            problems.append(f"{account} {url} ({label}) a modifié la base : {changed}")
            before = after
    assert problems == [], "\n".join(problems)


# --- references carried in a form rather than in the address ----------------------------------


def test_copying_a_framework_needs_the_right_to_read_it(world, client_of, user_of):
    """A funder's people see the projects it funds, never a framework the lead keeps to
    itself: the copy page neither lists it nor copies it (hole found by this work)."""
    from maillage.evaluation.models import Framework
    from maillage.organisations.models import NetworkShare, OrganisationMember
    from maillage.projects.models import Project

    # The CAF advisor as a contributor of the CAF, which animates the network: she edits the
    # network's common framework, and the CAF funds every projet social of the Causses.
    OrganisationMember.objects.filter(
        user=user_of(refs.CAF), organisation__slug="caf-causses"
    ).update(role="contributor")
    target = Framework.objects.get(network__slug="reseau-causses")
    sharing_framework = NetworkShare.objects.filter(scope=NetworkShare.Scope.FRAMEWORK)
    private = (
        Framework.objects.filter(project__memberships__organisation__slug="caf-causses")
        .exclude(project__memberships__organisation__in=sharing_framework.values("organisation"))
        .exclude(goals=None)
        .first()
    )
    assert private is not None and isinstance(private.project, Project)
    url = reverse("evaluation:framework_copy", kwargs={"framework_id": target.pk})
    client = client_of(refs.CAF)
    page = client.get(url)
    assert page.status_code == 200
    assert f'value="{private.pk}"' not in page.content.decode()
    goals = list(target.goals.values_list("title", flat=True))
    response = client.post(url, {"source": private.pk})
    assert response.status_code == 400  # the form again: « Choisissez le cadre… »
    assert list(target.goals.values_list("title", flat=True)) == goals


def _chain_url(name):
    kwargs = {"slug": refs.project_slug(refs.FALAISES), "chain_id": refs.chain_id(refs.FALAISES)}
    return reverse(name, kwargs=kwargs)


def _edge_add(side):
    from maillage.evaluation.models import ChainEdge

    links = refs._chain(side).links.order_by("pk")
    taken = set(ChainEdge.objects.values_list("source_id", "target_id"))
    source, target = next(
        (a, b) for a in links for b in links if a != b and (a.pk, b.pk) not in taken
    )
    data = {"lien-source": source.pk, "lien-target": target.pk}
    return _chain_url("evaluation:chain_edge_add"), data, ChainEdge


def _contribution_add(side):
    from maillage.evaluation.models import Contribution

    data = {
        "contribution-link": refs.chain_link_id(side),
        "contribution-organisation": refs._org(side).pk,
        "contribution-direction": "cost",
        "contribution-nature": "hours",
        "contribution-quantity": "3",
    }
    return _chain_url("evaluation:chain_contribution_add"), data, Contribution


@pytest.mark.parametrize("build", [_edge_add, _contribution_add])
def test_form_fields_refuse_foreign_objects(build, world, client_of):
    """The director of Les Falaises, on her own project's chain, names objects of Bien
    Vieillir in the form: nothing is stored. The same form with her own objects is stored."""
    client = client_of(refs.DIRECTION)
    url, data, model = build(refs.MOULIN)
    before = model.objects.count()
    response = client.post(url, data)
    assert response.status_code in {200, 400, 403, 404}, response.status_code  # never 302
    assert model.objects.count() == before
    url, data, model = build(refs.FALAISES)
    assert client.post(url, data).status_code == 302
    assert model.objects.count() == before + 1
