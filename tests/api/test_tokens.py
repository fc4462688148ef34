"""Personal API tokens: created in the profile page or by `maillage token`, stored as a hash,
shown once, and useless once revoked."""

import hashlib
import re

from django.urls import reverse

from demo_people import DIRECTION, REFERENTE
from maillage.accounts.models import ApiToken
from maillage.cli import main
from maillage.core.models import AuditEvent

ORGANISATIONS = "/api/v1/organisations"


def _bearer(client, text, url=ORGANISATIONS):
    return client.get(url, headers={"Authorization": f"Bearer {text}"})


def test_token_created_in_the_profile_is_shown_once_and_stored_as_a_hash(client_of):
    client = client_of(DIRECTION)
    page = client.post(reverse("accounts:api_token_create"), {"name": "Logiciel d'adhésions"})
    assert page.status_code == 200
    assert page["Cache-Control"] == "no-store"
    html = page.content.decode()
    text = re.search(r"mlg_[0-9a-f]{8}_[A-Za-z0-9_-]+", html).group(0)
    assert "ne sera plus jamais affiché" in html

    token = ApiToken.objects.get(user__email=DIRECTION, name="Logiciel d'adhésions")
    _mlg, prefix, secret = text.split("_", 2)
    assert token.prefix == prefix
    assert token.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(ApiToken.objects.filter(pk=token.pk).values().get())
    assert AuditEvent.objects.filter(verb="api_token.created", actor__email=DIRECTION).exists()

    profile = client.get(reverse("accounts:profile")).content.decode()
    assert "Logiciel d&#x27;adhésions" in profile and f"mlg_{prefix}_" in profile
    assert secret not in profile  # never shown again


def test_a_token_opens_the_api_until_it_is_revoked(client, client_of):
    page = client_of(DIRECTION).post(reverse("accounts:api_token_create"), {"name": "Tableur"})
    text = re.search(r"mlg_[0-9a-f]{8}_[A-Za-z0-9_-]+", page.content.decode()).group(0)
    token = ApiToken.objects.get(name="Tableur")
    assert token.last_used_at is None

    assert _bearer(client, text).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None

    # Another person cannot revoke it: not found, and it keeps working.
    other = client_of(REFERENTE).post(reverse("accounts:api_token_revoke", args=[token.pk]))
    assert other.status_code == 404
    assert _bearer(client, text).status_code == 200

    revoked = client_of(DIRECTION).post(reverse("accounts:api_token_revoke", args=[token.pk]))
    assert revoked.status_code == 302
    refused = _bearer(client, text)
    assert refused.status_code == 401
    assert "révoqué" in refused.json()["detail"]
    assert refused["WWW-Authenticate"].startswith("Bearer")
    assert AuditEvent.objects.filter(verb="api_token.revoked", actor__email=DIRECTION).exists()


def test_unknown_forged_or_missing_tokens_are_refused(client, user_of):
    from maillage.accounts import actions

    token, text = actions.create_api_token(user_of(DIRECTION), "Vrai")
    forged = f"mlg_{token.prefix}_{'x' * 43}"  # a known prefix is not enough
    for header in (f"Bearer {forged}", "Bearer mlg_00000000_abc", "Bearer n'importe quoi", ""):
        response = client.get(ORGANISATIONS, headers={"Authorization": header} if header else {})
        assert response.status_code == 401, header
        assert "Jeton d'accès absent, inconnu ou révoqué" in response.json()["detail"]


def test_a_browser_session_does_not_open_the_api(client_of):
    assert client_of(DIRECTION).get(ORGANISATIONS).status_code == 401


def test_token_command_creates_lists_and_revokes(db, capsys, client):
    assert main(["token", "create", "--email", DIRECTION, "--name", "Logiciel d'adhésions"]) == 0
    out = capsys.readouterr()
    text = out.out.strip()
    assert re.fullmatch(r"mlg_[0-9a-f]{8}_[A-Za-z0-9_-]+", text)
    assert "il ne sera plus affiché" in out.err
    assert _bearer(client, text).status_code == 200

    token = ApiToken.objects.get(user__email=DIRECTION, name="Logiciel d'adhésions")
    assert main(["token", "list", "--email", DIRECTION]) == 0
    listed = capsys.readouterr().out
    assert f"mlg_{token.prefix}_…" in listed and "actif" in listed
    assert text not in listed

    assert main(["token", "revoke", str(token.pk)]) == 0
    assert "révoqué" in capsys.readouterr().out
    assert _bearer(client, text).status_code == 401
    assert main(["token", "list", "--email", DIRECTION]) == 0
    assert "révoqué le" in capsys.readouterr().out


def test_token_command_refuses_unknown_accounts_and_tokens(db, capsys):
    assert main(["token", "create", "--email", "personne@nulle.part", "--name", "X"]) == 1
    assert "Aucun compte" in capsys.readouterr().err
    assert main(["token", "revoke", "999999"]) == 1
    assert "Aucun jeton" in capsys.readouterr().err
