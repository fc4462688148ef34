"""The library (bibliothèque): catalogue, search, and adding entries to a framework."""

import pytest
from django.urls import reverse

from demo_people import DIRECTION, FEDERATION, PARTENAIRE, REFERENTE
from maillage.evaluation import library
from maillage.evaluation.actions import framework_for
from maillage.evaluation.criteria import DEFAULT_CRITERIA
from maillage.evaluation.library_catalogue import ENTRIES, THEMES
from maillage.evaluation.models import (
    Criterion,
    EvaluativeQuestion,
    FrameworkChange,
    Indicator,
    LibraryEntry,
    TransformationGoal,
)

FALAISES_PROJECT = "projet-social-falaises-2023-2026"


@pytest.fixture
def framework(world):
    """Les Falaises' framework, emptied of the demo's items so counts start from zero."""
    framework = framework_for(world.projects[FALAISES_PROJECT])
    framework.goals.all().delete()
    framework.questions.all().delete()
    return framework


@pytest.fixture
def question(framework):
    return EvaluativeQuestion.objects.create(
        framework=framework,
        criterion=Criterion.objects.get(project=None, code="impact"),
        text="Question de test de la bibliothèque ?",
    )


def entry_of(kind, text_part=""):
    return LibraryEntry.objects.filter(kind=kind, text__icontains=text_part).order_by("pk").first()


def add_url(entry):
    return reverse(
        "evaluation:library_add", kwargs={"slug": FALAISES_PROJECT, "entry_id": entry.pk}
    )


# --- catalogue ---------------------------------------------------------------------------------


def test_catalogue_is_loaded_and_idempotent(world):
    assert LibraryEntry.objects.count() >= len(ENTRIES) >= 60
    assert library.ensure_library() == 0
    assert set(library.themes()) >= set(THEMES)


def test_catalogue_entries_are_complete():
    codes = {code for code, _name, _description in DEFAULT_CRITERIA}
    for item in ENTRIES:
        assert item["theme"] in THEMES
        if item["kind"] == "goal":
            assert item["target"] in ("habitants", "territoire", "communaute")
        if item["kind"] == "question":
            assert item["criterion_code"] in codes
            assert item["indicator_fields"]["about"] in ("results", "process")
    questions = {i["theme"] for i in ENTRIES if i["kind"] == "question"}
    indicators = {i["theme"] for i in ENTRIES if i["kind"] == "indicator"}
    assert questions <= indicators, "chaque question trouve des indicateurs de son thème"


# --- search ------------------------------------------------------------------------------------


def test_search_ignores_case_and_accents(world):
    found = library.search("Confiance")
    assert found
    assert all(
        "confiance" in library.normalise(e.text + e.description + e.keywords + e.theme)
        for e in found
    )
    texts = [e.theme for e in library.search("acces droits")]
    assert "Accès aux droits" in texts
    assert library.search("ACCÈS aux DROITS") == library.search("acces aux droits")


def test_every_word_must_match(world):
    assert library.search("confiance zzzinconnu") == []


def test_combined_filters(world):
    found = library.search("bénévolat", kind="indicator", theme="Bénévolat")
    assert found
    assert {e.kind for e in found} == {"indicator"}
    assert {e.theme for e in found} == {"Bénévolat"}
    goals = library.search(kind="goal", target="communaute")
    assert goals and all(e.target == "communaute" and e.kind == "goal" for e in goals)


def test_results_are_ordered_by_theme_then_kind(world):
    found = library.search()
    ranks = [(THEMES.index(e.theme), library.KIND_ORDER.index(e.kind)) for e in found]
    assert ranks == sorted(ranks)


# --- adding to a framework ----------------------------------------------------------------------


def test_every_indicator_entry_passes_full_clean(framework, question, user_of):
    user = user_of(REFERENTE)
    for entry in LibraryEntry.objects.filter(kind="indicator"):
        indicator = library.add_to_framework(entry, framework, by=user, question=question)
        indicator.full_clean()
        assert indicator.question == question
        assert indicator.computation == entry.indicator_fields["computation"]
    assert framework.indicators.count() == LibraryEntry.objects.filter(kind="indicator").count()


def test_every_question_entry_gets_its_criterion(framework, user_of):
    for entry in LibraryEntry.objects.filter(kind="question"):
        added = library.add_to_framework(entry, framework, by=user_of(REFERENTE))
        assert added.criterion.code == entry.criterion_code
        assert added.about == entry.indicator_fields["about"]


def test_add_goal_records_history(framework, user_of):
    entry = entry_of("goal")
    goal = library.add_to_framework(entry, framework, by=user_of(REFERENTE))
    assert goal.target == entry.target and goal.title == entry.text
    change = FrameworkChange.objects.filter(framework=framework).first()
    assert "depuis la bibliothèque" in change.summary
    assert change.details["library_entry"] == entry.pk


# --- the pages ---------------------------------------------------------------------------------


def test_library_page_groups_and_counts(client_of):
    response = client_of(PARTENAIRE).get(reverse("evaluation:library"), {"q": "confiance"})
    content = response.content.decode()
    assert response.status_code == 200
    count = len(library.search("confiance"))
    assert f"{count} résultats" in content
    assert "Confiance en soi et épanouissement" in content
    assert "Ajouter au cadre" not in content


def test_library_page_empty_state(client_of):
    response = client_of(REFERENTE).get(reverse("evaluation:library"), {"q": "zzzinconnu"})
    content = response.content.decode()
    assert "0 résultat" in content
    assert "Aucune entrée ne correspond à votre recherche." in content


def test_library_page_offers_to_add_for_editors(client_of, framework):
    response = client_of(REFERENTE).get(
        reverse("evaluation:library"), {"projet": FALAISES_PROJECT, "kind": "goal"}
    )
    content = response.content.decode()
    assert "Ajouter au cadre" in content
    assert add_url(entry_of("goal")) in content


def test_library_page_ignores_a_project_the_user_cannot_edit(client_of):
    response = client_of(PARTENAIRE).get(reverse("evaluation:library"), {"projet": "bien-vieillir"})
    assert response.status_code == 200
    assert "Ajouter au cadre" not in response.content.decode()


def test_add_each_kind_through_the_view(client_of, framework):
    client = client_of(REFERENTE)
    changes = FrameworkChange.objects.filter(framework=framework).count()

    goal_entry = entry_of("goal", "confiance")
    response = client.post(add_url(goal_entry), {"q": "confiance"})
    assert response.status_code == 302
    assert "q=confiance" in response.url and f"projet={FALAISES_PROJECT}" in response.url
    goal = TransformationGoal.objects.get(framework=framework, title=goal_entry.text)

    question_entry = entry_of("question", "confiance")
    prefix = f"e{question_entry.pk}"
    client.post(add_url(question_entry), {f"{prefix}-goal": goal.pk})
    question = EvaluativeQuestion.objects.get(framework=framework, text=question_entry.text)
    assert question.goal == goal

    indicator_entry = entry_of("indicator", "confiants")
    prefix = f"e{indicator_entry.pk}"
    response = client.post(add_url(indicator_entry), {f"{prefix}-question": question.pk})
    indicator = Indicator.objects.get(framework=framework, name=indicator_entry.text)
    assert indicator.question == question
    assert indicator.condition_operator == "gte"

    assert FrameworkChange.objects.filter(framework=framework).count() == changes + 3
    page = client.get(response.url)
    assert "Indicateur ajouté au cadre d&#x27;évaluation" in page.content.decode()


def test_add_indicator_without_question_is_refused_in_french(client_of, framework):
    entry = entry_of("indicator")
    response = client_of(REFERENTE).post(add_url(entry), follow=True)
    content = response.content.decode()
    assert "Choisissez la question évaluative" in content
    assert not framework.indicators.exists()


def test_add_indicator_with_a_question_of_another_framework_is_refused(client_of, framework, world):
    other = framework_for(world.projects["bien-vieillir"])
    foreign = EvaluativeQuestion.objects.create(
        framework=other, criterion=Criterion.objects.get(project=None, code="impact"), text="?"
    )
    entry = entry_of("indicator")
    client_of(REFERENTE).post(add_url(entry), {f"e{entry.pk}-question": foreign.pk})
    assert not framework.indicators.exists()


@pytest.mark.parametrize("account", [FEDERATION, PARTENAIRE])
def test_outsiders_cannot_add(account, client_of, framework):
    goals = framework.goals.count()
    changes = FrameworkChange.objects.filter(framework=framework).count()
    response = client_of(account).post(add_url(entry_of("goal")))
    assert response.status_code == 403
    assert framework.goals.count() == goals
    assert FrameworkChange.objects.filter(framework=framework).count() == changes


def test_get_is_not_allowed_on_add(client_of):
    response = client_of(DIRECTION).get(add_url(entry_of("goal")))
    assert response.status_code == 405
