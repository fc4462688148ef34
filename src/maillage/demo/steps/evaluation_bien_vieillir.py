"""Demo, order 50: the Collectif Bien Vieillir's framework in construction and its value chain.

Seven centres sociaux and the CCAS of Bellerive have just started: the framework is a draft (two
questions still wait for their indicator) and the value chain shows what each of the eight
members gives and gains, the city adding its call-for-projects funding.
"""

from __future__ import annotations

from datetime import date

from maillage.demo.evaluation_data import Goal, Ind, Link, Q, build_chain, fill_framework
from maillage.demo.registry import DemoWorld, step
from maillage.evaluation import actions

PROJECT = "bien-vieillir"
PERIOD = (date(2026, 1, 1), date(2028, 12, 31))
DIAGNOSTIC = "diagnostic-seniors-bellerive-2026"

GOALS = [
    Goal(
        "chez_soi",
        "habitants",
        "Les personnes de plus de 60 ans vivent chez elles, entourées et actrices de leur quartier",
        "Rester chez soi sans rester seul : convivialité, activités, place dans la vie du "
        "quartier.",
        [
            Q(
                "Nos actions répondent-elles aux besoins que les seniors ont exprimés lors du "
                "diagnostic partagé ?",
                "pertinence",
                ("habitant", "salarie", "partenaire"),
                indicators=[
                    Ind(
                        "besoins",
                        "Besoins prioritaires cités par les seniors interrogés",
                        "count",
                        "survey_question",
                        {"survey": DIAGNOSTIC, "question": "besoin_prioritaire"},
                        unit="réponses",
                        breakdowns=("member",),
                    ),
                ],
            ),
            Q(
                "Les seniors qui participent aux activités se sentent-ils moins seuls ?",
                "impact",
                ("habitant", "benevole"),
                indicators=[
                    Ind(
                        "solitude",
                        "Évolution du sentiment de solitude des participants",
                        "change",
                        "survey_question",
                        {
                            "survey": DIAGNOSTIC,
                            "question": "solitude_apres",
                            "before_question": "solitude_avant",
                        },
                        unit="points sur 5",
                        target="-1",
                        target_note="une baisse d'un point en moyenne",
                        direction="decrease",
                    ),
                ],
            ),
        ],
    ),
    Goal(
        "droits",
        "habitants",
        "Les seniors isolés sont repérés et accèdent à leurs droits",
        "",
        [
            Q(
                "Combien de seniors isolés sont repérés et accompagnés jusqu'à l'ouverture de "
                "leurs droits ?",
                "efficacite",
                ("salarie", "partenaire"),
                indicators=[
                    Ind(
                        "reperes",
                        "Seniors isolés repérés et orientés par le CCAS et les centres",
                        "sum",
                        "manual",
                        unit="personnes",
                        target="150",
                        target_note="par an à partir de 2027",
                        breakdowns=("member",),
                        values={2026: "64"},
                    ),
                    Ind(
                        "visites",
                        "Visites de convivialité à domicile",
                        "count",
                        "activity_records",
                        {"activity": "visites-convivialite", "measure": "sessions"},
                        unit="visites",
                        breakdowns=("member",),
                    ),
                ],
            ),
        ],
    ),
    Goal(
        "acteurs",
        "territoire",
        "Pharmacies, bailleurs et services d'aide à domicile se coordonnent avec les centres",
        "",
        [
            Q(
                "Les acteurs de terrain orientent-ils davantage de seniors vers les centres ?",
                "efficacite",
                ("partenaire", "salarie"),
            ),
        ],
    ),
    Goal(
        "collectif",
        "communaute",
        "Les sept centres et le CCAS partagent leurs savoir-faire et leurs moyens",
        "",
        [
            Q(
                "La coordination partagée fait-elle gagner du temps et des moyens à chaque "
                "membre ?",
                "efficience",
                ("salarie", "administrateur"),
                about="process",
                indicators=[
                    Ind(
                        "reunions",
                        "Structures présentes aux réunions mensuelles du collectif",
                        "mean",
                        "meetings",
                        {"meeting_types": ["reunion_mensuelle"], "measure": "organisations"},
                        unit="structures",
                        target="7",
                    ),
                ],
            ),
            Q(
                "Chaque membre trouve-t-il sa place dans la gouvernance du collectif ?",
                "coherence",
                ("salarie", "administrateur", "partenaire"),
                about="process",
            ),
        ],
    ),
]

CENTRES = ["moulin", "tilleuls", "passerelle", "hauts-de-bellerive", "lavoir", "roseraie",
           "coteaux"]  # fmt: skip

CHAIN_LINKS = [
    Link("coordination", "resource", "Temps de coordination partagé (0,5 ETP porté par le Moulin)",
         "staff_time"),
    Link("ccas", "resource", "Connaissance des seniors isolés par le CCAS", "skills"),
    Link("rh", "resource", "Responsable des ressources humaines mutualisé", "support"),
    Link("benevoles", "resource", "Bénévoles visiteurs des sept centres", "volunteer_time"),
    Link("ville", "resource", "Financement de la Ville (appel à projets Bien vieillir)", "money"),
    Link("diagnostic", "activity", "Diagnostic partagé auprès des seniors et de leurs "
         "interlocuteurs"),
    Link("visites", "activity", "Visites de convivialité à domicile"),
    Link("ateliers", "activity", "Ateliers mémoire, gym douce et numérique"),
    Link("questionnaires", "output", "Questionnaires recueillis dans les sept quartiers"),
    Link("visites_faites", "output", "Seniors visités chaque semaine"),
    Link("programme", "output", "Un programme commun d'ateliers dans les sept quartiers"),
    Link("moins_seuls", "effect", "Seniors moins seuls et mieux informés de leurs droits",
         target="habitants", goals=("chez_soi", "droits"), indicators=("solitude", "reperes")),
    Link("appui", "effect", "Des centres qui se connaissent et s'appuient les uns sur les autres",
         target="communaute", goals=("collectif",), indicators=("reunions",)),
    Link("solidarites", "common", "Solidarités de voisinage autour des aînés"),
]  # fmt: skip

CHAIN_EDGES = [
    ("coordination", "diagnostic", ""),
    ("coordination", "ateliers", ""),
    ("ccas", "visites", ""),
    ("ccas", "diagnostic", ""),
    ("rh", "ateliers", "recrutement et paie des animateurs"),
    ("benevoles", "visites", ""),
    ("ville", "ateliers", ""),
    ("diagnostic", "questionnaires", ""),
    ("visites", "visites_faites", ""),
    ("ateliers", "programme", ""),
    ("questionnaires", "appui", ""),
    ("visites_faites", "moins_seuls", ""),
    ("programme", "moins_seuls", ""),
    ("programme", "appui", ""),
    ("moins_seuls", "solidarites", ""),
    ("appui", "solidarites", ""),
    ("solidarites", "benevoles", "des voisins deviennent visiteurs"),
]

_VISITING_HOURS = {"moulin": "320", "tilleuls": "260", "passerelle": "180",
                   "hauts-de-bellerive": "240", "lavoir": "150", "roseraie": "280",
                   "coteaux": "140"}  # fmt: skip

CHAIN_CONTRIBUTIONS = (
    [
        ("coordination", "moulin", "cost", "hours", "800", "21000",
         "porte le poste de coordinatrice et l'animation du collectif"),
        ("rh", "moulin", "cost", "euros", None, "6000", "part du responsable RH mutualisé"),
        ("ccas", "ccas-bellerive", "cost", "skills", None, None,
         "fichier des personnes isolées (plan canicule) et savoir-faire des travailleurs sociaux"),
        ("visites_faites", "ccas-bellerive", "benefit", "network", None, None,
         "des relais de proximité pour les personnes qu'il suit"),
        ("ville", "ville-bellerive", "cost", "euros", None, "35000",
         "appel à projets Bien vieillir"),
        ("solidarites", "ville-bellerive", "benefit", "visibility", None, None,
         "une politique du vieillissement portée par les quartiers"),
    ]
    + [
        ("benevoles", slug, "cost", "hours", hours, None, "bénévoles visiteurs du centre")
        for slug, hours in _VISITING_HOURS.items()
    ]
    + [
        ("appui", slug, "benefit", "skills", None, None,
         "outils et pratiques partagés par les autres centres")
        for slug in CENTRES
    ]
)  # fmt: skip


@step(50, "Cadre d'évaluation du Collectif Bien Vieillir")
def build_bien_vieillir_evaluation(world: DemoWorld) -> None:
    project = world.projects[PROJECT]
    coordination = world.users["coordination@bienvieillir.demo"]
    framework = actions.framework_for(project)
    framework.title = "Évaluer ensemble le Bien vieillir à Bellerive"
    framework.save(update_fields=["title"])
    content = fill_framework(
        framework,
        GOALS,
        period=PERIOD,
        by=coordination,
        session="Premier atelier du collectif (mars 2026) : %(goals)s objectifs, "
        "%(questions)s questions, %(indicators)s indicateurs — cadre en construction",
    )
    members = {row[1]: world.organisations[row[1]] for row in CHAIN_CONTRIBUTIONS}
    build_chain(
        project,
        "Bien vieillir à Bellerive",
        "Les moyens mis en commun par les sept centres, le CCAS et la Ville, jusqu'aux "
        "solidarités de voisinage qui renouvellent le vivier de bénévoles visiteurs.",
        CHAIN_LINKS,
        CHAIN_EDGES,
        CHAIN_CONTRIBUTIONS,
        goals=content.goals,
        indicators=content.indicators,
        organisations=members,
        by=coordination,
    )
