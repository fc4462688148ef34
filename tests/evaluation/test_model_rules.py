"""The rules of the framework and value-chain models, as a user meets them: what is refused, in
French, before anything is stored."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from maillage.evaluation.actions import copy_framework_content, framework_for
from maillage.evaluation.indicator_sources import describe_source, is_complete, source_errors
from maillage.evaluation.models import (
    ChainEdge,
    ChainLink,
    Criterion,
    EvaluativeQuestion,
    Framework,
    Indicator,
    ManualValue,
    TransformationGoal,
    ValueChain,
)
from maillage.projects.models import Project


@pytest.fixture
def project(world):
    return Project.objects.create(
        title="Ateliers du samedi",
        slug="ateliers-du-samedi",
        kind=Project.Kind.COOPERATION,
        period_start=date(2025, 1, 1),
        period_end=date(2026, 12, 31),
    )


@pytest.fixture
def question(project):
    framework = framework_for(project)
    goal = TransformationGoal.objects.create(
        framework=framework, target="habitants", title="Rompre l'isolement"
    )
    return EvaluativeQuestion.objects.create(
        framework=framework,
        goal=goal,
        criterion=Criterion.objects.get(code="efficacite", project=None),
        text="Les ateliers rompent-ils l'isolement ?",
    )


def indicator(question, **fields):
    values = {
        "framework": question.framework,
        "question": question,
        "name": "Participants qui ont noué un lien",
        "computation": "count",
        "source_type": "activity_records",
        "source_params": {"measure": "participants"},
    }
    values.update(fields)
    return Indicator(**values)


def errors_of(instance) -> dict:
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


def test_a_computation_that_the_source_cannot_give_is_refused_with_the_possible_ones(question):
    errors = errors_of(indicator(question, computation="change"))
    assert "Ce calcul n'est pas possible avec cette source" in errors["computation"][0]
    assert "nombre" in errors["computation"][0] and "moyenne" in errors["computation"][0]


def test_a_share_needs_its_condition_and_a_numeric_comparison_needs_a_number(question):
    share = indicator(
        question,
        computation="share",
        source_type="survey_question",
        source_params={"survey": "s", "question": "q"},
    )
    errors = errors_of(share)
    assert errors["condition_operator"] == [
        "Une part se calcule sur une condition : choisissez-la."
    ]
    assert errors["condition_value"] == ["Indiquez la valeur de la condition."]

    share.condition_operator, share.condition_value = "gte", "beaucoup"
    assert errors_of(share)["condition_value"] == ["Cette condition compare à un nombre."]

    share.condition_value = "3,5"  # a French decimal comma is a number
    share.full_clean()


def test_the_period_must_run_forward_and_breakdowns_must_be_known(question):
    errors = errors_of(
        indicator(
            question,
            period_start=date(2026, 1, 1),
            period_end=date(2025, 1, 1),
            breakdowns=["group", "age"],
        )
    )
    assert errors["period_end"] == ["La fin de la période doit suivre son début."]
    assert errors["breakdowns"] == ["Ventilation inconnue : age"]


def test_an_indicator_cannot_answer_a_question_of_another_framework(question, world):
    falaises = framework_for(world.projects["projet-social-falaises-2023-2026"])
    errors = errors_of(indicator(question, framework=falaises))
    assert errors["question"] == ["La question appartient à un autre cadre."]


@pytest.mark.parametrize(
    ("source_type", "computation", "params", "missing"),
    [
        ("survey_question", "mean", {}, {"survey", "question"}),
        ("survey_question", "change", {"survey": "s", "question": "apres"}, {"before_question"}),
        ("activity_records", "count", {"measure": "visits"}, {"measure"}),
        ("volunteer_time", "sum", {}, {"measure"}),
        ("testimonies", "themes", {"themes": []}, {"themes"}),
        (
            "meetings",
            "count",
            {"measure": "meetings", "meeting_types": ["apero"]},
            {"meeting_types"},
        ),
        ("manual", "latest", {}, set()),
    ],
)
def test_each_source_says_what_its_definition_lacks(source_type, computation, params, missing):
    assert set(source_errors(source_type, computation, params)) == missing


def test_a_complete_survey_indicator_says_where_its_data_comes_from(question):
    complete = indicator(
        question,
        computation="change",
        source_type="survey_question",
        source_params={"survey": "benevoles-2025", "question": "apres", "before_question": "avant"},
    )
    assert is_complete(complete)
    assert describe_source(complete) == (
        "Questionnaire « benevoles-2025 », question apres (avant : avant)"
    )


def test_a_manual_value_cannot_end_before_it_starts(question):
    manual = indicator(question, computation="latest", source_type="manual", source_params={})
    manual.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        ManualValue.objects.create(
            indicator=manual,
            period_start=date(2025, 12, 31),
            period_end=date(2025, 1, 1),
            value=3,
        )


def test_a_framework_belongs_to_a_project_or_to_a_network_never_both(project, world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Framework.objects.create(project=project, network=world.networks["causses"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Framework.objects.create(title="Sans propriétaire")


def test_only_effects_have_a_target_and_only_resources_a_resource_type(project):
    chain = ValueChain.objects.create(project=project, title="Ateliers")
    effect = ChainLink(chain=chain, kind="effect", title="Moins seuls")
    assert "target" in errors_of(effect)
    activity = ChainLink(
        chain=chain, kind="activity", title="Atelier", target="habitants", resource_type="money"
    )
    errors = errors_of(activity)
    assert errors["target"] == ["Seuls les effets ont une cible."]
    assert errors["resource_type"] == ["Seules les ressources ont un type de ressource."]


def test_links_back_upstream_are_feedback_and_a_link_exists_once(project):
    chain = ValueChain.objects.create(project=project, title="Ateliers")
    resource = ChainLink.objects.create(
        chain=chain, kind="resource", title="Temps bénévole", resource_type="volunteer_time"
    )
    common = ChainLink.objects.create(chain=chain, kind="common", title="Pouvoir d'agir")
    forward = ChainEdge.objects.create(chain=chain, source=resource, target=common)
    back = ChainEdge.objects.create(chain=chain, source=common, target=resource)
    assert not forward.is_feedback and back.is_feedback
    with pytest.raises(IntegrityError), transaction.atomic():
        ChainEdge.objects.create(chain=chain, source=resource, target=common)
    with pytest.raises(IntegrityError), transaction.atomic():
        ChainEdge.objects.create(chain=chain, source=resource, target=resource)


def test_a_copy_into_another_project_keeps_what_is_counted_but_not_the_data_it_points_at(
    question, world
):
    indicator(question, source_params={"measure": "participants", "activity": 12}).save()
    indicator(
        question,
        name="Confiance des participants",
        computation="mean",
        source_type="survey_question",
        source_params={"survey": "ateliers-2025", "question": "confiance"},
    ).save()
    indicator(question, name="Nombre d'ateliers", computation="latest", source_type="manual").save()
    ateliers = {"measure": "attendances", "meeting_types": ["atelier_collectif"],
                "network_sessions": True}  # fmt: skip
    indicator(question, name="Ateliers du réseau", computation="sum", source_type="meetings",
              source_params=ateliers).save()  # fmt: skip
    orientations = {"measure": "requests", "outcomes": ["oriente"], "themes": ["logement"]}
    indicator(question, name="Orientations logement", computation="count",
              source_type="reception", source_params=orientations).save()  # fmt: skip
    target_project = Project.objects.create(
        title="Autre projet", slug="autre-projet", kind=Project.Kind.COOPERATION
    )
    target = framework_for(target_project)
    counts = copy_framework_content(question.framework, target, by=None)

    assert counts == {"goals": 1, "questions": 1, "indicators": 5, "pathways": 0}
    copied = {i.name: i for i in target.indicators.all()}
    participants = copied["Participants qui ont noué un lien"]
    assert participants.source_params == {"measure": "participants"}
    assert is_complete(participants)
    survey = copied["Confiance des participants"]
    assert survey.source_params == {} and not is_complete(survey)  # its survey, to choose again
    assert copied["Nombre d'ateliers"].source_type == "manual"
    # Categories of Maillage's own (meeting kinds, reception themes) mean the same everywhere.
    assert copied["Ateliers du réseau"].source_params == ateliers
    assert copied["Orientations logement"].source_params == orientations
    target.refresh_from_db()
    assert target.copied_from == question.framework
    # The copy lives its own life: editing it leaves the source untouched.
    target.goals.update(title="Autre objectif")
    assert question.framework.goals.get().title == "Rompre l'isolement"
