"""Write endpoints for membership-management software: survey responses and activity sessions.

Answers are checked by the same functions as the paper entry and the importer
(`collection.surveys.check_answers`), sessions by the quick-entry form (`SessionForm`) and stored
by `collection.records.record_session`: the API adds no rule of its own. Both are idempotent
through a key the client chooses."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Path, Router, Status

from maillage.access import Action
from maillage.api.common import allowed, visible
from maillage.api.schemas import (
    BODY_ERRORS,
    ERRORS,
    MAX_ID,
    Error,
    ResponseIn,
    ResponseOut,
    SessionIn,
    SessionOut,
    SurveyOut,
)
from maillage.collection import records, surveys
from maillage.collection.forms_records import SessionForm
from maillage.collection.models import Activity, ActivitySession, Campaign, Response, Survey

router = Router(tags=["Saisie"])

# Seen but not changeable (403), not seen (404), a key already used elsewhere (409).
WRITE_ERRORS = {403: Error, 404: Error, 409: Error, **BODY_ERRORS}
CONFLICT = "Cette clé (submission_key) a déjà servi pour un autre envoi : choisissez-en une autre."


class Refused(Exception):
    """A request whose content is refused (HTTP 422), with French messages by field."""

    def __init__(self, detail: str, errors: list[dict]):
        super().__init__(detail)
        self.detail = detail
        self.errors = errors


class Conflict(Exception):
    """A client key already used for something else (HTTP 409)."""


def _survey(request, survey_id: int) -> Survey:
    survey = Survey.objects.select_related("organisation").filter(pk=survey_id).first()
    return visible(request, Action.SURVEY_VIEW, survey)


@router.get(
    "/surveys/{survey_id}",
    response={200: SurveyOut, 404: Error, **ERRORS},
    summary="Un questionnaire et les codes de ses questions",
    url_name="survey_detail",
)
def survey_detail(request, survey_id: int = Path(..., ge=1, le=MAX_ID)):
    """Ce qu'il faut pour envoyer des réponses : le code de chaque question, ses choix possibles
    et la question dont elle dépend, le cas échéant."""
    survey = _survey(request, survey_id)
    questions = [q for page in surveys.pages(survey) for q in page.questions]
    return {
        "id": survey.pk,
        "code": survey.code,
        "title": survey.title,
        "organisation_id": survey.organisation_id,
        "questions": [
            {
                "code": q.code,
                "label": q.label,
                "type": q.type,
                "required": q.required,
                "choices": [{"value": v, "label": label} for v, label in q.option_list()],
                "show_if": q.show_if_question.code if q.show_if_question_id else None,
            }
            for q in questions
        ],
    }


def _raw(value) -> surveys.Raw:
    """An answer as the paper form would have sent it: text, or a list of texts."""
    if value is None:
        return ""
    if isinstance(value, list):
        return [str(item) for item in value]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def _response_out(response: Response, created: bool) -> dict:
    return {
        "id": response.pk,
        "survey_id": response.survey_id,
        "submission_key": response.submission_key,
        "submitted_at": response.submitted_at,
        "created": created,
    }


@router.post(
    "/surveys/{survey_id}/responses",
    response={200: ResponseOut, 201: ResponseOut, **WRITE_ERRORS},
    summary="Envoyer une réponse à un questionnaire",
    url_name="survey_response_create",
)
def survey_response_create(
    request, payload: ResponseIn, survey_id: int = Path(..., ge=1, le=MAX_ID)
):
    """Les réponses sont vérifiées comme une saisie papier : une réponse refusée n'enregistre
    rien et chaque erreur nomme sa question. La même `submission_key` envoyée deux fois
    n'enregistre qu'une réponse (200 au second envoi, 201 au premier)."""
    survey = _survey(request, survey_id)
    allowed(request, Action.SURVEY_EDIT, survey)
    existing = Response.objects.filter(submission_key=payload.submission_key).first()
    if existing is not None:
        if existing.survey_id != survey.pk:
            raise Conflict
        return Status(200, _response_out(existing, False))
    campaign = None
    if payload.campaign_id is not None:
        campaign = Campaign.objects.filter(pk=payload.campaign_id, survey=survey).first()
        if campaign is None:
            raise Refused(
                _("Réponse refusée."),
                [
                    {
                        "field": "campaign_id",
                        "message": _("Ce questionnaire n'a pas de campagne n° %(id)s.")
                        % {"id": payload.campaign_id},
                    }
                ],
            )
    questions = [q for page in surveys.pages(survey) for q in page.questions]
    by_code = {q.code: q for q in questions}
    errors = [
        {
            "field": f"answers.{code}",
            "message": _("Aucune question n'a le code « %(code)s » dans ce questionnaire.")
            % {"code": code},
        }
        for code in payload.answers
        if code not in by_code
    ]
    raw = {code: _raw(value) for code, value in payload.answers.items() if code in by_code}
    values, problems = surveys.check_answers(questions, raw)
    errors += [
        {
            "field": f"answers.{code}",
            "label": by_code[code].label,
            "message": _("Question « %(code)s » (%(label)s) : %(message)s")
            % {"code": code, "label": by_code[code].label, "message": message},
        }
        for code, message in problems.items()
    ]
    if errors:
        raise Refused(_("Réponse refusée : rien n'est enregistré."), errors)
    response, created = surveys.store_response(
        survey,
        values,
        submission_key=payload.submission_key,
        campaign=campaign,
        channel=Response.Channel.API,
        entered_by=request.auth,
    )
    if response.survey_id != survey.pk:  # the same key raced in for another survey
        raise Conflict
    return Status(201 if created else 200, _response_out(response, created))


def _activity(request, activity_id: int) -> Activity:
    activity = Activity.objects.select_related("organisation").filter(pk=activity_id).first()
    return visible(request, Action.ACTIVITY_VIEW, activity)


def _session_out(session: ActivitySession, created: bool) -> dict:
    counts = {row.group: row.count for row in session.attendances.all()}
    return {
        "id": session.pk,
        "activity_id": session.activity_id,
        "date": session.date,
        "duration": float(session.duration),
        "counts": counts,
        "total": sum(counts.values()),
        "submission_key": session.submission_key,
        "created": created,
    }


# Fields of the quick-entry form, as the API names them.
FORM_FIELDS = {"new_names": "names", "__all__": "counts"}


@router.post(
    "/activities/{activity_id}/sessions",
    response={200: SessionOut, 201: SessionOut, **WRITE_ERRORS},
    summary="Enregistrer une séance d'activité",
    url_name="activity_session_create",
)
def activity_session_create(
    request, payload: SessionIn, activity_id: int = Path(..., ge=1, le=MAX_ID)
):
    """Une séance : date, durée et participants par groupe, vérifiés comme la saisie rapide
    d'une activité. La même `submission_key` envoyée deux fois n'enregistre qu'une séance."""
    activity = _activity(request, activity_id)
    allowed(request, Action.ACTIVITY_EDIT, activity)
    existing = ActivitySession.objects.filter(submission_key=payload.submission_key).first()
    if existing is not None:
        if existing.activity_id != activity.pk:
            raise Conflict
        return Status(200, _session_out(existing, False))
    groups = SessionForm.count_names()
    errors = [
        {
            "field": f"counts.{group}",
            "message": _("Groupe inconnu « %(group)s » : habitant, benevole, salarie, "
                         "administrateur ou partenaire.") % {"group": group},
        }
        for group in payload.counts
        if f"count_{group}" not in groups
    ]  # fmt: skip
    data = {
        "date": payload.date,
        "duration": "" if payload.duration is None else str(payload.duration),
        "new_names": "\n".join(payload.names),
        "notes": payload.notes,
        "submission_key": str(payload.submission_key),
        **{f"count_{group}": str(count) for group, count in payload.counts.items()},
    }
    form = SessionForm(data, activity=activity)
    if not form.is_valid():
        for name, messages in form.errors.items():
            field = FORM_FIELDS.get(name, name)
            if name.startswith("count_"):
                field = f"counts.{name.removeprefix('count_')}"
            label = str(form.fields[name].label) if name in form.fields else ""
            errors += [{"field": field, "label": label, "message": m} for m in messages]
    if errors:
        raise Refused(_("Séance refusée : rien n'est enregistré."), errors)
    session = records.record_session(
        activity,
        on=form.cleaned_data["date"],
        duration=form.cleaned_data["duration"],
        counts=form.counts(),
        names=form.cleaned_data["names"],
        notes=form.cleaned_data["notes"],
        user=request.auth,
        submission_key=form.cleaned_data["submission_key"],
    )
    if session.activity_id != activity.pk:  # the same key raced in for another activity
        raise Conflict
    return Status(201, _session_out(session, True))


def conflict_response(api, request, exc) -> HttpResponse:
    return api.create_response(request, {"detail": CONFLICT, "errors": []}, status=409)


def refused_response(api, request, exc: Refused) -> HttpResponse:
    return api.create_response(request, {"detail": exc.detail, "errors": exc.errors}, status=422)
