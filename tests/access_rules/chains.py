"""Access table of the value-chain pages (evaluation app, urls_chain).

Bien Vieillir: the lead centre's contributor (C) edits; the CCAS partner (P) reads and records
its own structure's contributions. Les Falaises: the direction (D) and the référente (R) edit."""

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


def _chain(world, slug=BIEN_VIEILLIR):
    """A small chain: a resource → an activity, a contribution of the CCAS and of the lead."""
    from maillage.evaluation.models import ChainEdge, ChainLink, Contribution, ValueChain

    chain = ValueChain.objects.create(project=world.projects[slug], title="Chaîne d'essai")
    resource = ChainLink.objects.create(
        chain=chain, kind=ChainLink.Kind.RESOURCE, title="Temps des animatrices"
    )
    activity = ChainLink.objects.create(
        chain=chain, kind=ChainLink.Kind.ACTIVITY, title="Visites de convivialité"
    )
    edge = ChainEdge.objects.create(chain=chain, source=resource, target=activity)
    ccas = Contribution.objects.create(
        link=resource,
        organisation=world.organisations["ccas-bellerive"],
        direction=Contribution.Direction.COST,
        nature=Contribution.Nature.HOURS,
    )
    lead = Contribution.objects.create(
        link=resource,
        organisation=world.organisations[world.extra["bien_vieillir_lead"]],
        direction=Contribution.Direction.COST,
        nature=Contribution.Nature.HOURS,
    )
    return {
        "slug": slug,
        "chain_id": chain.pk,
        "link": resource.pk,
        "edge": edge.pk,
        "ccas_contribution": ccas.pk,
        "lead_contribution": lead.pk,
    }


def chain(world):
    data = _chain(world)
    return {"slug": data["slug"], "chain_id": data["chain_id"]}


def chain_link(world):
    data = _chain(world)
    return {"slug": data["slug"], "chain_id": data["chain_id"], "link_id": data["link"]}


def chain_edge(world):
    data = _chain(world)
    return {"slug": data["slug"], "chain_id": data["chain_id"], "edge_id": data["edge"]}


def contribution_of(key):
    def kwargs(world):
        data = _chain(world)
        return {"slug": data["slug"], "chain_id": data["chain_id"], "contribution_id": data[key]}

    return kwargs


def falaises_chain_under_bien_vieillir(world):
    data = _chain(world, FALAISES)
    return {"slug": BIEN_VIEILLIR, "chain_id": data["chain_id"]}


EDITOR = {COORDINATION: OK}
READERS = {COORDINATION: OK, PARTENAIRE: OK}

CASES = [
    Case(
        "evaluation:chains",
        kwargs={"slug": FALAISES},
        expect=only({DIRECTION: OK, REFERENTE: OK}),
        label="projet social des Falaises",
    ),
    Case("evaluation:chains", kwargs={"slug": BIEN_VIEILLIR}, expect=only(READERS)),
    Case(
        "evaluation:chains",
        kwargs={"slug": BIEN_VIEILLIR},
        method="post",
        data={"title": "Nouvelle chaîne"},
        expect=only({COORDINATION: REDIRECT}),
        label="create",
    ),
    Case("evaluation:chain", kwargs=chain, expect=only(READERS)),
    Case(
        "evaluation:chain",
        kwargs=falaises_chain_under_bien_vieillir,
        expect=only({COORDINATION: NOT_FOUND, PARTENAIRE: NOT_FOUND}),
        label="chain of another project",
    ),
    Case("evaluation:chain_svg", kwargs=chain, expect=only(READERS)),
    Case("evaluation:chain_edit", kwargs=chain, expect=only(EDITOR)),
    Case(
        "evaluation:chain_edit",
        kwargs=chain,
        method="post",
        data={"title": "Titre changé"},
        expect=only({COORDINATION: REDIRECT}),
        label="save",
    ),
    Case("evaluation:chain_delete", kwargs=chain, expect=only(EDITOR)),
    Case(
        "evaluation:chain_delete",
        kwargs=chain,
        method="post",
        expect=only({COORDINATION: REDIRECT}),
        label="confirm",
    ),
    Case(
        "evaluation:chain_link_add",
        kwargs=chain,
        method="post",
        data={"maillon-kind": "activity", "maillon-title": "Atelier mémoire", "maillon-order": 0},
        expect=only({COORDINATION: REDIRECT}),
    ),
    Case("evaluation:chain_link_edit", kwargs=chain_link, expect=only(EDITOR)),
    Case(
        "evaluation:chain_link_delete",
        kwargs=chain_link,
        method="post",
        expect=only({COORDINATION: REDIRECT}),
    ),
    Case(
        "evaluation:chain_edge_add",
        kwargs=chain,
        method="post",
        expect=only({COORDINATION: BAD_REQUEST}),
        label="empty form: refused with its errors",
    ),
    Case(
        "evaluation:chain_edge_delete",
        kwargs=chain_edge,
        method="post",
        expect=only({COORDINATION: REDIRECT}),
    ),
    Case(
        "evaluation:chain_contribution_add",
        kwargs=chain,
        method="post",
        expect=only({COORDINATION: BAD_REQUEST, PARTENAIRE: BAD_REQUEST}),
        label="empty form: refused with its errors",
    ),
    Case(
        "evaluation:chain_contribution_delete",
        kwargs=contribution_of("ccas_contribution"),
        method="post",
        expect=only({COORDINATION: REDIRECT, PARTENAIRE: REDIRECT}),
        label="the CCAS's own contribution",
    ),
    Case(
        "evaluation:chain_contribution_delete",
        kwargs=contribution_of("lead_contribution"),
        method="post",
        expect=only({COORDINATION: REDIRECT}),
        label="the lead centre's contribution",
    ),
]
