"""Demo, order 98: what structures share, with their network and with their project partners.

In the Causses network, three structures share everything with the advisors (key figures,
framework, indicator values, reports), two share their key figures and framework, Le Fournil only
its key figures, and the two of `causses_not_sharing` nothing. In the Collectif Bien Vieillir, three
centres share their key figures and their indicator values (their rows in the traces) with the
other members. Every choice goes through `organisations.actions`, as a director's would.
"""

from __future__ import annotations

from maillage.demo.registry import DemoWorld, step
from maillage.organisations import actions
from maillage.organisations.models import NetworkShare

Scope = NetworkShare.Scope
CAUSSES_SHARING_ALL = ["la-draille", "haut-tarn", "lou-cantou"]
CAUSSES_SHARING_FRAMEWORK = ["la-lauze", "caussenard"]
BIEN_VIEILLIR_SHARING = ["tilleuls", "lavoir", "roseraie"]


def _admin(world: DemoWorld, slug: str):
    return next(user for email, user in world.users.items() if email.endswith(f"@{slug}.demo"))


@step(98, "Ce que les structures partagent")
def build_sharing(world: DemoWorld) -> None:
    network = world.networks["causses"]
    not_sharing = set(world.extra["causses_not_sharing"])
    choices = {slug: {Scope.KEY_FIGURES} for slug in world.extra["causses_structures"]}
    choices |= {slug: set(Scope.values) for slug in CAUSSES_SHARING_ALL}
    choices |= {slug: {Scope.KEY_FIGURES, Scope.FRAMEWORK} for slug in CAUSSES_SHARING_FRAMEWORK}
    choices |= {slug: set() for slug in not_sharing}
    for slug, scopes in choices.items():
        actions.set_network_sharing(
            world.organisations[slug], network, scopes, by=_admin(world, slug)
        )

    project = world.projects["bien-vieillir"]
    for slug in BIEN_VIEILLIR_SHARING:
        actions.set_project_sharing(
            world.organisations[slug],
            project,
            {Scope.KEY_FIGURES, Scope.INDICATOR_VALUES},
            by=world.users[f"direction@{slug}.demo"],
        )

    world.extra["causses_sharing_all"] = list(CAUSSES_SHARING_ALL)
    world.extra["causses_sharing_framework"] = list(CAUSSES_SHARING_FRAMEWORK)
    world.extra["bien_vieillir_sharing"] = list(BIEN_VIEILLIR_SHARING)
    world.extra["bien_vieillir_not_sharing"] = [
        slug
        for slug in world.extra["bien_vieillir_centres"]
        if slug not in BIEN_VIEILLIR_SHARING and slug != world.extra["bien_vieillir_lead"]
    ]
