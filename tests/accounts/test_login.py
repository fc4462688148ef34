import pytest
from django.core import mail
from django.urls import reverse

from demo_people import DIRECTION
from maillage.demo.registry import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def login(client, email, password):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def test_login_with_email_and_password_opens_the_home_page(client):
    response = login(client, DIRECTION, DEMO_PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("core:home")
    home = client.get(reverse("core:home"))
    assert "Centre social Les Falaises" in home.content.decode()


def test_login_ignores_case_of_the_email(client):
    response = login(client, DIRECTION.upper(), DEMO_PASSWORD)
    assert response.status_code == 302


def test_wrong_password_says_so_in_french_and_keeps_the_address(client):
    response = login(client, DIRECTION, "mauvais-mot-de-passe")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Adresse e-mail ou mot de passe incorrect" in page
    assert f'value="{DIRECTION}"' in page
    assert 'aria-invalid="true"' not in page or "erreurs" in page


def test_login_redirects_to_the_page_asked_first(client):
    target = reverse("organisations:detail", kwargs={"slug": "falaises"})
    response = client.get(target)
    assert response.status_code == 302
    response = client.post(
        response.url, {"username": DIRECTION, "password": DEMO_PASSWORD, "next": target}
    )
    assert response.url == target


def test_repeated_failures_lock_the_account_for_that_address(client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, DIRECTION, "mauvais-mot-de-passe")
    response = login(client, DIRECTION, DEMO_PASSWORD)
    assert response.status_code == 429
    assert "Connexion temporairement bloquée" in response.content.decode()


def test_logout_needs_a_post_and_ends_the_session(client):
    login(client, DIRECTION, DEMO_PASSWORD)
    assert client.get(reverse("accounts:logout")).status_code == 405
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("core:home")).status_code == 302


def test_password_reset_sends_a_link_that_sets_a_new_password(client):
    response = client.post(reverse("accounts:password_reset"), {"email": DIRECTION})
    assert response.url == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [DIRECTION]
    assert "nouveau mot de passe" in message.subject
    link = next(line for line in message.body.splitlines() if "/mot-de-passe/nouveau/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path, follow=True)
    assert "Choisir un nouveau mot de passe" in response.content.decode()
    form_url = response.redirect_chain[-1][0]
    new_password = "falaises-2026-nouveau"
    response = client.post(form_url, {"new_password1": new_password, "new_password2": new_password})
    assert response.url == reverse("accounts:password_reset_complete")
    assert login(client, DIRECTION, new_password).status_code == 302


def test_password_reset_for_an_unknown_address_reveals_nothing(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "inconnu@exemple.fr"})
    assert response.url == reverse("accounts:password_reset_done")
    assert mail.outbox == []
