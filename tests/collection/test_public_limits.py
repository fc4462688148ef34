"""Limits of the public answer pages: rate per address and per link, a honeypot for robots,
body size. Each refusal is a French page; nothing is stored by a refused or robot POST."""

import uuid
from datetime import date, timedelta
from html import unescape

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from maillage.collection.models import Campaign, Response
from maillage.demo.survey_data import add_question, add_survey

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return unescape(response.content.decode())


@pytest.fixture
def campaign(world):
    survey = add_survey(
        world.organisations["falaises"], world.projects["projet-social-falaises-2023-2026"],
        world.users["referente@falaises.demo"], "limites", "Limites", "Une question.",
    )  # fmt: skip
    add_question(survey, None, 1, "content", "yes_no", "Content ?", required=True)
    return open_campaign(survey)


def open_campaign(survey) -> Campaign:
    today = date.today()
    return Campaign.objects.create(
        survey=survey,
        title=f"Campagne {uuid.uuid4()}",
        opens_on=today - timedelta(days=1),
        closes_on=today + timedelta(days=10),
    )


def send(client, campaign, address="198.51.100.7", forwarded=None, **extra):
    """One whole response (the survey has one page), with a fresh submission key."""
    data = {"page": 1, "submission_key": str(uuid.uuid4()), "q-content": "oui", **extra}
    meta = {"REMOTE_ADDR": address}
    if forwarded:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(campaign.public_url(), data, **meta)


def test_the_31st_post_from_one_address_is_refused_in_french_until_the_window_ends(campaign):
    client = Client()
    for _ in range(30):
        assert send(client, campaign).status_code == 302
    refused = send(client, campaign)
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 600
    page = text(refused)
    assert "Trop d'envois en peu de temps" in page and "réessayez dans" in page
    assert Response.objects.filter(campaign=campaign).count() == 30
    # Reading is never limited; another address still answers.
    assert client.get(campaign.public_url(), REMOTE_ADDR="198.51.100.7").status_code == 200
    assert send(Client(), campaign, address="203.0.113.9").status_code == 302
    assert Response.objects.filter(campaign=campaign).count() == 31


@override_settings(MAILLAGE_ANSWER_RATE_PER_LINK=5)
def test_a_link_has_its_own_ceiling_whatever_the_addresses(campaign):
    for number in range(5):
        assert send(Client(), campaign, address=f"192.0.2.{number}").status_code == 302
    refused = send(Client(), campaign, address="192.0.2.99")
    assert refused.status_code == 429 and refused.has_header("Retry-After")
    assert Response.objects.filter(campaign=campaign).count() == 5
    other = open_campaign(campaign.survey)
    assert send(Client(), other, address="192.0.2.99").status_code == 302


@override_settings(MAILLAGE_ANSWER_RATE_PER_ADDRESS=2)
def test_a_forwarded_address_counts_only_behind_a_trusted_proxy(campaign):
    # Not trusted: a client changing its own X-Forwarded-For is still one address.
    for number in range(2):
        assert send(Client(), campaign, forwarded=f"10.0.0.{number}").status_code == 302
    assert send(Client(), campaign, forwarded="10.0.0.9").status_code == 429
    with override_settings(MAILLAGE_TRUSTED_PROXY_HEADER="HTTP_X_FORWARDED_FOR"):
        # Trusted: the last entry is the one the proxy wrote; the first may be forged.
        assert send(Client(), campaign, forwarded="1.2.3.4, 10.0.0.9").status_code == 302
        assert send(Client(), campaign, forwarded="1.2.3.4, 10.0.0.9").status_code == 302
        assert send(Client(), campaign, forwarded="10.0.0.9").status_code == 429


def test_a_filled_honeypot_is_thanked_and_stores_nothing(campaign):
    client = Client()
    page = text(client.get(campaign.public_url()))
    assert 'aria-hidden="true"' in page and 'name="website"' in page
    assert 'tabindex="-1" autocomplete="off"' in page
    robot = send(client, campaign, website="http://spam.example")
    assert robot.status_code == 302
    assert robot.url == reverse("collection:answer_thanks", args=[campaign.token])
    assert not Response.objects.filter(campaign=campaign).exists()
    assert send(client, campaign, website="").status_code == 302
    assert Response.objects.filter(campaign=campaign).count() == 1


def test_a_too_large_page_is_refused_in_french_and_stores_nothing(campaign):
    refused = send(Client(), campaign, **{"q-content": "oui", "extra": "x" * 300_000})
    assert refused.status_code == 413
    assert "Réponses trop longues" in text(refused)
    assert "rien n'a été enregistré" in text(refused)
    too_many = send(Client(), campaign, **{f"f{number}": "1" for number in range(1200)})
    assert too_many.status_code == 400
    assert "Demande refusée" in text(too_many)
    assert not Response.objects.filter(campaign=campaign).exists()


def test_with_redis_every_worker_counts_in_one_place(campaign):
    """With REDIS_URL the counters live in Redis, where every gunicorn worker reads them."""
    import socket

    import redis
    from django.conf import settings

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        pytest.skip("Aucun Redis ne répond sur 127.0.0.1:6379 : test sauté.")
    prefix = f"throttle-test-{uuid.uuid4().hex}"
    shared = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/15",
        "KEY_PREFIX": prefix,
    }
    server = redis.Redis(host="127.0.0.1", port=6379, db=15)
    try:
        with override_settings(
            CACHES={**settings.CACHES, "throttle": shared}, MAILLAGE_ANSWER_RATE_PER_ADDRESS=3
        ):
            for _ in range(3):
                assert send(Client(), campaign).status_code == 302
            assert send(Client(), campaign).status_code == 429
            counters = {
                key.decode(): int(server.get(key))
                for key in server.scan_iter(f"{prefix}:*answer-throttle:address:*")
            }
        assert list(counters.values()) == [4]  # one counter, in Redis, for all processes
        assert "198.51.100.7" not in "".join(counters)  # an address never stands in a key
    finally:
        for key in server.scan_iter(f"{prefix}:*"):
            server.delete(key)
