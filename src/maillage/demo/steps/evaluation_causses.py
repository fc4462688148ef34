"""Demo, order 60: the Causses network's common framework, copied into its eight structures.

The federation wrote a *socle commun* on the five dimensions the Drôme federation and CAF share
(cohésion sociale, épanouissement, gouvernance, environnement, richesses produites), then proposed
it to the eight structures, which copied it into their 2027-2030 projet social. Since then each
one has gone its own way: some only hold the copy, some adapted it, two validated theirs, two drew
a value chain, one already enters figures and one drafted a pathway of change.
"""

from __future__ import annotations

from datetime import date

from maillage.demo.evaluation_data import (
    Goal,
    Ind,
    Link,
    Q,
    add_manual_values,
    add_pathway,
    build_chain,
    fill_framework,
)
from maillage.demo.registry import DemoWorld, step
from maillage.evaluation import actions
from maillage.evaluation.models import EvaluativeQuestion, Indicator, TransformationGoal

PERIOD = (date(2027, 1, 1), date(2030, 12, 31))
SOCLE_SURVEY = "socle-causses-habitants"

GOALS = [
    Goal(
        "epanouissement",
        "habitants",
        "Épanouissement : les habitants prennent confiance et développent leurs capacités",
        "Dimension « épanouissement » du socle commun.",
        [
            Q(
                "Les habitants qui fréquentent la structure ont-ils gagné en confiance et en "
                "capacités ?",
                "impact",
                ("habitant", "benevole", "salarie"),
                indicators=[
                    Ind(
                        "confiance",
                        "Part des habitants qui disent avoir gagné en confiance",
                        "share",
                        "survey_question",
                        {"survey": SOCLE_SURVEY, "question": "confiance"},
                        unit="%",
                        condition=("gte", "4"),
                        breakdowns=("group",),
                    ),
                ],
            ),
        ],
    ),
    Goal(
        "cohesion",
        "territoire",
        "Cohésion sociale : les habitants de tous âges se rencontrent et s'entraident",
        "Dimension « cohésion sociale » du socle commun.",
        [
            Q(
                "La structure crée-t-elle des occasions de rencontre entre des habitants qui "
                "ne se croisaient pas ?",
                "efficacite",
                ("habitant", "benevole"),
                indicators=[
                    Ind(
                        "rencontres",
                        "Part des habitants qui ont rencontré de nouvelles personnes",
                        "share",
                        "survey_question",
                        {"survey": SOCLE_SURVEY, "question": "nouvelles_rencontres"},
                        unit="%",
                        condition=("eq", "oui"),
                    ),
                    Ind(
                        "intergenerationnel",
                        "Temps forts intergénérationnels organisés",
                        "sum",
                        "manual",
                        unit="temps forts",
                    ),
                ],
            ),
        ],
    ),
    Goal(
        "environnement",
        "territoire",
        "Environnement : le territoire garde des services de proximité et des pratiques durables",
        "Dimension « environnement » du socle commun : cadre de vie, mobilité, services.",
        [
            Q(
                "La structure maintient-elle des services utiles là où il n'y en a plus ?",
                "pertinence",
                ("habitant", "partenaire"),
                indicators=[
                    Ind(
                        "services",
                        "Permanences et services de proximité accueillis",
                        "latest",
                        "manual",
                        unit="services",
                    ),
                ],
            ),
        ],
    ),
    Goal(
        "gouvernance",
        "communaute",
        "Gouvernance : habitants et bénévoles participent aux décisions de la structure",
        "Dimension « gouvernance » du socle commun.",
        [
            Q(
                "Les habitants prennent-ils part aux décisions qui les concernent ?",
                "coherence",
                ("habitant", "administrateur", "benevole"),
                about="process",
                indicators=[
                    Ind(
                        "instances",
                        "Habitants membres des instances de décision",
                        "latest",
                        "manual",
                        unit="personnes",
                    ),
                ],
            ),
        ],
    ),
    Goal(
        "richesses",
        "communaute",
        "Richesses produites : la structure crée des ressources pour le territoire",
        "Dimension « richesses produites » du socle commun : emplois, bénévolat, partenariats.",
        [
            Q(
                "Quelles ressources la structure fait-elle naître sur le territoire ?",
                "impact",
                ("salarie", "administrateur", "partenaire"),
                indicators=[
                    Ind(
                        "heures",
                        "Heures de bénévolat",
                        "sum",
                        "volunteer_time",
                        {"measure": "hours", "activity": None},
                        unit="heures",
                    ),
                    Ind(
                        "partenaires",
                        "Partenaires associés aux actions",
                        "latest",
                        "manual",
                        unit="partenaires",
                    ),
                ],
            ),
        ],
    ),
]

TRANSVERSAL = [
    Q(
        "Le travail en réseau aide-t-il chaque structure à conduire son projet social ?",
        "efficience",
        ("salarie", "administrateur"),
        about="process",
        indicators=[
            Ind(
                "ateliers",
                "Participations aux ateliers collectifs du réseau",
                "sum",
                "meetings",
                {
                    "meeting_types": ["atelier_collectif"],
                    "measure": "attendances",
                    "network_sessions": True,
                },
                unit="participations",
            ),
        ],
    ),
]


def _admin(world: DemoWorld, slug: str):
    return next(user for email, user in world.users.items() if email.endswith(f"@{slug}.demo"))


def _complete_survey_sources(framework, survey: str) -> None:
    """A structure picks its own survey for the copied survey indicators (emptied by the copy)."""
    for indicator in framework.indicators.filter(source_type="survey_question"):
        code = "confiance" if "confiance" in indicator.name else "nouvelles_rencontres"
        indicator.source_params = {"survey": survey, "question": code}
        indicator.full_clean()
        indicator.save(update_fields=["source_params"])


def _own_goal(framework, title: str, question: str, by) -> None:
    goal = TransformationGoal(framework=framework, target="habitants", title=title, order=10)
    goal.full_clean()
    actions.save_item(framework, goal, by=by)
    criterion = framework.questions.first().criterion
    item = EvaluativeQuestion(
        framework=framework,
        goal=goal,
        criterion=criterion,
        text=question,
        written_with=["habitant", "salarie"],
        order=10,
    )
    item.full_clean()
    actions.save_item(framework, item, by=by)


def _small_chain(world, project, slug: str, by, activity: str, effect: str) -> dict:
    organisations = {
        slug: world.organisations[slug],
        "caf-causses": world.organisations["caf-causses"],
    }
    _chain, links = build_chain(
        project,
        f"Chaîne de valeur — {activity}",
        "",
        [
            Link("animation", "resource", "Temps d'animation", "staff_time"),
            Link("benevoles", "resource", "Bénévoles du village", "volunteer_time"),
            Link("accueil", "resource", "Accueil et gestion administrative", "support"),
            Link("activite", "activity", activity),
            Link("realisation", "output", "Rendez-vous réguliers ouverts à tous"),
            Link("effet", "effect", effect, target="habitants"),
            Link("commun", "common", "Entraide entre voisins"),
        ],
        [
            ("animation", "activite", ""),
            ("benevoles", "activite", ""),
            ("accueil", "activite", ""),
            ("activite", "realisation", ""),
            ("realisation", "effet", ""),
            ("effet", "commun", ""),
            ("commun", "benevoles", "de nouveaux bénévoles"),
        ],
        [
            ("animation", slug, "cost", "hours", "400", None, "temps de l'animateur"),
            ("effet", slug, "benefit", "visibility", None, None, "une action reconnue au village"),
            (
                "animation",
                "caf-causses",
                "cost",
                "euros",
                None,
                "9000",
                "prestation de service animation locale",
            ),
        ],  # fmt: skip
        organisations=organisations,
        by=by,
    )
    return links


@step(60, "Cadre commun du réseau des Causses")
def build_causses_evaluation(world: DemoWorld) -> None:
    network = world.networks["causses"]
    adviser = world.users["federation@causses.demo"]
    common = actions.create_network_framework(
        network, "Socle commun d'évaluation des Causses 2027-2030", by=adviser
    )
    fill_framework(
        common,
        GOALS,
        transversal=TRANSVERSAL,
        period=PERIOD,
        by=adviser,
        session="Atelier collectif du 14 octobre 2025 : %(goals)s objectifs sur les cinq "
        "dimensions, %(questions)s questions, %(indicators)s indicateurs",
    )
    actions.propose_to_network(common, by=adviser)

    frameworks = {
        slug: world.projects[f"projet-social-{slug}-2027-2030"].framework
        for slug in world.extra["causses_structures"]
    }
    progress = {}

    # Only the copy so far.
    for slug in ("le-fournil", "margeride"):
        progress[slug] = "framework_copied"

    # Adapted: their own goal and question beside the common ones.
    for slug, title, question in [
        ("estive", "Les familles des estives trouvent un lieu d'accueil l'été",
         "L'accueil d'été répond-il aux familles saisonnières ?"),
        ("caussenard", "Les jeunes du plateau ont un lieu à eux",
         "Les jeunes fréquentent-ils le local qu'ils ont aménagé ?"),
    ]:  # fmt: skip
        _own_goal(frameworks[slug], title, question, _admin(world, slug))
        progress[slug] = "goals_adapted"

    # La Lauze adapted its copy and drafted a pathway of change for its next projet social.
    lauze = frameworks["la-lauze"]
    by = _admin(world, "la-lauze")
    _complete_survey_sources(lauze, "habitants-la-lauze-2027")
    pathway = add_pathway(
        lauze.goals.get(title__startswith="Cohésion sociale"),
        "Du repas partagé à l'entraide",
        "projet social 2027-2030",
        [
            (
                "Des habitants isolés viennent au repas partagé du jeudi",
                "Le transport solidaire passe dans les hameaux ce jour-là.",
                None,
            ),
            (
                "Ils se reconnaissent et se donnent des nouvelles",
                "Le repas garde sa taille humaine (une trentaine de convives).",
                None,
            ),
            (
                "Ils se rendent des services entre voisins",
                "Quelqu'un fait le lien entre les demandes et les propositions.",
                None,
            ),
        ],  # fmt: skip
    )
    actions.record_change(lauze, f"Ajout : chemin de changement « {pathway} »", by=by)
    progress["la-lauze"] = "goals_adapted"

    # Lou Cantou drew a first value chain.
    project = world.projects["projet-social-lou-cantou-2027-2030"]
    _small_chain(world, project, "lou-cantou", _admin(world, "lou-cantou"),
                 "Ateliers cuisine et mémoire", "Aînés moins isolés")  # fmt: skip
    progress["lou-cantou"] = "chain_built"

    # La Draille validated its framework; Haut-Tarn too, and it went further (below).
    for slug, on, participants in [
        ("la-draille", date(2026, 6, 12),
         "Assemblée des habitants du 12 juin 2026 et conseil d'administration."),
        ("haut-tarn", date(2026, 5, 20),
         "Comité de pilotage du 20 mai 2026 : habitants, bénévoles, mairie, CAF."),
    ]:  # fmt: skip
        _complete_survey_sources(frameworks[slug], f"habitants-{slug}-2027")
        actions.validate_framework(
            frameworks[slug], on=on, participants=participants, by=_admin(world, slug)
        )
    progress["la-draille"] = "validated"

    # Haut-Tarn drew its chain and already enters its first figures.
    haut_tarn = frameworks["haut-tarn"]
    by = _admin(world, "haut-tarn")
    _small_chain(world, world.projects["projet-social-haut-tarn-2027-2030"], "haut-tarn", by,
                 "Café associatif du samedi", "Habitants qui se sentent moins seuls")  # fmt: skip
    for name, values in [
        ("Permanences et services de proximité accueillis", {2025: "6", 2026: "8"}),
        ("Habitants membres des instances de décision", {2025: "9", 2026: "12"}),
    ]:
        indicator = Indicator.objects.get(framework=haut_tarn, name=name)
        add_manual_values(indicator, values, by)
    progress["haut-tarn"] = "collecting"

    world.extra["causses_common_framework"] = common.pk
    world.extra["causses_progress"] = progress
