from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from demo_people import DIRECTION, REFERENTE
from maillage.accounts.models import Invitation, User
from maillage.organisations.models import OrganisationMember

pytestmark = pytest.mark.django_db

MEMBERS_URL = reverse("organisations:members", kwargs={"slug": "falaises"})


def invite(client, email, role="contributor"):
    return client.post(MEMBERS_URL, {"email": email, "role": role, "job_title": "Animatrice"})


def invitation_path():
    body = mail.outbox[-1].body
    link = next(line for line in body.splitlines() if "/compte/invitation/" in line)
    return "/" + link.split("://", 1)[1].split("/", 1)[1]


def test_admin_invites_a_new_person_who_creates_an_account_and_joins(client_of, client):
    response = invite(client_of(DIRECTION), "Nouvelle.Animatrice@Exemple.fr")
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["nouvelle.animatrice@exemple.fr"]
    assert "Centre social Les Falaises" in mail.outbox[-1].subject

    page = client.get(invitation_path())
    assert "Créez votre compte" in page.content.decode()
    response = client.post(
        invitation_path(),
        {
            "full_name": "Nadia Benali",
            "password1": "un-mot-de-passe-solide",
            "password2": "un-mot-de-passe-solide",
        },
    )
    assert response.url == reverse("organisations:detail", kwargs={"slug": "falaises"})
    member = OrganisationMember.objects.get(user__email="nouvelle.animatrice@exemple.fr")
    assert member.role == "contributor"
    assert member.job_title == "Animatrice"
    # The link served once; it does not serve twice.
    client.post(reverse("accounts:logout"))
    assert client.get(invitation_path()).status_code == 410


def test_weak_or_mismatched_passwords_are_refused_with_french_messages(client_of, client):
    invite(client_of(DIRECTION), "nouveau@exemple.fr")
    response = client.post(
        invitation_path(), {"full_name": "Léo", "password1": "12345678", "password2": "autre"}
    )
    page = response.content.decode()
    assert "Les deux mots de passe ne sont pas identiques." in page
    assert "trop court" in page
    assert not User.objects.filter(email="nouveau@exemple.fr").exists()


def test_existing_account_logs_in_then_accepts(client_of, user_of):
    from maillage.organisations.models import Organisation

    invite(client_of(DIRECTION), "coordination@bienvieillir.demo", role="reader")
    path = invitation_path()
    anonymous = client_of(None)
    assert "Un compte existe déjà" in anonymous.get(path).content.decode()
    coordinator = client_of("coordination@bienvieillir.demo")
    assert "Accepter l'invitation" in coordinator.get(path).content.decode()
    response = coordinator.post(path)
    assert response.status_code == 302
    falaises = Organisation.objects.get(slug="falaises")
    assert (
        OrganisationMember.objects.get(
            organisation=falaises, user__email="coordination@bienvieillir.demo"
        ).role
        == "reader"
    )


def test_invitation_for_someone_else_is_refused(client_of):
    invite(client_of(DIRECTION), "quelquun@exemple.fr")
    response = client_of(REFERENTE).get(invitation_path())
    assert response.status_code == 403
    assert "adressée à un autre compte" in response.content.decode()


def test_expired_and_revoked_invitations_no_longer_work(client_of, client):
    invite(client_of(DIRECTION), "tard@exemple.fr")
    invitation = Invitation.objects.get(email="tard@exemple.fr")
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(1))
    assert client.get(invitation_path()).status_code == 410

    invite(client_of(DIRECTION), "annule@exemple.fr")
    invitation = Invitation.objects.get(email="annule@exemple.fr")
    client_of(DIRECTION).post(
        reverse(
            "organisations:invitation_revoke",
            kwargs={"slug": "falaises", "invitation_id": invitation.pk},
        )
    )
    response = client.get(invitation_path())
    assert response.status_code == 410
    assert "annulée" in response.content.decode()


def test_inviting_an_existing_member_is_refused(client_of):
    response = invite(client_of(DIRECTION), REFERENTE)
    assert response.status_code == 400
    assert "déjà membre" in response.content.decode()


def test_invitation_tokens_are_long_and_random():
    from maillage.accounts.models import new_invitation_token

    tokens = {new_invitation_token() for _ in range(100)}
    assert len(tokens) == 100
    assert all(len(token) >= 40 for token in tokens)
