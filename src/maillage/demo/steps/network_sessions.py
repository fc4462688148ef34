"""Demo, order 99: the Causses network's year of collective work.

From September 2025 the federation and the CAF gather the eight structures in collective
workshops and training-action days held in turn in their villages; a mid-way review in January
2026 and a closing meeting in March 2026 bring together more than forty people (residents,
volunteers, staff, board members); the next cycle's first workshop is set for January 2027.
The three structures that share their indicator values also typed their 2026 figures, so that
the network can compare them.
"""

from __future__ import annotations

from datetime import date

from maillage.core.groups import StakeholderGroup
from maillage.demo.evaluation_data import add_manual_values
from maillage.demo.registry import DemoWorld, step
from maillage.evaluation.models import Indicator
from maillage.organisations import actions_sessions
from maillage.organisations.models import NetworkSession

Kind = NetworkSession.Kind
G = StakeholderGroup

# (date, kind, title, place, notes, size): size says who came from each structure.
SESSIONS = [
    (date(2025, 9, 23), Kind.WORKSHOP, "Lancement : ce que nos projets sociaux ont changé",
     "Mende, Maison de la vie associative",
     "Présentation de la démarche d'évaluation par les chaînes de valeur ; chaque structure "
     "raconte une action dont elle est fière.", "team"),
    (date(2025, 10, 14), Kind.WORKSHOP, "Construire le socle commun : les cinq dimensions",
     "Pont-de-Vabre, Centre social du Haut-Tarn",
     "Objectifs sur les cinq dimensions du socle commun, premières questions évaluatives.",
     "team"),
    (date(2025, 11, 18), Kind.TRAINING, "Questions évaluatives et indicateurs",
     "Villeneuve-de-Randon, salle des fêtes",
     "Journée de formation-action : écrire un indicateur complet (source, référence, cible).",
     "staff"),
    (date(2025, 12, 9), Kind.STEERING, "Fédération, CAF et directions : le calendrier de l'année",
     "Mende, CAF des Causses", "Calendrier de l'année, appui aux deux structures en retard.",
     "directors"),
    (date(2026, 1, 27), Kind.MID_REVIEW, "Où en sommes-nous ? Premiers résultats partagés",
     "Marvejols, salle polyvalente",
     "Chaque structure présente l'état de sa démarche ; ateliers croisés habitants et "
     "bénévoles sur les premiers résultats.", "everyone"),
    (date(2026, 2, 17), Kind.WORKSHOP, "Chaînes de valeur et chemins de changement",
     "Saint-Alban-des-Bois, Centre social de la Margeride",
     "Dessiner sa chaîne de valeur avec ses partenaires ; premiers chemins de changement.",
     "team"),
    (date(2026, 3, 24), Kind.CLOSING, "Nos projets sociaux 2027-2030",
     "Mende, Espace Georges-Frêche",
     "Restitution croisée des diagnostics et des enjeux ; témoignages d'habitants ; la CAF "
     "présente le calendrier des agréments.", "everyone"),
    (date(2027, 1, 14), Kind.WORKSHOP, "Nouveau cycle : lancer l'évaluation des projets 2027",
     "Saint-Julien-des-Causses, EVS La Draille", "", "upcoming"),
]  # fmt: skip

# Who comes from one structure, by size of session (residents, volunteers, staff, board).
SIZES = {
    "everyone": (2, 2, 1, 1),
    "team": (1, 1, 1, 0),
    "staff": (0, 0, 1, 0),
    "directors": (0, 0, 1, 0),
}
# Small differences between structures, so that the totals look like a real sign-in sheet.
EXTRA = {"haut-tarn": 1, "lou-cantou": 1, "la-lauze": 1}
ABSENT = {  # (session date, structure) that missed a session
    (date(2025, 11, 18), "caussenard"),
    (date(2026, 2, 17), "estive"),
    (date(2025, 10, 14), "le-fournil"),
}

# 2026 figures typed by the structures that share their indicator values with the network.
VALUES_2026 = {
    "la-draille": {
        "Permanences et services de proximité accueillis": "4",
        "Habitants membres des instances de décision": "7",
        "Temps forts intergénérationnels organisés": "5",
        "Partenaires associés aux actions": "11",
    },
    "lou-cantou": {
        "Permanences et services de proximité accueillis": "6",
        "Habitants membres des instances de décision": "10",
        "Temps forts intergénérationnels organisés": "9",
    },
    "haut-tarn": {
        "Temps forts intergénérationnels organisés": "12",
        "Partenaires associés aux actions": "23",
    },
}


def _counts(world: DemoWorld, when: date, size: str) -> dict[tuple[int, str], int]:
    counts = {}
    for slug in world.extra["causses_structures"]:
        if (when, slug) in ABSENT:
            continue
        org = world.organisations[slug].pk
        residents, volunteers, staff, board = SIZES[size]
        extra = EXTRA.get(slug, 0) if size in ("everyone", "team") else 0
        for group, count in [
            (G.RESIDENTS, residents + extra),
            (G.VOLUNTEERS, volunteers),
            (G.STAFF, staff),
            (G.BOARD, board),
        ]:
            if count:
                counts[(org, group)] = count
    # The animating structures come to every session.
    counts[(world.organisations["federation-causses"].pk, G.STAFF)] = 2
    counts[(world.organisations["caf-causses"].pk, G.PARTNERS)] = 1
    return counts


@step(99, "Séances collectives du réseau des Causses")
def build_network_sessions(world: DemoWorld) -> None:
    network = world.networks["causses"]
    adviser = world.users["federation@causses.demo"]
    sessions = []
    for when, kind, title, place, notes, size in SESSIONS:
        counts = {} if size == "upcoming" else _counts(world, when, size)
        sessions.append(
            actions_sessions.record_session(
                network,
                kind=kind,
                held_on=when,
                title=title,
                place=place,
                notes=notes,
                counts=counts,
                by=adviser,
            )  # fmt: skip
        )
    for slug, values in VALUES_2026.items():
        framework = world.projects[f"projet-social-{slug}-2027-2030"].framework
        by = next(u for e, u in world.users.items() if e.endswith(f"@{slug}.demo"))
        for name, value in values.items():
            indicator = Indicator.objects.get(framework=framework, name=name)
            add_manual_values(indicator, {2026: value}, by)
    world.extra["causses_sessions"] = [s.pk for s in sessions]
