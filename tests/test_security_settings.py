"""Security settings as a production server would run them: Django's deployment check passes,
and every kind of page carries the security headers (CSP without inline code)."""

import os
import secrets
import subprocess
import sys
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from demo_people import DIRECTION
from maillage.collection.models import Campaign, Survey


def test_the_deployment_check_finds_nothing_in_production_mode(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        # The browser tests' DJANGO_ALLOW_ASYNC_UNSAFE is for the test process, never a server.
        if key
        not in {
            "DATABASE_URL",
            "MAILLAGE_DEBUG",
            "DJANGO_SETTINGS_MODULE",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    env.update(
        MAILLAGE_MODE="production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="maillage.example.org",
        MAILLAGE_SQLITE_PATH=str(tmp_path / "maillage.sqlite3"),
        STATIC_ROOT=str(tmp_path / "static"),
    )
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env={**env, "DJANGO_SETTINGS_MODULE": "maillage.config.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.django_db
def test_every_kind_of_page_carries_the_security_headers(world, client_of):
    project = world.projects["projet-social-falaises-2023-2026"]
    survey = Survey.objects.filter(organisation=world.organisations["falaises"]).first()
    today = date.today()
    campaign = Campaign.objects.create(
        survey=survey,
        title="En-têtes",
        opens_on=today - timedelta(days=1),
        closes_on=today + timedelta(days=1),
    )
    member, anonymous = client_of(DIRECTION), Client()
    pages = [
        (member, reverse("core:home")),
        (member, project.get_absolute_url()),
        (anonymous, campaign.public_url()),
        (anonymous, reverse("accounts:login")),
    ]
    for client, url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        csp = response["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp, url
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["Referrer-Policy"] == "same-origin", url
        assert response["X-Frame-Options"] == "DENY", url
