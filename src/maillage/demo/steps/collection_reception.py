"""Demo, order 101: six months of Les Falaises' reception log (June to November 2026).

About 15 to 25 requests a day when the centre is open, fewer in summer, many more in September
when families register for the year's activities; themes, channels and what was done in the
proportions a centre social's front desk sees; orientations go to the partners of the plateau
(CAF, CCAS, mission locale, France Services, the social landlord…). Drawn from a fixed seed, so
every demo database holds the same log; stored with one bulk insert.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from maillage.collection.models import ReceptionRequest
from maillage.demo.registry import DemoWorld, step
from maillage.organisations.models import Organisation, Territory

START, END = date(2026, 6, 1), date(2026, 11, 30)
CLOSED = {date(2026, 7, 14), date(2026, 8, 15), date(2026, 11, 11)}  # public holidays
SUMMER_BREAK = (date(2026, 8, 10), date(2026, 8, 21))  # the centre closes two weeks
PLACE = {"commune": "Saint-Aubin-sur-Falaise", "postal_code": "76590"}

Kind = Organisation.Kind
# Found when an earlier step made them (the cooperation map's agreements), else created.
PARTNERS = {
    "caf": ("caf-seine-maritime", "CAF de la Seine-Maritime", Kind.CAF, {}),
    "ccas": ("ccas-saint-aubin", "CCAS de Saint-Aubin-sur-Falaise", Kind.CCAS, PLACE),
    "mission": ("mission-locale-caux", "Mission locale du pays de Caux", Kind.PUBLIC_SERVICE,
                {"commune": "Yvetot", "postal_code": "76190"}),
    "fs": ("france-services-saint-aubin", "France Services de Saint-Aubin-sur-Falaise",
           Kind.PUBLIC_SERVICE, PLACE),
    "bailleur": ("caux-habitat", "Caux Habitat", Kind.SOCIAL_LANDLORD,
                 {"commune": "Yvetot", "postal_code": "76190"}),
    "departement": ("departement-seine-maritime", "Département de la Seine-Maritime",
                    Kind.LOCAL_AUTHORITY, {"commune": "Rouen", "postal_code": "76000"}),
    "msp": ("msp-plateau", "Maison de santé pluriprofessionnelle du Plateau", Kind.HEALTH,
            PLACE),
    "mairie": ("mairie-saint-aubin-sur-falaise", "Mairie de Saint-Aubin-sur-Falaise",
               Kind.LOCAL_AUTHORITY, PLACE),
    "epicerie": ("panier-du-plateau", "Épicerie solidaire Le Panier du Plateau",
                 Kind.ASSOCIATION, PLACE),
}  # fmt: skip

T = ReceptionRequest.Theme
O = ReceptionRequest.Outcome  # noqa: E741 — short names keep the tables below readable
C = ReceptionRequest.Channel
G = ReceptionRequest.Group

THEMES = {  # weight in an ordinary month, weight in September (registrations)
    T.ACTIVITIES: (22, 48), T.RIGHTS: (16, 10), T.DIGITAL: (14, 9), T.FAMILY: (12, 8),
    T.LEISURE: (9, 8), T.HOUSING: (6, 4), T.HEALTH: (5, 3), T.EMPLOYMENT: (5, 3),
    T.VOLUNTEERING: (4, 3), T.OTHER: (7, 4),
}  # fmt: skip
# What was done, by theme: (answered, accompanied, collective, oriented) weights, and the
# partners an orientation goes to, with their weights.
OUTCOMES = {
    T.ACTIVITIES: ((80, 5, 15, 0), {}),
    T.RIGHTS: ((30, 35, 0, 35), {"caf": 40, "ccas": 25, "fs": 25, "departement": 10}),
    T.DIGITAL: ((30, 40, 25, 5), {"fs": 100}),
    T.FAMILY: ((40, 20, 30, 10), {"departement": 60, "caf": 40}),
    T.HOUSING: ((20, 20, 0, 60), {"bailleur": 50, "ccas": 30, "caf": 20}),
    T.HEALTH: ((35, 0, 15, 50), {"msp": 60, "departement": 20, "ccas": 20}),
    T.EMPLOYMENT: ((25, 15, 0, 60), {"mission": 60, "fs": 40}),
    T.LEISURE: ((70, 0, 25, 5), {"mairie": 100}),
    T.VOLUNTEERING: ((40, 10, 50, 0), {}),
    T.OTHER: ((70, 10, 0, 20), {"mairie": 50, "epicerie": 50}),
}
OUTCOME_ORDER = [O.ANSWERED, O.ACCOMPANIED, O.COLLECTIVE, O.ORIENTED]
CHANNELS = ([C.IN_PERSON, C.PHONE, C.ONLINE], [60, 30, 10])
GROUPS = ([G.RESIDENTS, G.VOLUNTEERS, G.PARTNERS, G.UNKNOWN], [82, 6, 5, 7])
FOLLOW_UPS = [
    "rappeler pour le dossier", "rendez-vous pris avec la référente familles",
    "pièces à apporter mardi", "vérifier la réponse de la CAF", "relancer dans 15 jours",
]  # fmt: skip


def _open_days():
    day = START
    while day <= END:
        in_break = SUMMER_BREAK[0] <= day <= SUMMER_BREAK[1]
        if day.weekday() < 6 and day not in CLOSED and not in_break:
            yield day
        day += timedelta(days=1)


def _requests_on(day: date, rng: random.Random) -> int:
    if day.weekday() == 5:  # Saturday morning only
        return rng.randint(4, 8)
    if day.month in (7, 8):
        return rng.randint(9, 15)
    if day.month == 9 and day.day <= 20:  # registrations for the year's activities
        return rng.randint(28, 40)
    return rng.randint(15, 25)


def _partners(world: DemoWorld) -> dict[str, Organisation]:
    department = Territory.objects.get(kind=Territory.Kind.DEPARTMENT, code="76")
    found = {}
    for key, (slug, name, kind, place) in PARTNERS.items():
        organisation = world.organisations.get(slug)
        if organisation is None:
            organisation, _created = Organisation.objects.get_or_create(
                slug=slug,
                defaults={"name": name, "kind": kind, "department": department, **place},
            )
            world.organisations[slug] = organisation
        found[key] = organisation
    return found


@step(101, "Six mois du journal d'accueil des Falaises")
def build_reception_log(world: DemoWorld) -> None:
    rng = random.Random(20260601)
    falaises = world.organisations["falaises"]
    partners = _partners(world)
    desk = world.users.get("referente@falaises.demo")
    themes = list(THEMES)
    rows = []
    for day in _open_days():
        column = 1 if day.month == 9 else 0
        weights = [THEMES[theme][column] for theme in themes]
        for _ in range(_requests_on(day, rng)):
            theme = rng.choices(themes, weights)[0]
            outcome_weights, oriented_to = OUTCOMES[theme]
            outcome = rng.choices(OUTCOME_ORDER, outcome_weights)[0]
            partner = None
            if outcome == O.ORIENTED:
                keys = list(oriented_to)
                partner = partners[rng.choices(keys, [oriented_to[k] for k in keys])[0]]
            follow_up = rng.random() < (0.4 if outcome == O.ACCOMPANIED else 0.04)
            rows.append(
                ReceptionRequest(
                    organisation=falaises,
                    received_on=day,
                    channel=rng.choices(*CHANNELS)[0],
                    group=rng.choices(*GROUPS)[0],
                    theme=theme,
                    outcome=outcome,
                    oriented_to=partner,
                    follow_up=follow_up,
                    follow_up_note=rng.choice(FOLLOW_UPS) if follow_up else "",
                    created_by=desk,
                )
            )
    ReceptionRequest.objects.bulk_create(rows, batch_size=2000)
    world.extra["falaises_reception_requests"] = len(rows)
