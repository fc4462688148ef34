"""Builds the national dataset of the benchmarks (issue 7) in its own PostgreSQL database.

    uv run python bench/generate.py            # 100 departments, 4,000 structures (long)
    uv run python bench/generate.py --small    # department 1 only, 100 structures (seconds)

Full size: 100 departments, each with a federation (`federation-{dept:03}`, an organisation and
the network it animates with the department's CAF `caf-{dept:03}`) accompanying its centres
sociaux and EVS `s-{dept:03}-{n:03}` (department 1 has 100 of them; 4,000 in all, 60 % centres
sociaux). Every structure leads its projet social `ps-{dept:03}-{n:03}`, whose framework is a copy
of the federation's common framework (same indicator names across the nation), shares all four
scopes with its network, and holds a survey (`q-{dept:03}-{n:03}`) with about 500 responses of
15 answers (2 million responses, 30 million answers in all), activities whose sessions hold
5 million attendance rows, 50 testimonies (200,000), volunteer time and key figures.
Accounts (password `bench`): `conseil-{dept:03}@bench.invalid` (advisor of the federation),
`direction-{dept:03}-{n:03}@bench.invalid` (admin of the structure).

The database is dropped and created again as a copy of a migrated template, loaded (ORM
bulk_create for the small tables, PostgreSQL COPY for the big ones, whose secondary indexes and
constraints are dropped during the load and rebuilt after), then VACUUM ANALYZE'd. Every value
is drawn from seeded random generators: two runs give the same rows, except the campaigns' link
tokens and the creation times that Django sets itself. bench/results/dataset.json
(dataset-small.json; for another database, dataset-<name>.json) gets the row counts, the time of
each stage and the size of the database.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchlib  # noqa: E402

SMALL_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/maillage_bench_small"
PASSWORD = "bench"
SEED = 20261202
# Data spreads over three years; the projets sociaux run 2024-2027.
FIRST_DAY, LAST_DAY = date(2024, 1, 1), date(2026, 11, 30)
PERIOD = (date(2024, 1, 1), date(2027, 12, 31))
YEARS = (2024, 2025, 2026)


@dataclass
class Sizes:
    """How much to build. `scale` multiplies the rows per structure (responses, sessions,
    testimonies, volunteer time); floors keep a few rows in each structure at small scales."""

    departments: int = 100
    structures: int = 4000  # in all; department 1 always has BIG_DEPARTMENT of them
    scale: float = 1.0
    responses: int = 500  # per structure, on average (centres sociaux more, EVS fewer)
    sessions: int = 596  # per structure: about 2.1 attendance rows each, 5 million in all
    testimonies: int = 50
    volunteer_entries: int = 60

    def per_structure(self, average: int, floor: int) -> int:
        return max(floor, round(average * self.scale))


BIG_DEPARTMENT = 100


def structures_per_department(sizes: Sizes) -> list[int]:
    """Department 1 has 100 structures, the others share the rest as evenly as possible."""
    if sizes.departments == 1:
        return [BIG_DEPARTMENT]
    others = sizes.departments - 1
    rest = max(0, sizes.structures - BIG_DEPARTMENT)
    base, extra = divmod(rest, others)
    return [BIG_DEPARTMENT] + [base + (1 if i < extra else 0) for i in range(others)]


# --- words ---------------------------------------------------------------------------------------

PLACES = [
    "Saint-Martin", "Les Tilleuls", "La Roseraie", "Bellevue", "Le Moulin", "Les Coteaux",
    "La Fontaine", "Le Vieux Bourg", "Les Peupliers", "La Source", "Le Lavoir", "Les Vignes",
    "Saint-Julien", "La Croix-Rousse", "Les Quatre Vents", "Le Plateau", "La Passerelle",
    "Les Aubépines", "Le Pont", "La Clairière", "Les Genêts", "Le Mas", "La Pépinière",
    "Les Marronniers", "Le Grand Pré", "La Colline", "Les Hauts", "Le Val", "La Rivière",
    "Les Jardins", "L'Étang", "Le Carrefour", "La Treille", "Les Lilas", "Le Manoir",
]  # fmt: skip
SUFFIXES = ["", "-sur-Loire", "-en-Bois", "-du-Lac", "-les-Prés", "-la-Forêt", "-le-Haut"]
FIRST_NAMES = [
    "Camille", "Nadia", "Louis", "Inès", "Hugo", "Sofia", "Karim", "Léa", "Mathis", "Aïcha",
    "Jules", "Fatou", "Paul", "Yasmine", "Noé", "Chloé", "Malik", "Emma", "Rémi", "Zoé",
    "Bernard", "Monique", "Gisèle", "Ahmed", "Josiane", "Thierry", "Sylvie", "Océane",
]  # fmt: skip
LAST_INITIALS = "ABCDEFGHJKLMNPRSTV"
TESTIMONY_SENTENCES = [
    "Depuis que je viens à l'atelier, je connais enfin mes voisins de palier.",
    "Ici on m'écoute, et j'ai repris confiance en moi.",
    "Le repas partagé du jeudi, c'est le seul moment de la semaine où je parle avec quelqu'un.",
    "Grâce à l'accompagnement scolaire, mon fils a retrouvé le goût d'apprendre.",
    "J'ai appris à faire mes démarches en ligne toute seule, je n'ose plus dire que je n'y "
    "arrive pas.",
    "On s'entraide entre parents pour garder les enfants le mercredi.",
    "Je suis arrivée bénévole pour donner un coup de main, aujourd'hui je siège au conseil "
    "d'administration.",
    "Le centre m'a aidé à trouver une formation, puis un emploi.",
    "Avant je restais chez moi, maintenant je sors trois fois par semaine.",
    "Les sorties familles nous ont permis de voir la mer pour la première fois.",
    "On a monté ensemble la fête de quartier, toutes les générations étaient là.",
    "Au café des parents, j'ai compris que je n'étais pas la seule à douter.",
    "Mon voisin m'a proposé de m'emmener au marché, on ne se parlait pas avant.",
    "Les ateliers cuisine m'ont redonné envie de recevoir chez moi.",
    "Le jardin partagé, c'est un lieu où tout le monde se dit bonjour.",
    "J'ai pu parler de mes difficultés sans être jugé.",
    "Avec le collectif d'habitants, on a obtenu un nouvel arrêt de bus.",
    "Les jeunes ont aménagé leur local eux-mêmes, ils en sont fiers.",
]  # fmt: skip
CONTEXTS = [
    "bilan de l'atelier couture", "entretien individuel", "repas partagé", "sortie familles",
    "assemblée générale", "café des parents", "fête de quartier", "permanence numérique",
]  # fmt: skip
OPEN_ANSWERS = [
    "Des rencontres et de la bonne humeur.", "Un lieu pour souffler.",
    "De l'aide pour les papiers.", "Des amis.", "Confiance en moi.",
    "Des activités pour les enfants pendant les vacances.", "Je me sens utile.",
    "On m'écoute.", "Des conseils pour l'école de mes enfants.", "Sortir de chez moi.",
    "Apprendre le français.", "Une équipe toujours disponible.",
]  # fmt: skip
ACTIVITIES = [
    ("accompagnement-scolaire", "Accompagnement à la scolarité", "1.5"),
    ("atelier-couture", "Atelier couture", "2"),
    ("cafe-parents", "Café des parents", "1.5"),
    ("repas-partage", "Repas partagé", "3"),
    ("atelier-numerique", "Atelier numérique", "2"),
    ("jardin-partage", "Jardin partagé", "2.5"),
    ("sorties-familles", "Sorties familles", "6"),
    ("francais-langue", "Ateliers sociolinguistiques", "2"),
    ("accueil-jeunes", "Accueil jeunes", "3"),
    ("gym-douce", "Gym douce seniors", "1"),
]  # fmt: skip
TAGS = ["lien social", "confiance en soi", "entraide", "parentalité", "numérique", "isolement"]
THEMES = ["lien social", "confiance en soi", "entraide"]
GROUPS = ["habitant", "benevole", "salarie", "administrateur", "partenaire"]
GROUP_WEIGHTS = [60, 20, 8, 5, 7]


# --- the common framework (the same names across the nation) --------------------------------------


@dataclass
class Ind:
    name: str
    computation: str
    source_type: str
    params: dict
    unit: str = ""
    condition: tuple[str, str] = ("", "")
    breakdowns: tuple[str, ...] = ()
    baseline: str | None = None
    target: str | None = None
    # What the structure's copy points at (its own survey) instead of the common's parameters.
    survey_question: str | None = None
    before_question: str | None = None


@dataclass
class Goal:
    target: str
    title: str
    question: str
    criterion: str
    written_with: tuple[str, ...]
    indicators: list[Ind] = field(default_factory=list)
    about: str = "results"


COMMON_GOALS = [
    Goal(
        "habitants",
        "Épanouissement : les habitants prennent confiance et développent leurs capacités",
        "Les habitants qui fréquentent la structure ont-ils gagné en confiance ?",
        "impact",
        ("habitant", "benevole", "salarie"),
        [
            Ind("Part des habitants qui disent avoir gagné en confiance", "share",
                "survey_question", {}, "%", ("gte", "4"), ("group",), "50", "65",
                survey_question="confiance"),
            Ind("Confiance moyenne déclarée (échelle de 1 à 5)", "mean", "survey_question", {},
                "sur 5", survey_question="confiance"),
        ],
    ),
    Goal(
        "territoire",
        "Cohésion sociale : les habitants de tous âges se rencontrent et s'entraident",
        "La structure crée-t-elle des occasions de rencontre entre des habitants qui ne se "
        "croisaient pas ?",
        "efficacite",
        ("habitant", "benevole"),
        [
            Ind("Part des habitants qui ont rencontré de nouvelles personnes", "share",
                "survey_question", {}, "%", ("eq", "oui"), ("group",),
                survey_question="nouvelles_rencontres"),
            Ind("Évolution du lien avec les autres, avant de venir et aujourd'hui", "change",
                "survey_question", {}, "points", survey_question="lien_apres",
                before_question="lien_avant"),
            Ind("Témoignages qui parlent de lien social et d'entraide", "themes", "testimonies",
                {"themes": THEMES}, "témoignages"),
        ],
    ),
    Goal(
        "territoire",
        "Environnement : le territoire garde des services de proximité ouverts à tous",
        "Les activités de la structure répondent-elles aux besoins du territoire ?",
        "pertinence",
        ("habitant", "partenaire"),
        [
            Ind("Participations aux activités", "sum", "activity_records",
                {"activity": None, "measure": "attendances"}, "participations"),
            Ind("Séances d'activité réalisées", "count", "activity_records",
                {"activity": None, "measure": "sessions"}, "séances"),
            Ind("Permanences et services de proximité accueillis", "latest", "manual", {},
                "services"),
        ],
    ),
    Goal(
        "communaute",
        "Gouvernance : habitants et bénévoles participent aux décisions de la structure",
        "Les habitants prennent-ils part aux décisions qui les concernent ?",
        "coherence",
        ("habitant", "administrateur", "benevole"),
        [
            Ind("Habitants membres des instances de décision", "latest", "manual", {},
                "personnes"),
        ],
        about="process",
    ),
    Goal(
        "communaute",
        "Richesses produites : la structure crée des ressources pour le territoire",
        "Quelles ressources la structure fait-elle naître sur le territoire ?",
        "impact",
        ("salarie", "administrateur", "partenaire"),
        [
            Ind("Heures de bénévolat", "sum", "volunteer_time",
                {"measure": "hours", "activity": None}, "heures"),
            Ind("Satisfaction moyenne des personnes accueillies (sur 10)", "mean",
                "survey_question", {}, "sur 10", survey_question="satisfaction"),
        ],
    ),
]  # fmt: skip
MANUAL_VALUES = {
    "Permanences et services de proximité accueillis": (3, 12),
    "Habitants membres des instances de décision": (2, 15),
}


# --- database ----------------------------------------------------------------------------------


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


TEMPLATE = "maillage_bench_template"
# What the migrated schema depends on: the migrations and the modules their data migrations read.
SCHEMA_SOURCES = [
    "*/migrations/*.py",
    "organisations/departments.py",
    "evaluation/criteria.py",
    "evaluation/library*.py",
]


def schema_fingerprint() -> str:
    import django

    digest = hashlib.sha256(django.__version__.encode())
    root = benchlib.BENCH_DIR.parent / "src" / "maillage"
    for pattern in SCHEMA_SOURCES:
        for path in sorted(root.glob(pattern)):
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


def recreate_database(url: str) -> str:
    """Drop and create the database as a copy of a migrated template database, which is
    migrated again only when the migrations changed (migrating takes about 30 s here, copying
    the template about one). Returns what was done."""
    import psycopg

    name = database_name(url)
    fingerprint = schema_fingerprint()
    with psycopg.connect(_with_database(url, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [TEMPLATE],
        ).fetchone()
        done = "template reused"
        if row is None or row[0] != fingerprint:
            conn.execute(f'DROP DATABASE IF EXISTS "{TEMPLATE}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{TEMPLATE}"')
            subprocess.run(
                [sys.executable, __file__, "--migrate-only", "--database-url",
                 _with_database(url, TEMPLATE)],
                check=True,
            )  # fmt: skip
            conn.execute(f"COMMENT ON DATABASE \"{TEMPLATE}\" IS '{fingerprint}'")
            done = "template migrated"
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{TEMPLATE}"')
    return done


def raw_connection(url: str):
    import psycopg

    conn = psycopg.connect(url, autocommit=True)
    conn.execute("SET synchronous_commit = off")
    conn.execute("SET maintenance_work_mem = '1GB'")
    return conn


def detach_indexes(conn, tables: list[str]) -> list[tuple[str, str, str]]:
    """Drop the secondary indexes, unique and foreign-key constraints of `tables` (a COPY into
    bare tables is several times faster) and return what rebuilds them."""
    saved = []
    for table in tables:
        constraints = conn.execute(
            "SELECT conname, pg_get_constraintdef(oid), contype FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype IN ('u', 'f') ORDER BY contype DESC",
            [table],
        ).fetchall()
        for name, definition, _kind in constraints:
            conn.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
            saved.append(("constraint", table, f'ADD CONSTRAINT "{name}" {definition}'))
        indexes = conn.execute(
            "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
            "JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = %s::regclass "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)",
            [table],
        ).fetchall()
        for name, definition in indexes:
            conn.execute(f'DROP INDEX "{name}"')
            saved.append(("index", table, definition))
    return saved


def attach_indexes(conn, saved: list[tuple[str, str, str]]) -> None:
    # Indexes first, then unique constraints (their own index), then foreign keys.
    order = {"index": 0, "constraint": 1}
    for kind, table, definition in sorted(
        saved, key=lambda item: (order[item[0]], "FOREIGN KEY" in item[2])
    ):
        if kind == "index":
            conn.execute(definition)
        else:
            conn.execute(f'ALTER TABLE "{table}" {definition}')


def reset_sequences(conn, tables: list[str]) -> None:
    for table in tables:
        conn.execute(
            f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
            f'coalesce((SELECT max(id) FROM "{table}"), 0) + 1, false)'
        )


class CopyStream:
    """One COPY … FROM STDIN on its own connection, fed with text lines in large chunks."""

    CHUNK = 1 << 20

    def __init__(self, url: str, table: str, columns: list[str]):
        self.conn = raw_connection(url)
        self.cursor = self.conn.cursor()
        cols = ", ".join(f'"{c}"' for c in columns)
        self.context = self.cursor.copy(f'COPY "{table}" ({cols}) FROM STDIN')
        self.copy = self.context.__enter__()
        self.parts: list[str] = []
        self.size = 0
        self.rows = 0

    def add(self, lines: list[str]) -> None:
        self.parts.extend(lines)
        self.rows += len(lines)
        self.size += len(lines)
        if self.size >= 20_000:
            self.flush()

    def flush(self) -> None:
        if self.parts:
            self.copy.write("".join(self.parts))
            self.parts, self.size = [], 0

    def close(self) -> int:
        self.flush()
        self.context.__exit__(None, None, None)
        self.conn.close()
        return self.rows


def _text(value: str) -> str:
    """A value in COPY's text format."""
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "")


def _json(values: list[str]) -> str:
    return _text(json.dumps(values, ensure_ascii=False))


NULL = "\\N"


# --- world ---------------------------------------------------------------------------------------


@dataclass
class Structure:
    dept: int
    n: int
    organisation_id: int = 0
    kind: str = ""
    commune: str = ""
    project_id: int = 0
    survey_id: int = 0
    questions: dict[str, int] = field(default_factory=dict)
    campaigns: dict[int, int] = field(default_factory=dict)
    activities: list[tuple[int, Decimal]] = field(default_factory=list)
    participants: list[int] = field(default_factory=list)
    tags: list[int] = field(default_factory=list)
    director_id: int = 0

    @property
    def slug(self) -> str:
        return f"s-{self.dept:03}-{self.n:03}"

    @property
    def is_centre(self) -> bool:
        return self.kind == "centre_social"

    def rng(self, stage: str) -> random.Random:
        return random.Random(f"{SEED}-{stage}-{self.dept}-{self.n}")


def _commune(rng: random.Random) -> str:
    return rng.choice(PLACES) + rng.choice(SUFFIXES)


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_INITIALS)}."


def _day(rng: random.Random, first: date = FIRST_DAY, last: date = LAST_DAY) -> date:
    return first + timedelta(days=rng.randrange((last - first).days + 1))


def _moment(day: date, rng: random.Random) -> datetime:
    return datetime(day.year, day.month, day.day, rng.randrange(8, 20), rng.randrange(60),
                    rng.randrange(60), tzinfo=UTC)  # fmt: skip


class Builder:
    def __init__(self, url: str, sizes: Sizes, progress):
        self.url = url
        self.sizes = sizes
        self.say = progress
        self.structures: list[Structure] = []
        self.departments: list[int] = list(range(1, sizes.departments + 1))

    # -- small tables, through the ORM --------------------------------------------------------

    def build_world(self) -> None:
        from django.contrib.auth.hashers import make_password

        from maillage.accounts.models import User
        from maillage.accounts.roles import Role
        from maillage.organisations.departments import DEPARTMENTS
        from maillage.organisations.models import (
            KeyFigures,
            Network,
            NetworkMembership,
            NetworkShare,
            Organisation,
            OrganisationMember,
            Territory,
        )
        from maillage.projects.models import Membership, Project

        territories = {t.code: t for t in Territory.objects.filter(kind=Territory.Kind.DEPARTMENT)}
        counts = structures_per_department(self.sizes)
        organisations, self.territory = [], {}
        for dept in self.departments:
            code, name = DEPARTMENTS[dept - 1]
            territory = territories[code]
            self.territory[dept] = territory
            postal = (code if code.isdigit() else "20")[:2]
            rng = random.Random(f"{SEED}-department-{dept}")
            organisations += [
                Organisation(name=f"Fédération des centres sociaux — {name}",
                             slug=f"federation-{dept:03}", kind=Organisation.Kind.FEDERATION,
                             commune=_commune(rng), postal_code=f"{postal}000",
                             department=territory),
                Organisation(name=f"CAF — {name}", slug=f"caf-{dept:03}",
                             kind=Organisation.Kind.CAF, commune=_commune(rng),
                             postal_code=f"{postal}000", department=territory),
            ]  # fmt: skip
            for n in range(1, counts[dept - 1] + 1):
                structure = Structure(dept, n)
                srng = structure.rng("organisation")
                structure.kind = "centre_social" if srng.random() < 0.6 else "evs"
                structure.commune = _commune(srng)
                start = rng.choice([date(2022, 7, 1), date(2023, 1, 1), date(2024, 1, 1)])
                label = "Centre social" if structure.is_centre else "Espace de vie sociale"
                organisations.append(
                    Organisation(
                        name=f"{label} {rng.choice(PLACES)} ({structure.commune})",
                        slug=structure.slug,
                        kind=structure.kind,
                        commune=structure.commune,
                        postal_code=f"{postal}{srng.randrange(1000):03}",
                        department=territory,
                        agrement_start=start,
                        agrement_end=start.replace(year=start.year + 4) - timedelta(days=1),
                    )
                )
                self.structures.append(structure)
        created = {o.slug: o for o in Organisation.objects.bulk_create(organisations, 2000)}
        self.organisations = created
        for structure in self.structures:
            structure.organisation_id = created[structure.slug].pk

        figures = []
        for structure in self.structures:
            rng = structure.rng("figures")
            big = structure.is_centre
            for year in (2024, 2025):
                staff = rng.randint(8, 40) if big else rng.randint(1, 4)
                figures.append(
                    KeyFigures(
                        organisation_id=structure.organisation_id,
                        year=year,
                        salaried_staff=staff,
                        staff_fte=Decimal(staff * rng.randint(60, 90)) / 100,
                        board_members=rng.randint(10, 28) if big else rng.randint(5, 12),
                        volunteers=rng.randint(30, 120) if big else rng.randint(15, 50),
                        member_families=rng.randint(200, 900) if big else rng.randint(40, 150),
                        member_associations=rng.randint(5, 35) if big else rng.randint(2, 8),
                        annual_budget=Decimal(
                            rng.randint(400, 2000) if big else rng.randint(50, 250)
                        )
                        * 1000,
                    )
                )
        KeyFigures.objects.bulk_create(figures, 5000)

        # Accounts: one password hash for all (Argon2 costs about 0.1 s per hash).
        password = make_password(PASSWORD)
        users = [
            User(email=f"conseil-{dept:03}@bench.invalid", full_name=f"Conseil fédéral {dept:03}",
                 password=password)
            for dept in self.departments
        ] + [
            User(email=f"direction-{s.dept:03}-{s.n:03}@bench.invalid",
                 full_name=f"Direction {s.slug}", password=password)
            for s in self.structures
        ]  # fmt: skip
        users = {u.email: u for u in User.objects.bulk_create(users, 2000)}
        members = [
            OrganisationMember(user=users[f"conseil-{dept:03}@bench.invalid"],
                               organisation=created[f"federation-{dept:03}"],
                               role=Role.CONTRIBUTOR, job_title="Conseiller fédéral")
            for dept in self.departments
        ]  # fmt: skip
        for structure in self.structures:
            user = users[f"direction-{structure.dept:03}-{structure.n:03}@bench.invalid"]
            structure.director_id = user.pk
            members.append(
                OrganisationMember(user=user, organisation_id=structure.organisation_id,
                                   role=Role.ADMIN, job_title="Direction")
            )  # fmt: skip
        OrganisationMember.objects.bulk_create(members, 5000)
        self.advisors = {
            dept: users[f"conseil-{dept:03}@bench.invalid"] for dept in self.departments
        }

        networks = Network.objects.bulk_create(
            Network(name=f"Réseau fédéral — {DEPARTMENTS[dept - 1][1]}",
                    slug=f"federation-{dept:03}", department=self.territory[dept],
                    description="La fédération et la CAF accompagnent les centres sociaux et les "
                    "EVS du département dans l'évaluation de leur projet social.")
            for dept in self.departments
        )  # fmt: skip
        self.networks = dict(zip(self.departments, networks, strict=True))
        joined = date(2024, 1, 1)
        network_members, shares = [], []
        for dept, network in self.networks.items():
            for slug in (f"federation-{dept:03}", f"caf-{dept:03}"):
                network_members.append(
                    NetworkMembership(network=network, organisation=created[slug],
                                      role=NetworkMembership.Role.ANIMATOR, joined_on=joined)
                )  # fmt: skip
        for structure in self.structures:
            network = self.networks[structure.dept]
            network_members.append(
                NetworkMembership(network=network, organisation_id=structure.organisation_id,
                                  role=NetworkMembership.Role.ACCOMPANIED, joined_on=joined)
            )  # fmt: skip
            shares += [
                NetworkShare(network=network, organisation_id=structure.organisation_id,
                             scope=scope, shared_by_id=structure.director_id)
                for scope in NetworkShare.Scope.values
            ]  # fmt: skip
        NetworkMembership.objects.bulk_create(network_members, 5000)
        NetworkShare.objects.bulk_create(shares, 5000)

        projects = Project.objects.bulk_create(
            (
                Project(
                    title=f"Projet social 2024-2027 — {s.slug}",
                    slug=f"ps-{s.dept:03}-{s.n:03}",
                    kind=Project.Kind.SOCIAL_PROJECT,
                    territory=self.territory[s.dept],
                    territory_label=s.commune,
                    period_start=PERIOD[0],
                    period_end=PERIOD[1],
                    description="Projet social de la structure, évalué avec le socle commun "
                    "de la fédération.",
                )
                for s in self.structures
            ),
            2000,
        )
        memberships = []
        for structure, project in zip(self.structures, projects, strict=True):
            structure.project_id = project.pk
            memberships += [
                Membership(project=project, organisation_id=structure.organisation_id,
                           role=Membership.Role.LEAD, referent_id=structure.director_id,
                           joined_on=PERIOD[0]),
                Membership(project=project, organisation=created[f"caf-{structure.dept:03}"],
                           role=Membership.Role.FUNDER, joined_on=PERIOD[0]),
            ]  # fmt: skip
        Membership.objects.bulk_create(memberships, 5000)

    def build_network_sessions(self) -> None:
        from maillage.organisations.models import NetworkSession, NetworkSessionAttendance

        plan = [
            ("atelier_collectif", date(2025, 3, 18), "Construire le socle commun"),
            ("atelier_collectif", date(2025, 10, 14), "Choisir les indicateurs"),
            ("revue_mi_parcours", date(2026, 1, 20), "Bilan à mi-parcours"),
            ("rencontre_cloture", date(2026, 3, 24), "Rencontre de clôture"),
        ]
        sessions = NetworkSession.objects.bulk_create(
            NetworkSession(network=network, kind=kind, held_on=day, title=title,
                           place="Maison des associations", created_by=self.advisors[dept])
            for dept, network in self.networks.items()
            for kind, day, title in plan
        )  # fmt: skip
        by_network: dict[int, list] = {}
        for session in sessions:
            by_network.setdefault(session.network_id, []).append(session)
        rows = []
        for structure in self.structures:
            rng = structure.rng("network-sessions")
            for session in by_network[self.networks[structure.dept].pk]:
                if rng.random() < 0.6:
                    for group in ("salarie", "benevole", "administrateur"):
                        if group == "salarie" or rng.random() < 0.5:
                            rows.append(
                                NetworkSessionAttendance(
                                    session=session, organisation_id=structure.organisation_id,
                                    group=group, count=rng.randint(1, 3))
                            )  # fmt: skip
        NetworkSessionAttendance.objects.bulk_create(rows, 5000)

    def build_frameworks(self) -> None:
        """Each federation's common framework, copied into every projet social as
        `copy_framework_content` would (bulk: same rows, one history line per copy)."""
        from maillage.analysis.models import QuestionAnswer, Theme
        from maillage.evaluation.models import (
            ChainEdge,
            ChainLink,
            Contribution,
            Criterion,
            EvaluativeQuestion,
            Framework,
            FrameworkChange,
            Indicator,
            ManualValue,
            TransformationGoal,
            ValueChain,
        )

        criteria = {c.code: c for c in Criterion.objects.filter(project=None)}
        commons = Framework.objects.bulk_create(
            Framework(network=network, title=f"Socle commun d'évaluation {dept:03} 2024-2027")
            for dept, network in self.networks.items()
        )
        self.commons = dict(zip(self.networks, commons, strict=True))
        by_structure = {}
        for structure in self.structures:
            rng = structure.rng("framework")
            validated = rng.random() < 0.5
            by_structure[structure.project_id] = Framework(
                project_id=structure.project_id,
                copied_from=self.commons[structure.dept],
                status="validated" if validated else "draft",
                validated_on=date(2024, rng.randint(3, 11), rng.randint(1, 28))
                if validated
                else None,
                validated_by_id=structure.director_id if validated else None,
                validation_participants="Comité de pilotage : habitants, bénévoles, salariés, CAF."
                if validated
                else "",
            )
        frameworks = Framework.objects.bulk_create(by_structure.values(), 2000)
        owners: list[tuple[Framework, Structure | None]] = [
            (self.commons[dept], None) for dept in self.networks
        ] + list(zip(frameworks, self.structures, strict=True))

        goals = TransformationGoal.objects.bulk_create(
            (
                TransformationGoal(framework=fw, target=g.target, title=g.title, order=order)
                for fw, _s in owners
                for order, g in enumerate(COMMON_GOALS)
            ),
            5000,
        )
        questions = EvaluativeQuestion.objects.bulk_create(
            (
                EvaluativeQuestion(framework=goal.framework, goal=goal,
                                   criterion=criteria[spec.criterion], text=spec.question,
                                   about=spec.about, written_with=list(spec.written_with),
                                   order=order)
                for goal, (order, spec) in zip(
                    goals, [item for _ in owners for item in enumerate(COMMON_GOALS)], strict=True
                )
            ),
            5000,
        )  # fmt: skip
        indicators = []
        for question, (order, goal) in zip(
            questions, [item for _ in owners for item in enumerate(COMMON_GOALS)], strict=True
        ):
            structure = self._structure_of_framework.get(question.framework_id)
            for position, spec in enumerate(goal.indicators):
                params = dict(spec.params)
                if spec.survey_question:
                    survey = f"q-{structure.dept:03}-{structure.n:03}" if structure else "socle"
                    params = {"survey": survey, "question": spec.survey_question}
                    if spec.before_question:
                        params["before_question"] = spec.before_question
                indicator = Indicator(
                    framework_id=question.framework_id, question=question, name=spec.name,
                    unit=spec.unit, computation=spec.computation, source_type=spec.source_type,
                    source_params=params, condition_operator=spec.condition[0],
                    condition_value=spec.condition[1],
                    baseline=Decimal(spec.baseline) if spec.baseline else None,
                    target_value=Decimal(spec.target) if spec.target else None,
                    period_start=PERIOD[0], period_end=PERIOD[1],
                    breakdowns=list(spec.breakdowns), order=order * 10 + position,
                )  # fmt: skip
                indicators.append(indicator)
        # The indicators of a common framework and of a copy pass the model's own checks.
        checked = {self.commons[self.departments[0]].pk, frameworks[0].pk}
        for indicator in indicators:
            if indicator.framework_id in checked:
                indicator.full_clean(exclude=["question"])
        indicators = Indicator.objects.bulk_create(indicators, 5000)

        manual = []
        for indicator in indicators:
            structure = self._structure_of_framework.get(indicator.framework_id)
            bounds = MANUAL_VALUES.get(indicator.name)
            if structure is None or bounds is None:
                continue
            rng = structure.rng(f"manual-{indicator.order}")
            for year in (2024, 2025):
                manual.append(
                    ManualValue(indicator=indicator, period_start=date(year, 1, 1),
                                period_end=date(year, 12, 31),
                                value=Decimal(rng.randint(*bounds)),
                                note="Bilan annuel d'activité", entered_by_id=structure.director_id)
                )  # fmt: skip
        ManualValue.objects.bulk_create(manual, 5000)

        changes = [
            FrameworkChange(framework=fw, summary="Cadre commun créé", actor=self.advisors[dept])
            for dept, fw in self.commons.items()
        ]
        for fw, structure in zip(frameworks, self.structures, strict=True):
            changes.append(
                FrameworkChange(
                    framework=fw, actor_id=structure.director_id,
                    summary=f"Copié depuis « {self.commons[structure.dept].title} » : "
                    f"{len(COMMON_GOALS)} objectifs, {len(COMMON_GOALS)} questions, "
                    f"{sum(len(g.indicators) for g in COMMON_GOALS)} indicateurs",
                    details={"source_framework": self.commons[structure.dept].pk},
                )
            )  # fmt: skip
            if fw.status == "validated":
                changes.append(
                    FrameworkChange(framework=fw, actor_id=structure.director_id,
                                    summary=f"Cadre validé le {fw.validated_on:%d/%m/%Y}",
                                    after_validation=True)
                )  # fmt: skip
        FrameworkChange.objects.bulk_create(changes, 5000)

        Theme.objects.bulk_create(
            (
                Theme(project_id=s.project_id, name=name,
                      description=f"Ce que les personnes disent de : {name}.")
                for s in self.structures
                for name in THEMES
            ),
            5000,
        )  # fmt: skip

        # Deliberation: a fifth of the structures have answered their evaluative questions.
        question_by_framework: dict[int, list] = {}
        for question in questions:
            question_by_framework.setdefault(question.framework_id, []).append(question)
        answers = []
        for fw, structure in zip(frameworks, self.structures, strict=True):
            if structure.n % 5 == 0:
                answers += [
                    QuestionAnswer(question=q, updated_by_id=structure.director_id,
                                   text="Oui dans l'ensemble : les indicateurs et les paroles "
                                   "recueillies vont dans le même sens.",
                                   deliberated_with="Comité de pilotage, habitants, bénévoles",
                                   recommendations="Poursuivre et mieux associer les habitants.")
                    for q in question_by_framework[fw.pk]
                ]  # fmt: skip
        QuestionAnswer.objects.bulk_create(answers, 5000)

        # Value chains: a third of the projets sociaux have drawn one.
        drawn = [s for s in self.structures if s.n % 3 == 1]
        chains = ValueChain.objects.bulk_create(
            ValueChain(project_id=s.project_id, title="Chaîne de valeur — vie du quartier")
            for s in drawn
        )
        shape = [
            ("resource", "Temps d'animation", "staff_time", ""),
            ("resource", "Bénévoles du quartier", "volunteer_time", ""),
            ("resource", "Accueil et gestion administrative", "support", ""),
            ("activity", "Ateliers et repas partagés", "", ""),
            ("output", "Rendez-vous réguliers ouverts à tous", "", ""),
            ("effect", "Habitants moins isolés", "", "habitants"),
            ("common", "Entraide entre voisins", "", ""),
        ]
        links = ChainLink.objects.bulk_create(
            (
                ChainLink(chain=chain, kind=kind, title=title, resource_type=rtype,
                          target=target, order=order)
                for chain in chains
                for order, (kind, title, rtype, target) in enumerate(shape)
            ),
            5000,
        )  # fmt: skip
        edges, contributions, link_goals = [], [], []
        goal_by_framework = {}
        for goal in goals:
            goal_by_framework.setdefault(goal.framework_id, goal)
        framework_of_project = {fw.project_id: fw.pk for fw in frameworks}
        for index, (chain, structure) in enumerate(zip(chains, drawn, strict=True)):
            own = links[index * len(shape) : (index + 1) * len(shape)]
            for a, b in [(0, 3), (1, 3), (2, 3), (3, 4), (4, 5), (5, 6), (6, 1)]:
                edges.append(ChainEdge(chain=chain, source=own[a], target=own[b]))
            contributions += [
                Contribution(link=own[0], organisation_id=structure.organisation_id,
                             direction="cost", nature="hours", quantity=Decimal(400),
                             description="temps de l'animatrice"),
                Contribution(link=own[0], organisation=self.organisations[
                             f"caf-{structure.dept:03}"], direction="cost", nature="euros",
                             euro_value=Decimal(9000), description="prestation de service"),
                Contribution(link=own[5], organisation_id=structure.organisation_id,
                             direction="benefit", nature="visibility",
                             description="une action reconnue dans le quartier"),
            ]  # fmt: skip
            goal = goal_by_framework[framework_of_project[structure.project_id]]
            link_goals.append(
                ChainLink.goals.through(chainlink_id=own[5].pk, transformationgoal_id=goal.pk)
            )
        ChainEdge.objects.bulk_create(edges, 5000)
        Contribution.objects.bulk_create(contributions, 5000)
        ChainLink.goals.through.objects.bulk_create(link_goals, 5000)

    @property
    def _structure_of_framework(self) -> dict[int, Structure]:
        if not hasattr(self, "_fw_cache"):
            from maillage.evaluation.models import Framework

            by_project = {s.project_id: s for s in self.structures}
            self._fw_cache = {
                pk: by_project[project_id]
                for pk, project_id in Framework.objects.filter(
                    project_id__in=by_project
                ).values_list("pk", "project_id")
            }
        return self._fw_cache

    def build_collection_setup(self) -> None:
        """Surveys with their questions, choices and campaigns; activities, named volunteers,
        testimony keywords."""
        from maillage.collection.models import (
            Activity,
            Campaign,
            Choice,
            Participant,
            Question,
            Survey,
            TestimonyTag,
        )

        surveys = Survey.objects.bulk_create(
            (
                Survey(organisation_id=s.organisation_id, project_id=s.project_id,
                       code=f"q-{s.dept:03}-{s.n:03}", created_by_id=s.director_id,
                       title="Ce que le centre vous apporte",
                       introduction="Dix minutes pour nous dire ce que la structure vous "
                       "apporte. Vos réponses sont anonymes.",
                       thanks="Merci ! Les résultats seront présentés à l'assemblée générale.")
                for s in self.structures
            ),
            2000,
        )  # fmt: skip
        questions = []
        for survey in surveys:
            questions += [Question(survey=survey, **fields) for fields in SURVEY_QUESTIONS]
        questions = Question.objects.bulk_create(questions, 5000)
        per_survey = len(SURVEY_QUESTIONS)
        choices, updates = [], []
        for index, (survey, structure) in enumerate(zip(surveys, self.structures, strict=True)):
            structure.survey_id = survey.pk
            own = {q.code: q for q in questions[index * per_survey : (index + 1) * per_survey]}
            structure.questions = {code: q.pk for code, q in own.items()}
            own["lien_apres"].before = own["lien_avant"]
            own["heures_benevolat"].show_if_question = own["benevolat"]
            own["heures_benevolat"].show_if_values = ["oui"]
            updates += [own["lien_apres"], own["heures_benevolat"]]
            for code, options in CHOICES.items():
                choices += [
                    Choice(question=own[code], value=value, label=label, order=order)
                    for order, (value, label) in enumerate(options)
                ]
        Question.objects.bulk_update(
            updates, ["before", "show_if_question", "show_if_values"], 5000
        )
        Choice.objects.bulk_create(choices, 5000)
        # Each question of the first survey passes the model's own checks.
        for question in Question.objects.filter(survey=surveys[0]):
            question.full_clean()

        campaigns = Campaign.objects.bulk_create(
            (
                Campaign(survey_id=s.survey_id, title=f"Enquête {year}",
                         opens_on=date(year, 1, 1), closes_on=date(year, 12, 31),
                         closed_at=datetime(year, 12, 31, 18, tzinfo=UTC) if year < 2026 else None)
                for s in self.structures
                for year in YEARS
            ),
            5000,
        )  # fmt: skip
        for index, structure in enumerate(self.structures):
            own = campaigns[index * len(YEARS) : (index + 1) * len(YEARS)]
            structure.campaigns = {c.opens_on.year: c.pk for c in own}

        activities, participants, tags = [], [], []
        for structure in self.structures:
            rng = structure.rng("activities")
            count = rng.randint(6, 10) if structure.is_centre else rng.randint(3, 6)
            for code, name, duration in rng.sample(ACTIVITIES, count):
                activities.append(
                    Activity(organisation_id=structure.organisation_id, code=code, name=name,
                             project_id=structure.project_id if rng.random() < 0.5 else None,
                             default_duration=Decimal(duration))
                )  # fmt: skip
            names = set()
            while len(names) < (15 if structure.is_centre else 8):
                names.add(_person(rng))
            participants += [
                Participant(organisation_id=structure.organisation_id, name=name,
                            group="benevole")
                for name in sorted(names)
            ]  # fmt: skip
            tags += [TestimonyTag(organisation_id=structure.organisation_id, name=name)
                     for name in TAGS]  # fmt: skip
        activities = Activity.objects.bulk_create(activities, 5000)
        participants = Participant.objects.bulk_create(participants, 5000)
        tags = TestimonyTag.objects.bulk_create(tags, 5000)
        by_org = {s.organisation_id: s for s in self.structures}
        for activity in activities:
            by_org[activity.organisation_id].activities.append(
                (activity.pk, activity.default_duration)
            )
        for participant in participants:
            by_org[participant.organisation_id].participants.append(participant.pk)
        for tag in tags:
            by_org[tag.organisation_id].tags.append(tag.pk)

    # -- big tables, through COPY ---------------------------------------------------------------

    def copy_surveys(self) -> dict[str, int]:
        from maillage.collection.models import Answer, Response

        responses = CopyStream(self.url, Response._meta.db_table, RESPONSE_COLUMNS)
        answers = CopyStream(self.url, Answer._meta.db_table, ANSWER_COLUMNS)
        response_id = answer_id = 0
        for index, structure in enumerate(self.structures):
            rng = structure.rng("responses")
            average = self.sizes.responses * (1.2 if structure.is_centre else 0.7)
            count = self.sizes.per_structure(round(average * rng.uniform(0.7, 1.3)), 8)
            response_lines, answer_lines = [], []
            for _ in range(count):
                response_id += 1
                line, rows = _response(rng, structure, response_id, answer_id)
                answer_id += len(rows)
                response_lines.append(line)
                answer_lines += rows
            responses.add(response_lines)
            answers.add(answer_lines)
            if index % 500 == 499:
                self.say(f"  {index + 1} structures, {response_id:,} réponses, {answer_id:,} "
                         "réponses aux questions")  # fmt: skip
        return {"responses": responses.close(), "answers": answers.close()}

    def copy_records(self) -> dict[str, int]:
        from maillage.collection.models import ActivitySession, Attendance, VolunteerTime

        sessions = CopyStream(self.url, ActivitySession._meta.db_table, SESSION_COLUMNS)
        attendance = CopyStream(self.url, Attendance._meta.db_table, ATTENDANCE_COLUMNS)
        session_id = attendance_id = 0
        for structure in self.structures:
            rng = structure.rng("sessions")
            average = self.sizes.sessions * (1.175 if structure.is_centre else 0.738)
            count = self.sizes.per_structure(round(average * rng.uniform(0.8, 1.2)), 10)
            session_lines, attendance_lines = [], []
            for _ in range(count):
                session_id += 1
                activity, duration = rng.choice(structure.activities)
                day = _day(rng)
                created = _moment(day, rng)
                session_lines.append(
                    f"{session_id}\t{activity}\t{day}\t{duration}\t{NULL}\t\t"
                    f"{structure.director_id}\t{created}\n"
                )
                groups = [("habitant", rng.randint(3, 25))]
                if rng.random() < 0.6:
                    groups.append(("benevole", rng.randint(1, 4)))
                if rng.random() < 0.4:
                    groups.append(("salarie", rng.randint(1, 2)))
                if rng.random() < 0.1:
                    groups.append(("partenaire", rng.randint(1, 3)))
                for group, number in groups:
                    attendance_id += 1
                    attendance_lines.append(f"{attendance_id}\t{session_id}\t{group}\t{number}\n")
            sessions.add(session_lines)
            attendance.add(attendance_lines)
        counts = {"sessions": sessions.close(), "attendance": attendance.close()}

        volunteer = CopyStream(self.url, VolunteerTime._meta.db_table, VOLUNTEER_COLUMNS)
        entry_id = 0
        for structure in self.structures:
            rng = structure.rng("volunteer")
            lines = []
            for _ in range(self.sizes.per_structure(self.sizes.volunteer_entries, 5)):
                entry_id += 1
                day = _day(rng)
                activity = rng.choice(structure.activities)[0] if rng.random() < 0.7 else NULL
                if rng.random() < 0.6:
                    person, label, people = rng.choice(structure.participants), "", 1
                    hours = Decimal(rng.randint(2, 40)) / 2
                else:
                    person, label = NULL, "Équipe de bénévoles"
                    people = rng.randint(2, 8)
                    hours = Decimal(rng.randint(4, 60))
                lines.append(
                    f"{entry_id}\t{structure.organisation_id}\t{activity}\t{day}\t{person}\t"
                    f"{label}\t{people}\t{hours}\t{NULL}\t\t{structure.director_id}\t"
                    f"{_moment(day, rng)}\n"
                )
            volunteer.add(lines)
        counts["volunteer_time"] = volunteer.close()
        return counts

    def copy_testimonies(self) -> dict[str, int]:
        from maillage.collection.models import Testimony

        testimonies = CopyStream(self.url, Testimony._meta.db_table, TESTIMONY_COLUMNS)
        links = CopyStream(self.url, Testimony.tags.through._meta.db_table, TAG_COLUMNS)
        testimony_id = link_id = 0
        for structure in self.structures:
            rng = structure.rng("testimonies")
            lines, tag_lines = [], []
            for _ in range(self.sizes.per_structure(self.sizes.testimonies, 3)):
                testimony_id += 1
                text = _text(" ".join(rng.sample(TESTIMONY_SENTENCES, rng.randint(1, 3))))
                group = rng.choices(GROUPS, GROUP_WEIGHTS)[0]
                # A name is stored only with the person's consent (model constraint).
                named = rng.random() < 0.3
                name = _text(_person(rng)) if named else ""
                said = _day(rng)
                scope = rng.choices(["internal", "reports", "public"], [30, 55, 15])[0]
                project = structure.project_id if rng.random() < 0.5 else NULL
                lines.append(
                    f"{testimony_id}\t{structure.organisation_id}\t{project}\t{text}\t{group}\t"
                    f"{name}\t{'t' if named else 'f'}\t{said}\t{scope}\t{said}\t"
                    f"{_text(rng.choice(CONTEXTS))}\t{NULL}\t\t\t\t\t{structure.director_id}\t"
                    f"{_moment(said, rng)}\n"
                )
                for tag in rng.sample(structure.tags, rng.choice([0, 1, 1, 2, 2, 3])):
                    link_id += 1
                    tag_lines.append(f"{link_id}\t{testimony_id}\t{tag}\n")
            testimonies.add(lines)
            links.add(tag_lines)
        return {"testimonies": testimonies.close(), "testimony_tags": links.close()}


# --- surveys: questions and answers ------------------------------------------------------------

SURVEY_QUESTIONS = [
    {"code": "groupe", "type": "group", "label": "Vous êtes…", "required": True, "order": 0},
    {"code": "confiance", "type": "scale", "scale_max": 5, "order": 1,
     "label": "Depuis que vous venez, avez-vous gagné en confiance en vous ?",
     "scale_min_label": "pas du tout", "scale_max_label": "beaucoup"},
    {"code": "lien_avant", "type": "scale", "scale_max": 5, "order": 2,
     "label": "Avant de venir au centre : vous vous sentiez entouré(e)",
     "scale_min_label": "pas du tout", "scale_max_label": "tout à fait"},
    {"code": "lien_apres", "type": "scale", "scale_max": 5, "order": 3,
     "label": "Aujourd'hui : vous vous sentez entouré(e)",
     "scale_min_label": "pas du tout", "scale_max_label": "tout à fait"},
    {"code": "nouvelles_rencontres", "type": "yes_no", "order": 4,
     "label": "Avez-vous rencontré de nouvelles personnes grâce à la structure ?"},
    {"code": "activites", "type": "multiple", "order": 5,
     "label": "À quelles activités venez-vous ?"},
    {"code": "frequence", "type": "single", "order": 6, "label": "À quelle fréquence venez-vous ?"},
    {"code": "age", "type": "single", "order": 7, "label": "Votre âge"},
    {"code": "quartier", "type": "single", "order": 8, "label": "Où habitez-vous ?"},
    {"code": "satisfaction", "type": "scale", "scale_max": 10, "order": 9,
     "label": "Dans l'ensemble, êtes-vous satisfait(e) de l'accueil ?",
     "scale_min_label": "pas du tout", "scale_max_label": "tout à fait"},
    {"code": "benevolat", "type": "yes_no", "order": 10,
     "label": "Êtes-vous bénévole dans la structure ?"},
    {"code": "heures_benevolat", "type": "number", "order": 11,
     "label": "Combien d'heures par mois donnez-vous ?"},
    {"code": "arrivee", "type": "date", "order": 12, "label": "Depuis quand venez-vous ?"},
    {"code": "apport", "type": "long_text", "order": 13,
     "label": "Qu'est-ce que la structure vous apporte ?"},
    {"code": "commune", "type": "short_text", "order": 14, "label": "Votre commune"},
    {"code": "enfants", "type": "number", "order": 15,
     "label": "Combien d'enfants vivent avec vous ?"},
]  # fmt: skip
CHOICES = {
    "activites": [(code, name) for code, name, _d in ACTIVITIES[:6]],
    "frequence": [("semaine", "Chaque semaine"), ("mois", "Chaque mois"),
                  ("parfois", "De temps en temps"), ("premiere", "C'est la première fois")],
    "age": [("moins-25", "Moins de 25 ans"), ("25-39", "25 à 39 ans"), ("40-59", "40 à 59 ans"),
            ("60-74", "60 à 74 ans"), ("75-plus", "75 ans et plus")],
    "quartier": [("centre", "Centre"), ("nord", "Quartier nord"), ("sud", "Quartier sud"),
                 ("hors", "Hors de la commune")],
}  # fmt: skip
RESPONSE_COLUMNS = ["id", "survey_id", "campaign_id", "submission_key", "channel",
                    "respondent_group", "respondent_name", "respondent_email", "consent_at",
                    "invitation_id", "entered_by_id", "submitted_at"]  # fmt: skip
ANSWER_COLUMNS = ["id", "response_id", "question_id", "text", "number", "choices", "date"]
SESSION_COLUMNS = ["id", "activity_id", "date", "duration", "submission_key", "notes",
                   "entered_by_id", "created_at"]  # fmt: skip
ATTENDANCE_COLUMNS = ["id", "session_id", "group", "count"]
VOLUNTEER_COLUMNS = ["id", "organisation_id", "activity_id", "date", "person_id", "group_label",
                     "volunteers", "hours", "submission_key", "notes", "entered_by_id",
                     "created_at"]  # fmt: skip
TESTIMONY_COLUMNS = ["id", "organisation_id", "project_id", "text", "author_group",
                     "author_name", "name_consent", "said_on", "consent_scope", "consent_on",
                     "context", "source_answer_id", "media", "media_kind", "media_type",
                     "media_token", "created_by_id", "created_at"]  # fmt: skip
TAG_COLUMNS = ["id", "testimony_id", "testimonytag_id"]


def _choice_tail(value: str, number: bool = False) -> str:
    """The end of an answer line (text, number, choices, date) for a choice-like value; a
    scale's value also goes to `number`, as the answer form stores it."""
    return f"\t\t{value if number else NULL}\t{_json([value])}\t{NULL}\n"


SCALE5 = {v: _choice_tail(str(v), number=True) for v in range(1, 6)}
SCALE10 = {v: _choice_tail(str(v), number=True) for v in range(1, 11)}
GROUP_TAIL = {g: _choice_tail(g) for g in GROUPS}
YES, NO = _choice_tail("oui"), _choice_tail("non")
SINGLE_TAILS = {code: [_choice_tail(v) for v, _l in options] for code, options in CHOICES.items()}
ACTIVITY_VALUES = [v for v, _l in CHOICES["activites"]]
OPEN_TAILS = [f"\t{_text(text)}\t{NULL}\t[]\t{NULL}\n" for text in OPEN_ANSWERS]
# Confidence by group: volunteers and board members say more often that they gained some.
CONFIDENCE = {
    "habitant": [1, 2, 2, 3, 3, 3, 4, 4, 4, 4, 5, 5],
    "benevole": [2, 3, 3, 4, 4, 4, 4, 5, 5, 5],
    "salarie": [2, 3, 3, 3, 4, 4, 4, 5],
    "administrateur": [3, 3, 4, 4, 4, 5, 5, 5],
    "partenaire": [2, 3, 3, 3, 4, 4, 4, 5],
}
BEFORE = [1, 1, 2, 2, 2, 3, 3, 3, 4]
GAIN = [0, 0, 1, 1, 1, 1, 2]
SATISFACTION = [5, 6, 7, 7, 8, 8, 8, 9, 9, 9, 10, 10]


def _response(rng: random.Random, s: Structure, response_id: int, answer_id: int):
    """One response line and its answer lines, with values of each question's type."""
    random_ = rng.random
    day = _day(rng)
    moment = _moment(day, rng)
    group = GROUP_WEIGHTS_TABLE[int(random_() * len(GROUP_WEIGHTS_TABLE))]
    key = uuid.UUID(int=rng.getrandbits(128), version=4)
    channel = "paper" if random_() < 0.15 else "web"
    response = (
        f"{response_id}\t{s.survey_id}\t{s.campaigns[day.year]}\t{key}\t{channel}\t{group}\t\t\t"
        f"{NULL}\t{NULL}\t{s.director_id if channel == 'paper' else NULL}\t{moment}\n"
    )
    q = s.questions
    head = f"\t{response_id}\t"
    before = BEFORE[int(random_() * 9)]
    confidence = CONFIDENCE[group]
    tails = [
        (q["groupe"], GROUP_TAIL[group]),
        (q["confiance"], SCALE5[confidence[int(random_() * len(confidence))]]),
        (q["lien_avant"], SCALE5[before]),
        (q["lien_apres"], SCALE5[min(5, before + GAIN[int(random_() * 7)])]),
        (q["nouvelles_rencontres"], YES if random_() < 0.65 else NO),
        (q["activites"], f"\t\t{NULL}\t{_json(rng.sample(ACTIVITY_VALUES, rng.randint(1, 3)))}"
                         f"\t{NULL}\n"),
        (q["frequence"], SINGLE_TAILS["frequence"][int(random_() * 4)]),
        (q["age"], SINGLE_TAILS["age"][int(random_() * 5)]),
        (q["quartier"], SINGLE_TAILS["quartier"][int(random_() * 4)]),
        (q["satisfaction"], SCALE10[SATISFACTION[int(random_() * 12)]]),
    ]  # fmt: skip
    volunteer = group == "benevole" or random_() < 0.15
    tails.append((q["benevolat"], YES if volunteer else NO))
    if volunteer:
        tails.append((q["heures_benevolat"], f"\t\t{rng.randint(1, 30)}\t[]\t{NULL}\n"))
    first_came = date(2015, 1, 1) + timedelta(days=int(random_() * (day - date(2015, 1, 1)).days))
    tails.append((q["arrivee"], f"\t\t{NULL}\t[]\t{first_came}\n"))
    if random_() < 0.6:
        tails.append((q["apport"], OPEN_TAILS[int(random_() * len(OPEN_TAILS))]))
    tails.append((q["commune"], f"\t{_text(s.commune)}\t{NULL}\t[]\t{NULL}\n"))
    tails.append((q["enfants"], f"\t\t{int(random_() * random_() * 5)}\t[]\t{NULL}\n"))
    rows = []
    for question_id, tail in tails:
        answer_id += 1
        rows.append(f"{answer_id}{head}{question_id}{tail}")
    return response, rows


GROUP_WEIGHTS_TABLE = [g for g, w in zip(GROUPS, GROUP_WEIGHTS, strict=True) for _ in range(w)]
BIG_TABLES = [
    "collection_response",
    "collection_answer",
    "collection_activitysession",
    "collection_attendance",
    "collection_volunteertime",
    "collection_testimony",
    "collection_testimony_tags",
]


# --- main ----------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="département 1 seulement")
    parser.add_argument("--database-url", help="base à (re)créer")
    parser.add_argument("--scale", type=float, help="part des lignes par structure (1 = complet)")
    parser.add_argument("--departments", type=int, help="nombre de départements (1 à 100)")
    parser.add_argument("--migrate-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.migrate_only:  # the template database, in a process of its own
        os.environ["BENCH_DATABASE_URL"] = args.database_url
        benchlib.setup_django(migrate=True)
        return 0

    url = (
        args.database_url
        or os.environ.get("BENCH_DATABASE_URL")
        or (SMALL_DATABASE_URL if args.small else benchlib.DEFAULT_DATABASE_URL)
    )
    if args.small and database_name(url) == database_name(benchlib.DEFAULT_DATABASE_URL):
        print("Refus : --small écraserait le jeu complet (maillage_bench).", file=sys.stderr)
        return 2
    sizes = Sizes(departments=1, scale=0.01) if args.small else Sizes()
    if args.departments:
        sizes.departments = max(1, min(100, args.departments))
        sizes.structures = min(sizes.structures, BIG_DEPARTMENT + 40 * (sizes.departments - 1))
    if args.scale is not None:
        sizes.scale = args.scale
    os.environ["BENCH_DATABASE_URL"] = url

    started = time.perf_counter()
    stages: dict[str, float] = {}

    def stage(name: str, fn, *fn_args):
        print(f"[{time.perf_counter() - started:7.1f} s] {name}…", flush=True)
        begin = time.perf_counter()
        result = fn(*fn_args)
        stages[name] = round(time.perf_counter() - begin, 2)
        return result

    def say(text: str) -> None:
        print(f"[{time.perf_counter() - started:7.1f} s] {text}", flush=True)

    print(f"Base {database_name(url)} : {sizes.departments} département(s), échelle {sizes.scale}")
    say(f"base créée ({stage('database', recreate_database, url)})")
    benchlib.setup_django(migrate=False)

    from django.db import connection

    connection.cursor().execute("SET synchronous_commit = off")
    builder = Builder(url, sizes, say)
    stage("structures, accounts, networks, projects", builder.build_world)
    stage("network sessions", builder.build_network_sessions)
    stage("frameworks", builder.build_frameworks)
    stage("surveys, activities", builder.build_collection_setup)
    control = raw_connection(url)
    saved = stage("drop indexes", detach_indexes, control, BIG_TABLES)
    counts = {}
    counts |= stage("responses and answers (COPY)", builder.copy_surveys)
    counts |= stage("sessions, attendance, volunteer time (COPY)", builder.copy_records)
    counts |= stage("testimonies (COPY)", builder.copy_testimonies)
    stage("rebuild indexes and constraints", attach_indexes, control, saved)
    stage("sequences", reset_sequences, control, BIG_TABLES)
    stage("vacuum analyze", control.execute, "VACUUM (ANALYZE)")
    seconds = round(time.perf_counter() - started, 1)
    table_counts = _table_counts(control)
    size = control.execute("SELECT pg_database_size(current_database())").fetchone()[0]
    control.close()

    payload = {
        "name": "dataset",
        "small": args.small,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": benchlib.machine(),
        "database": database_name(url),
        "departments": sizes.departments,
        "structures": len(builder.structures),
        "scale": sizes.scale,
        "seconds": seconds,
        "stages": stages,
        "size_bytes": size,
        "size_mb": round(size / 2**20, 1),
        "counts": table_counts,
    }
    benchlib.RESULTS_DIR.mkdir(exist_ok=True)
    # The figures of the two shared datasets; a private database gets a file of its own.
    name = database_name(url)
    shared = {database_name(benchlib.DEFAULT_DATABASE_URL), database_name(SMALL_DATABASE_URL)}
    suffix = ("-small" if args.small else "") if name in shared else f"-{name}"
    path = benchlib.RESULTS_DIR / f"dataset{suffix}.json"
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for table, rows in table_counts.items():
        print(f"  {table:32} {rows:>12,}")
    print(f"Jeu de données prêt en {seconds} s : {size / 2**20:,.0f} Mo ({path.name}).")
    return 0


COUNTED = {
    "organisations": "organisations_organisation",
    "users": "accounts_user",
    "networks": "organisations_network",
    "network_shares": "organisations_networkshare",
    "projects": "projects_project",
    "frameworks": "evaluation_framework",
    "indicators": "evaluation_indicator",
    "surveys": "collection_survey",
    "questions": "collection_question",
    "choices": "collection_choice",
    "responses": "collection_response",
    "answers": "collection_answer",
    "activities": "collection_activity",
    "sessions": "collection_activitysession",
    "attendance": "collection_attendance",
    "volunteer_time": "collection_volunteertime",
    "testimonies": "collection_testimony",
    "testimony_tags": "collection_testimony_tags",
}


def _table_counts(conn) -> dict[str, int]:
    return {
        name: conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
        for name, table in COUNTED.items()
    }


if __name__ == "__main__":
    sys.exit(main())
