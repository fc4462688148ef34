from html import unescape

import pytest
from django.urls import reverse

from demo_people import COORDINATION, DIRECTION, PARTENAIRE
from maillage.core.models import AuditEvent
from maillage.organisations.models import Organisation
from maillage.projects.models import Membership, Project

pytestmark = pytest.mark.django_db

SLUG = "bien-vieillir"
COMMUNITY = reverse("projects:community", kwargs={"slug": SLUG})
DETAIL = reverse("projects:detail", kwargs={"slug": SLUG})
AIDE_DOMICILE = "direction@aide-domicile-bellerive.demo"


def membership(organisation_slug, project_slug=SLUG):
    return Membership.objects.get(project__slug=project_slug, organisation__slug=organisation_slug)


def member_url(name, organisation_slug):
    return reverse(
        f"projects:{name}",
        kwargs={"slug": SLUG, "membership_id": membership(organisation_slug).pk},
    )


def text(response) -> str:
    return unescape(response.content.decode())


def add(client, organisation, **fields):
    data = {
        "operation": "ajouter",
        "organisation": organisation.pk,
        "role": "operateur",
        "referent_name": "",
        "referent_email": "",
    }
    data.update(fields)
    return client.post(COMMUNITY, data)


def partner(**fields):
    data = {
        "operation": "creer",
        "partenaire-name": "Pharmacie de la Gare",
        "partenaire-kind": Organisation.Kind.HEALTH,
        "partenaire-commune": "Bellerive",
        "partenaire-postal_code": "26150",
        "partenaire-role": "partenaire",
        "partenaire-referent_name": "Julie Roux",
        "partenaire-referent_email": "julie.roux@pharmacie.example",
    }
    data.update({f"partenaire-{key}": value for key, value in fields.items()})
    return data


def test_directory_search_ignores_accents_and_shows_only_names_and_communes(client_of):
    client = client_of(COORDINATION)
    page = client.get(COMMUNITY, {"q": "aide a domicile"}).content.decode()
    assert "Bellerive Aide à Domicile" in page
    assert "45 intervenantes" not in page  # its description stays its own
    by_commune = client.get(COMMUNITY, {"q": "SAINT-AUBIN"}).content.decode()
    assert "Centre social Les Falaises" in by_commune
    assert "École primaire des Courtils" in client.get(COMMUNITY, {"q": "ecole"}).content.decode()
    members = text(client.get(COMMUNITY, {"q": "ccas"}))
    assert "Déjà membre de la communauté d'action." in members


def test_lead_adds_an_existing_structure_whose_people_then_see_the_project(client_of):
    outsider = client_of(AIDE_DOMICILE)
    assert outsider.get(DETAIL).status_code == 403
    aide = Organisation.objects.get(slug="aide-domicile-bellerive")

    response = add(
        client_of(COORDINATION),
        aide,
        referent_name="Christine Perrier",
        referent_email="c.perrier@aide.example",
    )
    assert response.status_code == 302
    added = membership("aide-domicile-bellerive")
    assert added.role == Membership.Role.OPERATOR
    assert added.referent_label == "Christine Perrier (c.perrier@aide.example)"
    event = AuditEvent.objects.get(verb="project.member_added", details__member=aide.slug)
    assert event.organisation.slug == "moulin"

    assert outsider.get(DETAIL).status_code == 200
    assert outsider.get(COMMUNITY).status_code == 200
    # Sharing a project shows the lead centre's identity, not its key figures.
    moulin = outsider.get(reverse("organisations:detail", kwargs={"slug": "moulin"}))
    assert "ne partage pas ses chiffres clés" in moulin.content.decode()
    # A structure outside the project still gets nothing.
    assert client_of(DIRECTION).get(DETAIL).status_code == 403
    assert client_of(DIRECTION).get(COMMUNITY).status_code == 403


def test_adding_a_member_twice_is_refused_in_french(client_of):
    before = Membership.objects.filter(project__slug=SLUG).count()
    response = add(client_of(COORDINATION), Organisation.objects.get(slug="ccas-bellerive"))
    assert response.status_code == 400
    assert "CCAS de Bellerive fait déjà partie de la communauté d'action." in text(response)
    assert Membership.objects.filter(project__slug=SLUG).count() == before


def test_lead_creates_a_pharmacy_partner_in_one_step(client_of):
    client = client_of(COORDINATION)
    response = client.post(COMMUNITY, partner())
    assert response.status_code == 302
    pharmacy = Organisation.objects.get(name="Pharmacie de la Gare")
    assert pharmacy.kind == Organisation.Kind.HEALTH
    assert pharmacy.department.code == "26"
    added = membership(pharmacy.slug)
    assert added.role == Membership.Role.PARTNER
    assert added.referent is None
    page = text(client.get(COMMUNITY))
    assert "Julie Roux (julie.roux@pharmacie.example)" in page
    assert "Santé (pharmacie, cabinet médical)" in page
    assert "Julie Roux" in client.get(DETAIL).content.decode()
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {"organisation.created", "project.member_added"} <= verbs


def test_a_partner_form_with_errors_creates_nothing(client_of):
    before = Organisation.objects.count()
    response = client_of(COORDINATION).post(
        COMMUNITY, partner(referent_email="pas-une-adresse", postal_code="26")
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Le code postal compte 5 chiffres." in page
    assert Organisation.objects.count() == before


def test_a_partner_already_in_the_directory_is_not_created_twice(client_of):
    before = Organisation.objects.count()
    response = client_of(COORDINATION).post(
        COMMUNITY, partner(name="Bellerive aide a domicile", kind=Organisation.Kind.ASSOCIATION)
    )
    assert response.status_code == 400
    assert "existe déjà dans l'annuaire" in text(response)
    assert Organisation.objects.count() == before


def test_lead_changes_a_role_and_names_a_referent_without_account(client_of):
    client = client_of(COORDINATION)
    url = member_url("member_edit", "ccas-bellerive")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {"role": "financeur", "referent_name": "Laure Vidal", "referent_email": ""},
    )
    assert response.status_code == 302
    changed = membership("ccas-bellerive")
    assert changed.role == Membership.Role.FUNDER
    assert changed.referent is None  # the named person replaces the account
    assert changed.referent_label == "Laure Vidal"
    assert AuditEvent.objects.filter(verb="project.member_changed").exists()


def test_lead_removes_a_member(client_of):
    response = client_of(COORDINATION).post(member_url("member_remove", "ville-bellerive"))
    assert response.status_code == 302
    assert response.url == COMMUNITY
    assert not Membership.objects.filter(
        project__slug=SLUG, organisation__slug="ville-bellerive"
    ).exists()
    assert AuditEvent.objects.filter(
        verb="project.member_removed", details__member="ville-bellerive"
    ).exists()


def test_the_last_porteur_can_be_neither_removed_nor_demoted(client_of):
    client = client_of(COORDINATION)
    response = client.post(member_url("member_remove", "moulin"), follow=True)
    assert "est le seul porteur du projet" in text(response)
    assert membership("moulin").role == Membership.Role.LEAD

    response = client.post(
        member_url("member_edit", "moulin"),
        {"role": "partenaire", "referent_name": "", "referent_email": ""},
    )
    assert response.status_code == 400
    assert "désignez d'abord un autre porteur" in text(response)
    assert membership("moulin").role == Membership.Role.LEAD


def test_a_second_porteur_lets_the_first_one_step_back(client_of):
    client = client_of(COORDINATION)
    client.post(
        member_url("member_edit", "tilleuls"),
        {"role": "porteur", "referent_name": "", "referent_email": ""},
    )
    response = client.post(
        member_url("member_edit", "moulin"),
        {"role": "partenaire", "referent_name": "", "referent_email": ""},
    )
    assert response.status_code == 302
    assert Project.objects.get(slug=SLUG).lead.slug == "tilleuls"


def test_a_member_that_is_not_the_lead_sees_the_community_but_changes_nothing(client_of):
    client = client_of(PARTENAIRE)
    page = client.get(COMMUNITY).content.decode()
    assert "Centre social du Moulin" in page
    assert "Créer un partenaire" not in page
    assert "Retirer" not in page
    assert client.get(COMMUNITY, {"q": "aide"}).status_code == 200
    assert "Bellerive Aide à Domicile" not in client.get(COMMUNITY, {"q": "aide"}).content.decode()

    before = (Membership.objects.count(), Organisation.objects.count())
    aide = Organisation.objects.get(slug="aide-domicile-bellerive")
    assert add(client, aide).status_code == 403
    assert client.post(COMMUNITY, partner()).status_code == 403
    edit = member_url("member_edit", "ville-bellerive")
    assert client.get(edit).status_code == 403
    assert client.post(edit, {"role": "partenaire"}).status_code == 403
    assert client.post(member_url("member_remove", "ville-bellerive")).status_code == 403
    assert (Membership.objects.count(), Organisation.objects.count()) == before


def test_a_membership_of_another_project_is_not_found(client_of):
    other = membership("jardins-du-plateau", "projet-social-falaises-2023-2026")
    url = reverse("projects:member_remove", kwargs={"slug": SLUG, "membership_id": other.pk})
    assert client_of(COORDINATION).post(url).status_code == 404
    assert Membership.objects.filter(pk=other.pk).exists()
