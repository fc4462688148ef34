"""Access table of qualitative coding (analysis app, views_coding): the project's members see the
themes and the quote picker; contributors of a member code; a text is read only by its structure's
people, or by the project's members when its author agreed to reports."""

from access_rules.base import DIRECTION, OK, REDIRECT, REFERENTE, Case, only

FALAISES = "projet-social-falaises-2023-2026"
PEOPLE = {DIRECTION: OK, REFERENTE: OK}
REDIRECTED = {DIRECTION: REDIRECT, REFERENTE: REDIRECT}


def _coding(world):
    from maillage.analysis.models import Coding

    return Coding.objects.filter(theme__project__slug=FALAISES).first()


def text(world):
    return {"slug": FALAISES, "kind": "temoignage", "pk": _coding(world).testimony_id}


def coding(world):
    return {"slug": FALAISES, "coding_id": _coding(world).pk}


def suggestion(world):
    from maillage.analysis.models import Suggestion

    item = _coding(world)
    made = Suggestion.objects.create(
        theme=item.theme, testimony=item.testimony, start=0, end=5, excerpt="x", score=0.7
    )
    return {"slug": FALAISES, "suggestion_id": made.pk}


CASES = [
    Case("analysis:themes", kwargs={"slug": FALAISES}, expect=only(PEOPLE)),
    Case("analysis:suggest", kwargs={"slug": FALAISES}, method="post", expect=only(REDIRECTED)),
    Case("analysis:code_text", kwargs=text, expect=only(PEOPLE)),
    Case(
        "analysis:decide_suggestion",
        kwargs=suggestion,
        method="post",
        data={"decision": "refuser"},
        expect=only(REDIRECTED),
    ),
    Case("analysis:uncode", kwargs=coding, method="post", expect=only(REDIRECTED)),
    Case("analysis:quotes", kwargs={"slug": FALAISES}, expect=only(PEOPLE)),
]
