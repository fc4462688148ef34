"""A volunteer answers Les Falaises' survey on a small phone, with the keyboard and the thumb,
and a double tap on « Envoyer » stores one response."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_a_volunteer_answers_on_a_phone(page_for, demo_site):
    from maillage.collection.models import Campaign, Response

    campaign = Campaign.objects.get(title="Nouveaux bénévoles — en continu")
    before = Response.objects.filter(campaign=campaign).count()
    page = page_for(width=360, height=740)
    page.goto(f"{demo_site}/r/{campaign.token}/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Ce que le bénévolat vous apporte")
    expect(page.get_by_text("Partie 1 sur 2")).to_be_visible()
    # Nothing is wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # Sending without the required answers: French errors, focusable summary, answers kept.
    page.get_by_label("Combien d'heures par mois, environ ?").fill("8")
    page.get_by_role("button", name="Suivant").click()
    expect(page.get_by_role("alert")).to_contain_text("2 réponses sont à revoir")
    expect(page.get_by_label("Combien d'heures par mois, environ ?")).to_have_value("8")

    page.get_by_label("Bénévole", exact=True).check()
    page.get_by_label("Du temps, régulièrement").check()
    page.get_by_label("De l'écoute et de la présence").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Suivant").click()

    expect(page.get_by_text("Partie 2 sur 2")).to_be_visible()
    page.get_by_label("Des liens, des amitiés").check()
    page.locator("#q-confiance_avant-2").check()
    page.locator("#q-confiance_apres-4").check()
    page.get_by_label("Oui", exact=True).check()
    page.get_by_label("Laquelle ?").fill("J'anime l'atelier couture")
    send = page.get_by_role("button", name="Envoyer mes réponses")
    send.dblclick()

    expect(page.get_by_role("heading", level=1)).to_have_text("Merci !")
    stored = Response.objects.filter(campaign=campaign)
    assert stored.count() == before + 1
    answers = {a.question.code: a for a in stored.latest("pk").answers.select_related("question")}
    assert answers["apports"].choices == ["temps", "ecoute"]
    assert (answers["confiance_avant"].number, answers["confiance_apres"].number) == (2, 4)
    assert answers["laquelle"].text == "J'anime l'atelier couture"
    assert answers["heures_mois"].number == 8
