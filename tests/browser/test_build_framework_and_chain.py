"""From scratch, in a real browser: a referent creates a project, frames its evaluation and draws
its value chain, partly with the keyboard only."""

import re

import pytest
from playwright.sync_api import expect

from demo_people import REFERENTE

pytestmark = pytest.mark.browser


def submit(form_button):
    form_button.click()


def test_referent_builds_a_small_framework_and_chain(page_for, demo_site):
    page = page_for(REFERENTE)

    # 1. Cadrage: the project, carried by Les Falaises.
    page.goto(f"{demo_site}/projets/nouveau/?structure=falaises")
    page.get_by_label("Titre").fill("Café des parents")
    page.get_by_label("Type de projet").select_option(label="projet familles")
    page.get_by_label("Description").fill("Un rendez-vous hebdomadaire entre parents.")
    page.get_by_role("button", name="Créer le projet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Café des parents")

    # 2-4. Framework: one goal, one question, one indicator.
    page.get_by_role("link", name="Cadre d'évaluation").click()
    expect(
        page.get_by_text("0 objectifs · 0 questions évaluatives · 0 indicateurs")
    ).to_be_visible()
    page.get_by_role("link", name="Ajouter un objectif « habitants »").click()
    expect(page.get_by_label("Cible")).to_have_value("habitants")
    page.get_by_label("Objectif").fill("Les parents se sentent moins seuls")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", name="Les parents se sentent moins seuls")).to_be_visible()

    page.get_by_role(
        "link", name="Ajouter une question à l'objectif « Les parents se sentent moins seuls »"
    ).click()
    page.get_by_label(re.compile(r"^Question")).fill("Le café aide-t-il les parents à se lier ?")
    page.get_by_label("Critère").select_option(label="Impact / utilité sociale")
    page.get_by_label("habitants").check()
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Critère : Impact / utilité sociale")).to_be_visible()

    page.get_by_role("link", name=re.compile("^Ajouter un indicateur à la question")).click()
    # Keyboard only: type the name, move to the source and computation, submit with Enter.
    page.get_by_label(re.compile(r"^Indicateur")).focus()
    page.keyboard.type("Parents présents chaque semaine")
    page.get_by_label("Source").select_option(label="valeurs saisies par période")
    page.get_by_label("Calcul").select_option(label="dernière valeur saisie")
    page.get_by_label("Unité").focus()
    page.keyboard.type("parents")
    page.keyboard.press("Enter")
    expect(page.locator(".indicator__name")).to_contain_text("Parents présents chaque semaine")
    expect(page.get_by_text("1 objectif · 1 question évaluative · 1 indicateur")).to_be_visible()

    # 5. Value chain: a resource feeds an activity; the activity renews nothing yet.
    page.get_by_role("link", name="Café des parents").click()
    page.get_by_role("link", name="Chaînes de valeur").click()
    page.get_by_label("Titre").fill("Ce que le café apporte aux parents")
    page.get_by_role("button", name="Créer la chaîne").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ce que le café apporte")

    links = [("ressource", "Temps de l'animatrice"), ("activité", "Café hebdomadaire")]
    for count, (kind, title) in enumerate(links, start=1):
        form = page.locator("form", has=page.get_by_role("button", name="Ajouter le maillon"))
        form.get_by_label("Type de maillon").select_option(label=kind)
        form.get_by_label("Intitulé").fill(title)
        form.get_by_role("button", name="Ajouter le maillon").click()
        nodes = page.locator("svg[role=img] g.chain-node")
        expect(nodes).to_have_count(count)
        expect(nodes.nth(count - 1)).to_contain_text(title)

    edge_form = page.locator("form", has=page.get_by_role("button", name="Ajouter le lien"))
    source = edge_form.get_by_label("De")
    source.select_option(
        source.locator("option", has_text="Temps de l'animatrice").get_attribute("value")
    )
    target = edge_form.get_by_label("Vers")
    target.select_option(
        target.locator("option", has_text="Café hebdomadaire").get_attribute("value")
    )
    edge_form.get_by_role("button", name="Ajouter le lien").click()

    diagram = page.locator("svg[role=img]")
    expect(diagram.locator("path[data-source]")).to_have_count(1)
    expect(diagram).to_contain_text("Ressources")
    expect(page.get_by_role("table").first).to_contain_text("Temps de l'animatrice")

    # The framework history kept every step.
    project_url = page.url.split("/chaines/")[0]
    page.goto(project_url + "/cadre/")
    page.get_by_role("link", name=re.compile("historique")).click()
    expect(page.get_by_role("row")).to_have_count(8)

    # 6. A pathway of change towards the objective, then where the project stands.
    page.goto(project_url + "/chemins/")
    page.get_by_label("Objectif").select_option(index=1)
    page.get_by_label("Titre").fill("Des parents qui s'entraident")
    page.get_by_role("button", name="Créer le chemin").click()
    page.locator("#id_steps-0-effect").fill("Les parents viennent au café")
    page.locator("#id_steps-0-assumption").fill("Le café a lieu à la sortie de l'école.")
    page.locator("#id_steps-0-order").fill("1")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator(".pathway__assumption")).to_contain_text("à la sortie de l'école")

    page.get_by_role("link", name="Où en est le projet ?").click()
    expect(page.locator("#etape-2")).to_contain_text("aucun pour : territoire et communauté")
    expect(page.locator("#etape-5")).to_contain_text("1 chaîne, 2 maillons, 1 lien")
    expect(page.locator("[aria-current=step]")).to_contain_text("Cadrage")
