"""The results pages as their users meet them: figures by objective, charts with their tables, the
trace of each value, and the written answers to the evaluative questions."""

from html import unescape

import pytest
from django.urls import reverse

from demo_people import COORDINATION, DIRECTION, PARTENAIRE, REFERENTE
from maillage.analysis.models import QuestionAnswer
from maillage.analysis.results import project_results
from maillage.evaluation.models import EvaluativeQuestion, Indicator
from maillage.evaluation.steps import project_steps

pytestmark = pytest.mark.django_db
FALAISES = "projet-social-falaises-2023-2026"


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return unescape(response.content.decode())


def test_the_dashboard_shows_each_objective_with_computed_figures_and_charts(world, client_of):
    html = page(client_of(DIRECTION), reverse("analysis:results", kwargs={"slug": FALAISES}))
    assert "Les parents se sentent plus sûrs d'eux" in html
    assert "+1,2 points sur 5" in html  # the volunteers' confidence, before/after
    assert "Écart statistiquement significatif" in html
    assert html.count("<svg") >= 8 and "Les chiffres du graphique" in html
    assert 'aria-hidden="true"' in html  # the SVG is described by its caption and table
    assert "Ce que les personnes en disent" in html  # quotes whose consent covers reports
    assert "Il y a des jours où c'est lourd" not in html  # an internal-only testimony
    # Objectives in the method's order: residents first, the communauté d'action last.
    assert html.index("Les parents se sentent") < html.index("Les bénévoles gagnent")


def test_a_yearly_target_is_compared_with_one_year_not_the_whole_period(world):
    goals = project_results(world.projects[FALAISES], draw=False)
    hours = next(
        item for goal in goals for q in goal.questions for item in q.indicators
        if item.indicator.name == "Heures de bénévolat"
    )  # fmt: skip
    assert hours.value.value > 10_000  # two years of records
    assert hours.compared.period.label == "2025"
    assert hours.compared.value < 6_500 and hours.target_reached is False
    assert hours.compared_text.startswith("2025 : ")


def test_one_year_can_be_chosen(world, client_of):
    url = reverse("analysis:results", kwargs={"slug": FALAISES}) + "?annee=2025"
    html = page(client_of(REFERENTE), url)
    assert "Résultats" in html and "· 2025" in html


def test_the_trace_of_a_value_gives_its_rule_and_its_rows(world, client_of):
    indicator = Indicator.objects.get(framework__project__slug=FALAISES, computation="change")
    url = reverse("analysis:indicator", kwargs={"slug": FALAISES, "indicator_id": indicator.pk})
    html = page(client_of(REFERENTE), url)
    assert "test t apparié" in html and "Wilcoxon" in html
    assert "Questionnaire « benevoles-falaises-2025 », question confiance_apres" in html
    assert "37 lignes lues pour ce calcul." in html
    assert "Ce que le bénévolat vous apporte" in html  # each row links to its survey


def test_partners_see_the_figures_but_not_another_structures_answers(world, client_of):
    indicator = Indicator.objects.get(
        framework__project__slug="bien-vieillir", source_params__question="besoin_prioritaire"
    )
    url = reverse(
        "analysis:indicator", kwargs={"slug": "bien-vieillir", "indicator_id": indicator.pk}
    )
    ccas = page(client_of(PARTENAIRE), url)
    assert "412 lignes lues pour ce calcul." in ccas
    assert "Vous voyez les 0 qui viennent de vos structures" in ccas
    assert "Aucune ligne de vos structures." in ccas
    moulin = page(client_of(COORDINATION), url)  # the survey is the Moulin's
    assert "Vous voyez les" not in moulin and "Bien vieillir à Bellerive" in moulin


def test_writing_the_answer_to_a_question(world, client_of):
    question = EvaluativeQuestion.objects.filter(framework__project__slug=FALAISES).first()
    url = reverse("analysis:answer_question", kwargs={"slug": FALAISES, "question_id": question.pk})
    client = client_of(REFERENTE)
    prefix = f"q{question.pk}"
    refused = client.post(url, {f"{prefix}-deliberated_with": "comité de pilotage"})
    html = unescape(refused.content.decode())
    assert refused.status_code == 400
    assert 'value="comité de pilotage"' in html  # what was typed is kept
    before = project_steps(world.projects[FALAISES])[7]
    saved = client.post(url, {f"{prefix}-text": "Oui : les parents se sentent plus à l'aise.",
                              f"{prefix}-deliberated_with": "comité de pilotage"})  # fmt: skip
    assert saved.status_code == 302 and saved["Location"].endswith(f"#question-{question.pk}")
    answer = QuestionAnswer.objects.get(question=question)
    assert answer.updated_by.email == REFERENTE
    html = page(client, reverse("analysis:results", kwargs={"slug": FALAISES}))
    assert "Oui : les parents se sentent plus à l'aise." in html
    after = project_steps(world.projects[FALAISES])[7]
    assert before.summary != after.summary
