import pytest
from django.urls import reverse

from demo_people import CAF, COORDINATION, DIRECTION, FEDERATION, PARTENAIRE, REFERENTE
from maillage.core.models import AuditEvent
from maillage.organisations.models import KeyFigures, Organisation, OrganisationMember

pytestmark = pytest.mark.django_db

DETAIL = reverse("organisations:detail", kwargs={"slug": "falaises"})
EDIT = reverse("organisations:edit", kwargs={"slug": "falaises"})


def identity(**changes):
    falaises = Organisation.objects.get(slug="falaises")
    data = {
        "name": falaises.name,
        "kind": falaises.kind,
        "commune": falaises.commune,
        "postal_code": falaises.postal_code,
        "department": falaises.department_id,
        "siret": "",
        "agrement_start": "2023-01-01",
        "agrement_end": "2026-12-31",
        "description": falaises.description,
        "year": 2025,
    }
    data.update(changes)
    return data


def test_structure_page_shows_identity_and_key_figures(client_of):
    page = client_of(REFERENTE).get(DETAIL).content.decode()
    figures = KeyFigures.objects.filter(organisation__slug="falaises").order_by("-year").first()
    assert "Seine-Maritime (76)" in page
    assert "Chiffres clés 2025" in page
    assert f"{figures.member_families}" in page
    assert "Modifier la fiche" not in page  # a contributor does not edit the structure


def test_admin_edits_identity_and_figures_and_the_change_is_logged(client_of):
    data = identity(
        commune="Saint-Aubin-sur-Falaise",
        siret="732 829 320 00074",
        **{"kf-salaried_staff": 33, "kf-volunteers": 120, "kf-staff_fte": "22.75"},
    )
    response = client_of(DIRECTION).post(EDIT, data)
    assert response.status_code == 302
    falaises = Organisation.objects.get(slug="falaises")
    assert falaises.siret == "73282932000074"
    figures = KeyFigures.objects.get(organisation=falaises, year=2025)
    assert (figures.salaried_staff, figures.volunteers, str(figures.staff_fte)) == (
        33,
        120,
        "22.75",
    )
    verbs = set(AuditEvent.objects.filter(organisation=falaises).values_list("verb", flat=True))
    assert {"organisation.updated", "organisation.key_figures"} <= verbs
    page = client_of(DIRECTION).get(DETAIL).content.decode()
    assert "22,8" in page  # FTE shown in French format with one decimal


def test_bad_input_is_answered_field_by_field_and_nothing_is_saved(client_of):
    before = KeyFigures.objects.get(organisation__slug="falaises", year=2025).volunteers
    data = identity(
        siret="12345678901234",
        postal_code="7659",
        agrement_end="2022-01-01",
        **{"kf-volunteers": "-3"},
    )
    response = client_of(DIRECTION).post(EDIT, data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Ce numéro SIRET n&#x27;est pas valide" in page
    assert "Le code postal compte 5 chiffres." in page
    assert "La fin de l&#x27;agrément doit être postérieure à son début." in page
    assert 'aria-invalid="true"' in page
    assert Organisation.objects.get(slug="falaises").postal_code != "7659"
    assert KeyFigures.objects.get(organisation__slug="falaises", year=2025).volunteers == before


def test_figures_of_a_new_year_are_added_without_touching_earlier_years(client_of):
    client_of(DIRECTION).post(EDIT, identity(year=2026, **{"kf-volunteers": 130}))
    years = dict(
        KeyFigures.objects.filter(organisation__slug="falaises").values_list("year", "volunteers")
    )
    assert years[2026] == 130
    assert years[2025] != 130


def test_role_change_and_last_admin_protection(client_of):
    referente = OrganisationMember.objects.get(user__email=REFERENTE)
    direction = OrganisationMember.objects.get(user__email=DIRECTION, organisation__slug="falaises")
    url = reverse(
        "organisations:member_role", kwargs={"slug": "falaises", "member_id": referente.pk}
    )
    client_of(DIRECTION).post(url, {"role": "reader"})
    referente.refresh_from_db()
    assert referente.role == "reader"

    admins = OrganisationMember.objects.filter(organisation__slug="falaises", role="admin")
    assert list(admins) == [direction]
    url = reverse(
        "organisations:member_role", kwargs={"slug": "falaises", "member_id": direction.pk}
    )
    response = client_of(DIRECTION).post(url, {"role": "reader"}, follow=True)
    assert "dernier administrateur" in response.content.decode()
    direction.refresh_from_db()
    assert direction.role == "admin"


def test_members_of_another_structure_cannot_be_reached_through_this_one(client_of):
    """Insecure direct object reference: a member id of Bien Vieillir under Les Falaises."""
    other = OrganisationMember.objects.get(user__email=COORDINATION)
    for name in ("organisations:member_role", "organisations:member_remove"):
        url = reverse(name, kwargs={"slug": "falaises", "member_id": other.pk})
        assert client_of(DIRECTION).post(url, {"role": "reader"}).status_code == 404
    other.refresh_from_db()
    assert other.role == "contributor"


def test_member_list_is_private_to_the_structure(client_of):
    url = reverse("organisations:members", kwargs={"slug": "falaises"})
    for email in (COORDINATION, FEDERATION, CAF, PARTENAIRE):
        response = client_of(email).get(url)
        assert response.status_code == 403
        assert REFERENTE not in response.content.decode()
