"""Value-chain pages: building a chain through the forms, errors, and who may do what."""

import pytest
from django.urls import reverse

from demo_people import CAF, COORDINATION, DIRECTION, FEDERATION, PARTENAIRE, REFERENTE
from maillage.core.templatetags.ui import euros
from maillage.evaluation.models import (
    ChainEdge,
    ChainLink,
    Contribution,
    FrameworkChange,
    ValueChain,
)

BIEN_VIEILLIR = "bien-vieillir"
FALAISES = "projet-social-falaises-2023-2026"


def url(name, chain=None, **kwargs):
    if chain is not None:
        kwargs |= {"slug": chain.project.slug, "chain_id": chain.pk}
    return reverse(f"evaluation:{name}", kwargs=kwargs)


def add_link(client, chain, kind, title, **extra):
    data = {"maillon-kind": kind, "maillon-title": title, "maillon-order": 0}
    data |= {f"maillon-{k}": v for k, v in extra.items()}
    return client.post(url("chain_link_add", chain), data)


@pytest.fixture
def chain(world):
    """A bien-vieillir chain with a resource and an activity."""
    chain = ValueChain.objects.create(project=world.projects[BIEN_VIEILLIR], title="Visites")
    ChainLink.objects.create(chain=chain, kind="resource", title="Temps bénévole")
    ChainLink.objects.create(chain=chain, kind="activity", title="Visites à domicile")
    return chain


@pytest.mark.parametrize(("email", "slug"), [(COORDINATION, BIEN_VIEILLIR), (REFERENTE, FALAISES)])
def test_the_lead_builds_a_whole_chain(email, slug, world, client_of):
    client = client_of(email)
    response = client.post(
        url("chains", slug=slug), {"title": "Rompre l'isolement", "description": "Essai"}
    )
    chain = ValueChain.objects.get(project__slug=slug, title="Rompre l'isolement")
    assert response.status_code == 302 and response.url == chain.get_absolute_url()

    titles = {
        "resource": "Accueil et comptabilité",
        "activity": "Cafés des aînés",
        "output": "48 cafés par an",
        "effect": "Les aînés se sentent moins seuls",
        "common": "Liens de voisinage",
    }
    for kind, title in titles.items():
        extra = {}
        if kind == "resource":
            extra["resource_type"] = "support"
        if kind == "effect":
            extra["target"] = "habitants"
        response = add_link(client, chain, kind, title, **extra)
        assert response.status_code == 302, response.content.decode()[:2000]
    link = {x.kind: x for x in chain.links.all()}
    assert link["resource"].is_support_function

    for source, target in [
        ("resource", "activity"),
        ("activity", "output"),
        ("common", "resource"),
    ]:
        response = client.post(
            url("chain_edge_add", chain),
            {"lien-source": link[source].pk, "lien-target": link[target].pk, "lien-label": ""},
        )
        assert response.status_code == 302
    feedback = ChainEdge.objects.get(source=link["common"], target=link["resource"])
    assert feedback.is_feedback

    member = chain.project.memberships.get(role="porteur").organisation
    response = client.post(
        url("chain_contribution_add", chain),
        {
            "contribution-link": link["resource"].pk,
            "contribution-organisation": member.pk,
            "contribution-direction": "cost",
            "contribution-nature": "euros",
            "contribution-quantity": "",
            "contribution-euro_value": "1200",
            "contribution-description": "Une part de la comptable",
        },
    )
    assert response.status_code == 302
    assert Contribution.objects.filter(link__chain=chain, organisation=member).count() == 1

    page = client.get(chain.get_absolute_url()).content.decode()
    for title in titles.values():
        assert title in page
    assert f'id="maillon-{link["effect"].pk}"' in page
    assert "retour : renouvelle un maillon en amont" in page
    assert euros(1200) in page  # per-member summary, in French format
    assert "<svg" in page and "chain-edge--feedback" in page

    svg = client.get(url("chain_svg", chain))
    assert svg["Content-Type"].startswith("image/svg+xml")
    body = svg.content.decode()
    assert all(title.split()[0] in body for title in titles.values())
    assert f'data-source="{link["common"].pk}" data-target="{link["resource"].pk}"' in body

    history = " | ".join(
        FrameworkChange.objects.filter(framework__project__slug=slug).values_list(
            "summary", flat=True
        )
    )
    assert "Rompre l'isolement" in history
    assert "Cafés des aînés" in history
    assert "Liens de voisinage → Accueil et comptabilité" in history
    assert "contribution" in history


def test_bad_input_gives_french_errors_and_stores_nothing(chain, client_of):
    client = client_of(COORDINATION)
    resource, activity = chain.links.order_by("pk")
    ChainEdge.objects.create(chain=chain, source=resource, target=activity)
    before = (ChainEdge.objects.count(), ChainLink.objects.count(), FrameworkChange.objects.count())

    to_itself = client.post(
        url("chain_edge_add", chain), {"lien-source": resource.pk, "lien-target": resource.pk}
    )
    assert to_itself.status_code == 400
    assert "Un lien relie deux maillons différents." in to_itself.content.decode()

    duplicate = client.post(
        url("chain_edge_add", chain), {"lien-source": resource.pk, "lien-target": activity.pk}
    )
    assert duplicate.status_code == 400
    assert "Ces deux maillons sont déjà reliés." in duplicate.content.decode()

    effect = add_link(client, chain, "effect", "Effet sans cible")
    assert effect.status_code == 400
    page = effect.content.decode()
    assert "Un effet a une cible" in page
    assert 'value="Effet sans cible"' in page  # the input is kept

    htmx = client.post(
        url("chain_edge_add", chain),
        {"lien-source": resource.pk, "lien-target": resource.pk},
        headers={"HX-Request": "true"},
    )
    assert htmx.status_code == 200  # htmx swaps only successful answers
    assert 'id="chaine-contenu"' in htmx.content.decode()
    assert "<html" not in htmx.content.decode()

    after = (ChainEdge.objects.count(), ChainLink.objects.count(), FrameworkChange.objects.count())
    assert after == before


def test_htmx_add_returns_the_refreshed_fragment(chain, client_of):
    response = client_of(COORDINATION).post(
        url("chain_link_add", chain),
        {"maillon-kind": "output", "maillon-title": "Cent visites", "maillon-order": 0},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Cent visites" in body and "<svg" in body and "<html" not in body


def test_the_partner_records_only_its_own_contributions(chain, world, client_of):
    client = client_of(PARTENAIRE)
    resource = chain.links.get(kind="resource")
    ccas = world.organisations["ccas-bellerive"]
    lead = world.organisations[world.extra["bien_vieillir_lead"]]
    data = {
        "contribution-link": resource.pk,
        "contribution-direction": "benefit",
        "contribution-nature": "network",
        "contribution-description": "Repérage des personnes isolées",
    }
    page = client.get(chain.get_absolute_url()).content.decode()
    assert "Ajouter une contribution" in page and "Ajouter un maillon" not in page

    own = client.post(
        url("chain_contribution_add", chain), data | {"contribution-organisation": ccas.pk}
    )
    assert own.status_code == 302
    assert Contribution.objects.filter(link=resource, organisation=ccas).count() == 1

    other = client.post(
        url("chain_contribution_add", chain), data | {"contribution-organisation": lead.pk}
    )
    assert other.status_code == 400
    assert not Contribution.objects.filter(link=resource, organisation=lead).exists()

    assert add_link(client, chain, "activity", "Pas permis").status_code == 403
    assert not ChainLink.objects.filter(title="Pas permis").exists()
    assert client.get(url("chain_link_edit", chain, link_id=resource.pk)).status_code == 403

    theirs = Contribution.objects.create(
        link=resource, organisation=lead, direction="cost", nature="hours"
    )
    delete = client.post(url("chain_contribution_delete", chain, contribution_id=theirs.pk))
    assert delete.status_code == 403
    assert Contribution.objects.filter(pk=theirs.pk).exists()


@pytest.mark.parametrize("email", [DIRECTION, REFERENTE, FEDERATION, CAF])
def test_people_outside_the_project_see_nothing(email, chain, client_of):
    client = client_of(email)
    link = chain.links.first()
    gets = [
        url("chains", slug=BIEN_VIEILLIR),
        url("chain", chain),
        url("chain_svg", chain),
        url("chain_edit", chain),
        url("chain_delete", chain),
        url("chain_link_edit", chain, link_id=link.pk),
    ]
    for address in gets:
        response = client.get(address)
        assert response.status_code == 403, address
        assert "Temps bénévole" not in response.content.decode()
    posts = [
        url("chains", slug=BIEN_VIEILLIR),
        url("chain_link_add", chain),
        url("chain_edge_add", chain),
        url("chain_contribution_add", chain),
        url("chain_link_delete", chain, link_id=link.pk),
    ]
    for address in posts:
        assert client.post(address, {"title": "x"}).status_code == 403, address
    assert ChainLink.objects.filter(chain=chain).count() == 2


def test_nested_objects_must_belong_to_the_url(chain, world, client_of):
    other = ValueChain.objects.create(project=world.projects[BIEN_VIEILLIR], title="Autre")
    foreign = ChainLink.objects.create(chain=other, kind="resource", title="Ailleurs")
    client = client_of(COORDINATION)
    assert client.get(url("chain_link_edit", chain, link_id=foreign.pk)).status_code == 404
    assert client.post(url("chain_link_delete", chain, link_id=foreign.pk)).status_code == 404
    falaises = ValueChain.objects.create(project=world.projects[FALAISES], title="Falaises")
    assert client.get(url("chain", slug=BIEN_VIEILLIR, chain_id=falaises.pk)).status_code == 404


def test_edit_and_delete_the_chain(chain, client_of):
    client = client_of(COORDINATION)
    link = chain.links.get(kind="activity")
    response = client.post(
        url("chain_link_edit", chain, link_id=link.pk),
        {"kind": "activity", "title": "Visites et appels", "order": 1},
    )
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.title == "Visites et appels"

    response = client.post(url("chain_edit", chain), {"title": "Visites renommées"})
    assert response.status_code == 302
    assert client.get(url("chain_delete", chain)).status_code == 200
    response = client.post(url("chain_delete", chain))
    assert response.status_code == 302 and response.url == url("chains", slug=BIEN_VIEILLIR)
    assert not ValueChain.objects.filter(pk=chain.pk).exists()
    assert FrameworkChange.objects.filter(
        summary__contains="suppression : chaîne de valeur « Visites renommées »"
    ).exists()
