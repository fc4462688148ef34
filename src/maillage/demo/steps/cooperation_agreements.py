"""Demo, order 97: the agreements that make the cooperation maps look like the real thing.

Les Falaises works with about twenty partners (the town, the CAF, the department, schools, a
social landlord, sports and cultural associations, a micro-nursery, the mission locale, a
pharmacy…), some of them new in 2025 or 2026 and one lost in 2025, so that the change from one
year to the next says something. The Bien Vieillir centres record their ties with pharmacists,
doctors, the social landlord, the transport service, the CCAS and the city; a few Causses
structures with their local partners (two of which do not share with the network: their
agreements must stay off the network's map). Meetings and sessions add co-attendance ties.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from maillage.demo.registry import DemoWorld, step
from maillage.organisations.models import Agreement, Organisation

Kind = Organisation.Kind
CONVENTION, FUNDING, PROVISION = (
    Agreement.Kind.CONVENTION,
    Agreement.Kind.FUNDING,
    Agreement.Kind.PROVISION,
)

FALAISES_PLACE = {"commune": "Saint-Aubin-sur-Falaise", "postal_code": "76590"}
BELLERIVE_PLACE = {"commune": "Bellerive", "postal_code": "26150"}

# slug, name, kind, place (commune, postal code), department code
PARTNERS = [
    ("departement-seine-maritime", "Département de la Seine-Maritime", Kind.LOCAL_AUTHORITY,
     {"commune": "Rouen", "postal_code": "76000"}, "76"),
    ("cc-caux-falaises", "Communauté de communes Caux-Falaises", Kind.LOCAL_AUTHORITY,
     FALAISES_PLACE, "76"),
    ("ccas-saint-aubin", "CCAS de Saint-Aubin-sur-Falaise", Kind.CCAS, FALAISES_PLACE, "76"),
    ("college-val-de-caux", "Collège du Val de Caux", Kind.SCHOOL, FALAISES_PLACE, "76"),
    ("caux-habitat", "Caux Habitat", Kind.SOCIAL_LANDLORD,
     {"commune": "Yvetot", "postal_code": "76190"}, "76"),
    ("us-plateau", "Union sportive du Plateau", Kind.ASSOCIATION, FALAISES_PLACE, "76"),
    ("treteaux-falaise", "Les Tréteaux de la Falaise (théâtre amateur)", Kind.ASSOCIATION,
     FALAISES_PLACE, "76"),
    ("ecole-musique-caux", "École de musique intercommunale du pays de Caux", Kind.ASSOCIATION,
     FALAISES_PLACE, "76"),
    ("micro-creche-goelands", "Micro-crèche Les Goélands", Kind.BUSINESS, FALAISES_PLACE, "76"),
    ("mission-locale-caux", "Mission locale du pays de Caux", Kind.PUBLIC_SERVICE,
     {"commune": "Yvetot", "postal_code": "76190"}, "76"),
    ("pharmacie-falaises", "Pharmacie des Falaises", Kind.HEALTH, FALAISES_PLACE, "76"),
    ("msp-plateau", "Maison de santé pluriprofessionnelle du Plateau", Kind.HEALTH,
     FALAISES_PLACE, "76"),
    ("mediatheque-saint-aubin", "Médiathèque de Saint-Aubin", Kind.PUBLIC_SERVICE,
     FALAISES_PLACE, "76"),
    ("panier-du-plateau", "Épicerie solidaire Le Panier du Plateau", Kind.ASSOCIATION,
     FALAISES_PLACE, "76"),
    ("caux-mobilite", "Caux Mobilité (transport à la demande)", Kind.TRANSPORT,
     FALAISES_PLACE, "76"),
    # Bellerive
    ("pharmacie-du-marche", "Pharmacie du Marché", Kind.HEALTH, BELLERIVE_PLACE, "26"),
    ("pharmacie-des-hauts", "Pharmacie des Hauts", Kind.HEALTH, BELLERIVE_PLACE, "26"),
    ("msp-bellerive", "Maison de santé de Bellerive", Kind.HEALTH, BELLERIVE_PLACE, "26"),
    ("cabinet-medical-lavoir", "Cabinet médical du Lavoir", Kind.HEALTH, BELLERIVE_PLACE, "26"),
    ("bellerive-habitat", "Bellerive Habitat", Kind.SOCIAL_LANDLORD, BELLERIVE_PLACE, "26"),
    ("bellerive-mobilite", "Bellerive Mobilité (bus et transport solidaire)", Kind.TRANSPORT,
     BELLERIVE_PLACE, "26"),
    # Causses
    ("mairie-saint-julien-des-causses", "Mairie de Saint-Julien-des-Causses",
     Kind.LOCAL_AUTHORITY, {"commune": "Saint-Julien-des-Causses", "postal_code": "48150"}, "48"),
    ("foyer-rural-saint-julien", "Foyer rural de Saint-Julien", Kind.ASSOCIATION,
     {"commune": "Saint-Julien-des-Causses", "postal_code": "48150"}, "48"),
    ("cc-haut-tarn", "Communauté de communes du Haut-Tarn", Kind.LOCAL_AUTHORITY,
     {"commune": "Pont-de-Vabre", "postal_code": "48220"}, "48"),
    ("college-haut-tarn", "Collège du Haut-Tarn", Kind.SCHOOL,
     {"commune": "Pont-de-Vabre", "postal_code": "48220"}, "48"),
    ("departement-lozere", "Département de la Lozère", Kind.LOCAL_AUTHORITY,
     {"commune": "Mende", "postal_code": "48000"}, "48"),
    ("mairie-aubrac-le-haut", "Mairie d'Aubrac-le-Haut", Kind.LOCAL_AUTHORITY,
     {"commune": "Aubrac-le-Haut", "postal_code": "48260"}, "48"),
    ("amis-de-l-aubrac", "Les Amis de l'Aubrac", Kind.ASSOCIATION,
     {"commune": "Aubrac-le-Haut", "postal_code": "48260"}, "48"),
    ("transport-margeride", "Margeride Transport solidaire", Kind.TRANSPORT,
     {"commune": "Saint-Alban-des-Bois", "postal_code": "48120"}, "48"),
]  # fmt: skip

_OPEN = None
# owner, partner, kind, title, starts_on, ends_on, annual amount
AGREEMENTS = [
    # Les Falaises: ~20 partners, a few new in 2025-2026, one ended in 2024.
    ("falaises", "caf-seine-maritime", FUNDING, "Prestation de service animation globale",
     date(2023, 1, 1), date(2026, 12, 31), 78_000),
    ("falaises", "caf-seine-maritime", FUNDING, "Prestation de service multi-accueil",
     date(2023, 1, 1), date(2026, 12, 31), 212_000),
    ("falaises", "mairie-saint-aubin-sur-falaise", FUNDING, "Subvention de fonctionnement",
     date(2023, 1, 1), date(2026, 12, 31), 145_000),
    ("falaises", "mairie-saint-aubin-sur-falaise", PROVISION, "Locaux du centre et gymnase",
     date(2019, 1, 1), _OPEN, None),
    ("falaises", "departement-seine-maritime", FUNDING, "Actions de soutien à la parentalité",
     date(2024, 1, 1), date(2026, 12, 31), 18_000),
    ("falaises", "cc-caux-falaises", CONVENTION, "Accueils de loisirs intercommunaux",
     date(2025, 1, 1), _OPEN, None),
    ("falaises", "cc-caux-falaises", FUNDING, "Accueils de loisirs intercommunaux",
     date(2025, 1, 1), date(2027, 12, 31), 36_000),
    ("falaises", "ccas-saint-aubin", CONVENTION, "Accueil des familles orientées par le CCAS",
     date(2023, 1, 1), _OPEN, None),
    ("falaises", "ecole-des-courtils", CONVENTION, "Accompagnement à la scolarité (CLAS)",
     date(2023, 9, 1), date(2026, 8, 31), None),
    ("falaises", "college-val-de-caux", CONVENTION, "CLAS collège et café des parents",
     date(2024, 9, 1), date(2027, 8, 31), None),
    ("falaises", "caux-habitat", PROVISION, "Local d'activités de la résidence des Ajoncs",
     date(2022, 3, 1), _OPEN, None),
    ("falaises", "us-plateau", CONVENTION, "Sport en famille le samedi",
     date(2023, 9, 1), _OPEN, None),
    ("falaises", "treteaux-falaise", CONVENTION, "Atelier théâtre parents-enfants",
     date(2025, 9, 1), _OPEN, None),
    ("falaises", "ecole-musique-caux", PROVISION, "Salle de musique (année 2024)",
     date(2024, 1, 1), date(2024, 12, 31), None),
    ("falaises", "micro-creche-goelands", CONVENTION, "Places d'urgence partagées",
     date(2026, 1, 1), _OPEN, None),
    ("falaises", "mission-locale-caux", CONVENTION, "Permanence jeunes au centre",
     date(2024, 3, 1), _OPEN, None),
    ("falaises", "pharmacie-falaises", CONVENTION, "Prévention santé et relais d'information",
     date(2025, 4, 1), _OPEN, None),
    ("falaises", "msp-plateau", CONVENTION, "Ateliers santé des familles",
     date(2026, 2, 1), _OPEN, None),
    ("falaises", "mediatheque-saint-aubin", CONVENTION, "Lire en famille",
     date(2023, 1, 1), _OPEN, None),
    ("falaises", "panier-du-plateau", PROVISION, "Local et bénévoles de l'épicerie",
     date(2024, 1, 1), _OPEN, None),
    ("falaises", "caux-mobilite", CONVENTION, "Transport des familles des hameaux",
     date(2025, 6, 1), _OPEN, None),
    ("falaises", "jardins-du-plateau", PROVISION, "Terrain et cabane à outils",
     date(2023, 1, 1), _OPEN, None),
    # Bien Vieillir: each centre's ties with pharmacists, doctors, landlord, transport, CCAS, city.
    ("moulin", "ville-bellerive", FUNDING, "Subvention de fonctionnement",
     date(2024, 1, 1), date(2027, 12, 31), 210_000),
    ("moulin", "ccas-bellerive", CONVENTION, "Repérage des seniors isolés",
     date(2025, 1, 1), _OPEN, None),
    ("moulin", "bellerive-habitat", PROVISION, "Salle commune de la résidence du Moulin",
     date(2023, 1, 1), _OPEN, None),
    ("moulin", "bellerive-mobilite", CONVENTION, "Transport solidaire vers les activités",
     date(2025, 9, 1), _OPEN, None),
    ("moulin", "msp-bellerive", CONVENTION, "Ateliers prévention des chutes",
     date(2026, 1, 1), _OPEN, None),
    ("tilleuls", "ville-bellerive", FUNDING, "Subvention de fonctionnement",
     date(2024, 1, 1), date(2027, 12, 31), 160_000),
    ("tilleuls", "pharmacie-du-marche", CONVENTION, "Relais d'information seniors",
     date(2025, 3, 1), _OPEN, None),
    ("tilleuls", "bellerive-habitat", CONVENTION, "Visites de convivialité",
     date(2025, 1, 1), _OPEN, None),
    ("passerelle", "ville-bellerive", FUNDING, "Subvention de fonctionnement",
     date(2024, 1, 1), date(2027, 12, 31), 128_000),
    ("passerelle", "pharmacie-du-marche", CONVENTION, "Dépôt des questionnaires seniors",
     date(2026, 1, 1), _OPEN, None),
    ("passerelle", "cabinet-medical-lavoir", CONVENTION, "Orientation des patients isolés",
     date(2026, 1, 1), _OPEN, None),
    ("hauts-de-bellerive", "ville-bellerive", FUNDING, "Subvention de fonctionnement",
     date(2024, 1, 1), date(2027, 12, 31), 175_000),
    ("hauts-de-bellerive", "pharmacie-des-hauts", CONVENTION, "Relais d'information seniors",
     date(2025, 3, 1), _OPEN, None),
    ("hauts-de-bellerive", "bellerive-habitat", PROVISION, "Local de la tour Bellevue",
     date(2022, 1, 1), _OPEN, None),
    ("hauts-de-bellerive", "ccas-bellerive", CONVENTION, "Portage de repas et visites",
     date(2024, 1, 1), _OPEN, None),
    ("lavoir", "ville-bellerive", FUNDING, "Subvention de fonctionnement",
     date(2024, 1, 1), date(2027, 12, 31), 98_000),
    ("lavoir", "cabinet-medical-lavoir", CONVENTION, "Orientation des patients isolés",
     date(2025, 1, 1), _OPEN, None),
    ("roseraie", "ville-bellerive", FUNDING, "Subvention de fonctionnement",
     date(2024, 1, 1), date(2027, 12, 31), 140_000),
    ("roseraie", "bellerive-mobilite", CONVENTION, "Sorties accompagnées",
     date(2024, 6, 1), _OPEN, None),
    ("coteaux", "ville-bellerive", FUNDING, "Subvention de fonctionnement",
     date(2024, 1, 1), date(2027, 12, 31), 105_000),
    ("coteaux", "pharmacie-des-hauts", CONVENTION, "Ateliers mémoire",
     date(2025, 10, 1), _OPEN, None),
    ("coteaux", "msp-bellerive", CONVENTION, "Bilans de prévention",
     date(2025, 1, 1), _OPEN, None),
    # Causses: la-draille, haut-tarn and lou-cantou share their key figures with the network;
    # estive and margeride do not, so their agreements stay off the network's map.
    ("la-draille", "caf-causses", FUNDING, "Prestation de service animation locale",
     date(2023, 1, 1), date(2026, 12, 31), 24_000),
    ("la-draille", "mairie-saint-julien-des-causses", PROVISION, "Ancienne école",
     date(2021, 1, 1), _OPEN, None),
    ("la-draille", "foyer-rural-saint-julien", CONVENTION, "Fête du village et veillées",
     date(2024, 1, 1), _OPEN, None),
    ("haut-tarn", "caf-causses", FUNDING, "Prestation de service animation globale",
     date(2023, 1, 1), date(2026, 12, 31), 69_000),
    ("haut-tarn", "cc-haut-tarn", FUNDING, "Convention d'objectifs",
     date(2024, 1, 1), date(2026, 12, 31), 45_000),
    ("haut-tarn", "college-haut-tarn", CONVENTION, "Accompagnement à la scolarité",
     date(2025, 9, 1), _OPEN, None),
    ("lou-cantou", "caf-causses", FUNDING, "Prestation de service animation globale",
     date(2023, 1, 1), date(2026, 12, 31), 66_000),
    ("lou-cantou", "departement-lozere", FUNDING, "Actions jeunesse",
     date(2025, 1, 1), date(2026, 12, 31), 12_000),
    ("estive", "mairie-aubrac-le-haut", FUNDING, "Subvention communale",
     date(2024, 1, 1), date(2026, 12, 31), 15_000),
    ("estive", "amis-de-l-aubrac", CONVENTION, "Randonnées et veillées",
     date(2024, 1, 1), _OPEN, None),
    ("margeride", "transport-margeride", CONVENTION, "Transport vers le centre",
     date(2025, 1, 1), _OPEN, None),
]  # fmt: skip


@step(97, "Accords avec les partenaires (carte des coopérations)")
def build_agreements(world: DemoWorld) -> None:
    from maillage.organisations.models import Territory

    departments = {t.code: t for t in Territory.objects.filter(kind=Territory.Kind.DEPARTMENT)}
    for slug, name, kind, place, department in PARTNERS:
        if slug in world.organisations:
            continue
        organisation, _created = Organisation.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "kind": kind, "department": departments[department], **place},
        )
        world.organisations[slug] = organisation
    organisations = world.organisations
    Agreement.objects.bulk_create(
        [
            Agreement(
                organisation=organisations[owner],
                partner=organisations[partner],
                kind=kind,
                title=title,
                starts_on=starts_on,
                ends_on=ends_on,
                annual_amount=Decimal(amount) if amount is not None else None,
            )
            for owner, partner, kind, title, starts_on, ends_on, amount in AGREEMENTS
        ]
    )
