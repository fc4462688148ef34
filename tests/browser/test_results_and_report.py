"""The référente of Les Falaises reads her results, writes the answer to a question, prepares the
residents' version of the report and downloads its PDF."""

import pytest
from playwright.sync_api import expect

from demo_people import REFERENTE

pytestmark = pytest.mark.browser
FALAISES = "projet-social-falaises-2023-2026"


def test_from_results_to_a_shared_report(page_for, demo_site):
    from maillage.analysis.models import QuestionAnswer
    from maillage.reports.models import ReportBuild

    page = page_for(REFERENTE)
    page.goto(f"{demo_site}/projets/{FALAISES}/resultats/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Résultats")
    expect(page.get_by_text("+1,2 points sur 5")).to_be_visible()
    # A chart's figures are one click away, as a table.
    page.get_by_text("Les chiffres du graphique").first.click()

    question = page.locator(".question-results").filter(
        has_text="Dans quelle mesure les actions familles"
    )
    question.get_by_text("Écrire la réponse").click()
    question.get_by_label("Réponse à la question").fill(
        "Oui : trois parents sur quatre se disent à l'aise dans leur rôle."
    )
    question.get_by_role("button", name="Enregistrer la réponse").click()
    expect(page.get_by_text("La réponse à la question est enregistrée.")).to_be_visible()
    assert QuestionAnswer.objects.filter(text__startswith="Oui : trois parents").exists()

    page.get_by_role("link", name="Restitution", exact=True).click()
    page.get_by_label("Habitants (version en langage simple)").check()
    page.get_by_role("button", name="Mettre à jour l’aperçu").click()
    expect(page.get_by_text("Oui : trois parents sur quatre")).to_be_visible()
    expect(page.locator("#r-benevolat")).to_have_count(0)  # no internal figures for residents

    page.get_by_role("button", name="Fabriquer le PDF de cet aperçu").click()
    expect(page.get_by_text("Le rapport est prêt.")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger le PDF").click()
    assert download.value.suggested_filename.endswith("-habitants.pdf")
    assert ReportBuild.objects.get().audience == "residents"
