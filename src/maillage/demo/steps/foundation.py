"""The foundation of the demo world (DESIGN §6): structures, people, networks and projects.

Three situations, with fictional names and figures:
- order 10, the centre social Les Falaises (Seine-Maritime) with its partners and projet social;
- order 20, the Collectif Bien Vieillir of the city of Bellerive (Drôme): 7 centres sociaux and
  the CCAS, plus two shared posts (an HR manager, a digital-inclusion officer);
- order 30, the Réseau des Causses (Lozère): a federation and a CAF accompanying 8 EVS and small
  centres sociaux that renew their projet social.

Everything is stored in the `DemoWorld` under stable keys: organisations and projects by slug,
users by e-mail address, networks by short name; lists of slugs and the shared posts in `extra`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password

from maillage.accounts.models import User
from maillage.accounts.roles import Role
from maillage.demo.registry import DEMO_PASSWORD, DemoWorld, step
from maillage.organisations.models import (
    KeyFigures,
    Network,
    NetworkMembership,
    NetworkShare,
    Organisation,
    OrganisationMember,
    Territory,
)
from maillage.projects.models import Membership, Project, SharedPost, SharedPostAllocation

Kind = Organisation.Kind
ProjectRole = Membership.Role


# --- helpers -----------------------------------------------------------------------------------


def _department(code: str) -> Territory:
    """Departments are loaded by a data migration: look them up, never create them."""
    return Territory.objects.get(kind=Territory.Kind.DEPARTMENT, code=code)


def _organisations(world: DemoWorld, rows: list[dict]) -> list[Organisation]:
    """Create structures in one query and file them in the world under their slug."""
    created = Organisation.objects.bulk_create([Organisation(**row) for row in rows])
    for organisation in created:
        world.organisations[organisation.slug] = organisation
    return created


def _people(world: DemoWorld, rows: list[tuple[str, str, str, Role, str]]) -> None:
    """Create users and their membership of one structure each.

    rows: (e-mail, full name, organisation key, role, job title)."""
    members = []
    # One hash for every demo account: Argon2 costs about 0.1 s per password.
    if "password_hash" not in world.extra:
        world.extra["password_hash"] = make_password(DEMO_PASSWORD)
    for email, full_name, organisation_key, role, job_title in rows:
        user = User.objects.create_user(email, None, full_name=full_name)
        user.password = world.extra["password_hash"]
        user.save(update_fields=["password"])
        world.users[email] = user
        members.append(
            OrganisationMember(
                user=user,
                organisation=world.organisations[organisation_key],
                role=role,
                job_title=job_title,
            )
        )
    OrganisationMember.objects.bulk_create(members)


def _key_figures(world: DemoWorld, rows: list[tuple]) -> None:
    """rows: (organisation key, year, staff, FTE, board, volunteers, families, associations,
    budget in euros)."""
    KeyFigures.objects.bulk_create(
        [
            KeyFigures(
                organisation=world.organisations[key],
                year=year,
                salaried_staff=staff,
                staff_fte=Decimal(fte),
                board_members=board,
                volunteers=volunteers,
                member_families=families,
                member_associations=associations,
                annual_budget=Decimal(budget),
            )
            for key, year, staff, fte, board, volunteers, families, associations, budget in rows
        ]
    )


def _project(
    world: DemoWorld,
    members: list[tuple[str, str, str | None]],
    **fields,
) -> Project:
    """Create a project and its communauté d'action.

    members: (organisation key, role, referent's e-mail or None)."""
    project = Project.objects.create(**fields)
    joined_on = fields.get("period_start")
    Membership.objects.bulk_create(
        [
            Membership(
                project=project,
                organisation=world.organisations[key],
                role=role,
                referent=world.users[referent] if referent else None,
                joined_on=joined_on,
            )
            for key, role, referent in members
        ]
    )
    world.projects[project.slug] = project
    return project


def _shared_post(
    world: DemoWorld,
    *,
    employer: str,
    project: Project,
    allocations: list[tuple[str, str, str]],
    **fields,
) -> SharedPost:
    """allocations: (organisation key, FTE, share of the cost between 0 and 1)."""
    post = SharedPost.objects.create(
        employer=world.organisations[employer], project=project, **fields
    )
    SharedPostAllocation.objects.bulk_create(
        [
            SharedPostAllocation(
                post=post,
                organisation=world.organisations[key],
                fte=Decimal(fte),
                cost_share=Decimal(cost_share),
            )
            for key, fte, cost_share in allocations
        ]
    )
    return post


# --- 1. Centre social Les Falaises --------------------------------------------------------------


@step(10, "Centre social Les Falaises")
def build_falaises(world: DemoWorld) -> None:
    seine_maritime = _department("76")
    commune = "Saint-Aubin-sur-Falaise"
    postal_code = "76590"
    place = {"commune": commune, "postal_code": postal_code, "department": seine_maritime}
    _organisations(
        world,
        [
            {
                "name": "Centre social Les Falaises",
                "slug": "falaises",
                "kind": Kind.SOCIAL_CENTRE,
                # SIRET left blank: a made-up number could be a real establishment's.
                "agrement_start": date(2023, 1, 1),
                "agrement_end": date(2026, 12, 31),
                "description": (
                    "Centre social associatif d'un territoire semi-rural du pays de Caux : "
                    "accueil de loisirs, multi-accueil de 40 places, actions familles et "
                    "parentalité, accompagnement à la scolarité, ateliers numériques et "
                    "animation de la vie locale avec une trentaine d'associations adhérentes."
                ),
                **place,
            },
            {
                "name": "Mairie de Saint-Aubin-sur-Falaise",
                "slug": "mairie-saint-aubin-sur-falaise",
                "kind": Kind.LOCAL_AUTHORITY,
                **place,
            },
            {
                "name": "École primaire des Courtils",
                "slug": "ecole-des-courtils",
                "kind": Kind.PUBLIC_SERVICE,
                "description": "École publique de 9 classes, partenaire de l'accompagnement "
                "à la scolarité et des cafés des parents.",
                **place,
            },
            {
                "name": "CAF de la Seine-Maritime",
                "slug": "caf-seine-maritime",
                "kind": Kind.CAF,
                "commune": "Rouen",
                "postal_code": "76000",
                "department": seine_maritime,
            },
            {
                "name": "Les Jardins partagés du Plateau",
                "slug": "jardins-du-plateau",
                "kind": Kind.ASSOCIATION,
                "description": "Association d'habitants qui cultive trois jardins partagés "
                "et anime un troc de graines avec le centre social.",
                **place,
            },
        ],
    )
    _key_figures(
        world,
        [
            ("falaises", 2024, 29, "21.20", 28, 104, 688, 29, 1_872_000),
            ("falaises", 2025, 31, "21.50", 28, 112, 706, 31, 1_938_500),
        ],
    )
    _people(
        world,
        [
            ("direction@falaises.demo", "Claire Vasseur", "falaises", Role.ADMIN, "Directrice"),
            (
                "referente@falaises.demo",
                "Malika Benhamou",
                "falaises",
                Role.CONTRIBUTOR,
                "Référente évaluation",
            ),
            (
                "president@falaises.demo",
                "Jean-Pierre Lemonnier",
                "falaises",
                Role.READER,
                "Président du conseil d'administration",
            ),
            (
                "familles@falaises.demo",
                "Sophie Delamare",
                "falaises",
                Role.CONTRIBUTOR,
                "Référente familles",
            ),
            (
                "creche@falaises.demo",
                "Aurélie Quesnel",
                "falaises",
                Role.CONTRIBUTOR,
                "Directrice du multi-accueil Les Mouettes",
            ),
            (
                "benevolat@falaises.demo",
                "Thomas Grandin",
                "falaises",
                Role.CONTRIBUTOR,
                "Animateur vie associative et bénévolat",
            ),
        ],
    )
    _project(
        world,
        [
            ("falaises", ProjectRole.LEAD, "referente@falaises.demo"),
            ("mairie-saint-aubin-sur-falaise", ProjectRole.FUNDER, None),
            ("caf-seine-maritime", ProjectRole.FUNDER, None),
            ("ecole-des-courtils", ProjectRole.PARTNER, None),
            ("jardins-du-plateau", ProjectRole.PARTNER, None),
        ],
        title="Projet social 2023-2026 des Falaises",
        slug="projet-social-falaises-2023-2026",
        kind=Project.Kind.SOCIAL_PROJECT,
        description=(
            "Le projet social agréé par la CAF pour 2023-2026 : soutenir les familles et la "
            "parentalité, rompre l'isolement des habitants des hameaux, faire vivre le "
            "bénévolat et le pouvoir d'agir. L'évaluation porte sur ce que les partenariats "
            "apportent aux familles et sur ce que le bénévolat apporte aux bénévoles."
        ),
        territory=seine_maritime,
        territory_label="Saint-Aubin-sur-Falaise et les communes du plateau",
        period_start=date(2023, 1, 1),
        period_end=date(2026, 12, 31),
    )


# --- 2. Collectif Bien Vieillir (Bellerive) -----------------------------------------------------


@dataclass(frozen=True)
class _Centre:
    slug: str
    name: str
    director: str
    director_title: str
    figures: tuple  # 2025: staff, FTE, board, volunteers, families, associations, budget


BELLERIVE_CENTRES = [
    _Centre(
        "moulin", "Centre social du Moulin", "Philippe Arnaud", "Directeur",
        (34, "24.80", 22, 140, 820, 26, 2_150_000),
    ),
    _Centre(
        "tilleuls", "Centre social des Tilleuls", "Samia Haddad", "Directrice",
        (26, "18.40", 18, 95, 610, 19, 1_640_000),
    ),
    _Centre(
        "passerelle", "Centre social La Passerelle", "Marc Reynaud", "Directeur",
        (21, "15.10", 16, 70, 480, 14, 1_280_000),
    ),
    _Centre(
        "hauts-de-bellerive", "Centre social des Hauts de Bellerive", "Fatou Diallo",
        "Directrice", (29, "20.60", 20, 88, 540, 17, 1_820_000),
    ),
    _Centre(
        "lavoir", "Centre social Le Lavoir", "Isabelle Morin", "Directrice",
        (17, "12.30", 15, 64, 390, 12, 980_000),
    ),
    _Centre(
        "roseraie", "Centre social de la Roseraie", "Karim Belkacem", "Directeur",
        (23, "16.90", 19, 102, 575, 21, 1_410_000),
    ),
    _Centre(
        "coteaux", "Centre social Les Coteaux", "Véronique Faure", "Directrice",
        (19, "13.70", 14, 58, 430, 11, 1_090_000),
    ),
]  # fmt: skip

BIEN_VIEILLIR_LEAD = "moulin"
# The digital-inclusion officer: carried by the Tilleuls, shared with the Roseraie and the Coteaux.
DIGITAL_CARRIER, DIGITAL_PARTNERS = "tilleuls", ["roseraie", "coteaux"]


@step(20, "Collectif Bien Vieillir")
def build_bien_vieillir(world: DemoWorld) -> None:
    drome = _department("26")
    place = {"commune": "Bellerive", "postal_code": "26150", "department": drome}
    _organisations(
        world,
        [
            {
                "name": centre.name,
                "slug": centre.slug,
                "kind": Kind.SOCIAL_CENTRE,
                "agrement_start": date(2024, 1, 1) if index % 2 else date(2023, 7, 1),
                "agrement_end": date(2027, 12, 31) if index % 2 else date(2027, 6, 30),
                **place,
            }
            for index, centre in enumerate(BELLERIVE_CENTRES)
        ]
        + [
            {
                "name": "CCAS de Bellerive",
                "slug": "ccas-bellerive",
                "kind": Kind.PUBLIC_SERVICE,
                "description": "Centre communal d'action sociale : aide sociale, portage de "
                "repas, veille auprès des personnes âgées isolées.",
                **place,
            },
            {
                "name": "Ville de Bellerive",
                "slug": "ville-bellerive",
                "kind": Kind.LOCAL_AUTHORITY,
                **place,
            },
            {
                "name": "Bellerive Aide à Domicile",
                "slug": "aide-domicile-bellerive",
                "kind": Kind.ASSOCIATION,
                "description": "Association d'aide et d'accompagnement à domicile "
                "(45 intervenantes).",
                **place,
            },
            {
                "name": "Bellerive Sports et Loisirs",
                "slug": "sports-loisirs-bellerive",
                "kind": Kind.ASSOCIATION,
                "description": "Association omnisports et de loisirs (12 sections, 1 300 "
                "adhérents).",
                **place,
            },
        ],
    )
    _key_figures(world, [(centre.slug, 2025, *centre.figures) for centre in BELLERIVE_CENTRES])
    _people(
        world,
        [
            (
                "coordination@bienvieillir.demo",
                "Nadia Ferrand",
                BIEN_VIEILLIR_LEAD,
                Role.CONTRIBUTOR,
                "Coordinatrice du Collectif Bien Vieillir",
            ),
            *(
                (f"direction@{c.slug}.demo", c.director, c.slug, Role.ADMIN, c.director_title)
                for c in BELLERIVE_CENTRES
            ),
            (
                "partenaire@ccas.demo",
                "Laurent Chabert",
                "ccas-bellerive",
                Role.CONTRIBUTOR,
                "Chargé de mission seniors",
            ),
            (
                "direction@aide-domicile-bellerive.demo",
                "Christine Perrier",
                "aide-domicile-bellerive",
                Role.ADMIN,
                "Directrice",
            ),
            (
                "presidence@sports-loisirs-bellerive.demo",
                "Gérard Bonnet",
                "sports-loisirs-bellerive",
                Role.ADMIN,
                "Président",
            ),
        ],
    )
    _project(
        world,
        [
            (BIEN_VIEILLIR_LEAD, ProjectRole.LEAD, "coordination@bienvieillir.demo"),
            *(
                (c.slug, ProjectRole.PARTNER, f"direction@{c.slug}.demo")
                for c in BELLERIVE_CENTRES
                if c.slug != BIEN_VIEILLIR_LEAD
            ),
            ("ccas-bellerive", ProjectRole.PARTNER, "partenaire@ccas.demo"),
            ("ville-bellerive", ProjectRole.FUNDER, None),
        ],
        title="Collectif Bien Vieillir",
        slug="bien-vieillir",
        kind=Project.Kind.COOPERATION,
        description=(
            "Les sept centres sociaux de Bellerive et le CCAS coopèrent pour que les habitants "
            "de plus de 60 ans vieillissent chez eux, entourés et acteurs de leur quartier. "
            "Première étape : un diagnostic partagé des besoins, par plusieurs centaines de "
            "questionnaires auprès des seniors et de leurs interlocuteurs (pharmaciens, "
            "médecins, bailleurs, transporteurs). Le collectif se réunit chaque mois, avec un "
            "référent par structure ; le centre social du Moulin le porte auprès des financeurs."
        ),
        territory=drome,
        territory_label="Ville de Bellerive",
        period_start=date(2025, 1, 1),
        period_end=date(2027, 12, 31),
    )

    hr_project = _project(
        world,
        [
            ("aide-domicile-bellerive", ProjectRole.LEAD, "direction@aide-domicile-bellerive.demo"),
            (
                "sports-loisirs-bellerive",
                ProjectRole.PARTNER,
                "presidence@sports-loisirs-bellerive.demo",
            ),
        ],
        title="Mutualisation RH",
        slug="mutualisation-rh",
        kind=Project.Kind.POOLING,
        description=(
            "Deux associations de Bellerive partagent une responsable des ressources humaines : "
            "recrutements, paie, formation et dialogue social, qu'aucune des deux ne pouvait "
            "financer seule."
        ),
        territory=drome,
        territory_label="Bellerive",
        period_start=date(2024, 9, 1),
    )
    digital_project = _project(
        world,
        [
            (DIGITAL_CARRIER, ProjectRole.LEAD, f"direction@{DIGITAL_CARRIER}.demo"),
            *((key, ProjectRole.PARTNER, f"direction@{key}.demo") for key in DIGITAL_PARTNERS),
        ],
        title="Inclusion numérique partagée",
        slug="inclusion-numerique",
        kind=Project.Kind.POOLING,
        description=(
            "Un conseiller numérique porté par le centre social des Tilleuls tient des "
            "permanences dans trois centres : démarches en ligne, prise en main du smartphone, "
            "ateliers collectifs pour les seniors."
        ),
        territory=drome,
        territory_label="Quartiers des Tilleuls, de la Roseraie et des Coteaux",
        period_start=date(2025, 1, 1),
    )
    world.extra["shared_posts"] = {
        "rh": _shared_post(
            world,
            employer="aide-domicile-bellerive",
            project=hr_project,
            title="Responsable des ressources humaines mutualisé",
            holder_name="Élodie Marchand",
            total_fte=Decimal("1.00"),
            annual_cost=Decimal("52000"),
            started_on=date(2024, 9, 1),
            allocations=[
                ("aide-domicile-bellerive", "0.60", "0.6000"),
                ("sports-loisirs-bellerive", "0.40", "0.4000"),
            ],
        ),
        "numerique": _shared_post(
            world,
            employer=DIGITAL_CARRIER,
            project=digital_project,
            title="Conseiller numérique (inclusion numérique)",
            holder_name="Yanis Brun",
            total_fte=Decimal("1.00"),
            annual_cost=Decimal("41000"),
            started_on=date(2025, 1, 6),
            allocations=[
                (DIGITAL_CARRIER, "0.40", "0.4000"),
                *((key, "0.30", "0.3000") for key in DIGITAL_PARTNERS),
            ],
        ),
    }
    world.extra["bien_vieillir_centres"] = [c.slug for c in BELLERIVE_CENTRES]
    world.extra["bien_vieillir_lead"] = BIEN_VIEILLIR_LEAD


# --- 3. Réseau des Causses (Lozère) -------------------------------------------------------------


@dataclass(frozen=True)
class _Structure:
    slug: str
    kind: str
    name: str
    of_name: str  # "de l'EVS …" / "du centre social …", for the title of its projet social
    commune: str
    postal_code: str
    contact: str  # local part of the admin's address
    admin: str
    admin_title: str
    agrement_end: date
    figures: tuple  # 2025: staff, FTE, board, volunteers, families, associations, budget


_END_2026, _END_2027 = date(2026, 12, 31), date(2027, 6, 30)


def _four_years_before(agrement_end: date) -> date:
    """The start of a four-year agrément ending on `agrement_end`."""
    return agrement_end.replace(year=agrement_end.year - 4) + timedelta(days=1)


CAUSSES_STRUCTURES = [
    _Structure(
        "la-draille", Kind.EVS, "Espace de vie sociale La Draille", "de l'EVS La Draille",
        "Saint-Julien-des-Causses", "48150", "accueil", "Mathilde Causse", "Animatrice",
        _END_2026, (2, "1.50", 9, 35, 90, 6, 118_000),
    ),
    _Structure(
        "le-fournil", Kind.EVS, "Espace de vie sociale Le Fournil", "de l'EVS Le Fournil",
        "Les Bordes-du-Causse", "48210", "accueil", "Pierre Vernhet", "Coordinateur",
        _END_2027, (1, "0.80", 7, 22, 55, 4, 64_000),
    ),
    _Structure(
        "haut-tarn", Kind.SOCIAL_CENTRE, "Centre social du Haut-Tarn",
        "du centre social du Haut-Tarn", "Pont-de-Vabre", "48220", "direction",
        "Anne Servière", "Directrice", _END_2026, (7, "5.60", 14, 60, 240, 11, 780_000),
    ),
    _Structure(
        "estive", Kind.EVS, "Espace de vie sociale L'Estive", "de l'EVS L'Estive",
        "Aubrac-le-Haut", "48260", "accueil", "Julien Astruc", "Animateur",
        _END_2027, (2, "1.20", 8, 28, 70, 5, 96_000),
    ),
    _Structure(
        "lou-cantou", Kind.SOCIAL_CENTRE, "Centre social Lou Cantou",
        "du centre social Lou Cantou", "Villeneuve-de-Randon", "48170", "direction",
        "Sandrine Pagès", "Directrice", _END_2026, (5, "3.90", 12, 48, 180, 8, 520_000),
    ),
    _Structure(
        "la-lauze", Kind.EVS, "Espace de vie sociale La Lauze", "de l'EVS La Lauze",
        "Le Mas-de-Lauzière", "48230", "accueil", "Hugo Bonnal", "Coordinateur",
        _END_2026, (3, "2.10", 10, 41, 120, 7, 205_000),
    ),
    _Structure(
        "margeride", Kind.SOCIAL_CENTRE, "Centre social de la Margeride",
        "du centre social de la Margeride", "Saint-Alban-des-Bois", "48120", "direction",
        "Cécile Rouvière", "Directrice", _END_2027, (4, "3.20", 11, 37, 150, 6, 360_000),
    ),
    _Structure(
        "caussenard", Kind.EVS, "Espace de vie sociale Le Caussenard", "de l'EVS Le Caussenard",
        "La Roque-sur-Causse", "48500", "accueil", "Laure Trémolet", "Animatrice",
        _END_2026, (1, "1.00", 6, 19, 45, 3, 72_000),
    ),
]  # fmt: skip

# Two structures do not (yet) share their key figures with the network: L'Estive, whose board
# has not voted on it, and the Margeride, whose board will decide at its general assembly.
CAUSSES_NOT_SHARING = ["estive", "margeride"]


@step(30, "Réseau des Causses")
def build_causses(world: DemoWorld) -> None:
    lozere = _department("48")
    _organisations(
        world,
        [
            {
                "name": "Fédération des centres sociaux des Causses",
                "slug": "federation-causses",
                "kind": Kind.FEDERATION,
                "commune": "Mende",
                "postal_code": "48000",
                "department": lozere,
                "description": "Fédération départementale : accompagne les centres sociaux et "
                "les EVS dans l'élaboration et l'évaluation de leur projet social.",
            },
            {
                "name": "CAF des Causses",
                "slug": "caf-causses",
                "kind": Kind.CAF,
                "commune": "Mende",
                "postal_code": "48000",
                "department": lozere,
            },
        ]
        + [
            {
                "name": s.name,
                "slug": s.slug,
                "kind": s.kind,
                "commune": s.commune,
                "postal_code": s.postal_code,
                "department": lozere,
                "agrement_start": _four_years_before(s.agrement_end),
                "agrement_end": s.agrement_end,
            }
            for s in CAUSSES_STRUCTURES
        ],
    )
    _key_figures(world, [(s.slug, 2025, *s.figures) for s in CAUSSES_STRUCTURES])
    _people(
        world,
        [
            (
                "federation@causses.demo",
                "Olivier Malzac",
                "federation-causses",
                Role.CONTRIBUTOR,
                "Conseiller fédéral",
            ),
            (
                "caf@causses.demo",
                "Hélène Bastide",
                "caf-causses",
                Role.READER,
                "Conseillère territoriale",
            ),
            *(
                (f"{s.contact}@{s.slug}.demo", s.admin, s.slug, Role.ADMIN, s.admin_title)
                for s in CAUSSES_STRUCTURES
            ),
        ],
    )

    network = Network.objects.create(
        name="Réseau des Causses",
        slug="reseau-causses",
        department=lozere,
        description=(
            "La fédération et la CAF accompagnent huit EVS et centres sociaux ruraux qui "
            "renouvellent leur projet social pour 2027-2030 : ateliers collectifs, bilan à "
            "mi-parcours en janvier, rencontre de clôture en mars."
        ),
    )
    world.networks["causses"] = network
    joined_on = date(2025, 9, 1)
    NetworkMembership.objects.bulk_create(
        [
            NetworkMembership(
                network=network,
                organisation=world.organisations[key],
                role=NetworkMembership.Role.ANIMATOR,
                joined_on=joined_on,
            )
            for key in ("federation-causses", "caf-causses")
        ]
        + [
            NetworkMembership(
                network=network,
                organisation=world.organisations[s.slug],
                role=NetworkMembership.Role.ACCOMPANIED,
                joined_on=joined_on,
            )
            for s in CAUSSES_STRUCTURES
        ]
    )
    NetworkShare.objects.bulk_create(
        [
            NetworkShare(
                network=network,
                organisation=world.organisations[s.slug],
                scope=NetworkShare.Scope.KEY_FIGURES,
                shared_by=world.users[f"{s.contact}@{s.slug}.demo"],
            )
            for s in CAUSSES_STRUCTURES
            if s.slug not in CAUSSES_NOT_SHARING
        ]
    )

    for s in CAUSSES_STRUCTURES:
        _project(
            world,
            [
                (s.slug, ProjectRole.LEAD, f"{s.contact}@{s.slug}.demo"),
                ("caf-causses", ProjectRole.FUNDER, "caf@causses.demo"),
            ],
            title=f"Projet social 2027-2030 {s.of_name}",
            slug=f"projet-social-{s.slug}-2027-2030",
            kind=Project.Kind.SOCIAL_PROJECT,
            territory=lozere,
            territory_label=s.commune,
            period_start=date(2027, 1, 1),
            period_end=date(2030, 12, 31),
        )
    world.extra["causses_structures"] = [s.slug for s in CAUSSES_STRUCTURES]
    world.extra["causses_not_sharing"] = list(CAUSSES_NOT_SHARING)
