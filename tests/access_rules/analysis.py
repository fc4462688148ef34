"""Access table of a project's results (analysis app).

Results are the project's: every member structure's people see the figures (Les Falaises' direction
D and référente R, and nobody else for its projet social; the partners of Bien Vieillir for theirs).
Rows behind a figure are shown only from the viewer's own structures (tested in
tests/analysis/test_results_pages.py). Writing an answer needs a contributor of a member."""

from access_rules.base import (
    COORDINATION,
    DIRECTION,
    OK,
    PARTENAIRE,
    REFERENTE,
    Case,
    only,
)

FALAISES = "projet-social-falaises-2023-2026"
FALAISES_PEOPLE = {DIRECTION: OK, REFERENTE: OK}
BAD_REQUEST = 400


def indicator(slug):
    def kwargs(world):
        from maillage.evaluation.models import Indicator

        item = Indicator.objects.filter(framework__project__slug=slug).first()
        return {"slug": slug, "indicator_id": item.pk}

    return kwargs


def question(world):
    from maillage.evaluation.models import EvaluativeQuestion

    item = EvaluativeQuestion.objects.filter(framework__project__slug=FALAISES).first()
    return {"slug": FALAISES, "question_id": item.pk}


CASES = [
    Case("analysis:results", kwargs={"slug": FALAISES}, expect=only(FALAISES_PEOPLE)),
    Case(
        "analysis:results",
        kwargs={"slug": "bien-vieillir"},
        expect=only({COORDINATION: OK, PARTENAIRE: OK}),
        label="cooperation",
    ),
    Case(
        "analysis:indicator",
        kwargs=indicator(FALAISES),
        expect=only({DIRECTION: OK, REFERENTE: OK}),
    ),
    Case(
        "analysis:answer_question",
        kwargs=question,
        method="post",
        expect=only({DIRECTION: BAD_REQUEST, REFERENTE: BAD_REQUEST}),
        label="empty answer: shown again with its reason",
    ),
]
