"""The charter of a communauté d'action: versions, where each member stands, who records what."""

from html import unescape

import pytest
from django.urls import reverse

from demo_people import COORDINATION, PARTENAIRE
from maillage.projects import actions
from maillage.projects.charter import CURRENT, EARLIER, NONE, member_agreements
from maillage.projects.models import Charter

pytestmark = pytest.mark.django_db

URL = reverse("projects:charter", kwargs={"slug": "bien-vieillir"})


def _charter(project) -> Charter:
    # Fetched afresh: the demo's project object keeps the charter it first cached.
    return Charter.objects.get(project=project)


def _states(project):
    return {
        row.organisation.slug: row.state for row in member_agreements(project, _charter(project))
    }


def _row(page: str, name: str) -> str:
    return page[page.index(f'<th scope="row">{name}') :].split("</tr>")[0]


def test_the_demo_charter_shows_who_agreed_to_which_version(world, client_of):
    project = world.projects["bien-vieillir"]
    states = _states(project)
    assert _charter(project).version == 2
    assert sorted(s for s in states if states[s] == CURRENT) == sorted(
        world.extra["bien_vieillir_centres"])  # fmt: skip
    assert states["ccas-bellerive"] == EARLIER and states["ville-bellerive"] == NONE
    page = unescape(client_of(PARTENAIRE).get(URL).content.decode())
    assert "coopération plutôt que concurrence" in page.lower()
    ccas = _row(page, "CCAS de Bellerive")
    assert "version 1 (antérieure) approuvée le 22 mai 2025" in ccas
    assert "le conseil d'administration du CCAS" in ccas
    assert "version 2 approuvée le 4 novembre 2025" in _row(page, "Centre social du Moulin")
    # The CCAS's people are asked to agree again; the history tells the story.
    assert "la charte est passée en version 2, à approuver de nouveau" in page
    assert "modifiée : version 2" in page


def test_a_member_records_its_own_agreement_and_only_its_own(world, client_of):
    project = world.projects["bien-vieillir"]
    client = client_of(PARTENAIRE)
    own = reverse("projects:charter_agree",
                  kwargs={"slug": "bien-vieillir", "organisation": "ccas-bellerive"})  # fmt: skip
    refused = client.post(own, {"agreed_on": "2099-01-01", "signed_by": "la vice-présidente"})
    assert refused.status_code == 400
    assert "La date d'approbation ne peut pas être à venir." in unescape(refused.content.decode())
    assert _states(project)["ccas-bellerive"] == EARLIER
    done = client.post(own, {"agreed_on": "2026-02-03", "signed_by": "la vice-présidente"})
    assert done.status_code == 302
    assert _states(project)["ccas-bellerive"] == CURRENT
    page = unescape(client.get(URL).content.decode())
    assert "version 2 approuvée le 3 février 2026" in _row(page, "CCAS de Bellerive")
    assert "CCAS de Bellerive approuve la charte (version 2) le 03/02/2026" in page
    other = reverse("projects:charter_agree",
                    kwargs={"slug": "bien-vieillir", "organisation": "lavoir"})  # fmt: skip
    assert client.post(other, {"agreed_on": "2026-02-03"}).status_code == 403
    # The lead records the Ville's agreement, signed on paper.
    ville = reverse(
        "projects:charter_agree",
        kwargs={"slug": "bien-vieillir", "organisation": "ville-bellerive"},
    )
    lead = client_of(COORDINATION)
    assert lead.post(ville, {"agreed_on": "2026-01-20", "signed_by": "le maire"}).status_code == 302
    assert _states(project)["ville-bellerive"] == CURRENT


def test_changing_the_text_makes_a_new_version_that_members_agree_to_again(world, client_of):
    project = world.projects["bien-vieillir"]
    charter = _charter(project)
    client = client_of(COORDINATION)
    edit = reverse("projects:charter_edit", kwargs={"slug": "bien-vieillir"})
    same = {"values": charter.values, "goals": charter.goals, "commitments": charter.commitments}
    response = client.post(edit, same, follow=True)
    assert "reste en version 2" in unescape(response.content.decode())
    assert Charter.objects.get(pk=charter.pk).version == 2
    changed = {**same, "goals": charter.goals + "\nOuvrir un lieu d'accueil des aidants."}
    response = client.post(edit, changed, follow=True)
    page = unescape(response.content.decode())
    assert Charter.objects.get(pk=charter.pk).version == 3
    message = page[page.index("passe en version 3") :].split("</")[0]
    assert "Centre social du Moulin" in message and "CCAS de Bellerive" in message
    assert "Ville de Bellerive" not in message  # it never agreed: nothing to agree « again »
    states = _states(project)
    assert set(states.values()) == {EARLIER, NONE}
    # The partner may read the charter but not change it.
    assert client_of(PARTENAIRE).post(edit, changed).status_code == 403


def test_a_charter_is_written_once_then_versioned(world, user_of):
    project = world.projects["inclusion-numerique"]
    charter, changed = actions.save_charter(
        project, values="Accès aux droits", goals="Autonomie numérique", commitments="",
        by=user_of("direction@tilleuls.demo"),
    )  # fmt: skip
    assert (charter.version, changed) == (1, True)
    with pytest.raises(actions.CommunityError, match="n'est pas membre"):
        actions.record_charter_agreement(
            charter, world.organisations["moulin"], agreed_on=charter.updated_at.date(),
            signed_by="", by=None,
        )  # fmt: skip
