"""Demo, order 85: testimonies with their consent, at Les Falaises and in the Collectif Bien
Vieillir.

Most were gathered at the end of activities or in interviews, a few come from the open answers of
the volunteers' survey (turned into testimonies as a user does it from the answers page). Each
carries the use its author agreed to; names appear only where the person agreed to be named.
"""

from __future__ import annotations

from datetime import date

from maillage.collection import consents, testimonies
from maillage.collection.models import Answer, Testimony
from maillage.demo.registry import DemoWorld, step
from maillage.evaluation.models import TransformationGoal

REPORTS, PUBLIC, INTERNAL = "reports", "public", "internal"

# text, group, name (only with consent), date, scope, context, tags, goal key
FALAISES = [
    ("Avant, je restais chez moi avec les enfants. Au café des parents, j'ai rencontré d'autres "
     "mamans du plateau, on s'appelle maintenant quand ça ne va pas.", "habitant", "", "2025-03-14",
     REPORTS, "Bilan du café des parents", "parentalité, isolement", "parents"),
    ("Quand mon fils a eu des problèmes à l'école, l'animatrice m'a accompagnée au rendez-vous. "
     "Je n'osais pas y aller seule.", "habitant", "", "2025-05-20", REPORTS,
     "Entretien individuel", "parentalité, école", "parents"),
    ("Je ne savais pas que j'avais droit à la prime d'activité. L'atelier numérique au hameau m'a "
     "permis de faire la demande, ça change notre mois.", "habitant", "Monique Picard",
     "2025-06-11", PUBLIC, "Atelier numérique itinérant à Bénarville", "numérique, accès aux "
     "droits", "hameaux"),
    ("Le bus ne passe plus chez nous. Que l'atelier vienne au hameau, c'est la seule façon pour "
     "moi d'apprendre l'ordinateur.", "habitant", "", "2025-01-22", REPORTS,
     "Atelier numérique itinérant à Criquetot", "numérique, isolement", "hameaux"),
    ("Les rencontres parents-enseignants au centre, c'est moins impressionnant qu'à l'école. On "
     "parle d'égal à égal.", "habitant", "", "2025-02-04", REPORTS,
     "Rencontre parents-enseignants", "école, parentalité", "ecole_mairie"),
    ("Grâce au centre, des familles que nous ne voyions jamais viennent aux réunions. Le lien "
     "avec l'école a changé.", "partenaire", "", "2025-06-30", REPORTS,
     "Bilan de l'accompagnement à la scolarité avec l'école des Courtils", "école, coopération",
     "ecole_mairie"),
    ("Au jardin, j'ai appris à tailler les tomates avec Raymond, et moi je lui ai montré les "
     "semis de piments de chez nous.", "habitant", "Khadija Benali", "2025-05-17", PUBLIC,
     "Chantier collectif aux Jardins du Plateau", "liens entre voisins, transmission", "lieux"),
    ("Je connaissais mes voisins de vue depuis vingt ans. C'est au troc de graines qu'on s'est "
     "vraiment parlé.", "habitant", "", "2025-04-05", REPORTS, "Troc de graines",
     "liens entre voisins", "lieux"),
    ("Quand je me suis cassé le bras, ce sont les jardiniers qui ont arrosé ma parcelle et fait "
     "mes courses.", "habitant", "", "2025-09-13", REPORTS, "Chantier collectif",
     "entraide, liens entre voisins", "lieux"),
    ("Les anciens du jardin nous apprennent tout, et nous on leur apporte un peu de jeunesse !",
     "habitant", "", "2026-06-20", PUBLIC, "Fête des jardins", "transmission", "lieux"),
    ("J'ai pris la présidence de la commission animation, moi qui n'osais pas parler en réunion.",
     "benevole", "Jeanne Martin", "2025-11-20", PUBLIC, "Entretien", "confiance, bénévolat",
     "benevoles"),
    ("La formation premiers secours proposée aux bénévoles m'a servi le mois dernier, chez ma "
     "voisine.", "benevole", "", "2025-12-02", REPORTS, "Réunion des bénévoles",
     "compétences, bénévolat", "benevoles"),
    ("Je suis venu pour aider aux devoirs, et j'ai fini par animer la réunion de rentrée devant "
     "quarante parents.", "benevole", "Lucien Leroy", "2025-09-30", REPORTS,
     "Réunion de rentrée de l'accompagnement scolaire", "confiance, bénévolat", "benevoles"),
    ("Le centre m'a proposé d'animer un atelier, je n'aurais jamais osé le demander.", "benevole",
     "", "2026-03-10", INTERNAL, "Entretien annuel des bénévoles", "confiance", "benevoles"),
    ("La convention avec le centre nous permet de toucher des familles que la mairie seule ne "
     "rencontre pas.", "partenaire", "", "2025-12-05", REPORTS, "Comité de pilotage",
     "coopération", "partenaires"),
    ("Les Jardins du Plateau n'auraient pas pu ouvrir la troisième parcelle sans les bénévoles "
     "du centre.", "partenaire", "", "2026-04-18", REPORTS, "Assemblée générale des Jardins",
     "coopération, entraide", "partenaires"),
    ("Il y a des jours où c'est lourd, on manque de bras à l'accueil.", "salarie", "",
     "2026-01-15", INTERNAL, "Réunion d'équipe", "fonctionnement", ""),
    ("Voir une maman qui ne parlait pas un mot de français animer la fête de quartier, c'est pour "
     "ça que je fais ce métier.", "salarie", "", "2026-06-27", REPORTS, "Bilan de la fête",
     "pouvoir d'agir", "parents"),
    ("On a monté la sortie à la mer nous-mêmes, le centre nous a juste prêté le minibus et fait "
     "confiance.", "habitant", "", "2026-07-24", PUBLIC, "Sortie familles", "pouvoir d'agir, "
     "parentalité", "parents"),
    ("Ma fille a repris confiance. Elle lève la main en classe maintenant, la maîtresse me l'a "
     "dit.", "habitant", "", "2026-05-12", REPORTS, "Accompagnement scolaire",
     "école, confiance", "ecole_mairie"),
]  # fmt: skip

BIEN_VIEILLIR = [
    ("moulin", "Le jeudi, c'est le jour où Martine vient. Je mets la nappe, je fais un gâteau. "
     "Ça me fait une semaine.", "habitant", "", "2026-03-19", REPORTS,
     "Visite de convivialité", "isolement, visites", "chez_soi"),
    ("moulin", "Depuis le diagnostic, on se connaît entre centres : quand une dame de la "
     "Roseraie déménage chez nous, on se passe le relais.", "salarie", "", "2026-05-07", REPORTS,
     "Réunion mensuelle du collectif", "coopération, coordination", "collectif"),
    ("tilleuls", "La marche douce, je n'y croyais pas. Six mois après, je monte à la chapelle "
     "sans m'arrêter.", "habitant", "Raymond Vidal", "2026-04-09", PUBLIC, "Marche douce",
     "santé, convivialité", "chez_soi"),
    ("tilleuls", "Je suis pharmacienne : je sais maintenant à qui téléphoner quand une cliente "
     "âgée me paraît perdue.", "partenaire", "", "2026-03-26", REPORTS,
     "Questionnaire partenaires", "orientation, coopération", "acteurs"),
    ("passerelle", "Je ne sortais plus depuis la mort de mon mari. Le repas partagé du mardi m'a "
     "remise dans la vie.", "habitant", "", "2026-02-24", REPORTS, "Repas partagé",
     "isolement, convivialité", "chez_soi"),
    ("hauts-de-bellerive", "Le CCAS nous a signalé monsieur B. : personne ne savait qu'il vivait "
     "sans chauffage. Aujourd'hui il a ses aides.", "salarie", "", "2026-01-30", INTERNAL,
     "Comité technique", "accès aux droits, repérage", "droits"),
    ("lavoir", "Être visiteuse bénévole m'apprend autant qu'aux personnes que je visite.",
     "benevole", "Colette Arnaud", "2026-05-28", PUBLIC, "Formation des bénévoles visiteurs",
     "bénévolat, visites", "chez_soi"),
    ("roseraie", "Avec les ateliers téléphone, j'envoie des photos à mes petits-enfants au "
     "Canada.", "habitant", "", "2026-06-16", REPORTS, "Atelier numérique seniors",
     "numérique, lien familial", "chez_soi"),
    ("coteaux", "Le bailleur nous appelle avant d'envoyer un courrier de relance à un locataire "
     "âgé : on passe le voir ensemble.", "salarie", "", "2026-09-10", REPORTS,
     "Entretien avec le bailleur", "coopération, accès aux droits", "acteurs"),
    ("moulin", "Partager la responsable RH, c'est ce qui nous a permis d'embaucher la "
     "coordinatrice du collectif.", "administrateur", "", "2026-06-12", REPORTS,
     "Conseil d'administration", "mutualisation", "collectif"),
]  # fmt: skip


def _goal(project, key_title: str):
    return TransformationGoal.objects.filter(
        framework__project=project, title__istartswith=key_title
    ).first()


FALAISES_GOALS = {
    "parents": "Les parents se sentent",
    "hameaux": "Les habitants des hameaux",
    "ecole_mairie": "L'école, la mairie",
    "lieux": "Le plateau compte",
    "benevoles": "Les bénévoles gagnent",
    "partenaires": "Chaque partenaire",
}
BIEN_VIEILLIR_GOALS = {
    "chez_soi": "Les personnes de plus de 60 ans",
    "droits": "Les seniors isolés",
    "acteurs": "Pharmacies, bailleurs",
    "collectif": "Les sept centres",
}


def _add(organisation, project, row, goal, user, *, answer=None) -> Testimony:
    text, group, name, said_on, scope, context, tags, _key = row
    day = date.fromisoformat(said_on)
    testimony = Testimony(
        organisation=organisation,
        project=project,
        text=text,
        author_group=group,
        author_name=name,
        name_consent=bool(name),
        said_on=day,
        consent_scope=scope,
        consent_on=day,
        context=context,
        source_answer=answer,
        created_by=user,
    )
    testimony.full_clean(exclude=["created_by", "source_answer"])
    if scope == PUBLIC and name:
        # Agreed first to reports only, then to a public leaflet: the first record is replaced.
        testimony.consent_scope = REPORTS
        testimony.save()
        consents.sync_testimony(testimony, by=user, channel="paper")
        testimony.consent_scope = scope
    testimony.save()
    consents.sync_testimony(testimony, by=user, channel="paper" if answer is None else "oral")
    testimonies.set_tags(testimony, testimonies.parse_tags(tags))
    if goal:
        testimony.goals.add(goal)
    return testimony


@step(85, "Témoignages recueillis avec leur consentement")
def build_testimonies(world: DemoWorld) -> None:
    falaises = world.organisations["falaises"]
    project = world.projects["projet-social-falaises-2023-2026"]
    user = world.users["referente@falaises.demo"]
    for row in FALAISES:
        _add(falaises, project, row, _goal(project, FALAISES_GOALS.get(row[7], "-")), user)
    # Open answers of the volunteers' survey, turned into testimonies from the answers page.
    seen = set()
    volunteers_goal = _goal(project, FALAISES_GOALS["benevoles"])
    for answer in testimonies.open_answers(falaises.surveys.get(code="benevoles-falaises-2025")):
        already = Testimony.objects.filter(organisation=falaises, text=answer.text).exists()
        if answer.question.code != "un_mot" or answer.text in seen or already or len(seen) >= 5:
            continue
        seen.add(answer.text)
        initial = testimonies.initial_from_answer(answer)
        row = (answer.text, initial["author_group"], "", initial["said_on"].isoformat(), REPORTS,
               initial["context"], "bénévolat", "benevoles")  # fmt: skip
        _add(falaises, project, row, volunteers_goal, user, answer=Answer.objects.get(pk=answer.pk))
    bien_vieillir = world.projects["bien-vieillir"]
    for slug, *row in BIEN_VIEILLIR:
        _add(
            world.organisations[slug],
            bien_vieillir,
            tuple(row),
            _goal(bien_vieillir, BIEN_VIEILLIR_GOALS[row[7]]),
            world.users[f"direction@{slug}.demo"],
        )
