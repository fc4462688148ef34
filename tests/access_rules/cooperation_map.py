"""Access table of the cooperation maps and of a structure's agreements (organisations app,
views_map): a structure's map for its people, a network's map for its advisors, a project's map
for its members; agreements listed for the structure's people, changed by its contributors."""

from access_rules.base import (
    CAF,
    COORDINATION,
    DIRECTION,
    FEDERATION,
    OK,
    PARTENAIRE,
    REDIRECT,
    REFERENTE,
    Case,
    only,
)

FALAISES = {"slug": "falaises"}


def falaises_agreement(world):
    from maillage.organisations.models import Agreement

    agreement = Agreement.objects.create(
        organisation=world.organisations["falaises"],
        partner=world.organisations["ecole-des-courtils"],
        kind=Agreement.Kind.CONVENTION,
    )
    return {**FALAISES, "agreement_id": agreement.pk}


CASES = [
    Case(
        "organisations:structure_map",
        kwargs=FALAISES,
        expect=only({DIRECTION: OK, REFERENTE: OK}),
    ),
    Case(
        "organisations:structure_map",
        kwargs={"slug": "ccas-bellerive"},
        expect=only({PARTENAIRE: OK}),
        label="ccas",
    ),
    Case(
        "organisations:network_map",
        kwargs={"slug": "reseau-causses"},
        expect=only({FEDERATION: OK, CAF: OK}),
    ),
    Case(
        "organisations:project_map",
        kwargs={"slug": "bien-vieillir"},
        expect=only({COORDINATION: OK, PARTENAIRE: OK}),
    ),
    Case(
        "organisations:project_map",
        kwargs={"slug": "projet-social-falaises-2023-2026"},
        expect=only({DIRECTION: OK, REFERENTE: OK}),
        label="falaises",
    ),
    Case("organisations:agreements", kwargs=FALAISES, expect=only({DIRECTION: OK, REFERENTE: OK})),
    Case(
        "organisations:agreements",
        kwargs=FALAISES,
        method="post",
        data={"kind": "convention"},  # no partner: the form is shown again with its error
        expect=only({DIRECTION: 400, REFERENTE: 400}),
        label="add",
    ),
    Case(
        "organisations:agreement_delete",
        kwargs=falaises_agreement,
        method="post",
        expect=only({DIRECTION: REDIRECT, REFERENTE: REDIRECT}),
    ),
]
