"""Building a cadre d'évaluation through its pages, as a structure's referent would."""

from html import unescape

import pytest
from django.urls import reverse

from demo_people import CAF, COORDINATION, DIRECTION, FEDERATION, PARTENAIRE, REFERENTE
from maillage.evaluation.actions import framework_for
from maillage.evaluation.models import (
    Criterion,
    EvaluativeQuestion,
    Framework,
    Indicator,
    TransformationGoal,
)
from maillage.projects.models import Membership, Project

FALAISES = "projet-social-falaises-2023-2026"


@pytest.fixture
def framework(world):
    """Les Falaises' framework, emptied so each test starts from a blank page."""
    framework = framework_for(world.projects[FALAISES])
    framework.goals.all().delete()
    framework.questions.all().delete()
    framework.changes.all().delete()
    framework.status = Framework.Status.DRAFT
    framework.validated_on = None
    framework.save()
    return framework


def text(response) -> str:
    return unescape(response.content.decode())


def url(name, framework, **kwargs):
    return reverse(f"evaluation:{name}", kwargs={"framework_id": framework.pk, **kwargs})


def add_goal(client, framework, target, title):
    response = client.post(
        url("goal_add", framework), {"target": target, "title": title, "order": 0}
    )
    assert response.status_code == 302, unescape(response.content.decode())
    return TransformationGoal.objects.get(framework=framework, title=title)


def add_question(client, framework, goal, text, criterion="efficacite", about="results"):
    criterion = Criterion.objects.get(code=criterion, project=None)
    response = client.post(
        url("question_add", framework),
        {
            "text": text,
            "goal": goal.pk if goal else "",
            "criterion": criterion.pk,
            "about": about,
            "written_with": ["habitant", "benevole"],
            "order": 0,
        },
    )
    assert response.status_code == 302, unescape(response.content.decode())
    return EvaluativeQuestion.objects.get(framework=framework, text=text)


INDICATOR = {
    "name": "Part des bénévoles qui se sentent plus confiants",
    "nature": "quantitative",
    "unit": "%",
    "source_type": "survey_question",
    "computation": "share",
    "condition_operator": "gte",
    "condition_value": "4",
    "survey": "benevoles-falaises-2025",
    "survey_question": "confiance_apres",
    "baseline": "40",
    "target_value": "60",
    "direction": "increase",
    "granularity": "year",
    "breakdowns": ["group"],
    "order": 0,
}


def test_referent_builds_a_framework_that_the_page_shows(framework, client_of):
    client = client_of(REFERENTE)
    families = add_goal(
        client, framework, "habitants", "Les familles accèdent mieux à leurs droits"
    )
    add_goal(client, framework, "territoire", "Les partenaires du territoire se connaissent")
    add_goal(client, framework, "communaute", "Les bénévoles prennent confiance en eux")
    question = add_question(
        client, framework, families, "Les partenariats aident-ils les familles ?"
    )
    response = client.post(url("indicator_add", framework), {**INDICATOR, "question": question.pk})
    assert response.status_code == 302, unescape(response.content.decode())
    indicator = Indicator.objects.get(framework=framework)
    assert indicator.source_params == {
        "survey": "benevoles-falaises-2025",
        "question": "confiance_apres",
    }

    page = text(client.get(reverse("evaluation:framework", kwargs={"slug": FALAISES})))
    for expected in [
        "Les familles accèdent mieux à leurs droits",
        "Les partenaires du territoire se connaissent",
        "Les bénévoles prennent confiance en eux",
        "Les partenariats aident-ils les familles ?",
        "Critère : Efficacité",
        "écrite avec habitants, bénévoles",
        "Part des bénévoles qui se sentent plus confiants",
        "Questionnaire « benevoles-falaises-2025 », question confiance_apres",
        "3 objectifs · 1 question évaluative · 1 indicateur",
    ]:
        assert expected in page
    summaries = list(framework.changes.values_list("summary", flat=True))
    assert any("Les bénévoles prennent confiance en eux" in s for s in summaries)
    assert len(summaries) == 5


def test_an_incomplete_indicator_is_refused_in_french_and_nothing_is_stored(framework, client_of):
    client = client_of(REFERENTE)
    goal = add_goal(client, framework, "habitants", "Objectif")
    question = add_question(client, framework, goal, "Question ?")
    data = {**INDICATOR, "question": question.pk, "survey": "", "condition_operator": ""}
    response = client.post(url("indicator_add", framework), data)
    assert response.status_code == 400
    page = unescape(response.content.decode())
    assert "Indiquez le questionnaire d'où viennent les réponses." in page
    assert "Une part se calcule sur une condition : choisissez-la." in page
    assert 'value="Part des bénévoles qui se sentent plus confiants"' in page  # input kept
    wrong_computation = {**INDICATOR, "question": question.pk, "source_type": "manual"}
    response = client.post(url("indicator_add", framework), wrong_computation)
    assert "Ce calcul n'est pas possible avec cette source." in unescape(response.content.decode())
    assert not Indicator.objects.filter(framework=framework).exists()


def test_validation_is_dated_and_later_changes_are_kept_in_the_history(framework, client_of):
    client = client_of(DIRECTION)
    goal = add_goal(client, framework, "habitants", "Rompre l'isolement")
    response = client.post(
        url("framework_validate", framework),
        {"validated_on": "2024-01-18", "participants": "Habitants, bénévoles, mairie, école"},
    )
    assert response.status_code == 302
    page = unescape(client.get(framework.get_absolute_url()).content.decode())
    assert "Validé par la communauté d'action le 18 janvier 2024." in page
    assert "Habitants, bénévoles, mairie, école" in page

    client.post(
        url("goal_edit", framework, item_id=goal.pk),
        {"target": "habitants", "title": "Rompre l'isolement des familles", "order": 0},
    )
    change = framework.changes.first()
    assert change.after_validation
    history = text(client.get(url("framework_history", framework)))
    assert "Rompre l'isolement des familles" in history
    assert "Cadre validé le 18/01/2024" in history
    assert "après validation" in history


def test_delete_asks_first_and_says_what_goes_with_it(framework, client_of):
    client = client_of(REFERENTE)
    goal = add_goal(client, framework, "habitants", "Objectif")
    question = add_question(client, framework, goal, "Question ?")
    client.post(url("indicator_add", framework), {**INDICATOR, "question": question.pk})
    confirm = text(client.get(url("question_delete", framework, item_id=question.pk)))
    assert "Ses 1 indicateurs et leurs valeurs saisies seront supprimés." in confirm
    assert EvaluativeQuestion.objects.filter(pk=question.pk).exists()
    client.post(url("question_delete", framework, item_id=question.pk))
    assert not EvaluativeQuestion.objects.filter(pk=question.pk).exists()
    assert not Indicator.objects.filter(framework=framework).exists()


def test_copying_another_framework_gives_a_copy_with_a_life_of_its_own(framework, world, client_of):
    source_project = Project.objects.create(
        title="Projet familles 2022", slug="projet-familles-2022", kind="projet_familles"
    )
    Membership.objects.create(
        project=source_project, organisation=world.organisations["falaises"], role="porteur"
    )
    source = framework_for(source_project)
    client = client_of(REFERENTE)
    goal = add_goal(client, source, "habitants", "Les parents se sentent soutenus")
    add_question(client, source, goal, "Les ateliers parents répondent-ils aux besoins ?")

    choices = text(client.get(url("framework_copy", framework)))
    assert "Projet familles 2022" in choices
    response = client.post(url("framework_copy", framework), {"source": source.pk})
    assert response.status_code == 302
    copy = framework.goals.get()
    assert copy.title == "Les parents se sentent soutenus"
    copy.title = "Changé dans la copie"
    copy.save()
    assert source.goals.get().title == "Les parents se sentent soutenus"
    framework.refresh_from_db()
    assert framework.copied_from == source


def test_a_framework_the_user_cannot_read_is_not_offered_for_copy(framework, world, client_of):
    other = framework_for(world.projects["bien-vieillir"])
    TransformationGoal.objects.create(framework=other, target="habitants", title="Secret")
    client = client_of(REFERENTE)
    assert "Secret" not in text(client.get(url("framework_copy", framework)))
    response = client.post(url("framework_copy", framework), {"source": other.pk})
    assert response.status_code == 400
    assert not framework.goals.filter(title="Secret").exists()


def test_manual_values_are_entered_per_period(framework, client_of):
    client = client_of(REFERENTE)
    goal = add_goal(client, framework, "territoire", "Objectif")
    question = add_question(client, framework, goal, "Question ?")
    manual = {
        **INDICATOR,
        "name": "Partenaires actifs",
        "question": question.pk,
        "source_type": "manual",
        "computation": "latest",
        "condition_operator": "",
        "condition_value": "",
    }
    client.post(url("indicator_add", framework), manual)
    indicator = Indicator.objects.get(framework=framework)
    values_url = url("indicator_values", framework, item_id=indicator.pk)
    bad = client.post(
        values_url, {"period_start": "2024-12-31", "period_end": "2024-01-01", "value": "12"}
    )
    assert "La fin de la période doit suivre son début." in unescape(bad.content.decode())
    assert not indicator.manual_values.exists()
    client.post(
        values_url, {"period_start": "2024-01-01", "period_end": "2024-12-31", "value": "14"}
    )
    assert "14,00" in unescape(client.get(values_url).content.decode())


def test_other_structures_never_see_nor_change_the_framework(framework, client_of):
    TransformationGoal.objects.create(
        framework=framework, target="habitants", title="Objectif confidentiel des Falaises"
    )
    page = reverse("evaluation:framework", kwargs={"slug": FALAISES})
    for account in (COORDINATION, FEDERATION, CAF, PARTENAIRE):
        client = client_of(account)
        response = client.get(page)
        assert response.status_code == 403
        assert "Objectif confidentiel" not in unescape(response.content.decode())
        response = client.post(
            url("goal_add", framework), {"target": "territoire", "title": "Intrus", "order": 0}
        )
        assert response.status_code == 403
    assert not TransformationGoal.objects.filter(title="Intrus").exists()


def test_an_item_of_another_framework_is_not_found_through_this_one(framework, world, client_of):
    other = framework_for(world.projects["bien-vieillir"])
    goal = TransformationGoal.objects.create(framework=other, target="habitants", title="Ailleurs")
    response = client_of(REFERENTE).get(url("goal_edit", framework, item_id=goal.pk))
    assert response.status_code == 404


def test_a_network_proposes_its_common_framework_to_its_structures(world, client_of):
    network = world.networks["causses"]
    client = client_of(FEDERATION)
    response = client.post(
        reverse("evaluation:network_frameworks", kwargs={"slug": network.slug}),
        {"title": "Socle commun d'essai"},
    )
    common = Framework.objects.get(network=network, title="Socle commun d'essai")
    assert response.url == common.get_absolute_url()
    add_goal(client, common, "territoire", "La cohésion sociale progresse")
    plan = text(client.get(url("framework_propose", common)))
    assert "le cadre commun sera copié" in plan or "il ne sera pas modifié" in plan

    assert client_of(CAF).post(url("framework_propose", common)).status_code == 403
    response = client.post(url("framework_propose", common))
    assert response.status_code == 200
    copies = Framework.objects.filter(copied_from=common)
    assert "Copié dans" in unescape(response.content.decode())
    for copy in copies:
        assert copy.goals.filter(title="La cohésion sociale progresse").exists()
    # Where a structure's own framework already had goals, it was left untouched.
    assert all(copy.project.memberships.filter(role="porteur").exists() for copy in copies)
