import pytest
from django.test import Client

from maillage.accounts import actions


@pytest.fixture
def api_of(db, user_of):
    """A test client carrying a fresh personal token of the given demo account."""

    def make(email):
        _token, text = actions.create_api_token(user_of(email), "Tests")
        return Client(headers={"Authorization": f"Bearer {text}"})

    return make
