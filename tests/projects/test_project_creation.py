import pytest
from django.urls import reverse

from demo_people import CAF, COORDINATION, DIRECTION, FEDERATION, PARTENAIRE, REFERENTE
from maillage.core.models import AuditEvent
from maillage.organisations.models import Organisation
from maillage.projects.models import Membership, Project

pytestmark = pytest.mark.django_db

CREATE = reverse("projects:create")


def project_data(**changes):
    data = {
        "organisation": Organisation.objects.get(slug="falaises").pk,
        "title": "Café des parents",
        "kind": Project.Kind.FAMILY_PROJECT,
        "description": "Un temps d'échange entre parents, chaque mois.",
        "territory": "",
        "territory_label": "Saint-Aubin-sur-Falaise",
        "period_start": "2026-01-01",
        "period_end": "2027-12-31",
    }
    data.update(changes)
    return data


def test_direction_creates_a_project_carried_by_falaises(client_of, user_of):
    client = client_of(DIRECTION)
    page = client.get(CREATE, {"structure": "falaises"}).content.decode()
    assert "Centre social Les Falaises" in page  # her only structure: no select, a sentence

    response = client.post(f"{CREATE}?structure=falaises", project_data())
    project = Project.objects.get(title="Café des parents")
    assert response.status_code == 302
    assert response.url == project.get_absolute_url()
    assert project.slug == "cafe-des-parents"
    lead = project.memberships.get()
    assert (lead.organisation.slug, lead.role) == ("falaises", Membership.Role.LEAD)
    assert lead.referent == user_of(DIRECTION)
    event = AuditEvent.objects.get(verb="project.created", details__project=project.slug)
    assert event.organisation.slug == "falaises"

    followed = client.get(response.url).content.decode()
    assert "Café des parents" in followed
    assert "a été créé" in followed  # the success message
    assert "Modifier le projet" in followed
    listing = client.get(reverse("projects:list")).content.decode()
    assert "Café des parents" in listing
    assert "Porté par Centre social Les Falaises" in listing
    # Another person of the structure sees it too.
    assert "Café des parents" in client_of(REFERENTE).get(reverse("projects:list")).content.decode()


def test_a_repeated_title_gets_a_unique_slug(client_of):
    client = client_of(REFERENTE)
    for _ in range(3):
        assert client.post(CREATE, project_data(title="Projet social")).status_code == 302
    slugs = set(Project.objects.filter(title="Projet social").values_list("slug", flat=True))
    assert slugs == {"projet-social", "projet-social-2", "projet-social-3"}


def test_a_title_that_reads_like_a_path_never_takes_it(client_of):
    client_of(DIRECTION).post(CREATE, project_data(title="Nouveau"))
    assert Project.objects.get(title="Nouveau").slug == "nouveau-2"


def test_period_ending_before_it_starts_is_refused_in_french(client_of):
    before = Project.objects.count()
    response = client_of(DIRECTION).post(
        CREATE, project_data(period_start="2027-01-01", period_end="2026-01-01")
    )
    assert response.status_code == 400
    assert "La fin de la période doit être postérieure à son début." in response.content.decode()
    assert Project.objects.count() == before


@pytest.mark.parametrize("email", [FEDERATION, PARTENAIRE, CAF, COORDINATION])
def test_people_of_other_structures_cannot_create_for_falaises(client_of, email):
    before = Project.objects.count()
    client = client_of(email)
    assert client.get(CREATE, {"structure": "falaises"}).status_code == 403
    assert client.post(f"{CREATE}?structure=falaises", project_data()).status_code == 403
    # Without the query string, the structure field only accepts their own structures.
    response = client.post(CREATE, project_data())
    assert response.status_code in (400, 403)
    assert Project.objects.count() == before


def test_federation_advisor_creates_for_the_federation_only(client_of):
    client = client_of(FEDERATION)
    federation = Organisation.objects.get(slug="federation-causses")
    response = client.post(CREATE, project_data(organisation=federation.pk, title="Formation"))
    assert response.status_code == 302
    assert Project.objects.get(title="Formation").lead == federation


def test_creation_link_is_shown_only_to_who_may(client_of):
    listing = reverse("projects:list")
    assert "Créer un projet" in client_of(DIRECTION).get(listing).content.decode()
    assert "Créer un projet" not in client_of(CAF).get(listing).content.decode()


def test_project_page_offers_edit_links_to_editors_only(client_of):
    url = reverse("projects:detail", kwargs={"slug": "bien-vieillir"})
    lead_page = client_of(COORDINATION).get(url).content.decode()
    assert "Modifier le projet" in lead_page
    assert "Gérer la communauté d'action" in lead_page
    partner_page = client_of(PARTENAIRE).get(url).content.decode()
    assert "Modifier le projet" not in partner_page
    assert "Gérer la communauté d'action" not in partner_page
    assert "Voir la communauté d'action" in partner_page


def test_lead_edits_the_project_and_the_change_is_logged(client_of):
    project = Project.objects.get(slug="bien-vieillir")
    url = reverse("projects:edit", kwargs={"slug": project.slug})
    data = {
        "title": "Collectif Bien Vieillir à Bellerive",
        "kind": project.kind,
        "description": project.description,
        "territory": project.territory_id or "",
        "territory_label": project.territory_label,
        "period_start": project.period_start.isoformat() if project.period_start else "",
        "period_end": project.period_end.isoformat() if project.period_end else "",
    }
    assert client_of(PARTENAIRE).post(url, data).status_code == 403
    response = client_of(COORDINATION).post(url, data)
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.title == "Collectif Bien Vieillir à Bellerive"
    assert project.slug == "bien-vieillir"  # addresses stay stable
    assert AuditEvent.objects.filter(verb="project.updated", details__project=project.slug)


def test_someone_in_several_structures_chooses_the_porteur(client_of, user_of):
    from maillage.organisations.models import OrganisationMember

    jardins = Organisation.objects.get(slug="jardins-du-plateau")
    OrganisationMember.objects.create(user=user_of(DIRECTION), organisation=jardins, role="admin")
    client = client_of(DIRECTION)
    page = client.get(CREATE, {"structure": "jardins-du-plateau"}).content.decode()
    assert '<select name="organisation"' in page
    assert f'<option value="{jardins.pk}" selected>' in page
    response = client.post(CREATE, project_data(organisation=jardins.pk, title="Troc de graines"))
    assert response.status_code == 302
    assert Project.objects.get(title="Troc de graines").lead == jardins
