"""Demo, order 72: the Collectif Bien Vieillir's shared diagnostic, imported from spreadsheets.

Early 2026, volunteers and staff of the seven centres met seniors at home, at the market and in the
centres, and typed the paper questionnaires into a Google Forms form; the partners (pharmacies,
doctors, landlords, home-help services) answered another form. The coordinator downloaded both as
XLSX files and imported them into Maillage. This step does the same: it writes the two XLSX files
as Google Forms exports them (a « Horodateur » column, questions by their wording, answers by their
label) and runs them through the importer a user drives (columns and values guessed, every row
checked, all stored at once), so the demo shows what a real import gives.
"""

from __future__ import annotations

import io
import random
from datetime import datetime, timedelta

from openpyxl import Workbook

from maillage.collection import imports, surveys, tasks
from maillage.collection.models import ResponseImport, Section, Survey
from maillage.demo.registry import DemoWorld, step
from maillage.demo.steps.evaluation_bien_vieillir import CENTRES, DIAGNOSTIC
from maillage.demo.survey_data import add_choices as _choices
from maillage.demo.survey_data import add_question as _question
from maillage.demo.survey_data import add_survey

PARTNERS_SURVEY = "diagnostic-partenaires-bellerive-2026"
SENIORS = 412
PARTNERS = 41
CENTRE_NAMES = {
    "moulin": "Centre social du Moulin",
    "tilleuls": "Centre social des Tilleuls",
    "passerelle": "Centre social La Passerelle",
    "hauts-de-bellerive": "Centre social des Hauts de Bellerive",
    "lavoir": "Centre social Le Lavoir",
    "roseraie": "Centre social de la Roseraie",
    "coteaux": "Centre social Les Coteaux",
}
AGES = [("60_69", "60 à 69 ans"), ("70_79", "70 à 79 ans"), ("80_plus", "80 ans et plus")]
NEEDS = [
    ("voir_du_monde", "Voir du monde, ne pas rester seul"),
    ("rester_chez_soi", "Rester chez moi le plus longtemps possible"),
    ("transports", "Pouvoir me déplacer (courses, médecin)"),
    ("numerique", "Être aidé pour les démarches en ligne"),
    ("sante", "Prendre soin de ma santé"),
    ("utile", "Me sentir utile, transmettre"),
]
NEED_WEIGHTS = [30, 22, 17, 14, 10, 7]
ACTIVITIES = [
    ("aucune", "Aucune pour l'instant"),
    ("repas", "Repas partagés"),
    ("marche", "Marche douce"),
    ("memoire", "Ateliers mémoire"),
    ("numerique", "Ateliers numériques"),
    ("visites", "Visites de convivialité à domicile"),
]
PARTNER_KINDS = [
    ("pharmacie", "Pharmacie"),
    ("medecin", "Médecin ou infirmier libéral"),
    ("bailleur", "Bailleur social"),
    ("aide_domicile", "Service d'aide à domicile"),
    ("transport", "Transport à la demande"),
    ("autre", "Autre"),
]
WISHES = [
    "Qu'on vienne me voir de temps en temps, juste pour parler.",
    "Un transport pour aller au marché le jeudi, le bus ne passe plus.",
    "Des cours pour le téléphone, mes petits-enfants n'ont pas le temps.",
    "Un endroit pour déjeuner avec d'autres le midi.",
    "Savoir à qui m'adresser quand j'ai un papier que je ne comprends pas.",
    "Continuer à jardiner, même si je ne peux plus me baisser.",
    "Que les jeunes du quartier et nous, on se connaisse mieux.",
    "Depuis que mon mari est parti, les dimanches sont très longs.",
]
BRAKES = [
    "Nous ne savons pas vers qui orienter les personnes seules que nous voyons.",
    "Les centres sociaux sont mal connus des médecins du quartier.",
    "Un contact unique par quartier nous aiderait beaucoup.",
    "Beaucoup de locataires âgés refusent de l'aide par fierté.",
]


def _survey(world, code, title, introduction) -> Survey:
    return add_survey(
        world.organisations["moulin"], world.projects["bien-vieillir"],
        world.users["direction@moulin.demo"], code, title, introduction,
    )  # fmt: skip


def _seniors_survey(world) -> Survey:
    survey = _survey(
        world,
        DIAGNOSTIC,
        "Bien vieillir à Bellerive : votre avis",
        "Les centres sociaux de Bellerive et le CCAS veulent savoir ce qui vous aiderait à bien "
        "vieillir chez vous. Dix minutes, anonyme.",
    )
    you = Section.objects.create(survey=survey, title="Vous", order=1)
    needs = Section.objects.create(survey=survey, title="Vos besoins", order=2)
    _question(survey, you, 1, "groupe", "group", "Vous répondez en tant que :", required=True)
    centre = _question(survey, you, 2, "centre", "single", "Le centre social de votre quartier :")
    _choices(centre, [(slug, CENTRE_NAMES[slug]) for slug in CENTRES])
    age = _question(survey, you, 3, "age", "single", "Votre âge :", required=True)
    _choices(age, AGES)
    _question(survey, you, 4, "vit_seul", "yes_no", "Vivez-vous seul(e) ?", required=True)
    need = _question(
        survey, needs, 1, "besoin_prioritaire", "single",
        "Ce qui compte le plus pour vous aujourd'hui :", required=True,
    )  # fmt: skip
    _choices(need, NEEDS)
    activities = _question(
        survey, needs, 2, "activites", "multiple", "Les activités des centres où vous venez :"
    )
    _choices(activities, ACTIVITIES)
    surveys.add_retrospective_pair(
        survey,
        code="solitude",
        label="je me sens seul(e)",
        scale_max=5,
        min_label="jamais",
        max_label="très souvent",
        section=needs,
        order=3,
        required=False,
    )
    _question(
        survey, needs, 5, "attentes", "long_text",
        "Qu'est-ce qui vous aiderait à bien vieillir dans votre quartier ?",
    )  # fmt: skip
    return survey


def _partners_survey(world) -> Survey:
    survey = _survey(
        world,
        PARTNERS_SURVEY,
        "Bien vieillir à Bellerive : le regard des professionnels",
        "Pharmacies, soignants, bailleurs, services d'aide : ce que vous voyez des seniors isolés.",
    )
    _question(survey, None, 1, "groupe", "group", "Vous répondez en tant que :", required=True)
    kind = _question(survey, None, 2, "type_structure", "single", "Votre structure :")
    _choices(kind, PARTNER_KINDS)
    _question(
        survey, None, 3, "seniors_isoles_mois", "number",
        "Combien de seniors isolés rencontrez-vous par mois, environ ?",
    )  # fmt: skip
    _question(
        survey, None, 4, "oriente_centres", "yes_no",
        "Vous arrive-t-il d'orienter des seniors vers un centre social ?", required=True,
    )  # fmt: skip
    _question(survey, None, 5, "freins", "long_text", "Ce qui freine la coopération, selon vous :")
    return survey


def _label(rows, value) -> str:
    return dict(rows)[value]


def _seniors_rows(rng) -> list[list]:
    survey_questions = [
        "Horodateur",
        "Vous répondez en tant que :",
        "Le centre social de votre quartier :",
        "Votre âge :",
        "Vivez-vous seul(e) ?",
        "Ce qui compte le plus pour vous aujourd'hui :",
        "Les activités des centres où vous venez :",
        "Avant de venir au centre : je me sens seul(e)",
        "Aujourd'hui : je me sens seul(e)",
        "Qu'est-ce qui vous aiderait à bien vieillir dans votre quartier ?",
    ]
    rows = [survey_questions]
    start = datetime(2026, 2, 2, 9, 0)
    for _n in range(SENIORS):
        when = start + timedelta(days=rng.randrange(54), minutes=rng.randrange(9 * 60))
        alone = rng.random() < 0.52
        activities = rng.sample([v for v, _l in ACTIVITIES[1:]], rng.randint(0, 3))
        row = [
            when.strftime("%d/%m/%Y %H:%M:%S"),
            "Habitant ou habitante",
            CENTRE_NAMES[rng.choice(CENTRES)],
            _label(AGES, rng.choices([v for v, _l in AGES], [38, 40, 22])[0]),
            "Oui" if alone else "Non",
            _label(NEEDS, rng.choices([v for v, _l in NEEDS], NEED_WEIGHTS)[0]),
            ", ".join(_label(ACTIVITIES, v) for v in activities) or "Aucune pour l'instant",
        ]
        if activities:  # the before/after pair only makes sense for those who come
            before = min(5, max(1, round(rng.gauss(3.6 if alone else 2.9, 0.9))))
            after = min(5, max(1, before - rng.choice([0, 0, 1, 1, 1, 2])))
            row += [str(before), str(after)]
        else:
            row += ["", ""]
        row.append(rng.choice(WISHES) if rng.random() < 0.35 else "")
        rows.append(row)
    return rows


def _partners_rows(rng) -> list[list]:
    rows = [
        [
            "Horodateur",
            "Vous répondez en tant que :",
            "Votre structure :",
            "Combien de seniors isolés rencontrez-vous par mois, environ ?",
            "Vous arrive-t-il d'orienter des seniors vers un centre social ?",
            "Ce qui freine la coopération, selon vous :",
        ]
    ]
    start = datetime(2026, 2, 9, 10, 0)
    for _n in range(PARTNERS):
        when = start + timedelta(days=rng.randrange(40), minutes=rng.randrange(8 * 60))
        kind = rng.choices([v for v, _l in PARTNER_KINDS], [12, 8, 5, 8, 3, 5])[0]
        rows.append(
            [
                when.strftime("%d/%m/%Y %H:%M:%S"),
                "Partenaire (autre structure)",
                _label(PARTNER_KINDS, kind),
                str(rng.choice([2, 3, 5, 5, 8, 10, 12, 15, 20])),
                "Oui" if rng.random() < 0.37 else "Non",
                rng.choice(BRAKES) if rng.random() < 0.6 else "",
            ]
        )
    return rows


def xlsx(rows: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Réponses au formulaire 1"
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def import_like_a_user(survey: Survey, data: bytes, filename: str, user) -> ResponseImport:
    """The importer's own steps, with its own guesses: read, map columns and values, run."""
    table = imports.read_table(data, filename)
    mapping = imports.suggest_mapping(table, survey)
    value_maps = imports.suggest_value_maps(table, survey, mapping)
    job = ResponseImport.objects.create(
        survey=survey,
        filename=filename,
        data=data,
        mapping=mapping,
        value_maps=value_maps,
        total_rows=len(table.rows),
        created_by=user,
    )
    tasks.execute(job)
    job.refresh_from_db()
    if job.status != ResponseImport.Status.DONE:
        raise RuntimeError(f"Import de démonstration refusé : {job.problems[:3]}")
    return job


@step(72, "Diagnostic partagé du Collectif Bien Vieillir (import XLSX)")
def build_bien_vieillir_diagnostic(world: DemoWorld) -> None:
    rng = random.Random(2026)
    user = world.users["direction@moulin.demo"]
    seniors = _seniors_survey(world)
    partners = _partners_survey(world)
    import_like_a_user(
        seniors, xlsx(_seniors_rows(rng)), "Bien vieillir - votre avis (réponses).xlsx", user
    )
    import_like_a_user(
        partners,
        xlsx(_partners_rows(rng)),
        "Bien vieillir - professionnels (réponses).xlsx",
        user,
    )
    world.extra["bien_vieillir_surveys"] = {DIAGNOSTIC: seniors.pk, PARTNERS_SURVEY: partners.pk}
