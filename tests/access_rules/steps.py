"""Access table of the step tracker and the change pathways (evaluation app, urls_steps).

Les Falaises: the direction (D) and the référente (R) edit. Bien Vieillir: the lead centre's
contributor (C) edits, the CCAS partner (P) reads. Nobody else sees either project."""

from access_rules.base import (
    COORDINATION,
    DIRECTION,
    NOT_FOUND,
    OK,
    PARTENAIRE,
    REDIRECT,
    REFERENTE,
    Case,
    only,
)

BAD_REQUEST = 400
FALAISES = "projet-social-falaises-2023-2026"
BIEN_VIEILLIR = "bien-vieillir"
FALAISES_EDITORS = {DIRECTION: OK, REFERENTE: OK}


def _pathway(world, slug):
    from maillage.evaluation.actions import framework_for
    from maillage.evaluation.models import ChangePathway, PathwayStep

    goal = framework_for(world.projects[slug]).goals.first()
    pathway = ChangePathway.objects.create(goal=goal, title="Chemin d'essai")
    PathwayStep.objects.create(pathway=pathway, order=1, effect="Un premier effet")
    return pathway


def bien_vieillir_pathway(world):
    return {"slug": BIEN_VIEILLIR, "pathway_id": _pathway(world, BIEN_VIEILLIR).pk}


def falaises_pathway_under_bien_vieillir(world):
    return {"slug": BIEN_VIEILLIR, "pathway_id": _pathway(world, FALAISES).pk}


def falaises_pathway(world):
    return {"slug": FALAISES, "pathway_id": _pathway(world, FALAISES).pk}


EMPTY_FORMSET = {
    "steps-TOTAL_FORMS": "0",
    "steps-INITIAL_FORMS": "0",
    "steps-MIN_NUM_FORMS": "0",
    "steps-MAX_NUM_FORMS": "1000",
}

CASES = [
    Case("evaluation:steps", kwargs={"slug": FALAISES}, expect=only(FALAISES_EDITORS)),
    Case(
        "evaluation:steps",
        kwargs={"slug": BIEN_VIEILLIR},
        expect=only({COORDINATION: OK, PARTENAIRE: OK}),
        label="Bien Vieillir",
    ),
    Case("evaluation:pathways", kwargs={"slug": FALAISES}, expect=only(FALAISES_EDITORS)),
    Case(
        "evaluation:pathways",
        kwargs={"slug": BIEN_VIEILLIR},
        method="post",
        data={"title": "", "goal": ""},
        expect=only({COORDINATION: BAD_REQUEST}),
        label="empty form: refused with its errors",
    ),
    Case(
        "evaluation:pathway",
        kwargs=bien_vieillir_pathway,
        expect=only({COORDINATION: OK, PARTENAIRE: OK}),
    ),
    Case(
        "evaluation:pathway",
        kwargs=falaises_pathway,
        method="post",
        data={"title": "Titre changé", "horizon": "", **EMPTY_FORMSET},
        expect=only({DIRECTION: REDIRECT, REFERENTE: REDIRECT}),
        label="save",
    ),
    Case(
        "evaluation:pathway",
        kwargs=falaises_pathway_under_bien_vieillir,
        expect=only({COORDINATION: NOT_FOUND, PARTENAIRE: NOT_FOUND}),
        label="pathway of another project",
    ),
    Case(
        "evaluation:pathway_delete", kwargs=bien_vieillir_pathway, expect=only({COORDINATION: OK})
    ),
    Case(
        "evaluation:pathway_delete",
        kwargs=bien_vieillir_pathway,
        method="post",
        expect=only({COORDINATION: REDIRECT}),
        label="confirm",
    ),
]
