"""A structure decides what its network sees: checked from the advisors' side."""

import pytest
from django.urls import reverse

from demo_people import CAF, COORDINATION, FEDERATION, PARTENAIRE
from maillage.accounts.models import User
from maillage.organisations.models import KeyFigures, NetworkShare, Organisation

pytestmark = pytest.mark.django_db

NETWORK = reverse("organisations:network", kwargs={"slug": "reseau-causses"})


def structure(world, sharing):
    not_sharing = world.extra["causses_not_sharing"]
    slug = next(s for s in world.extra["causses_structures"] if (s not in not_sharing) == sharing)
    return Organisation.objects.get(slug=slug)


def test_advisor_sees_figures_only_of_structures_that_share_them(world, client_of):
    shared, private = structure(world, True), structure(world, False)
    private_budget = KeyFigures.objects.filter(organisation=private).latest("year").annual_budget
    for email in (FEDERATION, CAF):
        client = client_of(email)
        page = client.get(reverse("organisations:detail", kwargs={"slug": private.slug}))
        text = page.content.decode()
        assert page.status_code == 200
        assert "ne partage pas ses chiffres clés avec vous" in text
        assert f"{int(private_budget):,}".replace(",", "\u202f") not in text
        page = client.get(reverse("organisations:detail", kwargs={"slug": shared.slug}))
        assert "Budget annuel" in page.content.decode()


def test_network_totals_count_only_what_is_shared(world, client_of):
    sharing = [
        Organisation.objects.get(slug=s)
        for s in world.extra["causses_structures"]
        if s not in world.extra["causses_not_sharing"]
    ]
    expected = sum(
        KeyFigures.objects.filter(organisation=o).latest("year").volunteers for o in sharing
    )
    response = client_of(CAF).get(NETWORK)
    figures = response.context["figures"]
    assert figures.totals["volunteers"] == expected
    assert figures.sharing_count == len(sharing) == 6
    assert response.content.decode().count("non partagés") == 2


def test_unsharing_hides_the_figures_at_once(world, client_of):
    shared = structure(world, True)
    admin = User.objects.filter(memberships__organisation=shared, memberships__role="admin").first()
    url = reverse("organisations:sharing", kwargs={"slug": shared.slug})
    network_id = world.networks["causses"].pk
    response = client_of(admin.email).post(url, {})  # every box unticked
    assert response.status_code == 302
    assert not NetworkShare.objects.filter(organisation=shared, network_id=network_id).exists()
    page = client_of(CAF).get(reverse("organisations:detail", kwargs={"slug": shared.slug}))
    assert "ne partage pas ses chiffres clés avec vous" in page.content.decode()
    # …and sharing again shows them.
    client_of(admin.email).post(url, {f"n{network_id}-scopes": ["key_figures"]})
    page = client_of(CAF).get(reverse("organisations:detail", kwargs={"slug": shared.slug}))
    assert "Budget annuel" in page.content.decode()


def test_people_outside_the_network_see_neither_the_network_nor_its_figures(world, client_of):
    for email in (COORDINATION, PARTENAIRE):
        assert client_of(email).get(NETWORK).status_code == 403
        page = client_of(email).get(
            reverse("organisations:detail", kwargs={"slug": structure(world, True).slug})
        )
        assert page.status_code == 403


def test_partner_sees_only_the_projects_its_structure_is_a_member_of(client_of):
    page = client_of(PARTENAIRE).get(reverse("projects:list")).content.decode()
    assert "Collectif Bien Vieillir" in page
    assert "Mutualisation" not in page
    assert "Falaises" not in page
