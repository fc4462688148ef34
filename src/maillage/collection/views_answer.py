"""The public answer pages: no account, one page per part of the survey, plain HTML forms that
work without JavaScript. Answers of earlier pages wait in the session until the last page is
sent; the whole response is then stored at once, and only once (the form carries its
`submission_key`: a double click or a reload finds the stored response)."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from maillage.collection import answer_cache, surveys, throttle
from maillage.collection.models import Campaign, Invitation, Response

DRAFT = "survey-draft-%s"
# Hidden from people (CSS, aria-hidden, out of the tab order); robots filling every field fill it.
HONEYPOT = "website"


def _draft(request: HttpRequest, token: str) -> dict:
    draft = request.session.get(DRAFT % token)
    if not draft or not surveys.valid_key(draft.get("key")):
        draft = {"key": surveys.new_submission_key(), "answers": {}, "identity": {}}
    return draft


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def answer(request: HttpRequest, token: str) -> HttpResponse:
    if refused := _guard(request, token):
        return refused
    # The campaign as read at most a few seconds ago in this process (answer_cache); the answers
    # are written only if it is still open at the survey version they were checked against.
    # When it is not, answer again with the campaign as it is now: nothing was stored.
    for fresh in (False, True, True):
        campaign = answer_cache.campaign_by_token(token, fresh=fresh)
        if campaign is None:
            raise Http404
        try:
            return _answer(request, campaign, token)
        except surveys.CampaignChanged:
            continue
    # Changed again at each of three readings: say so rather than guess.
    return render(
        request, "collection/answer_closed.html", {"survey": campaign.survey, "campaign": campaign}
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def answer_invitation(request: HttpRequest, token: str) -> HttpResponse:
    if refused := _guard(request, token):
        return refused
    invitation = get_object_or_404(
        Invitation.objects.select_related("campaign__survey__organisation"), token=token
    )
    if invitation.answered_at:
        return render(
            request,
            "collection/answer_closed.html",
            {"survey": invitation.campaign.survey, "already": True},
        )
    return _answer(request, invitation.campaign, token, invitation=invitation)


def _guard(request, token: str) -> HttpResponse | None:
    """Limits of a public page, checked before any work: rate per address and link, body size."""
    if request.method != "POST":
        return None
    if refusal := throttle.check(request, token):
        response = render(
            request,
            "collection/answer_throttled.html",
            {"minutes": -(-refusal.retry_after // 60)},
            status=429,
        )
        response["Retry-After"] = str(refusal.retry_after)
        return response
    if throttle.body_too_big(request):
        return render(request, "collection/answer_too_big.html", status=413)
    return None


def _answer(request, campaign: Campaign, token: str, invitation=None) -> HttpResponse:
    survey = campaign.survey
    if not campaign.is_open():
        return render(
            request, "collection/answer_closed.html", {"survey": survey, "campaign": campaign}
        )
    # Built once per survey version (answer_cache): read here, never changed.
    built = answer_cache.built(survey)
    page_list = built.pages
    if not page_list:
        return render(
            request, "collection/answer_closed.html", {"survey": survey, "campaign": campaign}
        )
    draft = _draft(request, token)
    identified = campaign.mode == Campaign.Mode.IDENTIFIED
    number = _page_number(request, len(page_list))
    page = page_list[number - 1]
    errors: dict[str, str] = {}
    identity_errors: dict[str, str] = {}
    status = 200
    if request.method == "POST" and request.POST.get(HONEYPOT):
        # Answered like a success so the robot moves on; nothing is stored.
        request.session.pop(DRAFT % token, None)
        return redirect("collection:answer_thanks", token=token)
    if request.method == "POST":
        key = surveys.valid_key(request.POST.get("submission_key"))
        if key:
            # The key of the form in hand wins: it is what a second click will send again.
            draft["key"] = str(key)
        raw = surveys.raw_from_post(page.questions, request.POST)
        draft["answers"].update(raw)
        known = draft["answers"]
        values, errors = surveys.check_answers(page.questions, raw, known)
        if identified and number == 1:
            draft["identity"], identity_errors = _identity(request.POST)
        going_back = "precedent" in request.POST
        if not going_back and not errors and not identity_errors and number == len(page_list):
            # A key stored already (double click, reload after sending) is settled by the
            # store itself, in the same round trip: the thanks again, nothing written.
            checked = values if len(page_list) == 1 else None
            return _finish(request, campaign, token, draft, built, invitation, checked)
        # A form already stored (double click, reload after sending): show the thanks again.
        if key and Response.objects.filter(submission_key=key).exists():
            return redirect("collection:answer_thanks", token=token)
        request.session[DRAFT % token] = draft
        if going_back:
            return redirect(f"{request.path}?page={max(1, number - 1)}")
        if not errors and not identity_errors:
            return redirect(f"{request.path}?page={number + 1}")
        status = 400
    raw_answers = draft["answers"]
    if raw_answers or draft.get("identity") or DRAFT % token in request.session:
        request.session[DRAFT % token] = draft
    # Else a first visit: no session row (the key travels in the form, and a reload may draw a
    # new one since nothing was sent with the old), so a link opened and left costs no write.
    shown = [q for q in page.questions if _shown_here(q, page, raw_answers)]

    def full_context() -> dict:
        return {
            "survey": survey,
            "campaign": campaign,
            "page": page,
            "page_count": len(page_list),
            "fields_html": answer_cache.question_fields(built, page, shown, raw_answers, errors),
            "raw": raw_answers,
            "errors": errors,
            "identified": identified and number == 1,
            "identity": draft.get("identity", {}),
            "identity_errors": identity_errors,
            "error_count": len(errors) + len(identity_errors),
            "error_list": [
                (q.code, q.label, errors[q.code]) for q in page.questions if q.code in errors
            ],
            "submission_key": draft["key"],
            "form_key": draft["key"],
            "is_last": number == len(page_list),
        }

    if _first_visit(request, raw_answers, draft, errors):
        # The same page for every newcomer: kept whole, only the token and key put in.
        key = (
            page.number,
            tuple(q.pk for q in shown),
            campaign.pk,
            campaign.mode,
            campaign.consent_text,
            survey.title,
            survey.introduction,
            survey.organisation.name,
        )
        # What a caller may read back besides the HTML (the test client's context).
        small = {
            "survey": survey,
            "campaign": campaign,
            "page": page,
            "submission_key": draft["key"],
        }
        html = answer_cache.first_visit_page(request, built, key, small, full_context)
        if html is not None:
            return HttpResponse(html, status=status)
    return render(request, "collection/answer.html", full_context(), status=status)


def _first_visit(request, raw_answers, draft, errors) -> bool:
    """No cookie of a session or of messages (so nobody signed in, nothing to tell), nothing
    typed yet: the page shows nothing of this visitor."""
    return (
        request.method != "POST"
        and not raw_answers
        and not errors
        and not draft.get("identity")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def _page_number(request, count: int) -> int:
    source = request.POST if request.method == "POST" else request.GET
    try:
        return min(max(1, int(source.get("page", 1))), count)
    except (TypeError, ValueError):
        return 1


def _shown_here(question, page, answers) -> bool:
    """A condition on an earlier page is settled; one on this page is shown with its note."""
    condition = question.show_if_question
    if condition is None or any(q.pk == condition.pk for q in page.questions):
        return True
    return surveys.is_shown(question, answers)


def _identity(data) -> tuple[dict, dict]:
    identity = {
        "name": data.get("respondent_name", "").strip()[:200],
        "email": data.get("respondent_email", "").strip()[:200],
        "consent": data.get("consent") == "on",
    }
    errors = {}
    if not identity["name"]:
        errors["name"] = _("Indiquez votre nom.")
    if not identity["consent"]:
        errors["consent"] = _("Pour répondre à ce questionnaire nominatif, cochez votre accord.")
    return identity, errors


def _finish(request, campaign, token, draft, built, invitation, values=None) -> HttpResponse:
    """Check every page again with all the answers, then store the response once. `values`: the
    answers checked already, when the survey has one page (the same check twice otherwise)."""
    questions = built.questions
    errors = {}
    if values is None:
        values, errors = surveys.check_answers(questions, draft["answers"])
    if errors:
        key = surveys.valid_key(draft["key"])
        if Response.objects.filter(submission_key=key).exists():
            # Sent again after it was stored (the draft went with it): the thanks again.
            return redirect("collection:answer_thanks", token=token)
        # An earlier page became incomplete (a condition changed): go back to it.
        request.session[DRAFT % token] = draft
        first = next(p for p in built.pages if any(q.code in errors for q in p.questions))
        return redirect(f"{request.path}?page={first.number}")
    identity = draft.get("identity") or {}
    # A public link's campaign may have been kept a few seconds (answer_cache): checked again in
    # the write itself. An invitation's was read by this request.
    version = campaign.survey.version if invitation is None else None
    surveys.store_response(
        campaign.survey,
        values,
        questions=questions,
        submission_key=draft["key"],
        campaign=campaign,
        invitation=invitation,
        respondent_name=identity.get("name", ""),
        respondent_email=identity.get("email", ""),
        consent=bool(identity.get("consent")),
        if_open_at_version=version,
    )
    request.session.pop(DRAFT % token, None)
    return redirect("collection:answer_thanks", token=token)


@require_safe
def answer_thanks(request: HttpRequest, token: str) -> HttpResponse:
    campaign = (
        answer_cache.campaign_by_token(token)
        or get_object_or_404(Invitation.objects.select_related("campaign"), token=token).campaign
    )
    return render(request, "collection/answer_thanks.html", {"survey": campaign.survey})
