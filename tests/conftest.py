"""Shared fixtures. The demo world is loaded once per test session into the test database; each
test then runs inside a transaction that is rolled back, so tests may change it freely."""

import pytest
from django.test import Client

from maillage.demo import registry


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        world = registry.build()
    registry._session_world = world


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Each test starts with empty caches: the public pages' rate counters (many POSTs, one
    address), and the values kept under a stamp of their data (charts, the network comparison),
    since a rolled-back test may leave the next one rows with the same counts and ids."""
    from django.core.cache import caches

    from maillage.collection import answer_cache

    caches["throttle"].clear()
    caches["default"].clear()
    # Campaigns kept by token in this process: a rolled-back test may have changed one without
    # a signal (an update), as another process would.
    answer_cache.forget_campaigns()
    yield


@pytest.fixture
def world(db):
    """The demo world built for this session (organisations, users, projects by key)."""
    return registry._session_world


@pytest.fixture
def user_of(db):
    from maillage.accounts.models import User

    def get(email):
        return User.objects.get(email=email)

    return get


@pytest.fixture
def client_of(db, user_of):
    """A test client logged in as the given demo account (None: anonymous)."""

    def make(email):
        client = Client()
        if email is not None:
            client.force_login(user_of(email))
        return client

    return make
