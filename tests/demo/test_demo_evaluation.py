"""The demo world's evaluation data: what a user opening the demo finds in each situation."""

from datetime import date

from django.db.models import Count

from maillage.evaluation.diagram import render_chain_svg
from maillage.evaluation.indicator_sources import is_complete
from maillage.evaluation.models import (
    ChainLink,
    ChangePathway,
    Contribution,
    Framework,
    Indicator,
    ManualValue,
    Target,
    ValueChain,
)

FALAISES = "projet-social-falaises-2023-2026"


def framework_of(world, slug) -> Framework:
    return Framework.objects.get(project=world.projects[slug])


def test_falaises_framework_is_validated_complete_and_changed_since(world):
    framework = framework_of(world, FALAISES)
    assert framework.is_validated and framework.validated_on == date(2024, 1, 18)
    assert "Comité de pilotage du 18 janvier 2024" in framework.validation_participants
    targets = set(framework.goals.values_list("target", flat=True))
    assert targets == set(Target.values)
    assert framework.questions.count() >= 7
    assert framework.questions.filter(about="process").count() >= 2
    assert not framework.questions.filter(indicators__isnull=True).exists()
    indicators = list(framework.indicators.all())
    assert len(indicators) >= 10
    assert all(is_complete(indicator) for indicator in indicators)
    assert len({indicator.source_type for indicator in indicators}) >= 5
    assert framework.changes.filter(after_validation=True).count() >= 2


def test_falaises_surveys_are_described_for_every_indicator_that_reads_them(world):
    codes = {
        survey: {question["code"] for question in questions}
        for survey, questions in world.extra["falaises_survey_codes"].items()
    }
    survey_indicators = framework_of(world, FALAISES).indicators.filter(
        source_type="survey_question"
    )
    assert survey_indicators.count() >= 4
    for indicator in survey_indicators:
        params = indicator.source_params
        assert params["question"] in codes[params["survey"]], indicator.name
        if "before_question" in params:
            assert params["before_question"] in codes[params["survey"]]


def test_falaises_manual_indicators_have_yearly_values(world):
    framework = framework_of(world, FALAISES)
    families = Indicator.objects.get(framework=framework, name__startswith="Familles différentes")
    assert list(
        families.manual_values.order_by("period_start").values_list("period_start__year", "value")
    ) == [(2023, 38), (2024, 52), (2025, 61)]


def test_falaises_chain_has_every_kind_support_functions_feedback_and_each_member(world):
    chain = ValueChain.objects.get(project=world.projects[FALAISES])
    kinds = set(chain.links.values_list("kind", flat=True))
    assert kinds == set(ChainLink.Kind.values)
    assert chain.links.filter(resource_type="support").exists()
    feedback = [edge for edge in chain.edges.select_related("source", "target") if edge.is_feedback]
    assert len(feedback) >= 2
    assert all(edge.source.kind == "common" and edge.target.kind == "resource" for edge in feedback)
    members = set(world.projects[FALAISES].memberships.values_list("organisation__slug", flat=True))
    contributing = set(
        Contribution.objects.filter(link__chain=chain).values_list("organisation__slug", flat=True)
    )
    assert contributing == members
    effects = chain.links.filter(kind="effect")
    assert all(effect.target for effect in effects)
    assert all(effect.goals.exists() for effect in effects)


def test_falaises_has_a_pathway_of_change_with_assumptions(world):
    pathway = ChangePathway.objects.get(goal__framework__project=world.projects[FALAISES])
    steps = list(pathway.steps.all())
    assert len(steps) == 4
    assert all(step.assumption for step in steps)
    assert any(step.chain_link and step.chain_link.kind == "effect" for step in steps)


def test_bien_vieillir_is_a_draft_with_questions_waiting_for_indicators(world):
    framework = framework_of(world, "bien-vieillir")
    assert not framework.is_validated
    assert set(framework.goals.values_list("target", flat=True)) == set(Target.values)
    assert framework.questions.filter(indicators__isnull=True).distinct().count() == 2


def test_bien_vieillir_chain_has_costs_and_benefits_of_all_eight_members(world):
    chain = ValueChain.objects.get(project=world.projects["bien-vieillir"])
    members = world.extra["bien_vieillir_centres"] + ["ccas-bellerive"]
    assert len(members) == 8
    for slug in members:
        directions = set(
            Contribution.objects.filter(link__chain=chain, organisation__slug=slug).values_list(
                "direction", flat=True
            )
        )
        assert directions == {"cost", "benefit"}, slug
    assert any(edge.is_feedback for edge in chain.edges.select_related("source", "target"))


def test_causses_common_framework_is_copied_into_each_structure_which_then_diverge(world):
    common = Framework.objects.get(pk=world.extra["causses_common_framework"])
    assert common.network == world.networks["causses"]
    assert common.goals.count() == 5
    common_titles = set(common.goals.values_list("title", flat=True))
    structures = world.extra["causses_structures"]
    copies = {slug: framework_of(world, f"projet-social-{slug}-2027-2030") for slug in structures}
    for slug, copy in copies.items():
        assert copy.copied_from == common, slug
        assert common_titles <= set(copy.goals.values_list("title", flat=True)), slug
        # Copies, not shared rows: no goal belongs to two frameworks.
        assert not copy.goals.filter(pk__in=common.goals.values("pk")).exists()

    progress = world.extra["causses_progress"]
    assert set(progress) == set(structures)
    assert len(set(progress.values())) >= 4
    validated = {slug for slug, f in copies.items() if f.is_validated}
    assert validated == {
        slug for slug, tag in progress.items() if tag in {"validated", "collecting"}
    }
    with_chain = set(
        ValueChain.objects.filter(project__slug__startswith="projet-social-")
        .exclude(project__slug=FALAISES)
        .values_list("project__memberships__organisation__slug", flat=True)
    ) & set(structures)
    assert with_chain == {"lou-cantou", "haut-tarn"}
    assert ManualValue.objects.filter(indicator__framework=copies["haut-tarn"]).exists()
    assert not ManualValue.objects.filter(indicator__framework=copies["le-fournil"]).exists()
    assert ChangePathway.objects.filter(goal__framework=copies["la-lauze"]).exists()
    adapted = copies["estive"].goals.count()
    assert adapted == common.goals.count() + 1


def test_structures_that_kept_the_copy_must_still_choose_their_surveys(world):
    fournil = framework_of(world, "projet-social-le-fournil-2027-2030")
    survey_indicators = fournil.indicators.filter(source_type="survey_question")
    assert survey_indicators.exists()
    assert not any(is_complete(indicator) for indicator in survey_indicators)
    draille = framework_of(world, "projet-social-la-draille-2027-2030")
    assert all(is_complete(indicator) for indicator in draille.indicators.all())


def test_every_demo_chain_draws_every_maillon_and_link(world):
    chains = ValueChain.objects.annotate(n=Count("links")).filter(n__gt=0)
    assert chains.count() >= 4
    for chain in chains:
        svg = render_chain_svg(chain)
        for link in chain.links.all():
            assert f'data-link-id="{link.pk}"' in svg, link
        for edge in chain.edges.all():
            assert f'data-source="{edge.source_id}" data-target="{edge.target_id}"' in svg, edge
