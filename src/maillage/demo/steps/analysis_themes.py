"""Demo, order 90: Les Falaises' coding themes, the passages the référente coded by hand, and the
answers the steering committee wrote to two evaluative questions.

Suggestions of the assisted coding are not made here (the French model takes seconds to load):
the demo user asks for them from the « Thèmes » page.
"""

from __future__ import annotations

from maillage.analysis.coding import CodingError, Source, code_passage, sentences
from maillage.analysis.models import QuestionAnswer, Theme
from maillage.collection.models import Testimony
from maillage.demo.registry import DemoWorld, step

PROJECT = "projet-social-falaises-2023-2026"
THEMES = [
    # name, parent, description, examples
    ("liens entre voisins", None,
     "Des habitants qui ne se connaissaient pas se parlent, se reconnaissent, se fréquentent.",
     "On ne se connaissait pas, maintenant on se dit bonjour.\n"
     "J'ai rencontré mes voisins au jardin."),
    ("entraide", None,
     "Des habitants se rendent service, se soutiennent dans les moments difficiles.",
     "Ils ont fait mes courses quand j'étais malade.\nOn s'appelle quand ça ne va pas."),
    ("transmission", None,
     "Des savoirs et savoir-faire passent d'une personne ou d'une génération à l'autre.",
     "Elle m'a appris à coudre.\nLes anciens nous apprennent à jardiner."),
    ("pouvoir d'agir", None,
     "Les personnes prennent des initiatives et des responsabilités, osent agir.",
     "On a monté le projet nous-mêmes."),
    ("confiance en soi", "pouvoir d'agir",
     "Les personnes osent davantage, se sentent capables.",
     "Je n'osais pas parler en réunion.\nJ'ai repris confiance en moi."),
    ("parentalité", None,
     "Les parents se sentent soutenus et plus à l'aise dans leur rôle.",
     "Je me sens moins seule avec mes enfants.\nJ'ai osé aller voir la maîtresse."),
    ("accès aux droits", None,
     "Des démarches aboutissent, des droits sont ouverts.",
     "J'ai pu faire ma demande à la CAF.\nJe ne savais pas que j'y avais droit."),
]  # fmt: skip
# Which theme a testimony's keywords point to, as the référente read them.
TAG_THEMES = {
    "liens entre voisins": "liens entre voisins", "entraide": "entraide",
    "transmission": "transmission", "confiance": "confiance en soi",
    "pouvoir d'agir": "pouvoir d'agir", "parentalité": "parentalité",
    "accès aux droits": "accès aux droits",
}  # fmt: skip
ANSWERS = {
    "Qu'est-ce que le bénévolat au centre apporte aux bénévoles eux-mêmes ?": (
        "Le bénévolat renforce nettement la confiance en soi des bénévoles (+1,2 point sur 5 en "
        "moyenne, effet grand) et un quart d'entre eux a pris une responsabilité nouvelle. Les "
        "témoignages parlent de liens, d'utilité et de compétences acquises.",
        "Comité de pilotage du 12 mars 2026 : bénévoles, administratrices, équipe, CAF, mairie",
        "La part de bénévoles qui prennent des responsabilités reste en deçà de la cible (40 %).",
        "Proposer à chaque nouveau bénévole un parrainage et une première responsabilité "
        "accompagnée.",
    ),
}


@step(90, "Thèmes de codage et réponses aux questions des Falaises")
def build_themes(world: DemoWorld) -> None:
    project = world.projects[PROJECT]
    referente = world.users["referente@falaises.demo"]
    made = {}
    for name, parent, description, examples in THEMES:
        made[name] = Theme.objects.create(
            project=project, name=name, parent=made.get(parent),
            description=description, examples=examples,
        )  # fmt: skip
    testimonies = Testimony.objects.filter(project=project).prefetch_related("tags")
    for testimony in testimonies:
        source = Source("temoignage", testimony)
        first = sentences(testimony.text)[0]
        for tag in testimony.tags.all():
            theme = made.get(TAG_THEMES.get(tag.name, ""))
            if theme is None:
                continue
            try:
                code_passage(theme, source, *first, by=referente)
            except CodingError:
                continue
    framework = project.framework
    for text, (answer, who, disagreements, recommendations) in ANSWERS.items():
        question = framework.questions.get(text=text)
        QuestionAnswer.objects.create(
            question=question, text=answer, deliberated_with=who,
            disagreements=disagreements, recommendations=recommendations, updated_by=referente,
        )  # fmt: skip
