"""Access table of projects: creation, editing and the communauté d'action.

The rows for projects:list and projects:detail stay in foundation.py."""

from access_rules.base import (
    COORDINATION,
    DIRECTION,
    FEDERATION,
    NOT_FOUND,
    OK,
    PARTENAIRE,
    REDIRECT,
    REFERENTE,
    Case,
    only,
)

BIEN_VIEILLIR = {"slug": "bien-vieillir"}
FALAISES_PROJECT = {"slug": "projet-social-falaises-2023-2026"}


def ccas_membership(world):
    from maillage.projects.models import Membership

    membership = Membership.objects.get(
        project__slug="bien-vieillir", organisation__slug="ccas-bellerive"
    )
    return {"slug": "bien-vieillir", "membership_id": membership.pk}


def falaises_membership_under_bien_vieillir(world):
    """A real membership id, but of another project: must be 404, never a change."""
    from maillage.projects.models import Membership

    membership = Membership.objects.get(
        project__slug="projet-social-falaises-2023-2026", organisation__slug="jardins-du-plateau"
    )
    return {"slug": "bien-vieillir", "membership_id": membership.pk}


# Who holds a contributor or admin role in a structure (may create a project): D, R (Les
# Falaises), C (the Moulin), F (the federation), P (the CCAS); the CAF advisor is a reader only.
CREATORS = {DIRECTION: OK, REFERENTE: OK, COORDINATION: OK, FEDERATION: OK, PARTENAIRE: OK}

CASES = [
    Case("projects:create", expect=only(CREATORS), label="one of my structures"),
    Case(
        "projects:create",
        data={"structure": "falaises"},
        expect=only({DIRECTION: OK, REFERENTE: OK}),
        label="for Les Falaises",
    ),
    Case(
        "projects:create",
        data={"structure": "structure-inconnue"},
        expect=only({}, default=NOT_FOUND),
        label="unknown structure",
    ),
    Case("projects:edit", kwargs=BIEN_VIEILLIR, expect=only({COORDINATION: OK})),
    Case(
        "projects:edit",
        kwargs=FALAISES_PROJECT,
        expect=only({DIRECTION: OK, REFERENTE: OK}),
        label="projet social des Falaises",
    ),
    Case(
        "projects:community",
        kwargs=BIEN_VIEILLIR,
        expect=only({COORDINATION: OK, PARTENAIRE: OK}),
    ),
    Case(
        "projects:community",
        kwargs=BIEN_VIEILLIR,
        data={"q": "pharmacie"},
        expect=only({COORDINATION: OK, PARTENAIRE: OK}),
        label="directory search",
    ),
    Case(
        "projects:community",
        kwargs=BIEN_VIEILLIR,
        method="post",
        data={"operation": "creer", "partenaire-name": ""},
        expect=only({COORDINATION: 400}),
        label="invalid partner: only the lead's people get as far as the form",
    ),
    Case("projects:member_edit", kwargs=ccas_membership, expect=only({COORDINATION: OK})),
    Case(
        "projects:member_edit",
        kwargs=falaises_membership_under_bien_vieillir,
        expect=only({COORDINATION: NOT_FOUND}),
        label="membership of another project",
    ),
    Case(
        "projects:member_remove",
        kwargs=ccas_membership,
        method="post",
        expect=only({COORDINATION: REDIRECT}),
    ),
    Case(
        "projects:member_remove",
        kwargs=falaises_membership_under_bien_vieillir,
        method="post",
        expect=only({COORDINATION: NOT_FOUND}),
        label="membership of another project",
    ),
    Case(
        "projects:member_remove",
        kwargs=ccas_membership,
        expect=only({}, default=405),
        label="GET is refused",
    ),
]
