"""Access table of the survey pages (collection app, urls_surveys).

A survey and its answers belong to its structure: Les Falaises' direction (admin, D) and référente
(contributor, R) build and read them; nobody else, not even the partners of its projects nor the
network's advisors. The answer pages are public: the token is the only key."""

from access_rules.base import (
    DIRECTION,
    NOT_FOUND,
    OK,
    REDIRECT,
    REFERENTE,
    Case,
    everyone,
    only,
)

FALAISES_PEOPLE = {DIRECTION: OK, REFERENTE: OK}
BAD_REQUEST = 400


def _survey(world):
    from maillage.collection.models import Survey

    return Survey.objects.get(code="benevoles-falaises-2025")


def survey(world):
    return {"survey_id": _survey(world).pk}


def question(world):
    item = _survey(world)
    return {"survey_id": item.pk, "question_id": item.questions.get(code="heures_mois").pk}


def campaign(world):
    item = _survey(world)
    return {
        "survey_id": item.pk,
        "campaign_id": item.campaigns.get(title="Bénévoles — automne 2025").pk,
    }


def export(fmt):
    def kwargs(world):
        return {**survey(world), "fmt": fmt}

    return kwargs


def response_import(world):
    from maillage.collection.models import ResponseImport

    item = _survey(world)
    job = ResponseImport.objects.create(
        survey=item, filename="r.csv", data=b"groupe;heures_mois\nbenevole;4\n",
        mapping=["groupe", "heures_mois"], total_rows=1,
    )  # fmt: skip
    return {"survey_id": item.pk, "import_id": job.pk}


def campaign_qr(kind):
    def kwargs(world):
        return {**campaign(world), "kind": kind}

    return kwargs


def open_campaign_token(world):
    from datetime import date, timedelta

    from maillage.collection.models import Campaign

    today = date.today()
    item = Campaign.objects.create(
        survey=_survey(world),
        title="Ouverte",
        opens_on=today - timedelta(days=1),
        closes_on=today + timedelta(days=30),
    )
    return {"token": item.token}


def invitation_token(world):
    from maillage.collection.models import Invitation

    item = Invitation.objects.create(
        campaign=_survey(world).campaigns.get(title="Bénévoles — automne 2025"), email="a@b.fr"
    )
    return {"token": item.token}


CASES = [
    Case("collection:surveys", kwargs={"slug": "falaises"}, expect=only(FALAISES_PEOPLE)),
    Case(
        "collection:surveys",
        kwargs={"slug": "falaises"},
        method="post",
        data={"title": "Nouveau questionnaire"},
        expect=only({DIRECTION: REDIRECT, REFERENTE: REDIRECT}),
        label="create",
    ),
    Case("collection:survey", kwargs=survey, expect=only(FALAISES_PEOPLE)),
    Case("collection:survey_edit", kwargs=survey, expect=only(FALAISES_PEOPLE)),
    Case("collection:survey_preview", kwargs=survey, expect=only(FALAISES_PEOPLE)),
    Case("collection:survey_responses", kwargs=survey, expect=only(FALAISES_PEOPLE)),
    Case("collection:survey_export", kwargs=export("csv"), expect=only(FALAISES_PEOPLE)),
    Case(
        "collection:survey_export",
        kwargs=export("xlsx"),
        expect=only(FALAISES_PEOPLE),
        label="xlsx",
    ),
    Case(
        "collection:survey_export",
        kwargs=export("pdf"),
        expect=only({DIRECTION: NOT_FOUND, REFERENTE: NOT_FOUND}),
        label="unknown format",
    ),
    Case("collection:survey_xlsform", kwargs=survey, expect=only(FALAISES_PEOPLE)),
    Case("collection:import_upload", kwargs=survey, expect=only(FALAISES_PEOPLE)),
    Case("collection:import_mapping", kwargs=response_import, expect=only(FALAISES_PEOPLE)),
    Case("collection:import_status", kwargs=response_import, expect=only(FALAISES_PEOPLE)),
    Case("collection:xlsform_import", kwargs={"slug": "falaises"}, expect=only(FALAISES_PEOPLE)),
    Case(
        "collection:xlsform_import",
        kwargs={"slug": "falaises"},
        method="post",
        expect=only({DIRECTION: BAD_REQUEST, REFERENTE: BAD_REQUEST}),
        label="no file: refused with its reason",
    ),
    Case(
        "collection:section_add",
        kwargs=survey,
        method="post",
        data={"title": "Partie ajoutée", "order": 3},
        expect=only({DIRECTION: REDIRECT, REFERENTE: REDIRECT}),
    ),
    Case("collection:question_add", kwargs=survey, expect=only(FALAISES_PEOPLE)),
    Case("collection:question_edit", kwargs=question, expect=only(FALAISES_PEOPLE)),
    Case(
        "collection:question_delete",
        kwargs=question,
        method="post",
        expect=only({DIRECTION: REDIRECT, REFERENTE: REDIRECT}),
    ),
    Case("collection:campaign_add", kwargs=survey, expect=only(FALAISES_PEOPLE)),
    Case("collection:campaign", kwargs=campaign, expect=only(FALAISES_PEOPLE)),
    Case(
        "collection:campaign_close",
        kwargs=campaign,
        method="post",
        expect=only({DIRECTION: REDIRECT, REFERENTE: REDIRECT}),
    ),
    Case("collection:campaign_qr", kwargs=campaign_qr("svg"), expect=only(FALAISES_PEOPLE)),
    Case(
        "collection:campaign_qr",
        kwargs=campaign_qr("gif"),
        expect=only({DIRECTION: NOT_FOUND, REFERENTE: NOT_FOUND}),
        label="unknown format",
    ),
    Case("collection:campaign_poster", kwargs=campaign, expect=only(FALAISES_PEOPLE)),
    Case("collection:paper_entry", kwargs=campaign, expect=only(FALAISES_PEOPLE)),
    # Public pages: no account needed, the same for everyone.
    Case("collection:answer", kwargs=open_campaign_token, expect=everyone(OK)),
    Case(
        "collection:answer",
        kwargs={"token": "inconnu"},
        expect=everyone(NOT_FOUND),
        label="unknown token",
    ),  # fmt: skip
    Case("collection:answer_thanks", kwargs=open_campaign_token, expect=everyone(OK)),
    Case("collection:invitation", kwargs=invitation_token, expect=everyone(OK)),
]
