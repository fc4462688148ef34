"""Demo, order 96: the life of the communautés d'action around Bien Vieillir.

- The Collectif Bien Vieillir's charter: written in February 2025 and agreed by the seven centres
  and the CCAS in spring 2025; revised in October 2025 (sharing the diagnostic's data, welcoming
  new members), agreed again by the seven centres while the CCAS's board has not met since.
- The two shared posts as resources of value chains: the digital-inclusion officer (carried by
  the Tilleuls for the Roseraie and the Coteaux, all three members of Bien Vieillir) in Bien
  Vieillir's chain, feeding its workshops; the HR manager, now co-employed by the two
  associations (two part-time contracts), in the Mutualisation RH project's own chain — its two
  associations are not members of Bien Vieillir, so it cannot be one of that chain's resources.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.utils import timezone

from maillage.core.models import AuditEvent
from maillage.demo.evaluation_data import Link, build_chain
from maillage.demo.registry import DemoWorld, step
from maillage.evaluation import actions as chain_actions
from maillage.evaluation.models import ChainLink
from maillage.projects import actions
from maillage.projects.shared_posts import AllocationRow

VALUES = """Dignité : chaque personne âgée reste maîtresse de ses choix, chez elle et dans le \
quartier.
Lien social : personne ne vieillit seul quand les voisins, les bénévoles et les centres se parlent.
Coopération plutôt que concurrence : les centres partagent leurs outils, leurs contacts et leurs \
financements au lieu de se disputer les mêmes publics et les mêmes appels à projets.
Parole des habitants : les seniors décident avec nous de ce qui les concerne."""

GOALS = """Rompre l'isolement des personnes de plus de 60 ans dans les sept quartiers de Bellerive.
Permettre à celles et ceux qui le souhaitent de rester chez eux le plus longtemps possible, \
entourés et informés de leurs droits.
Faire du collectif un lieu où les centres sociaux et le CCAS s'appuient les uns sur les autres."""

COMMITMENTS_V1 = """Chaque membre désigne un référent qui participe à la réunion mensuelle.
Chaque centre fait passer les questionnaires du diagnostic partagé dans son quartier.
Chaque membre fait connaître les actions des autres à ses adhérents et à ses bénévoles."""

COMMITMENTS_V2 = (
    COMMITMENTS_V1
    + """
Les données du diagnostic et des évaluations sont partagées entre les membres, sans donnée \
personnelle, et restituées aux habitants.
Le collectif accueille toute structure de Bellerive qui adhère à cette charte."""
)

CENTRES = ["moulin", "tilleuls", "passerelle", "hauts-de-bellerive", "lavoir", "roseraie",
           "coteaux"]  # fmt: skip
SIGNERS = {
    "moulin": "le président", "tilleuls": "la présidente", "passerelle": "le bureau",
    "hauts-de-bellerive": "la présidente", "lavoir": "le conseil d'administration",
    "roseraie": "le président", "coteaux": "la coprésidence",
    "ccas-bellerive": "le conseil d'administration du CCAS",
}  # fmt: skip
# Version 1: spring 2025, as each board met. Version 2: end of 2025, the CCAS still to agree.
AGREED_V1 = {
    "moulin": date(2025, 3, 11), "tilleuls": date(2025, 3, 20), "passerelle": date(2025, 3, 27),
    "hauts-de-bellerive": date(2025, 4, 3), "lavoir": date(2025, 4, 15),
    "roseraie": date(2025, 4, 24), "coteaux": date(2025, 5, 6), "ccas-bellerive": date(2025, 5, 22),
}  # fmt: skip
AGREED_V2 = {
    "moulin": date(2025, 11, 4), "tilleuls": date(2025, 11, 13), "passerelle": date(2025, 11, 20),
    "hauts-de-bellerive": date(2025, 11, 27), "lavoir": date(2025, 12, 9),
    "roseraie": date(2025, 12, 11), "coteaux": date(2026, 1, 15),
}  # fmt: skip


def _dated(on: date) -> None:
    """Give the audit line just written the date the thing happened, for a believable history."""
    event = AuditEvent.objects.latest("pk")
    AuditEvent.objects.filter(pk=event.pk).update(
        at=timezone.make_aware(datetime.combine(on, time(18, 30)))
    )


def _charter(world: DemoWorld) -> None:
    project = world.projects["bien-vieillir"]
    coordination = world.users["coordination@bienvieillir.demo"]
    charter, _changed = actions.save_charter(
        project, values=VALUES, goals=GOALS, commitments=COMMITMENTS_V1, by=coordination
    )
    _dated(date(2025, 2, 27))
    for slug, on in sorted(AGREED_V1.items(), key=lambda item: item[1]):
        actions.record_charter_agreement(
            charter, world.organisations[slug], agreed_on=on, signed_by=SIGNERS[slug],
            by=coordination,
        )  # fmt: skip
        _dated(on)
    charter, _changed = actions.save_charter(
        project, values=VALUES, goals=GOALS, commitments=COMMITMENTS_V2, by=coordination
    )
    _dated(date(2025, 10, 16))
    type(charter).objects.filter(pk=charter.pk).update(  # auto_now would say « today »
        updated_at=timezone.make_aware(datetime.combine(date(2025, 10, 16), time(18, 30)))
    )
    for slug, on in sorted(AGREED_V2.items(), key=lambda item: item[1]):
        actions.record_charter_agreement(
            charter, world.organisations[slug], agreed_on=on, signed_by=SIGNERS[slug],
            by=coordination,
        )  # fmt: skip
        _dated(on)


def _posts(world: DemoWorld) -> None:
    posts = world.extra["shared_posts"]
    # The HR manager has a contract with each association: the second one is a co-employer.
    rh = posts["rh"]
    director = world.users["direction@aide-domicile-bellerive.demo"]
    rows = [
        AllocationRow(a.organisation, a.fte, a.cost_share,
                      co_employer=a.organisation.slug == "sports-loisirs-bellerive")
        for a in rh.allocations.select_related("organisation")
    ]  # fmt: skip
    actions.save_shared_post(rh.project, rh, rows, by=director)

    # The digital-inclusion officer in Bien Vieillir's chain, feeding the workshops.
    coordination = world.users["coordination@bienvieillir.demo"]
    chain = world.projects["bien-vieillir"].value_chains.get()
    link, _created = actions.add_post_to_chain(posts["numerique"], chain, by=coordination)
    workshops = chain.links.get(kind=ChainLink.Kind.ACTIVITY, title__startswith="Ateliers")
    chain_actions.add_edge(chain, link, workshops, label="ateliers numériques", by=coordination)

    # The HR manager in the Mutualisation RH project's own chain.
    project = rh.project
    chain_actions.framework_for(project)
    hr_chain, created = build_chain(
        project,
        "Une fonction RH que ni l'une ni l'autre ne pouvait financer seule",
        "Deux associations de Bellerive partagent une responsable RH pour sécuriser leurs "
        "emplois et leurs recrutements.",
        [
            Link("rh_activite", "activity", "Recrutements, paie, formation et dialogue social"),
            Link(
                "rh_effet",
                "effect",
                "Des emplois plus sûrs et des équipes mieux formées dans deux petites associations",
                target="communaute",
            ),
        ],  # fmt: skip
        [("rh_activite", "rh_effet", "")],
        [],
        organisations={},
        by=director,
    )
    link, _created = actions.add_post_to_chain(rh, hr_chain, by=director)
    chain_actions.add_edge(hr_chain, link, created["rh_activite"], by=director)


@step(96, "Vie des communautés d'action : charte et postes mutualisés")
def build_project_life(world: DemoWorld) -> None:
    _charter(world)
    _posts(world)
