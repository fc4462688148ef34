import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_director_sees_her_centre_and_its_figures(page_for, demo_site):
    page = page_for("direction@falaises.demo")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Bonjour "))
    mine = page.get_by_role("region", name="Mes structures")
    expect(mine).to_contain_text("Centre social Les Falaises")
    expect(page.locator("main")).not_to_contain_text("Collectif Bien Vieillir")
    page.get_by_role("link", name="Centre social Les Falaises").click()
    expect(page.get_by_role("heading", name=re.compile("Chiffres clés"))).to_be_visible()
    expect(page.get_by_text("Familles adhérentes").first).to_be_visible()
    expect(page.get_by_role("link", name="Modifier la fiche")).to_be_visible()


def test_caf_advisor_reads_only_what_structures_share(page_for, demo_site):
    page = page_for("caf@causses.demo")
    expect(page.get_by_role("region", name="Mes réseaux")).to_contain_text("Réseau des Causses")
    page.get_by_role("link", name="Réseau des Causses").click()
    table = page.get_by_role("table")
    expect(table.get_by_text("non partagés")).to_have_count(2)
    # The key figures' total (the common indicators' table has its own pooled total row).
    totals = table.locator("tfoot").filter(has_text="Total (")
    expect(totals).to_contain_text("Total (6 structures)")
    # Les Falaises is outside the network: its page is refused, in French.
    response = page.goto(f"{demo_site}/structures/falaises/")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Accès refusé")


def test_keyboard_user_skips_to_content_and_logs_in(page_for, demo_site):
    page = page_for()
    page.goto(f"{demo_site}/compte/mot-de-passe/oublie/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Aller au contenu")).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Adresse e-mail de votre compte")).to_be_focused()

    # The login form starts on the e-mail field and submits with Enter.
    page.goto(f"{demo_site}/compte/connexion/")
    expect(page.get_by_label("Adresse e-mail")).to_be_focused()
    page.keyboard.type("partenaire@ccas.demo")
    page.keyboard.press("Tab")
    page.keyboard.type("demo-maillage")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{demo_site}/")
    expect(page.get_by_role("region", name="Mes projets")).to_contain_text(
        "Collectif Bien Vieillir"
    )


def test_pages_fit_a_small_phone_screen(page_for, demo_site):
    page = page_for("federation@causses.demo", width=360, height=740)
    for path in ("/", "/structures/", "/reseaux/reseau-causses/", "/compte/"):
        page.goto(demo_site + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} déborde de {overflow} px"
    page = page_for("direction@falaises.demo", width=360, height=740)
    for path in (
        "/structures/falaises/",
        "/structures/falaises/membres/",
        "/structures/falaises/modifier/",
        "/projets/",
    ):
        page.goto(demo_site + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} déborde de {overflow} px"
