"""The demo world: fictional structures, people, networks and projects mirroring real situations.

Each part of Maillage adds its own demo data as a *step*: a function decorated with `@step`, in a
module of `maillage.demo.steps`. Steps run in `order`, inside one transaction, and share a
`DemoWorld` in which earlier steps leave what later ones need (organisations, users, projects by
key). Later issues add steps (framework, surveys, testimonies…) without touching earlier ones.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

DEMO_PASSWORD = "demo-maillage"

# The accounts printed by `maillage demo` (DESIGN §6). Steps must create each of them.
DEMO_ACCOUNTS = [
    ("direction@falaises.demo", "directrice du centre social Les Falaises"),
    ("referente@falaises.demo", "référente évaluation des Falaises"),
    ("coordination@bienvieillir.demo", "coordinatrice du Collectif Bien Vieillir"),
    ("federation@causses.demo", "conseiller de la fédération, réseau des Causses"),
    ("caf@causses.demo", "conseillère CAF, lit ce que les structures partagent"),
    ("partenaire@ccas.demo", "CCAS de la ville, membre de Bien Vieillir seulement"),
]


@dataclass
class DemoWorld:
    """What the steps built, by stable keys, for the steps that follow."""

    organisations: dict[str, Any] = field(default_factory=dict)
    users: dict[str, Any] = field(default_factory=dict)
    projects: dict[str, Any] = field(default_factory=dict)
    networks: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Step:
    order: int
    label: str
    function: Callable[[DemoWorld], None]


_STEPS: list[Step] = []


def step(order: int, label: str):
    """Register a function that adds one part of the demo world."""

    def register(function: Callable[[DemoWorld], None]):
        _STEPS.append(Step(order, label, function))
        return function

    return register


def _discover() -> list[Step]:
    from maillage.demo import steps as package

    for module in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{package.__name__}.{module.name}")
    return sorted(_STEPS, key=lambda s: s.order)


def is_loaded() -> bool:
    from maillage.accounts.models import User

    return User.objects.filter(email=DEMO_ACCOUNTS[0][0]).exists()


@transaction.atomic
def build(progress: Callable[[str], None] | None = None) -> DemoWorld:
    """Build the whole demo world in one transaction: all of it or nothing."""
    from maillage.evaluation.criteria import ensure_default_criteria
    from maillage.organisations.departments import ensure_departments

    # A flushed database (tests, --reset) has lost the rows of data migrations.
    ensure_departments()
    ensure_default_criteria()
    importlib.import_module("maillage.evaluation.library").ensure_library()
    world = DemoWorld()
    for item in _discover():
        if progress:
            progress(item.label)
        item.function(world)
    return world


def wipe() -> None:
    """Empty every table (the demo database only): `maillage demo --reset`."""
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)
