"""Shared posts (postes mutualisés): the rules of a split, each with its French message; the
figures of each structure; a post as a resource of a value chain, added twice without doubling."""

from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse

from demo_people import COORDINATION
from maillage.evaluation.models import ChainLink, Contribution
from maillage.projects import actions
from maillage.projects.models import SharedPost
from maillage.projects.shared_posts import AllocationRow, check_allocations, structure_posts

pytestmark = pytest.mark.django_db

D = Decimal


def plain(text: str) -> str:
    """Thousands are separated by non-breaking spaces in French: compare with plain ones."""
    return unescape(text).replace("\xa0", " ").replace("\u202f", " ")


def _form(world, rows, **post):
    """POST data for a new post of Bien Vieillir with rows (slug, FTE, % of cost, co-employer)."""
    data = {
        "title": "Agent de convivialité", "holder_name": "Inès Garcia",
        "employer": world.organisations["moulin"].pk, "total_fte": "1", "annual_cost": "40000",
        "repartition-TOTAL_FORMS": str(len(rows) + 1), "repartition-INITIAL_FORMS": "0",
        **post,
    }  # fmt: skip
    for index, (slug, fte, percent, co) in enumerate(rows):
        data[f"repartition-{index}-organisation"] = world.organisations[slug].pk
        data[f"repartition-{index}-fte"] = fte
        data[f"repartition-{index}-cost_percent"] = percent
        if co:
            data[f"repartition-{index}-co_employer"] = "on"
    return data


def test_each_rule_of_a_split_has_its_french_message(world):
    org = world.organisations
    members = set(
        world.projects["bien-vieillir"].memberships.values_list("organisation", flat=True)
    )

    def errors(rows, total="1", cost="40000"):
        return [(f, plain(m)) for f, m in check_allocations(
            employer=org["moulin"], total_fte=D(total), annual_cost=D(cost) if cost else None,
            rows=[AllocationRow(org[s], D(f), D(c), co) for s, f, c, co in rows],
            members=members,
        )]  # fmt: skip

    assert errors([("moulin", "0.6", "0.6", False), ("tilleuls", "0.4", "0.4", False)]) == []
    assert errors([])[0][1].startswith("« Structure » : indiquez au moins une structure")
    [(field, message)] = errors(
        [("moulin", "0.5", "0.5", False), ("falaises", "0.5", "0.5", False)]
    )
    assert field == "organisation"
    assert "Centre social Les Falaises n'est pas membre" in message
    [(field, message)] = errors([("moulin", "0.5", "0.5", False), ("moulin", "0.5", "0.5", False)])
    assert "Centre social du Moulin apparaît deux fois" in message
    [(field, message)] = errors([("moulin", "0.8", "0.6", False), ("lavoir", "0.4", "0.4", False)])
    assert field == "fte" and "1,20 ETP, plus que l'ETP total du poste (1,00 ETP)" in message
    # A gap in the cost is stated in percent and in euros, never accepted.
    [(field, message)] = errors([("moulin", "0.5", "0.5", False), ("lavoir", "0.4", "0.4", False)])
    assert field == "cost_share"
    assert "les parts font 90,00 % ; il reste 10,00 % (4 000 € par an)" in message
    [(field, message)] = errors([("moulin", "0.5", "0.7", False), ("lavoir", "0.5", "0.4", False)])
    assert "110,00 %, soit 10,00 % (4 000 € par an) de trop" in message
    # Without a known cost, shares need not add up, but may not exceed 100 %.
    assert errors([("moulin", "0.5", "0", False)], cost=None) == []
    [(field, message)] = errors([("moulin", "0.5", "0.5", True), ("lavoir", "0.5", "0.5", False)])
    assert field == "co_employer" and "déjà l'employeur du poste" in message
    # An FTE left unallocated is allowed: the page shows it as « non réparti ».
    assert errors([("moulin", "0.5", "1", False)]) == []


def test_the_lead_creates_a_post_and_sees_the_split_in_euros(world, client_of):
    client = client_of(COORDINATION)
    url = reverse("projects:shared_post_create", kwargs={"slug": "bien-vieillir"})
    before = SharedPost.objects.count()
    refused = client.post(url, _form(world, [("moulin", "0.5", "50", False),
                                             ("tilleuls", "0.3", "30", False)]))  # fmt: skip
    assert refused.status_code == 400
    page = plain(refused.content.decode())
    assert "« Part du coût » : les parts font 80,00 % ; il reste 20,00 % (8 000 € par an)" in page
    assert 'value="Inès Garcia"' in page  # nothing typed is lost
    assert SharedPost.objects.count() == before
    done = client.post(url, _form(world, [("moulin", "0.5", "50", False),
                                          ("tilleuls", "0.3", "30", False),
                                          ("ccas-bellerive", "0.1", "20", False)]))  # fmt: skip
    assert done.status_code == 302
    post = SharedPost.objects.get(title="Agent de convivialité")
    assert post.project.slug == "bien-vieillir"
    listing = plain(client.get(done.url).content.decode())
    section = listing[listing.index("Agent de convivialité") :]
    expected = [("Centre social du Moulin", "20 000 €"), ("Centre social des Tilleuls", "12 000 €"),
                ("CCAS de Bellerive", "8 000 €")]  # fmt: skip
    for name, cost in expected:
        row = section[section.index(f'<th scope="row">{name}') :].split("</tr>")[0]
        assert cost in row
    assert "Non réparti" in section  # 0,10 ETP left, shown rather than hidden
    assert "0,90 / 1,00" in section and "40 000 €" in section


def test_each_structure_sees_what_it_employs_lends_and_receives(world, client_of):
    tilleuls = structure_posts(world.organisations["tilleuls"])
    [line] = tilleuls.employed
    assert (line.fte, line.cost, line.lent_fte, line.lent_cost) == (
        D("0.40"), D("16400"), D("0.60"), D("24600"))  # fmt: skip
    assert (tilleuls.provided_fte, tilleuls.provided_cost) == (D("0.60"), D("24600"))
    roseraie = structure_posts(world.organisations["roseraie"])
    assert roseraie.employed == [] and (roseraie.received_fte, roseraie.received_cost) == (
        D("0.30"), D("12300"))  # fmt: skip
    # The HR manager's second association is a co-employer: her part is its own staff.
    sports = structure_posts(world.organisations["sports-loisirs-bellerive"])
    assert [line.role for line in sports.employed] == ["co-employeur"] and sports.received == []
    assert structure_posts(world.organisations["aide-domicile-bellerive"]).provided_fte == 0
    page = client_of("direction@roseraie.demo").get(
        reverse("organisations:detail", kwargs={"slug": "roseraie"})
    )
    text = plain(page.content.decode())
    section = text[text.index("Postes mutualisés dont la structure reçoit une part") :]
    assert "Conseiller numérique" in section and "12 300 €" in section and "0,30" in section


def test_a_post_becomes_one_resource_of_the_chain_whatever_the_number_of_clicks(world, client_of):
    chain = world.projects["bien-vieillir"].value_chains.get()
    officer = world.extra["shared_posts"]["numerique"]
    # The demo counted the digital-inclusion officer in Bien Vieillir's chain: once.
    [link] = ChainLink.objects.filter(chain=chain, shared_post=officer)
    assert link.kind == "resource" and link.title.startswith("Poste mutualisé : ")
    costs = sorted((c.organisation.slug, c.euro_value, c.quantity)
                   for c in link.contributions.filter(direction="cost"))  # fmt: skip
    assert costs == [("coteaux", D("12300"), D("482")), ("roseraie", D("12300"), D("482")),
                     ("tilleuls", D("16400"), D("643"))]  # fmt: skip
    client = client_of(COORDINATION)
    created = client.post(
        reverse("projects:shared_post_create", kwargs={"slug": "bien-vieillir"}),
        _form(world, [("moulin", "0.5", "75", False), ("lavoir", "0.5", "25", True)]),
    )
    assert created.status_code == 302
    post = SharedPost.objects.get(title="Agent de convivialité")
    url = reverse(
        "projects:shared_post_chain", kwargs={"slug": "bien-vieillir", "post_id": post.pk}
    )
    for _ in range(2):
        assert client.post(url, {f"poste-{post.pk}-chain": chain.pk}).status_code == 302
    [link] = ChainLink.objects.filter(chain=chain, shared_post=post)
    assert sorted((c.organisation.slug, c.euro_value) for c in link.contributions.all()) == [
        ("lavoir", D("10000")), ("moulin", D("30000"))]  # fmt: skip
    # A new split moves the maillon's contributions with it.
    edit = reverse(
        "projects:shared_post_edit", kwargs={"slug": "bien-vieillir", "post_id": post.pk}
    )
    data = _form(world, [("moulin", "0.5", "50", False), ("lavoir", "0.5", "50", True)])
    assert client.post(edit, data).status_code == 302
    assert sorted(c.euro_value for c in link.contributions.all()) == [D("20000"), D("20000")]
    assert Contribution.objects.filter(link__shared_post=post).count() == 2
    page = plain(client.get(chain.get_absolute_url()).content.decode())
    assert (
        "Vient du poste mutualisé « Agent de convivialité » employé par Centre social du Moulin"
        in page
    )


def test_a_chain_whose_project_lacks_a_structure_of_the_post_is_refused(world):
    rh = world.extra["shared_posts"]["rh"]
    chain = world.projects["bien-vieillir"].value_chains.get()
    with pytest.raises(actions.CommunityError, match="Bellerive Aide à Domicile"):
        actions.add_post_to_chain(rh, chain, by=None)
    assert not ChainLink.objects.filter(chain=chain, shared_post=rh).exists()
