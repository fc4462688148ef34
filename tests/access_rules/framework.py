"""Access table of the cadre d'évaluation: a project's framework and a network's common ones.

Les Falaises' projet social is carried by Les Falaises: its director (admin) and referent
(contributor) edit the framework; nobody outside its communauté d'action sees it. The Causses
network's common framework is run by the federation (contributor of an animating structure); the
CAF advisor (reader) only reads it."""

from access_rules.base import (
    CAF,
    DIRECTION,
    FEDERATION,
    FORBIDDEN,
    NOT_FOUND,
    OK,
    REDIRECT,
    REFERENTE,
    Case,
    only,
)

FALAISES_PROJECT = "projet-social-falaises-2023-2026"
EDITORS_OK = {DIRECTION: OK, REFERENTE: OK}
EDITORS_REDIRECT = {DIRECTION: REDIRECT, REFERENTE: REDIRECT}


def _falaises_framework(world):
    from maillage.evaluation.actions import framework_for

    return framework_for(world.projects[FALAISES_PROJECT])


def falaises(world):
    return {"framework_id": _falaises_framework(world).pk}


def falaises_slug(world):
    return {"slug": FALAISES_PROJECT}


def _items(world):
    """A goal, a question and a manual indicator with one value, made for the case."""
    from maillage.evaluation.models import (
        Criterion,
        EvaluativeQuestion,
        Indicator,
        ManualValue,
        TransformationGoal,
    )

    framework = _falaises_framework(world)
    goal = TransformationGoal.objects.create(
        framework=framework, target="habitants", title="Objectif du tableau des accès"
    )
    question = EvaluativeQuestion.objects.create(
        framework=framework,
        goal=goal,
        criterion=Criterion.objects.get(code="efficacite", project=None),
        text="Question du tableau des accès ?",
    )
    indicator = Indicator.objects.create(
        framework=framework,
        question=question,
        name="Indicateur du tableau des accès",
        computation="latest",
        source_type="manual",
    )
    value = ManualValue.objects.create(
        indicator=indicator,
        period_start="2024-01-01",
        period_end="2024-12-31",
        value=12,
    )
    return framework, {"goal": goal, "question": question, "indicator": indicator, "value": value}


def item(kind):
    def kwargs(world):
        framework, items = _items(world)
        return {"framework_id": framework.pk, "item_id": items[kind].pk}

    return kwargs


def manual_value(world):
    framework, items = _items(world)
    return {
        "framework_id": framework.pk,
        "item_id": items["indicator"].pk,
        "value_id": items["value"].pk,
    }


def causses_common(world):
    from maillage.evaluation.models import Framework

    network = world.networks["causses"]
    framework = Framework.objects.filter(network=network).first() or Framework.objects.create(
        network=network, title="Cadre commun du tableau des accès"
    )
    return {"framework_id": framework.pk}


NETWORK_READERS = {FEDERATION: OK, CAF: OK}

CASES = [
    Case("evaluation:framework", kwargs=falaises_slug, expect=only(EDITORS_OK)),
    Case("evaluation:framework_detail", kwargs=falaises, expect=only(EDITORS_REDIRECT)),
    Case(
        "evaluation:framework_detail",
        kwargs=causses_common,
        label="réseau",
        expect=only(NETWORK_READERS),
    ),
    Case("evaluation:framework_validate", kwargs=falaises, expect=only(EDITORS_OK)),
    Case(
        "evaluation:framework_validate",
        kwargs=falaises,
        method="post",
        data={"validated_on": "2025-01-15", "participants": "Habitants, bénévoles, mairie"},
        label="enregistrer",
        expect=only(EDITORS_REDIRECT),
    ),
    Case(
        "evaluation:framework_reopen", kwargs=falaises, method="post", expect=only(EDITORS_REDIRECT)
    ),
    Case("evaluation:framework_history", kwargs=falaises, expect=only(EDITORS_OK)),
    Case(
        "evaluation:framework_history",
        kwargs=causses_common,
        label="réseau",
        expect=only(NETWORK_READERS),
    ),
    Case("evaluation:framework_copy", kwargs=falaises, expect=only(EDITORS_OK)),
    Case("evaluation:framework_propose", kwargs=causses_common, expect=only({FEDERATION: OK})),
    Case(
        "evaluation:framework_propose",
        kwargs=falaises,
        label="cadre de projet",
        expect=only({DIRECTION: NOT_FOUND, REFERENTE: NOT_FOUND}),
    ),
    Case("evaluation:criteria", kwargs=falaises, expect=only(EDITORS_OK)),
    Case("evaluation:indicator_values", kwargs=item("indicator"), expect=only(EDITORS_OK)),
    Case(
        "evaluation:manual_value_delete",
        kwargs=manual_value,
        method="post",
        expect=only(EDITORS_REDIRECT),
    ),
    Case(
        "evaluation:network_frameworks",
        kwargs={"slug": "reseau-causses"},
        expect=only(NETWORK_READERS),
    ),
    Case(
        "evaluation:network_frameworks",
        kwargs={"slug": "reseau-causses"},
        method="post",
        data={"title": "Nouveau cadre commun"},
        label="créer",
        expect=only({FEDERATION: REDIRECT, CAF: FORBIDDEN}),
    ),
    Case(
        "evaluation:goal_add",
        kwargs=falaises,
        method="post",
        data={"target": "territoire", "title": "Un territoire plus solidaire", "order": 0},
        label="enregistrer",
        expect=only(EDITORS_REDIRECT),
    ),
]

for kind in ("goal", "question", "indicator"):
    CASES += [
        Case(f"evaluation:{kind}_add", kwargs=falaises, expect=only(EDITORS_OK)),
        Case(f"evaluation:{kind}_edit", kwargs=item(kind), expect=only(EDITORS_OK)),
        Case(f"evaluation:{kind}_delete", kwargs=item(kind), expect=only(EDITORS_OK)),
        Case(
            f"evaluation:{kind}_delete",
            kwargs=item(kind),
            method="post",
            label="confirmer",
            expect=only(EDITORS_REDIRECT),
        ),
    ]
