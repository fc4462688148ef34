"""Survey pages for a structure's people: the list, the builder, the preview, campaigns (link,
QR code, poster, invitations) and the fast paper entry. Every view asks `access.py`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from maillage import access
from maillage.access import Action
from maillage.collection import actions, exports, surveys, xlsform
from maillage.collection.forms_surveys import (
    PAIR,
    CampaignForm,
    InvitationsForm,
    QuestionForm,
    SectionForm,
    SurveyForm,
)
from maillage.collection.models import Campaign, Question, Response, Survey
from maillage.collection.qr import qr_png, qr_svg
from maillage.core import audit
from maillage.organisations.models import Organisation

GET_POST = ["GET", "HEAD", "POST"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _survey(request: HttpRequest, survey_id: int, action: Action = Action.SURVEY_VIEW) -> Survey:
    survey = get_object_or_404(Survey.objects.select_related("organisation"), pk=survey_id)
    access.require(request.user, action, survey)
    return survey


def _campaign(request, survey_id, campaign_id, action=Action.SURVEY_VIEW):
    survey = _survey(request, survey_id, action)
    return survey, get_object_or_404(Campaign, pk=campaign_id, survey=survey)


def _context(request, survey: Survey, **extra) -> dict:
    return {
        "survey": survey,
        "organisation": survey.organisation,
        "can_edit": access.can(request.user, Action.SURVEY_EDIT, survey),
        **extra,
    }


# --- list and builder ---------------------------------------------------------------------------


@login_required
@require_http_methods(GET_POST)
def survey_list(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    access.require(request.user, Action.ORGANISATION_VIEW_MEMBERS, organisation)
    can_create = access.can(request.user, Action.ORGANISATION_CONTRIBUTE, organisation)
    project_qs = access.visible_projects_of(request.user, organisation)
    form = SurveyForm(projects=project_qs)
    status = 200
    if request.method == "POST":
        access.require(request.user, Action.ORGANISATION_CONTRIBUTE, organisation)
        form = SurveyForm(
            request.POST,
            projects=project_qs,
            instance=Survey(organisation=organisation, created_by=request.user),
        )
        if form.is_valid():
            survey = form.save()
            messages.success(request, _("Le questionnaire est créé : ajoutez ses questions."))
            return redirect(survey)
        status = 400
    items = organisation.surveys.annotate(
        question_count=Count("questions", distinct=True),
        response_count=Count("responses", distinct=True),
    )
    return render(
        request,
        "collection/survey_list.html",
        {"organisation": organisation, "surveys": items, "form": form, "can_create": can_create},
        status=status,
    )


@login_required
@require_safe
def survey_detail(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = _survey(request, survey_id)
    return render(
        request,
        "collection/survey_detail.html",
        _context(
            request,
            survey,
            pages=surveys.pages(survey),
            campaigns=survey.campaigns.annotate(response_count=Count("responses")),
            response_count=survey.responses.count(),
            question_form=QuestionForm(survey=survey),
            section_form=SectionForm(),
        ),
    )


@login_required
@require_http_methods(GET_POST)
def survey_edit(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = _survey(request, survey_id, Action.SURVEY_EDIT)
    projects = access.visible_projects_of(request.user, survey.organisation)
    form = SurveyForm(request.POST or None, instance=survey, projects=projects)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Le questionnaire est enregistré."))
        return redirect(survey)
    return render(
        request,
        "collection/survey_form.html",
        _context(request, survey, form=form),
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def section_add(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = _survey(request, survey_id, Action.SURVEY_EDIT)
    form = SectionForm(request.POST)
    if form.is_valid():
        section = form.save(commit=False)
        section.survey = survey
        section.save()
        messages.success(request, _("La partie « %(title)s » est ajoutée.") % {"title": section})
        return redirect(survey)
    return render(
        request,
        "collection/survey_item_form.html",
        _context(request, survey, form=form, heading=_("Ajouter une partie")),
        status=400,
    )


@login_required
@require_http_methods(GET_POST)
def question_edit(request: HttpRequest, survey_id: int, question_id: int | None = None):
    survey = _survey(request, survey_id, Action.SURVEY_EDIT)
    question = get_object_or_404(Question, pk=question_id, survey=survey) if question_id else None
    form = QuestionForm(request.POST or None, instance=question, survey=survey)
    if request.method == "POST" and form.is_valid():
        _save_question(survey, form)
        messages.success(request, _("La question est enregistrée."))
        return redirect(f"{survey.get_absolute_url()}#questions")
    heading = _("Modifier la question") if question else _("Ajouter une question")
    return render(
        request,
        "collection/survey_item_form.html",
        _context(request, survey, form=form, heading=heading, question=question),
        status=400 if request.method == "POST" else 200,
    )


@transaction.atomic
def _save_question(survey: Survey, form: QuestionForm) -> None:
    data = form.cleaned_data
    if data["type"] == PAIR:
        surveys.add_retrospective_pair(
            survey,
            code=data.get("code") or data["label"],
            label=data["label"],
            scale_max=data["scale_max"],
            min_label=data.get("scale_min_label", ""),
            max_label=data.get("scale_max_label", ""),
            section=data.get("section"),
            order=data.get("order") or 0,
            required=data.get("required", False),
        )
        return
    question = form.save()
    if question.has_choices:
        surveys.set_choices(question, form.choice_rows)
    else:
        question.choices.all().delete()


@login_required
@require_http_methods(GET_POST)
def question_delete(request: HttpRequest, survey_id: int, question_id: int) -> HttpResponse:
    survey = _survey(request, survey_id, Action.SURVEY_EDIT)
    question = get_object_or_404(Question, pk=question_id, survey=survey)
    answers = question.answers.count()
    if request.method == "POST":
        question.delete()
        messages.success(request, _("La question est supprimée."))
        return redirect(f"{survey.get_absolute_url()}#questions")
    return render(
        request,
        "collection/survey_question_delete.html",
        _context(request, survey, question=question, answers=answers),
    )


@login_required
@require_safe
def survey_preview(request: HttpRequest, survey_id: int) -> HttpResponse:
    """Every page as a respondent sees it, one after the other, without sending anything."""
    survey = _survey(request, survey_id)
    return render(
        request,
        "collection/survey_preview.html",
        _context(request, survey, pages=surveys.pages(survey)),
    )


# --- campaigns ----------------------------------------------------------------------------------


@login_required
@require_http_methods(GET_POST)
def campaign_add(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = _survey(request, survey_id, Action.SURVEY_EDIT)
    form = CampaignForm(request.POST or None, instance=Campaign(survey=survey))
    if request.method == "POST" and form.is_valid():
        campaign = form.save()
        messages.success(request, _("La campagne est créée : partagez son lien ou son affiche."))
        return redirect("collection:campaign", survey_id=survey.pk, campaign_id=campaign.pk)
    return render(
        request,
        "collection/survey_item_form.html",
        _context(request, survey, form=form, heading=_("Ouvrir une campagne de réponses")),
        status=400 if request.method == "POST" else 200,
    )


def _public_link(request, campaign: Campaign) -> str:
    return request.build_absolute_uri(campaign.public_url())


@login_required
@require_http_methods(GET_POST)
def campaign_detail(request: HttpRequest, survey_id: int, campaign_id: int) -> HttpResponse:
    survey, campaign = _campaign(request, survey_id, campaign_id)
    form = InvitationsForm()
    status = 200
    if request.method == "POST":
        access.require(request.user, Action.SURVEY_EDIT, survey)
        form = InvitationsForm(request.POST)
        if form.is_valid():
            sent, skipped = actions.invite(campaign, form.cleaned_data["emails"], by=request.user)
            messages.success(
                request,
                _("%(sent)s invitations envoyées ; %(skipped)s adresses l'avaient déjà reçue.")
                % {"sent": sent, "skipped": skipped},
            )
            return redirect("collection:campaign", survey_id=survey.pk, campaign_id=campaign.pk)
        status = 400
    return render(
        request,
        "collection/campaign_detail.html",
        _context(
            request,
            survey,
            campaign=campaign,
            link=_public_link(request, campaign),
            qr=qr_svg(_public_link(request, campaign), scale=5).decode(),
            invitations=campaign.invitations.order_by("email"),
            response_count=campaign.responses.count(),
            form=form,
        ),
        status=status,
    )


@login_required
@require_POST
def campaign_close(request: HttpRequest, survey_id: int, campaign_id: int) -> HttpResponse:
    survey, campaign = _campaign(request, survey_id, campaign_id, Action.SURVEY_EDIT)
    if campaign.closed_at:
        actions.reopen_campaign(campaign, by=request.user)
        messages.success(request, _("La campagne est rouverte."))
    else:
        actions.close_campaign(campaign, by=request.user)
        messages.success(
            request, _("La campagne est clôturée : le lien n'accepte plus de réponse.")
        )
    return redirect("collection:campaign", survey_id=survey.pk, campaign_id=campaign.pk)


@login_required
@require_safe
def campaign_qr(request: HttpRequest, survey_id: int, campaign_id: int, kind: str):
    survey, campaign = _campaign(request, survey_id, campaign_id)
    if kind not in ("svg", "png"):
        raise Http404
    link = _public_link(request, campaign)
    if kind == "png":
        response = HttpResponse(qr_png(link), content_type="image/png")
    else:
        response = HttpResponse(qr_svg(link, title=survey.title), content_type="image/svg+xml")
    response["Content-Disposition"] = f'attachment; filename="qr-{survey.code}.{kind}"'
    return response


@login_required
@require_safe
def campaign_poster(request: HttpRequest, survey_id: int, campaign_id: int) -> HttpResponse:
    survey, campaign = _campaign(request, survey_id, campaign_id)
    link = _public_link(request, campaign)
    return render(
        request,
        "collection/campaign_poster.html",
        _context(request, survey, campaign=campaign, link=link, qr=qr_svg(link, scale=12).decode()),
    )


# --- paper entry --------------------------------------------------------------------------------


@login_required
@require_http_methods(GET_POST)
def paper_entry(request: HttpRequest, survey_id: int, campaign_id: int) -> HttpResponse:
    """All questions on one page, for staff typing paper questionnaires with the keyboard."""
    survey, campaign = _campaign(request, survey_id, campaign_id, Action.SURVEY_EDIT)
    page_list = surveys.pages(survey)
    questions = [q for page in page_list for q in page.questions]
    raw, errors, status = {}, {}, 200
    if request.method == "POST":
        raw = surveys.raw_from_post(questions, request.POST)
        values, errors = surveys.check_answers(questions, raw)
        if not errors:
            response, created = surveys.store_response(
                survey,
                values,
                submission_key=request.POST.get("submission_key"),
                campaign=campaign,
                channel=Response.Channel.PAPER,
                entered_by=request.user,
            )
            if created:
                count = campaign.responses.filter(channel=Response.Channel.PAPER).count()
                messages.success(
                    request,
                    _("Questionnaire papier n° %(count)s enregistré. Au suivant !")
                    % {"count": count},
                )
            return redirect("collection:paper_entry", survey_id=survey.pk, campaign_id=campaign.pk)
        status = 400
    return render(
        request,
        "collection/paper_entry.html",
        _context(
            request,
            survey,
            campaign=campaign,
            pages=page_list,
            raw=raw,
            errors=errors,
            submission_key=surveys.new_submission_key(),
            paper_count=campaign.responses.filter(channel=Response.Channel.PAPER).count(),
        ),
        status=status,
    )


@login_required
@require_safe
def responses(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = _survey(request, survey_id)
    items = survey.responses.select_related("campaign").prefetch_related("answers__question")
    return render(
        request,
        "collection/survey_responses.html",
        _context(
            request,
            survey,
            responses=items.order_by("-submitted_at")[:200],
            total=survey.responses.count(),
            questions=list(survey.questions.all()),
        ),
    )


@login_required
@require_safe
def survey_export(request: HttpRequest, survey_id: int, fmt: str) -> HttpResponse:
    """Responses as CSV or XLSX, respondents pseudonymised."""
    survey = _survey(request, survey_id)
    if fmt == "csv":
        response = HttpResponse(exports.to_csv(survey), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(exports.to_xlsx(survey), content_type=XLSX)
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="reponses-{survey.code}.{fmt}"'
    audit.record(
        "survey.exported",
        _("Réponses de « %(survey)s » exportées (%(format)s)")
        % {"survey": survey, "format": fmt.upper()},
        actor=request.user,
        organisation=survey.organisation,
    )
    return response


@login_required
@require_safe
def survey_xlsform(request: HttpRequest, survey_id: int) -> HttpResponse:
    """The survey as an XLSForm, to answer offline in KoboCollect or ODK Collect."""
    survey = _survey(request, survey_id)
    response = HttpResponse(xlsform.export_xlsform(survey), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="xlsform-{survey.code}.xlsx"'
    return response


MAX_XLSFORM_BYTES = 5 * 1024 * 1024


@login_required
@require_http_methods(GET_POST)
def xlsform_import(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    access.require(request.user, Action.ORGANISATION_CONTRIBUTE, organisation)
    report, error, status = None, "", 200
    if request.method == "POST":
        upload = request.FILES.get("fichier")
        if upload is None:
            error = _("Choisissez un fichier XLSForm (.xlsx).")
        elif upload.size > MAX_XLSFORM_BYTES:
            error = _("Ce fichier dépasse 5 Mo : un XLSForm est bien plus petit.")
        else:
            report = xlsform.import_xlsform(
                upload.read(), upload.name, organisation=organisation, by=request.user
            )
            if report.survey and not report.not_mapped:
                messages.success(
                    request,
                    _("Questionnaire importé : %(count)s questions.") % {"count": report.questions},
                )
                return redirect(report.survey)
        status = 400 if error or (report and report.errors) else 200
    return render(
        request,
        "collection/xlsform_import.html",
        {"organisation": organisation, "report": report, "error": error},
        status=status,
    )
