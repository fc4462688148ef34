"""Access table of a communauté d'action's life (projects app, views_posts and views_charter),
on the Collectif Bien Vieillir: its members' people see the shared posts and the charter; the
lead's contributors (the coordinator) change them and record any member's agreement; a member's
contributors (the CCAS) record their own structure's agreement and no other's."""

from access_rules.base import (
    COORDINATION,
    FORBIDDEN,
    NOT_FOUND,
    OK,
    PARTENAIRE,
    REDIRECT,
    Case,
    only,
)

BV = {"slug": "bien-vieillir"}
MEMBERS_SEE = only({COORDINATION: OK, PARTENAIRE: OK})
LEAD_ONLY = only({COORDINATION: OK})


def post(world):
    from decimal import Decimal

    from maillage.projects.models import SharedPost, SharedPostAllocation

    item = SharedPost.objects.create(
        title="Agent d'accueil partagé", employer=world.organisations["moulin"],
        project=world.projects["bien-vieillir"], total_fte=Decimal("1"),
    )  # fmt: skip
    SharedPostAllocation.objects.create(
        post=item, organisation=world.organisations["moulin"], fte=Decimal("1"),
        cost_share=Decimal("1"),
    )  # fmt: skip
    return {**BV, "post_id": item.pk}


def post_of_another_project(world):
    # The digital-inclusion officer belongs to « Inclusion numérique partagée »: asking for it
    # under Bien Vieillir's address must not reveal it.
    return {**BV, "post_id": world.extra["shared_posts"]["numerique"].pk}


def agreement_of(slug):
    return {**BV, "organisation": slug}


AGREEMENT = {"agreed_on": "2026-02-03", "signed_by": "la présidente"}

CASES = [
    Case("projects:shared_posts", kwargs=BV, expect=MEMBERS_SEE),
    Case("projects:shared_post_create", kwargs=BV, expect=LEAD_ONLY),
    Case(
        "projects:shared_post_create",
        kwargs=BV,
        method="post",
        data={"title": ""},
        expect=only({COORDINATION: 400}),
        label="invalid",
    ),
    Case("projects:shared_post_edit", kwargs=post, expect=LEAD_ONLY),
    Case(
        "projects:shared_post_edit",
        kwargs=post_of_another_project,
        expect=only({COORDINATION: NOT_FOUND}),
        label="other_project",
    ),
    Case(
        "projects:shared_post_delete",
        kwargs=post,
        method="post",
        expect=only({COORDINATION: REDIRECT}),
    ),
    Case(
        "projects:shared_post_chain",
        kwargs=post,
        method="post",
        expect=only({COORDINATION: REDIRECT}),
    ),
    Case("projects:charter", kwargs=BV, expect=MEMBERS_SEE),
    Case("projects:charter_edit", kwargs=BV, expect=LEAD_ONLY),
    Case(
        "projects:charter_agree",
        kwargs=agreement_of("ccas-bellerive"),
        expect=MEMBERS_SEE,
    ),
    Case(
        "projects:charter_agree",
        kwargs=agreement_of("ccas-bellerive"),
        method="post",
        data=AGREEMENT,
        expect=only({COORDINATION: REDIRECT, PARTENAIRE: REDIRECT}),
        label="own",
    ),
    # IDOR: the CCAS's contributor may not record the Moulin's agreement.
    Case(
        "projects:charter_agree",
        kwargs=agreement_of("moulin"),
        method="post",
        data=AGREEMENT,
        expect=only({COORDINATION: REDIRECT, PARTENAIRE: FORBIDDEN}),
        label="other_member",
    ),
    Case(
        "projects:charter_agree",
        kwargs=agreement_of("falaises"),
        expect=only({COORDINATION: NOT_FOUND, PARTENAIRE: NOT_FOUND}),
        label="not_a_member",
    ),
]
