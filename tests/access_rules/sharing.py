"""Access table of what Causses structures share with their network (demo step `sharing`, order 98).

Haut-Tarn shares everything with the network: its advisors (F = federation, CAF) read the
framework, chains, pathways, results, traces and the report (HTML and PDF) of its projet social,
never write, never build a PDF nor export. La Lauze shares its framework only; L'Estive nothing,
so the CAF, although funder (financeur) of every Causses projet social, reads none of it. The
people of Les Falaises and of Bien Vieillir reach none of these pages. The advisor's page of one
structure (`shared_with_network`) answers 404 to anyone but the network's advisors."""

from access_rules.base import CAF, FEDERATION, NOT_FOUND, OK, Case, only

ADVISORS = {FEDERATION: OK, CAF: OK}
SHARED, FRAMEWORK_ONLY, PRIVATE = (
    {"slug": f"projet-social-{slug}-2027-2030"} for slug in ("haut-tarn", "la-lauze", "estive")
)


def _chain(world):
    from maillage.evaluation.models import ValueChain

    chain = ValueChain.objects.filter(project__slug=SHARED["slug"]).first()
    return {**SHARED, "chain_id": chain.pk}


def _indicator(project):
    def kwargs(world):
        from maillage.evaluation.models import Indicator

        item = Indicator.objects.filter(framework__project__slug=project["slug"]).first()
        return {**project, "indicator_id": item.pk}

    return kwargs


def _values(project):
    def kwargs(world):
        from maillage.evaluation.models import Indicator

        item = Indicator.objects.filter(
            framework__project__slug=project["slug"], source_type="manual"
        ).first()
        return {"framework_id": item.framework_id, "item_id": item.pk}

    return kwargs


def _pathway(world):
    from maillage.evaluation.models import ChangePathway

    item = ChangePathway.objects.filter(
        goal__framework__project__slug=FRAMEWORK_ONLY["slug"]
    ).first()
    return {**FRAMEWORK_ONLY, "pathway_id": item.pk}


def _structure(slug):
    return {"slug": "reseau-causses", "org_slug": slug}


# No edit right comes with a share: writes answer 403 to advisors as to everyone outside.
REFUSED = only({})

CASES = [
    # Shared: read, never write.
    Case("evaluation:framework", kwargs=SHARED, expect=only(ADVISORS), label="partagé"),
    Case("evaluation:chains", kwargs=SHARED, expect=only(ADVISORS), label="partagé"),
    Case(
        "evaluation:chains",
        kwargs=SHARED,
        method="post",
        data={"title": "x"},
        expect=REFUSED,
        label="partagé, créer",
    ),  # fmt: skip
    Case("evaluation:chain", kwargs=_chain, expect=only(ADVISORS), label="partagé"),
    Case("evaluation:chain_svg", kwargs=_chain, expect=only(ADVISORS), label="partagé"),
    Case("evaluation:chain_edit", kwargs=_chain, expect=REFUSED, label="partagé"),
    Case(
        "evaluation:chain_link_add",
        kwargs=_chain,
        method="post",
        data={"maillon-title": "x"},
        expect=REFUSED,
        label="partagé",
    ),  # fmt: skip
    Case("analysis:results", kwargs=SHARED, expect=only(ADVISORS), label="partagé"),
    Case("analysis:indicator", kwargs=_indicator(SHARED), expect=only(ADVISORS), label="partagé"),
    Case(
        "evaluation:indicator_values",
        kwargs=_values(SHARED),
        expect=only(ADVISORS),
        label="partagé",
    ),  # fmt: skip
    Case(
        "evaluation:indicator_values",
        kwargs=_values(SHARED),
        method="post",
        data={"value": "1"},
        expect=REFUSED,
        label="partagé, saisir",
    ),  # fmt: skip
    Case("reports:report", kwargs=SHARED, expect=only(ADVISORS), label="partagé"),
    Case("reports:report_pdf", kwargs=SHARED, expect=only(ADVISORS), label="partagé"),
    Case("reports:report_xlsx", kwargs=SHARED, expect=REFUSED, label="partagé"),
    Case("reports:build_report", kwargs=SHARED, method="post", expect=REFUSED, label="partagé"),
    # Framework only: the framework and its pathways, nothing else.
    Case("evaluation:pathways", kwargs=FRAMEWORK_ONLY, expect=only(ADVISORS), label="cadre"),
    Case("evaluation:pathway", kwargs=_pathway, expect=only(ADVISORS), label="cadre"),
    Case(
        "evaluation:pathway",
        kwargs=_pathway,
        method="post",
        data={"title": "x"},
        expect=REFUSED,
        label="cadre, modifier",
    ),  # fmt: skip
    Case("evaluation:pathway_delete", kwargs=_pathway, expect=REFUSED, label="cadre"),
    Case("analysis:results", kwargs=FRAMEWORK_ONLY, expect=REFUSED, label="cadre"),
    Case("reports:report", kwargs=FRAMEWORK_ONLY, expect=REFUSED, label="cadre"),
    # Not shared: nothing, not even for the CAF that funds the project.
    Case("evaluation:framework", kwargs=PRIVATE, expect=REFUSED, label="privé"),
    Case("evaluation:chains", kwargs=PRIVATE, expect=REFUSED, label="privé"),
    Case("evaluation:pathways", kwargs=PRIVATE, expect=REFUSED, label="privé"),
    Case("analysis:results", kwargs=PRIVATE, expect=REFUSED, label="privé"),
    Case("analysis:indicator", kwargs=_indicator(PRIVATE), expect=REFUSED, label="privé"),
    Case("reports:report", kwargs=PRIVATE, expect=REFUSED, label="privé"),
    Case("reports:report_pdf", kwargs=PRIVATE, expect=REFUSED, label="privé"),
    # The advisor's page of one structure.
    Case(
        "organisations:shared_with_network",
        kwargs=_structure("haut-tarn"),
        expect=only(ADVISORS, default=NOT_FOUND),
    ),  # fmt: skip
    Case(
        "organisations:shared_with_network",
        kwargs=_structure("estive"),
        expect=only(ADVISORS, default=NOT_FOUND),
        label="rien de partagé",
    ),  # fmt: skip
    Case(
        "organisations:shared_with_network",
        kwargs=_structure("falaises"),
        expect=only({}, default=NOT_FOUND),
        label="hors réseau",
    ),  # fmt: skip
]
