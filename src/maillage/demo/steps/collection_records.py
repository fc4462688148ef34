"""Demo, order 80: two years of activity and volunteer records (November 2024 to October 2026).

Les Falaises keep their attendance sheets in a spreadsheet and import it (the same CSV import as in
the UI); the Bien Vieillir centres type their home visits session by session (the quick-entry
path). Figures are drawn from a fixed seed, so every demo database holds the same records.
"""

from __future__ import annotations

import calendar
import csv
import io
import random
from datetime import date, timedelta
from decimal import Decimal

from maillage.collection import records
from maillage.collection.models import Activity
from maillage.demo.registry import DemoWorld, step
from maillage.demo.steps.evaluation_bien_vieillir import CENTRES

START, END = date(2024, 11, 4), date(2026, 10, 30)
HOLIDAYS = [  # school holidays of zone B, when the school-linked activities stop
    (date(2024, 12, 21), date(2025, 1, 5)), (date(2025, 2, 8), date(2025, 2, 23)),
    (date(2025, 4, 5), date(2025, 4, 21)), (date(2025, 7, 5), date(2025, 8, 31)),
    (date(2025, 10, 18), date(2025, 11, 2)), (date(2025, 12, 20), date(2026, 1, 4)),
    (date(2026, 2, 14), date(2026, 3, 1)), (date(2026, 4, 11), date(2026, 4, 26)),
    (date(2026, 7, 4), date(2026, 8, 31)), (date(2026, 10, 17), date(2026, 11, 1)),
]  # fmt: skip
FIRST_NAMES = [
    "Awa", "Jeanne", "Karima", "Lucien", "Martine", "Nadia", "Odette", "Paul", "Rose", "Sylvie",
    "Thierry", "Yvette", "Bernard", "Chantal", "Denis", "Élise", "Fabrice", "Gisèle", "Hélène",
    "Inès", "Jacques", "Khadija", "Louis", "Monique", "Nicole", "Olivier", "Pascale", "Raymond",
]  # fmt: skip
INITIALS = "ABCDFGHLMNPRST"
COUTURE = ["Awa D.", "Jeanne M.", "Karima B.", "Odette L.", "Rose P.", "Yvette G.", "Nadia S."]
VOLUNTEERS = [
    ("Jeanne Martin", "Atelier couture", 10), ("Lucien Leroy", "Accompagnement scolaire", 16),
    ("Martine Roussel", "Accompagnement scolaire", 14), ("Paul Girard", "Ateliers numériques "
    "itinérants", 12), ("Sylvie Caron", "Café des parents", 8), ("Thierry Morel",
    "Jardins partagés — chantiers collectifs", 14), ("Hélène Dubois", "", 20),
    ("Bernard Faure", "", 12), ("Gisèle Perrin", "Rencontres parents-enseignants", 4),
    ("Chantal Brun", "Atelier couture", 6), ("Denis Lambert", "Ateliers numériques itinérants", 8),
    ("Monique Picard", "", 10),
]  # fmt: skip

# name, identifier, weekdays, duration, {group: (low, high)}, school weeks only
FALAISES_ACTIVITIES = [
    ("Atelier couture", "atelier-couture", [1], "2", {"habitant": (5, 9), "benevole": (1, 2)},
     False),
    ("Accompagnement scolaire", "accompagnement-scolaire", [0, 3], "1.5",
     {"habitant": (10, 16), "benevole": (3, 5)}, True),
    ("Ateliers numériques itinérants", "ateliers-numeriques-itinerants", [2], "2",
     {"habitant": (0, 0)}, False),
    ("Rencontres parents-enseignants", "rencontres-parents-enseignants", [], "2",
     {"habitant": (8, 20), "partenaire": (2, 4), "salarie": (1, 1)}, True),
    ("Jardins partagés — chantiers collectifs", "jardins-chantiers", [5], "3",
     {"habitant": (6, 15), "benevole": (2, 4)}, False),
    ("Café des parents", "cafe-des-parents", [4], "2", {"habitant": (5, 12)}, True),
]  # fmt: skip


def _month_ends(first: date):
    year, month = first.year, first.month
    while date(year, month, 1) <= END:
        yield date(year, month, calendar.monthrange(year, month)[1])
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _in_holidays(day: date) -> bool:
    return any(start <= day <= end for start, end in HOLIDAYS)


def _days(weekdays, school_only):
    day = START
    while day <= END:
        if day.weekday() in weekdays and not (school_only and _in_holidays(day)):
            yield day
        day += timedelta(days=1)


def _sessions_csv(rng: random.Random) -> bytes:
    """The attendance spreadsheet, as the Falaises' team keeps it (semicolons, French dates)."""
    hamlet_people = [f"{rng.choice(FIRST_NAMES)} {initial}." for initial in INITIALS * 7]
    hamlet_people = sorted(set(hamlet_people))
    groups = ["habitants", "benevoles", "salaries", "partenaires"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(["activite", "date", "duree", *groups, "participants", "remarque"])
    for name, _code, weekdays, duration, counts, school_only in FALAISES_ACTIVITIES:
        if name == "Rencontres parents-enseignants":
            days = [d for d in _days([1], True) if d.day <= 7]  # first Tuesday of the month
        elif name.startswith("Jardins"):
            days = [d for d in _days(weekdays, False) if 3 <= d.month <= 10 and d.day <= 7]
        elif name.startswith("Ateliers numériques"):
            days = [d for d in _days(weekdays, False) if d.isocalendar()[1] % 2 == 0]
        else:
            days = list(_days(weekdays, school_only))
        for day in days:
            if rng.random() < 0.06:  # a session cancelled now and then
                continue
            row = dict.fromkeys(groups, "")
            for group, (low, high) in counts.items():
                row[group + "s"] = str(rng.randint(low, high)) if high else ""
            names = ""
            if name == "Atelier couture":
                names = "; ".join(rng.sample(COUTURE, rng.randint(3, 5)))
            elif name.startswith("Ateliers numériques"):
                names = "; ".join(rng.sample(hamlet_people, rng.randint(4, 8)))
            note = "séance au hameau de " + rng.choice(["Vattetot", "Bénarville", "Criquetot"])
            writer.writerow(
                [name, day.strftime("%d/%m/%Y"), duration.replace(".", ","),
                 *(row[g] for g in groups), names,
                 note if name.startswith("Ateliers numériques") else ""]
            )  # fmt: skip
    return buffer.getvalue().encode("utf-8")


def _volunteering_csv(rng: random.Random) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(["date", "activite", "benevole", "groupe", "nombre", "heures"])
    for last_day in _month_ends(START):
        for person, activity, hours in VOLUNTEERS:
            if rng.random() < 0.9:
                given = max(1, round(rng.gauss(hours, hours / 4)))
                writer.writerow([last_day.strftime("%d/%m/%Y"), activity, person, "", "", given])
        if last_day.month not in (7, 8):  # no school support in summer
            writer.writerow(
                [last_day.strftime("%d/%m/%Y"), "Accompagnement scolaire", "",
                 "Équipe de l'accompagnement scolaire", 6, rng.randint(300, 360)]
            )  # fmt: skip
        writer.writerow(
            [last_day.strftime("%d/%m/%Y"), "", "", "Conseil d'administration", 11,
             rng.randint(35, 60)]
        )  # fmt: skip
    return buffer.getvalue().encode("utf-8")


def _falaises(world, rng) -> None:
    organisation = world.organisations["falaises"]
    user = world.users["referente@falaises.demo"]
    for name, code, _weekdays, duration, _counts, _school in FALAISES_ACTIVITIES:
        Activity.objects.create(
            organisation=organisation, name=name, code=code, default_duration=Decimal(duration)
        )
    for importer, data, filename in (
        (records.import_sessions, _sessions_csv(rng), "presences-2024-2026.csv"),
        (records.import_volunteer_time, _volunteering_csv(rng), "benevolat-2024-2026.csv"),
    ):
        result = importer(data, filename, organisation, user)
        if not result.ok:
            raise RuntimeError(f"Import de démonstration refusé : {result.problems[:3]}")


def _bien_vieillir(world, rng) -> None:
    project = world.projects["bien-vieillir"]
    for slug in CENTRES:
        organisation = world.organisations[slug]
        user = world.users[f"direction@{slug}.demo"]
        visits = Activity.objects.create(
            organisation=organisation,
            project=project,
            name="Visites de convivialité",
            code="visites-convivialite",
            default_duration=Decimal("1.5"),
            description="Un ou une bénévole rend visite chaque semaine à un senior isolé.",
        )
        day, weekly, rows = date(2025, 1, 6), rng.randint(2, 5), []
        while day <= END:
            rows += [
                records.SessionRow(visits.name, day + timedelta(days=offset), None,
                                   {"habitant": 1, "benevole": 1})
                for offset in sorted(rng.sample(range(5), weekly))
            ]  # fmt: skip
            if day.month == 1 and day.day <= 7:
                weekly = min(5, weekly + 1)  # the visits grow as volunteers are trained
            day += timedelta(days=7)
        records.store_sessions(organisation, rows, user)
        for month_end in _month_ends(date(2025, 1, 1)):
            visits_in_month = visits.sessions.filter(
                date__year=month_end.year, date__month=month_end.month
            ).count()
            records.record_volunteer_time(
                organisation,
                on=month_end,
                hours=Decimal(visits_in_month * 2),  # the visit and the way there and back
                activity=visits,
                group_label="Bénévoles visiteurs",
                volunteers=weekly,
                user=user,
            )
    memory = Activity.objects.create(
        organisation=world.organisations["moulin"],
        project=project,
        name="Ateliers mémoire",
        code="ateliers-memoire",
        default_duration=Decimal("1.5"),
    )
    walk = Activity.objects.create(
        organisation=world.organisations["tilleuls"],
        project=project,
        name="Marche douce",
        code="marche-douce",
        default_duration=Decimal("2"),
    )
    for activity, weekday, low, high in ((memory, 1, 8, 14), (walk, 3, 6, 18)):
        rows = [
            records.SessionRow(
                activity.name,
                day,
                None,
                {"habitant": rng.randint(low, high), "benevole": rng.randint(1, 2)},
            )
            for day in _days([weekday], False)
            if day >= date(2025, 1, 1) and day.month != 8 and rng.random() > 0.05
        ]
        records.store_sessions(activity.organisation, rows)


@step(80, "Deux ans de relevés d'activité et de temps bénévole")
def build_records(world: DemoWorld) -> None:
    rng = random.Random(2024)
    _falaises(world, rng)
    _bien_vieillir(world, rng)
