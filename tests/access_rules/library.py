"""Access table of the library (bibliothèque): every logged-in account searches it; only the
people who edit a framework add entries to it. With ?projet=, a project the account cannot see is
refused, and one it sees but cannot edit is simply ignored (consultation only)."""

from access_rules.base import (
    COORDINATION,
    DIRECTION,
    NOT_FOUND,
    OK,
    PARTENAIRE,
    REDIRECT,
    REFERENTE,
    Case,
    logged_in,
    only,
)

FALAISES_PROJECT = "projet-social-falaises-2023-2026"


def falaises_goal_entry(world):
    from maillage.evaluation.models import LibraryEntry

    entry = LibraryEntry.objects.filter(kind="goal").order_by("pk").first()
    return {"slug": FALAISES_PROJECT, "entry_id": entry.pk}


CASES = [
    Case("evaluation:library", expect=logged_in(OK)),
    Case(
        "evaluation:library",
        data={"projet": FALAISES_PROJECT, "q": "confiance"},
        expect=only({DIRECTION: OK, REFERENTE: OK}),
        label="avec le projet social des Falaises",
    ),
    Case(
        "evaluation:library",
        data={"projet": "bien-vieillir"},
        expect=only({COORDINATION: OK, PARTENAIRE: OK}),
        label="avec Bien Vieillir (consultation seule pour le CCAS)",
    ),
    Case(
        "evaluation:library",
        data={"projet": "projet-inexistant"},
        expect=logged_in(NOT_FOUND),
        label="avec un projet inconnu",
    ),
    Case(
        "evaluation:library_add",
        kwargs=falaises_goal_entry,
        method="post",
        expect=only({DIRECTION: REDIRECT, REFERENTE: REDIRECT}),
    ),
]
