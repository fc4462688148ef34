"""Every URL of the site, with every demo account, against an explicit table of outcomes.

The table lives in `tests/access_rules/`, one module per part of the site. A URL pattern missing
from it makes `test_every_url_has_a_rule` fail: a new page cannot ship without deciding who may
reach it."""

import importlib
import pkgutil
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from access_rules.base import ALL, ANON, LOGIN, REDIRECT

RULES_DIR = Path(__file__).parent / "access_rules"
CASES = [
    case
    for module in sorted(m.name for m in pkgutil.iter_modules([str(RULES_DIR)]))
    if module != "base"
    for case in importlib.import_module(f"access_rules.{module}").CASES
]


def _url_names(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


# Django's admin guards itself (is_staff); it is checked apart, in test_admin_is_staff_only.
EXCLUDED_NAMESPACES = ("admin:",)


def test_every_url_has_a_rule():
    names = {
        name
        for name in _url_names(get_resolver().url_patterns)
        if not name.startswith(EXCLUDED_NAMESPACES)
    }
    covered = {case.name for case in CASES}
    assert names - covered == set(), "URL sans règle dans le tableau des accès"
    assert covered - names == set(), "règle pour une URL qui n'existe plus"


def _params():
    for case in CASES:
        for account in ALL:
            label = f"{case.name}[{case.label}]" if case.label else case.name
            yield pytest.param(case, account, id=f"{label}-{account}")


@pytest.mark.parametrize(("case", "account"), list(_params()))
def test_access(case, account, world, client_of):
    kwargs = case.kwargs(world) if callable(case.kwargs) else case.kwargs
    url = reverse(case.name, kwargs=kwargs)
    client = client_of(None if account == ANON else account)
    response = getattr(client, case.method)(url, case.data)
    expected = case.outcome(account)
    if expected == LOGIN:
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
    else:
        assert response.status_code == expected, f"{case.method.upper()} {url}"
        if expected == REDIRECT:
            assert not response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("account", ALL)
def test_admin_is_staff_only(account, client_of):
    response = client_of(None if account == ANON else account).get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response.url
