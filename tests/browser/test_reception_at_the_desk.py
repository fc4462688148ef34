"""At the front desk, on a tablet, with the keyboard alone: two requests noted in a few keys,
the second one oriented to a partner; the date and channel stay from one entry to the next."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_the_desk_notes_requests_with_the_keyboard_alone(page_for, demo_site):
    from maillage.collection.models import ReceptionRequest

    before = ReceptionRequest.objects.filter(organisation__slug="falaises").count()
    page = page_for("referente@falaises.demo", width=820, height=1180)
    page.goto(f"{demo_site}/structures/falaises/accueil/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 820

    # The first group has the focus: « 2 » téléphone, « 1 » habitants, « 2 » aide numérique,
    # « 1 » réponse sur place, then Enter on « Enregistrer ».
    page.get_by_label("téléphone").focus()
    for key in ("2", "1", "2", "1"):
        page.keyboard.press(key)
    expect(page.get_by_role("button", name="Enregistrer")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Demande enregistrée")).to_be_visible()
    # The channel is kept and has the focus again for the next person.
    expect(page.get_by_label("téléphone")).to_be_checked()
    expect(page.get_by_label("téléphone")).to_be_focused()

    # Oriented to a partner: the partner list appears and takes the focus; typing picks it.
    page.keyboard.press("2")  # téléphone
    page.keyboard.press("1")  # habitants
    page.keyboard.press("4")  # logement
    page.keyboard.press("4")  # orienté vers un partenaire
    partner = page.get_by_label("Partenaire vers qui la personne est orientée")
    expect(partner).to_be_visible()
    expect(partner).to_be_focused()
    page.keyboard.type("Caux")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Demande enregistrée")).to_be_visible()

    stored = ReceptionRequest.objects.filter(organisation__slug="falaises").order_by("-pk")
    assert stored.count() == before + 2
    last, first = stored[0], stored[1]
    assert (first.channel, first.group, first.theme, first.outcome) == (
        "telephone", "habitant", "numerique", "repondu",
    )  # fmt: skip
    assert (last.theme, last.outcome, last.oriented_to.name) == (
        "logement", "oriente", "Caux Habitat",
    )  # fmt: skip
    assert last.received_on == first.received_on
