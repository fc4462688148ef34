"""Demo, order 95: the Collectif Bien Vieillir's monthly meetings of 2026 and Les Falaises'
steering committees, with who came from each structure."""

from __future__ import annotations

import random
from datetime import date

from maillage.demo.registry import DemoWorld, step
from maillage.projects.meetings import record_meeting

BIEN_VIEILLIR_DECISIONS = [
    "Adopter le questionnaire du diagnostic partagé et le calendrier de passation.",
    "Répartir la passation des questionnaires entre les sept centres et le CCAS.",
    "Présenter les premiers résultats du diagnostic aux bénévoles.",
    "Lancer les visites de convivialité dans les trois quartiers prioritaires.",
    "Former les bénévoles visiteurs (deux sessions en juin).",
    "Préparer le dossier de l'appel à projets de la Ville.",
]


@step(95, "Rencontres de la communauté d'action")
def build_meetings(world: DemoWorld) -> None:
    rng = random.Random(95)
    project = world.projects["bien-vieillir"]
    members = [m.organisation for m in project.memberships.select_related("organisation")]
    user = world.users["coordination@bienvieillir.demo"]
    for month in range(1, 11):
        if month == 8:
            continue  # no meeting in August
        present = [o for o in members if rng.random() < 0.85]
        counts = {(o.pk, "salarie"): rng.choice([1, 1, 2]) for o in present}
        counts.update({(o.pk, "benevole"): 1 for o in present if rng.random() < 0.3})
        record_meeting(
            project, kind="reunion_mensuelle", held_on=date(2026, month, rng.randint(3, 9)),
            decisions=rng.choice(BIEN_VIEILLIR_DECISIONS), counts=counts, by=user,
        )  # fmt: skip
    falaises = world.projects["projet-social-falaises-2023-2026"]
    members = [m.organisation for m in falaises.memberships.select_related("organisation")]
    for year in (2023, 2024, 2025, 2026):
        for month in (3, 11):
            if date(year, month, 15) > date(2026, 10, 31):
                continue
            counts = {(o.pk, "partenaire"): 1 for o in members if o.slug != "falaises"}
            counts[(world.organisations["falaises"].pk, "salarie")] = 3
            counts[(world.organisations["falaises"].pk, "habitant")] = rng.randint(3, 7)
            record_meeting(
                falaises, kind="comite_pilotage", held_on=date(year, month, 15),
                title="Comité de pilotage du projet social", counts=counts,
                decisions="Bilan d'étape du projet social et des indicateurs.",
            )  # fmt: skip
