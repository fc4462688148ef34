"""Demo, order 70: Les Falaises' surveys and their answers.

The volunteers' survey (37 people: what each brings to the centre, what the centre brings them,
self-confidence before and today), the families' survey and the partners' survey: the ones the
framework's indicators designate by identifier and question code (step 40). Answers are drawn
from a fixed seed, so every demo database holds the same figures.
"""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from maillage.collection import surveys
from maillage.collection.models import Answer, Campaign, Question, Response, Section, Survey
from maillage.demo.registry import DemoWorld, step
from maillage.demo.survey_data import add_choices as _choices
from maillage.demo.survey_data import add_question as _question
from maillage.demo.survey_data import add_survey

BRINGS = [
    ("temps", "Du temps, régulièrement"),
    ("savoir_faire", "Un savoir-faire (jardinage, cuisine, bricolage, informatique…)"),
    ("ecoute", "De l'écoute et de la présence"),
    ("idees", "Des idées et des projets"),
    ("reseau", "Mes contacts dans la commune"),
]
GAINS = [
    ("liens", "Des liens, des amitiés"),
    ("utile", "Le sentiment d'être utile"),
    ("competences", "De nouvelles compétences"),
    ("confiance", "Plus de confiance en moi"),
    ("sortir", "Une raison de sortir de chez moi"),
]
WORDS = [
    "Je suis arrivée au centre après mon déménagement, je ne connaissais personne. Aujourd'hui "
    "j'anime l'atelier couture le mardi.",
    "L'aide aux devoirs m'a redonné confiance : je ne pensais pas pouvoir expliquer des maths "
    "à des enfants.",
    "Au jardin, on parle de tout, on se rend des services. C'est devenu ma deuxième famille.",
    "J'ai pris la présidence de la commission animation, moi qui n'osais pas parler en réunion.",
    "Être bénévole, c'est aussi apprendre : la formation premiers secours m'a servi dans ma vie.",
    "Je viens pour les autres, mais finalement c'est moi qui reçois le plus.",
    "Le centre m'a proposé de venir juste une fois pour la fête de quartier, et je suis restée.",
]


def _survey(world, code, title, introduction) -> Survey:
    return add_survey(
        world.organisations["falaises"], world.projects["projet-social-falaises-2023-2026"],
        world.users["referente@falaises.demo"], code, title, introduction,
    )  # fmt: skip


def _campaign(survey, title, opens_on, closes_on) -> Campaign:
    campaign = Campaign(
        survey=survey, title=title, opens_on=opens_on, closes_on=closes_on, closed_at=None
    )
    campaign.full_clean()
    campaign.save()
    campaign.closed_at = timezone.make_aware(datetime.combine(closes_on, time(18)))
    campaign.save(update_fields=["closed_at"])
    return campaign


def _store(survey, campaign, rows: list[dict], rng: random.Random, paper_share=0.3) -> int:
    """Write responses in bulk: each row maps question codes to a value (list, number or text)."""
    questions = {q.code: q for q in survey.questions.all()}
    start = datetime.combine(campaign.opens_on, time(10))
    span = (campaign.closes_on - campaign.opens_on).days or 1
    responses = Response.objects.bulk_create(
        Response(
            survey=survey,
            campaign=campaign,
            submission_key=uuid.UUID(int=rng.getrandbits(128)),
            channel=Response.Channel.PAPER if rng.random() < paper_share else Response.Channel.WEB,
            respondent_group=(row.get("groupe") or [""])[0],
            submitted_at=timezone.make_aware(start + timedelta(days=rng.randrange(span))),
        )
        for row in rows
    )
    answers = []
    for response, row in zip(responses, rows, strict=True):
        for code, value in row.items():
            question = questions[code]
            answer = Answer(response=response, question=question)
            if isinstance(value, list):
                answer.choices = value
                if question.type == Question.Type.SCALE:
                    answer.number = Decimal(value[0])
            elif isinstance(value, int | float | Decimal):
                answer.number = Decimal(str(value))
            elif isinstance(value, date):
                answer.date = value
            else:
                answer.text = value
            answers.append(answer)
    Answer.objects.bulk_create(answers)
    return len(responses)


def _scale(rng, centre: float, top=5) -> list[str]:
    return [str(min(top, max(1, round(rng.gauss(centre, 0.8)))))]


def _volunteers(world, rng) -> Survey:
    survey = _survey(
        world,
        "benevoles-falaises-2025",
        "Ce que le bénévolat vous apporte",
        "Le conseil d'administration veut savoir ce que le bénévolat apporte aux bénévoles. "
        "Une dizaine de minutes, anonyme.",
    )
    you = Section.objects.create(survey=survey, title="Vous et le centre", order=1)
    gains = Section.objects.create(survey=survey, title="Ce que le centre vous apporte", order=2)
    _question(survey, you, 1, "groupe", "group", "Au centre, vous êtes surtout :", required=True)
    brings = _question(
        survey, you, 2, "apports", "multiple", "Qu'apportez-vous au centre ?", required=True
    )
    _choices(brings, BRINGS)
    _question(
        survey, you, 3, "heures_mois", "number", "Combien d'heures par mois, environ ?",
        help_text="Une estimation suffit.",
    )  # fmt: skip
    receives = _question(
        survey, gains, 1, "gains", "multiple", "Que vous apporte le centre ?", required=True
    )
    _choices(receives, GAINS)
    surveys.add_retrospective_pair(
        survey,
        code="confiance",
        label="ma confiance en moi",
        scale_max=5,
        min_label="pas du tout",
        max_label="tout à fait",
        section=gains,
        order=2,
        required=True,
    )
    responsibility = _question(
        survey, gains, 4, "nouvelle_responsabilite", "yes_no",
        "Depuis que vous êtes bénévole, avez-vous pris une responsabilité que vous n'aviez "
        "jamais prise (animer, représenter, décider) ?", required=True,
    )  # fmt: skip
    _question(
        survey, gains, 5, "laquelle", "short_text", "Laquelle ?",
        show_if_question=responsibility, show_if_values=["oui"],
    )  # fmt: skip
    _question(survey, gains, 6, "un_mot", "long_text", "Un mot sur ce que vous vivez au centre ?")
    campaign = _campaign(survey, "Bénévoles — automne 2025", date(2025, 10, 6), date(2025, 11, 28))
    rows = []
    for _n in range(37):
        before = int(_scale(rng, 2.6)[0])
        after = min(5, max(before, int(_scale(rng, before + 1.2)[0])))
        took = rng.random() < 0.46
        row = {
            "groupe": [rng.choice(["benevole"] * 8 + ["administrateur"] * 2 + ["habitant"])],
            "apports": rng.sample([v for v, _l in BRINGS], rng.randint(1, 3)),
            "heures_mois": rng.choice([4, 6, 8, 10, 12, 16, 20]),
            "gains": rng.sample([v for v, _l in GAINS], rng.randint(1, 3)),
            "confiance_avant": [str(before)],
            "confiance_apres": [str(after)],
            "nouvelle_responsabilite": ["oui" if took else "non"],
        }
        if took:
            row["laquelle"] = rng.choice(
                ["Animer l'atelier couture", "Représenter le centre à la mairie",
                 "Membre du conseil d'administration", "Référente du jardin"]
            )  # fmt: skip
        if rng.random() < 0.5:
            row["un_mot"] = rng.choice(WORDS)
        rows.append(row)
    _store(survey, campaign, rows, rng)
    # A campaign open now, so that the demo's public link can be tried on a phone.
    today = timezone.localdate()
    Campaign.objects.create(
        survey=survey,
        title="Nouveaux bénévoles — en continu",
        opens_on=today - timedelta(days=7),
        closes_on=today + timedelta(days=90),
    )
    return survey


def _families(world, rng) -> Survey:
    survey = _survey(
        world,
        "familles-falaises-2025",
        "Les familles et le centre social",
        "Quelques questions sur ce que les actions familles vous apportent. Anonyme.",
    )
    _question(survey, None, 1, "groupe", "group", "Vous êtes :", required=True)
    _question(
        survey, None, 2, "aise_role_parent", "scale",
        "Aujourd'hui, je me sens à l'aise dans mon rôle de parent.", required=True,
        scale_max=5, scale_min_label="pas du tout", scale_max_label="tout à fait",
    )  # fmt: skip
    _question(
        survey, None, 3, "demarche_reussie", "yes_no",
        "Grâce au centre, j'ai pu faire une démarche (CAF, santé, mairie) que je n'arrivais pas "
        "à faire seul(e).",
    )  # fmt: skip
    campaign = _campaign(survey, "Familles — 2025", date(2025, 5, 12), date(2025, 6, 27))
    rows = [
        {
            "groupe": ["habitant"],
            "aise_role_parent": _scale(rng, 3.7),
            "demarche_reussie": ["oui" if rng.random() < 0.55 else "non"],
        }
        for _n in range(52)
    ]
    _store(survey, campaign, rows, rng, paper_share=0.5)
    return survey


def _partners(world, rng) -> Survey:
    survey = _survey(
        world,
        "partenaires-falaises-2025",
        "Ce que la coopération apporte aux partenaires",
        "Pour le bilan du projet social : votre regard sur notre coopération.",
    )
    _question(survey, None, 1, "groupe", "group", "Vous répondez en tant que :", required=True)
    _question(
        survey, None, 2, "appui_missions", "scale",
        "La coopération avec le centre social aide notre structure dans ses propres missions.",
        required=True, scale_max=5, scale_min_label="pas du tout", scale_max_label="tout à fait",
    )  # fmt: skip
    campaign = _campaign(survey, "Partenaires — 2025", date(2025, 11, 3), date(2025, 12, 12))
    rows = [{"groupe": ["partenaire"], "appui_missions": _scale(rng, 4.0)} for _n in range(9)]
    _store(survey, campaign, rows, rng, paper_share=0)
    return survey


@step(70, "Questionnaires des Falaises")
def build_falaises_surveys(world: DemoWorld) -> None:
    rng = random.Random(2025)
    built = [_volunteers(world, rng), _families(world, rng), _partners(world, rng)]
    world.extra["falaises_surveys"] = {survey.code: survey.pk for survey in built}
