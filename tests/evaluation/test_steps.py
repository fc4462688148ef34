"""The step tracker: each step's state, summary and to-do computed from what the project holds."""

from datetime import date
from html import unescape

import pytest
from django.urls import reverse

from demo_people import FEDERATION, REFERENTE
from maillage.evaluation import steps as tracker
from maillage.evaluation.actions import framework_for, validate_framework
from maillage.evaluation.models import (
    ChainEdge,
    ChainLink,
    Contribution,
    Criterion,
    EvaluativeQuestion,
    Framework,
    Indicator,
    ManualValue,
    TransformationGoal,
    ValueChain,
)
from maillage.projects.models import Membership, Project

FALAISES = "projet-social-falaises-2023-2026"


@pytest.fixture
def project(world):
    """A new project of Les Falaises with no partner, territory or period yet."""
    project = Project.objects.create(
        title="Fête du plateau", slug="fete-du-plateau", kind=Project.Kind.COOPERATION
    )
    Membership.objects.create(
        project=project, organisation=world.organisations["falaises"], role=Membership.Role.LEAD
    )
    return project


def by_number(project) -> dict[int, tracker.StepStatus]:
    return {step.number: step for step in tracker.project_steps(project)}


def goal(project, target, title="Un objectif"):
    return TransformationGoal.objects.create(
        framework=framework_for(project), target=target, title=title
    )


def question(project, goal=None, about="results"):
    return EvaluativeQuestion.objects.create(
        framework=framework_for(project),
        goal=goal,
        criterion=Criterion.objects.get(code="efficacite", project=None),
        text="Une question ?",
        about=about,
    )


def manual_indicator(question, name="Participants"):
    return Indicator.objects.create(
        framework=question.framework,
        question=question,
        name=name,
        computation="sum",
        source_type="manual",
    )


def test_a_new_project_is_at_the_start_and_says_what_framing_lacks(project):
    steps = tracker.project_steps(project)
    assert [s.number for s in steps] == list(range(1, 9))
    assert [s.title for s in steps][:2] == ["Cadrage", "Objectifs de transformation"]
    framing = steps[0]
    assert framing.state == tracker.IN_PROGRESS
    assert framing.summary.startswith("1 membre (1 porteur)")
    assert "Préciser le territoire du projet." in framing.todo
    assert "Préciser la période du projet (début et fin)." in framing.todo
    assert any("ajouter au moins un partenaire" in item for item in framing.todo)
    assert all(s.state == tracker.TODO for s in steps[1:])
    assert tracker.current_step(steps) == framing
    assert tracker.done_count(steps) == 0


def test_framing_is_done_with_a_territory_a_period_and_a_partner(project, world):
    project.territory_label = "Le plateau"
    project.period_start, project.period_end = date(2026, 1, 1), date(2026, 12, 31)
    project.save()
    Membership.objects.create(
        project=project,
        organisation=world.organisations["ecole-des-courtils"],
        role=Membership.Role.PARTNER,
    )
    framing = by_number(project)[1]
    assert framing.state == tracker.DONE
    assert "2 membres (1 porteur, 1 partenaire)" in framing.summary
    assert "du 01/01/2026 au 31/12/2026" in framing.summary


def test_objectives_name_the_targets_still_missing(project):
    goal(project, "habitants")
    goal(project, "habitants", "Un autre")
    goal(project, "territoire")
    step = by_number(project)[2]
    assert step.state == tracker.IN_PROGRESS
    assert step.summary == "3 objectifs ; aucun pour : communauté d'action"
    assert step.todo == ["Écrire au moins un objectif pour la cible « communauté d'action »."]

    goal(project, "communaute")
    step = by_number(project)[2]
    assert (step.state, step.summary) == (tracker.DONE, "4 objectifs, les trois cibles couvertes")


def test_questions_need_one_per_objective_and_one_about_the_way_of_working(project):
    covered = goal(project, "habitants")
    goal(project, "territoire")
    question(project, covered)
    step = by_number(project)[3]
    assert step.state == tracker.IN_PROGRESS
    assert "1 objectif n'a pas encore de question évaluative." in step.todo
    assert any("manière de faire" in item for item in step.todo)


def test_indicators_point_at_questions_without_one_incomplete_sources_and_validation(project):
    answered = question(project)
    question(project)
    manual_indicator(answered)
    Indicator.objects.create(
        framework=answered.framework,
        question=answered,
        name="Confiance",
        computation="mean",
        source_type="survey_question",
        source_params={},
    )
    step = by_number(project)[4]
    assert step.state == tracker.IN_PROGRESS
    assert step.summary == (
        "2 indicateurs ; 1 question sans indicateur ; 1 définition à compléter ; "
        "cadre pas encore validé"
    )
    assert "Donner au moins un indicateur à chaque question évaluative." in step.todo
    assert "Faire valider le cadre par la communauté d'action." in step.todo


def test_indicators_are_done_once_complete_and_validated(project, user_of):
    manual_indicator(question(project))
    framework = framework_for(project)
    validate_framework(framework, on=date(2026, 3, 2), participants="Tous", by=user_of(REFERENTE))
    step = by_number(project)[4]
    assert step.state == tracker.DONE
    assert "cadre validé le 02/03/2026" in step.summary


def test_the_chain_needs_every_kind_a_feedback_link_and_contributions(project, world):
    chain = ValueChain.objects.create(project=project, title="Fête")
    links = {
        kind: ChainLink.objects.create(
            chain=chain, kind=kind, title=kind, target="habitants" if kind == "effect" else ""
        )
        for kind in ["resource", "activity", "output", "effect"]
    }
    ChainEdge.objects.create(chain=chain, source=links["resource"], target=links["activity"])
    step = by_number(project)[5]
    assert step.state == tracker.IN_PROGRESS
    assert "Ajouter des maillons de type : commun." in step.todo
    assert any("lien retour" in item for item in step.todo)
    assert "Rattacher 1 effet à un objectif." in step.todo

    common = ChainLink.objects.create(chain=chain, kind="common", title="Liens")
    ChainEdge.objects.create(chain=chain, source=common, target=links["resource"])
    Contribution.objects.create(
        link=links["resource"],
        organisation=world.organisations["falaises"],
        direction="cost",
        nature="hours",
    )
    step = by_number(project)[5]
    assert step.state == tracker.DONE
    assert step.summary == (
        "1 chaîne, 5 maillons, 2 liens dont 1 retour ; 1 membre sur 1 y contribue"
    )


def test_collection_counts_manual_values_and_registered_evidence(project):
    first = manual_indicator(question(project))
    second = manual_indicator(question(project), "Bénévoles")
    ManualValue.objects.create(
        indicator=first, period_start=date(2025, 1, 1), period_end=date(2025, 12, 31), value=12
    )
    step = by_number(project)[6]
    assert step.state == tracker.IN_PROGRESS
    assert step.summary == ("1 valeur saisie par période ; 1 indicateur sur 2 a des données")
    assert step.todo == ["Recueillir les données de 1 indicateur."]

    # What a later part (surveys, testimonies…) registers is counted the same way.
    def answers(project_, framework):
        return [tracker.Evidence("7 réponses au questionnaire", 7, {second.pk})]

    tracker.register_evidence_counter(answers)
    try:
        step = by_number(project)[6]
    finally:
        tracker._EVIDENCE_COUNTERS.remove(answers)
    assert step.state == tracker.DONE
    assert step.summary.startswith("1 valeur saisie par période et 7 réponses au questionnaire")
    assert by_number(project)[7].state == tracker.IN_PROGRESS


def test_deliberation_stays_to_do_until_judgements_are_recorded(project):
    question(project)
    step = by_number(project)[8]
    assert step.state == tracker.TODO
    assert step.summary.startswith("0 questions sur 1 ont reçu un jugement partagé")

    def judged(project_, framework):
        return tracker.Judgements(questions_judged=1, reports=1)

    tracker.register_judgement_counter(judged)
    try:
        assert by_number(project)[8].state == tracker.DONE
    finally:
        tracker._JUDGEMENT_COUNTERS.remove(judged)


def test_the_demo_projects_stand_at_different_steps(world):
    falaises = tracker.project_steps(world.projects[FALAISES])
    # Collected and analysed; the deliberation (written answers, reports) is under way.
    assert tracker.done_count(falaises) == 7
    assert tracker.current_step(falaises).number == 8
    draft = tracker.project_steps(world.projects["bien-vieillir"])
    assert tracker.current_step(draft).number == 4
    fournil = tracker.project_steps(world.projects["projet-social-le-fournil-2027-2030"])
    assert "définitions à compléter" in fournil[3].summary


def test_the_page_lists_the_eight_steps_with_their_state(client_of, django_assert_max_num_queries):
    url = reverse("evaluation:steps", args=[FALAISES])
    client = client_of(REFERENTE)
    client.get(url)  # warm the session and caches
    # A few per registered evidence or judgement counter, and the menu asks `access` which of its
    # links this reader may follow.
    with django_assert_max_num_queries(38):
        response = client.get(url)
    page = unescape(response.content.decode())
    assert response.status_code == 200
    assert "7 étapes sur 8 terminées" in page
    assert "étape en cours : 8. Délibération et restitution" in page
    assert page.count('class="step step--') == 8
    assert 'aria-current="step"' in page
    assert "1 chaîne, 22 maillons, 30 liens dont 3 retours ; 5 membres sur 5 y contribuent" in page
    assert "cadre validé le 18/01/2024" in page
    assert "terminée" in page and "à faire" in page  # states said in words, not colour alone


def test_the_network_sees_where_each_copy_of_its_common_framework_stands(world, client_of):
    common = world.extra["causses_common_framework"]
    rows = tracker.copies_progress(Framework.objects.get(pk=common))
    assert len(rows) == 8
    assert len({(row.done, row.current.number if row.current else 9) for row in rows}) >= 3
    page = unescape(
        client_of(FEDERATION)
        .get(reverse("evaluation:framework_detail", args=[common]))
        .content.decode()
    )
    assert "Étape en cours" in page
    haut_tarn = next(r for r in rows if "Haut-Tarn" in r.framework.project.title)
    assert f"{haut_tarn.done} / 8" in page
    assert "validé (20/05/2026)" in page
