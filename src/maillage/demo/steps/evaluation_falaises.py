"""Demo, order 40: Les Falaises' validated framework, its value chain and a pathway of change.

The centre evaluates its 2023-2026 projet social on two questions that its board chose: what the
partnerships (school, town hall, gardens, CAF) bring to families, and what volunteering brings to
the volunteers. The framework was validated by the steering committee on 18 January 2024 and
changed twice since, so the history shows work after validation.
"""

from __future__ import annotations

from datetime import date

from maillage.demo.evaluation_data import (
    Goal,
    Ind,
    Link,
    Q,
    add_indicator,
    add_pathway,
    build_chain,
    fill_framework,
)
from maillage.demo.registry import DemoWorld, step
from maillage.evaluation import actions

PROJECT = "projet-social-falaises-2023-2026"
PERIOD = (date(2023, 1, 1), date(2026, 12, 31))
FAMILIES, VOLUNTEERS, PARTNERS = (
    "familles-falaises-2025",
    "benevoles-falaises-2025",
    "partenaires-falaises-2025",
)

# The questions of the three surveys that indicators read, for the surveys part to build them.
SURVEY_QUESTIONS = {
    FAMILIES: [
        {
            "code": "aise_role_parent",
            "label": "Aujourd'hui, je me sens à l'aise dans mon rôle de parent.",
            "type": "scale_1_5",
            "ends": ["pas du tout", "tout à fait"],
        },
        {
            "code": "demarche_reussie",
            "label": "Grâce au centre, j'ai pu faire une démarche (CAF, santé, mairie) "
            "que je n'arrivais pas à faire seul(e).",
            "type": "yes_no",
        },
        {
            "code": "groupe",
            "label": "Vous êtes :",
            "type": "respondent_group",
        },
    ],
    VOLUNTEERS: [
        {
            "code": "confiance_avant",
            "label": "Avant de devenir bénévole au centre, j'avais confiance en moi.",
            "type": "scale_1_5",
            "ends": ["pas du tout", "tout à fait"],
            "pair": "before",
        },
        {
            "code": "confiance_apres",
            "label": "Aujourd'hui, j'ai confiance en moi.",
            "type": "scale_1_5",
            "ends": ["pas du tout", "tout à fait"],
            "pair": "after",
        },
        {
            "code": "nouvelle_responsabilite",
            "label": "Depuis que je suis bénévole, j'ai pris une responsabilité que je n'avais "
            "jamais prise (animer, représenter, décider).",
            "type": "yes_no",
        },
    ],
    PARTNERS: [
        {
            "code": "appui_missions",
            "label": "La coopération avec le centre social aide notre structure dans ses "
            "propres missions.",
            "type": "scale_1_5",
            "ends": ["pas du tout", "tout à fait"],
        },
    ],
}

GOALS = [
    Goal(
        "parents",
        "habitants",
        "Les parents se sentent plus sûrs d'eux dans leur rôle et moins seuls face aux difficultés",
        "Cafés des parents, sorties familles, accompagnement à la scolarité.",
        [
            Q(
                "Dans quelle mesure les actions familles renforcent-elles la confiance des "
                "parents dans leur rôle éducatif ?",
                "efficacite",
                ("habitant", "salarie"),
                indicators=[
                    Ind(
                        "parents_aise",
                        "Part des parents qui se sentent à l'aise dans leur rôle de parent",
                        "share",
                        "survey_question",
                        {"survey": FAMILIES, "question": "aise_role_parent"},
                        unit="%",
                        condition=("gte", "4"),
                        baseline="45",
                        baseline_note="Questionnaire familles de décembre 2022",
                        target="65",
                        breakdowns=("group",),
                    ),
                    Ind(
                        "familles_cafes",
                        "Familles différentes venues aux cafés des parents",
                        "sum",
                        "manual",
                        unit="familles",
                        description="Compté sur les feuilles d'émargement, chaque famille une "
                        "seule fois par année.",
                        baseline="31",
                        baseline_note="2022",
                        target="60",
                        values={2023: "38", 2024: "52", 2025: "61"},
                    ),
                ],
            ),
        ],
    ),
    Goal(
        "hameaux",
        "habitants",
        "Les habitants des hameaux sortent de l'isolement et accèdent à leurs droits",
        "Sept hameaux sans commerce ni transport régulier.",
        [
            Q(
                "Les habitants des hameaux isolés viennent-ils davantage aux activités et "
                "obtiennent-ils ce qu'ils sont venus chercher ?",
                "efficacite",
                ("habitant", "benevole", "salarie"),
                indicators=[
                    Ind(
                        "hameaux_participants",
                        "Habitants des hameaux venus aux ateliers numériques itinérants",
                        "count",
                        "activity_records",
                        {"activity": "ateliers-numeriques-itinerants", "measure": "participants"},
                        unit="personnes",
                        target="80",
                        target_note="par an",
                    ),
                    Ind(
                        "demarches",
                        "Part des habitants qui ont fait une démarche grâce au centre",
                        "share",
                        "survey_question",
                        {"survey": FAMILIES, "question": "demarche_reussie"},
                        unit="%",
                        condition=("eq", "oui"),
                        target="50",
                    ),
                ],
            ),
        ],
    ),
    Goal(
        "ecole_mairie",
        "territoire",
        "L'école, la mairie et le centre social agissent ensemble pour les familles",
        "Convention CLAS avec l'école des Courtils, comité de pilotage avec la mairie et la CAF.",
        [
            Q(
                "L'accompagnement à la scolarité conduit avec l'école des Courtils répond-il aux "
                "besoins repérés par les enseignants et les parents ?",
                "pertinence",
                ("salarie", "partenaire", "habitant"),
                indicators=[
                    Ind(
                        "clas_enfants",
                        "Enfants suivis par l'accompagnement à la scolarité sur orientation "
                        "de l'école",
                        "sum",
                        "manual",
                        unit="enfants",
                        baseline="12",
                        baseline_note="année scolaire 2021-2022",
                        target="24",
                        values={2023: "14", 2024: "19", 2025: "22"},
                    ),
                    Ind(
                        "clas_parents",
                        "Participations des parents aux rencontres parents–enseignants",
                        "sum",
                        "activity_records",
                        {"activity": "rencontres-parents-enseignants", "measure": "attendances"},
                        unit="participations",
                    ),
                ],
            ),
        ],
    ),
    Goal(
        "lieux",
        "territoire",
        "Le plateau compte des lieux de rencontre ouverts et animés par les habitants",
        "Les trois jardins partagés, le troc de graines, la salle des fêtes.",
        [
            Q(
                "Les jardins partagés et le troc de graines créent-ils des liens entre des "
                "habitants qui ne se connaissaient pas ?",
                "impact",
                ("habitant", "benevole"),
                indicators=[
                    Ind(
                        "liens_temoignages",
                        "Ce que les habitants disent des liens créés aux jardins",
                        "themes",
                        "testimonies",
                        {"themes": ["liens entre voisins", "entraide", "transmission"]},
                        nature="qualitative",
                        description="Témoignages recueillis au troc de graines et aux "
                        "chantiers collectifs, codés par thèmes.",
                    ),
                ],
            ),
        ],
    ),
    Goal(
        "benevoles",
        "communaute",
        "Les bénévoles gagnent en confiance, en compétences et en pouvoir d'agir",
        "Le conseil d'administration a voulu savoir ce que le bénévolat apporte aux bénévoles.",
        [
            Q(
                "Qu'est-ce que le bénévolat au centre apporte aux bénévoles eux-mêmes ?",
                "impact",
                ("benevole", "salarie", "administrateur"),
                indicators=[
                    Ind(
                        "confiance_benevoles",
                        "Évolution de la confiance en soi des bénévoles",
                        "change",
                        "survey_question",
                        {
                            "survey": VOLUNTEERS,
                            "question": "confiance_apres",
                            "before_question": "confiance_avant",
                        },
                        unit="points sur 5",
                        description="Écart moyen entre « avant de devenir bénévole » et "
                        "« aujourd'hui », sur les mêmes personnes.",
                        target="1",
                    ),
                    Ind(
                        "responsabilites",
                        "Part des bénévoles qui ont pris une responsabilité nouvelle",
                        "share",
                        "survey_question",
                        {"survey": VOLUNTEERS, "question": "nouvelle_responsabilite"},
                        unit="%",
                        condition=("eq", "oui"),
                        target="40",
                    ),
                    Ind(
                        "heures_benevoles",
                        "Heures de bénévolat",
                        "sum",
                        "volunteer_time",
                        {"measure": "hours", "activity": None},
                        unit="heures",
                        baseline="5200",
                        baseline_note="2022",
                        target="6500",
                        breakdowns=("group",),
                    ),
                ],
            ),
        ],
    ),
    Goal(
        "partenaires",
        "communaute",
        "Chaque partenaire trouve dans la coopération un appui pour ses propres missions",
        "L'école, la mairie, la CAF et les Jardins partagés.",
        [
            Q(
                "Notre manière de coopérer (comité de pilotage, rencontres) permet-elle à chaque "
                "partenaire d'y trouver son compte pour un temps raisonnable ?",
                "efficience",
                ("partenaire", "salarie"),
                about="process",
                indicators=[
                    Ind(
                        "copil",
                        "Participations des partenaires aux comités de pilotage",
                        "sum",
                        "meetings",
                        {"meeting_types": ["comite_pilotage"], "measure": "attendances"},
                        unit="participations",
                        breakdowns=("member",),
                    ),
                    Ind(
                        "appui_partenaires",
                        "Appui que les partenaires disent trouver dans la coopération",
                        "mean",
                        "survey_question",
                        {"survey": PARTNERS, "question": "appui_missions"},
                        unit="sur 5",
                        target="4",
                        breakdowns=("member",),
                    ),
                ],
            ),
        ],
    ),
]

TRANSVERSAL = [
    Q(
        "Les habitants et les bénévoles ont-ils eu leur mot à dire dans la conduite du projet "
        "social ?",
        "coherence",
        ("habitant", "benevole", "administrateur"),
        about="process",
        indicators=[
            Ind(
                "instances",
                "Habitants présents aux assemblées et commissions du centre",
                "sum",
                "manual",
                unit="personnes",
                baseline="70",
                baseline_note="2022",
                target="100",
                values={2023: "74", 2024: "88", 2025: "97"},
            ),
        ],
    ),
]

CHAIN_LINKS = [
    # ressources, including the support functions that make the activities possible
    Link("equipe", "resource", "Équipe d'animation familles (1,5 ETP)", "staff_time"),
    Link("benevoles", "resource", "Bénévoles : aide aux devoirs, jardins, accueil",
         "volunteer_time"),
    Link("financements", "resource", "Prestation de service CAF et subvention communale", "money"),
    Link("support", "resource", "Accueil, comptabilité et ressources humaines du centre",
         "support"),
    Link("locaux", "resource", "Salles de l'école et du centre, parcelles des jardins", "premises"),
    # activités
    Link("cafes", "activity", "Cafés des parents"),
    Link("clas", "activity", "Accompagnement à la scolarité avec l'école des Courtils"),
    Link("numerique", "activity", "Ateliers numériques itinérants dans les hameaux"),
    Link("jardins", "activity", "Jardins partagés et troc de graines"),
    Link("formation", "activity", "Accueil et formation des bénévoles"),
    # réalisations
    Link("rencontres", "output", "Un café des parents par mois et des rencontres avec l'école"),
    Link("devoirs", "output", "Aide aux devoirs deux soirs par semaine"),
    Link("permanences", "output", "Permanences numériques dans quatre hameaux"),
    Link("parcelles", "output", "Trois jardins cultivés, un troc de graines par saison"),
    Link("formes", "output", "Bénévoles formés (premiers secours, animation, numérique)"),
    # effets
    Link("parents_surs", "effect", "Parents plus sûrs d'eux dans leur rôle", target="habitants",
         goals=("parents",), indicators=("parents_aise", "familles_cafes")),
    Link("moins_isoles", "effect", "Habitants des hameaux moins isolés, droits ouverts",
         target="habitants", goals=("hameaux",), indicators=("hameaux_participants", "demarches")),
    Link("agir_ensemble", "effect", "École, mairie et centre agissent ensemble",
         target="territoire", goals=("ecole_mairie",), indicators=("clas_enfants",)),
    Link("benevoles_confiants", "effect", "Bénévoles plus confiants, qui prennent des "
         "responsabilités", target="communaute", goals=("benevoles",),
         indicators=("confiance_benevoles", "responsabilites")),
    # communs
    Link("voisinage", "common", "Liens de voisinage et entraide sur le plateau",
         goals=("lieux",), indicators=("liens_temoignages",)),
    Link("pouvoir_agir", "common", "Pouvoir d'agir des habitants"),
    Link("confiance", "common", "Confiance entre les familles et les institutions"),
]  # fmt: skip

CHAIN_EDGES = [
    ("equipe", "cafes", ""),
    ("equipe", "clas", ""),
    ("equipe", "formation", ""),
    ("benevoles", "clas", ""),
    ("benevoles", "jardins", ""),
    ("financements", "cafes", ""),
    ("financements", "numerique", ""),
    ("support", "formation", ""),
    ("support", "numerique", ""),
    ("locaux", "clas", ""),
    ("locaux", "jardins", ""),
    ("cafes", "rencontres", ""),
    ("clas", "devoirs", ""),
    ("clas", "rencontres", ""),
    ("numerique", "permanences", ""),
    ("jardins", "parcelles", ""),
    ("formation", "formes", ""),
    ("rencontres", "parents_surs", ""),
    ("rencontres", "agir_ensemble", ""),
    ("devoirs", "parents_surs", ""),
    ("permanences", "moins_isoles", ""),
    ("parcelles", "moins_isoles", ""),
    ("formes", "benevoles_confiants", ""),
    ("parents_surs", "confiance", ""),
    ("agir_ensemble", "confiance", ""),
    ("moins_isoles", "voisinage", ""),
    ("benevoles_confiants", "pouvoir_agir", ""),
    # The chain renews what it draws on: these links go back to the resources.
    ("pouvoir_agir", "benevoles", "des habitants deviennent bénévoles"),
    ("voisinage", "locaux", "des voisins prêtent terrains et outils"),
    ("confiance", "financements", "la convention CAF et la subvention sont renouvelées"),
]

CHAIN_CONTRIBUTIONS = [
    ("equipe", "falaises", "cost", "hours", "2700", "62000", "1,5 ETP d'animatrices familles"),
    ("support", "falaises", "cost", "euros", None, "18500",
     "part de l'accueil, de la comptabilité et de la paie consacrée à ces actions"),
    ("benevoles_confiants", "falaises", "benefit", "skills", None, None,
     "des bénévoles fidèles qui animent et représentent le centre"),
    ("financements", "mairie-saint-aubin-sur-falaise", "cost", "euros", None, "15000",
     "subvention de fonctionnement"),
    ("locaux", "mairie-saint-aubin-sur-falaise", "cost", "premises", None, "4000",
     "prêt de la salle des fêtes et du minibus communal"),
    ("moins_isoles", "mairie-saint-aubin-sur-falaise", "benefit", "other", None, None,
     "moins de demandes sans réponse à l'accueil de la mairie"),
    ("locaux", "ecole-des-courtils", "cost", "premises", None, None,
     "une salle de classe deux soirs par semaine"),
    ("clas", "ecole-des-courtils", "cost", "hours", "60", None,
     "temps des enseignants aux rencontres avec les parents"),
    ("agir_ensemble", "ecole-des-courtils", "benefit", "network", None, None,
     "des parents plus présents à l'école"),
    ("financements", "caf-seine-maritime", "cost", "euros", None, "48000",
     "prestation de service animation collective familles"),
    ("parents_surs", "caf-seine-maritime", "benefit", "visibility", None, None,
     "objectifs de la convention parentalité atteints sur un territoire rural"),
    ("benevoles", "jardins-du-plateau", "cost", "hours", "900", None, "bénévoles jardiniers"),
    ("locaux", "jardins-du-plateau", "cost", "premises", None, None, "trois parcelles"),
    ("voisinage", "jardins-du-plateau", "benefit", "network", None, None,
     "de nouveaux adhérents venus des cafés des parents"),
]  # fmt: skip


@step(40, "Cadre d'évaluation et chaîne de valeur des Falaises")
def build_falaises_evaluation(world: DemoWorld) -> None:
    project = world.projects[PROJECT]
    referente = world.users["referente@falaises.demo"]
    framework = actions.framework_for(project)
    framework.title = "Évaluation du projet social 2023-2026"
    framework.save(update_fields=["title"])
    content = fill_framework(
        framework,
        GOALS,
        transversal=TRANSVERSAL,
        period=PERIOD,
        by=referente,
        session="Ateliers d'écriture du cadre (novembre–décembre 2023) : %(goals)s objectifs, "
        "%(questions)s questions, %(indicators)s indicateurs",
    )
    actions.validate_framework(
        framework,
        on=date(2024, 1, 18),
        participants=(
            "Comité de pilotage du 18 janvier 2024 : six habitants et bénévoles, deux "
            "administratrices, l'équipe d'animation, la mairie, l'école des Courtils, la CAF "
            "et les Jardins partagés du Plateau."
        ),
        by=world.users["direction@falaises.demo"],
    )
    # Two changes after validation, kept in the history.
    parents = content.indicators["parents_aise"]
    parents.target_value = 70
    parents.target_note = "relevée après le bilan d'étape de janvier 2025"
    parents.full_clean()
    actions.save_item(framework, parents, by=referente, changed=["target_value", "target_note"])
    volunteers_question = content.goals["benevoles"].questions.get()
    trained = add_indicator(
        framework,
        volunteers_question,
        Ind(
            "benevoles_formes",
            "Bénévoles formés dans l'année",
            "sum",
            "manual",
            unit="bénévoles",
            description="Premiers secours, animation de groupe, accompagnement numérique.",
            target="20",
            values={2024: "12", 2025: "17"},
        ),
        PERIOD,
        order=90,
        by=referente,
    )
    actions.record_change(
        framework, f"Indicateur ajouté : {trained}", by=referente, model="indicator"
    )

    members = {slug: world.organisations[slug] for slug in {row[1] for row in CHAIN_CONTRIBUTIONS}}
    _chain, links = build_chain(
        project,
        "Familles, partenariats et bénévolat",
        "Ce que les partenariats apportent aux familles et ce que le bénévolat apporte aux "
        "bénévoles, de l'équipe et des locaux jusqu'aux communs du plateau.",
        CHAIN_LINKS,
        CHAIN_EDGES,
        CHAIN_CONTRIBUTIONS,
        goals=content.goals,
        indicators=content.indicators,
        organisations=members,
        by=referente,
    )
    add_pathway(
        content.goals["benevoles"],
        "Du coup de main à la responsabilité",
        "projet social 2027-2030",
        [
            (
                "Des habitants rendent un premier service ponctuel",
                "L'accueil repère les envies et propose des missions courtes, sans engagement.",
                None,
            ),
            (
                "Ils sont formés et accompagnés",
                "Le centre garde un animateur vie associative et un budget de formation.",
                None,
            ),
            (
                "Ils se sentent plus confiants et plus compétents",
                "Les bénévoles ont des retours réguliers sur ce qu'ils apportent.",
                "benevoles_confiants",
            ),
            (
                "Ils prennent des responsabilités : commissions, conseil d'administration",
                "Les instances laissent une vraie place aux nouveaux venus.",
                None,
            ),
        ],
        links,
    )
    world.extra["falaises_survey_codes"] = SURVEY_QUESTIONS
