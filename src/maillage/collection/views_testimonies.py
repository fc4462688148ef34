"""Testimonies of a structure: list with filters, entry with consent, media served through an
access check, and open survey answers turned into testimonies. Every view asks `access.py`."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from maillage import access
from maillage.access import Action
from maillage.collection import testimonies
from maillage.collection.forms_testimonies import TestimonyForm
from maillage.collection.models import Answer, Survey, Testimony
from maillage.collection.models.surveys import RESPONDENT_GROUPS
from maillage.organisations.models import Organisation

GET_POST = ["GET", "HEAD", "POST"]


def _testimony(request, testimony_id: int, action=Action.TESTIMONY_VIEW) -> Testimony:
    testimony = get_object_or_404(
        Testimony.objects.select_related("organisation", "project"), pk=testimony_id
    )
    access.require(request.user, action, testimony)
    return testimony


def _form(request, organisation, **kwargs) -> TestimonyForm:
    return TestimonyForm(
        request.POST or None,
        request.FILES or None,
        organisation=organisation,
        projects=access.visible_projects_of(request.user, organisation),
        **kwargs,
    )


@login_required
@require_safe
def testimony_list(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    access.require(request.user, Action.ORGANISATION_VIEW_MEMBERS, organisation)
    items = organisation.testimonies.prefetch_related("tags", "goals")
    filters = {
        "q": request.GET.get("q", "").strip(),
        "groupe": request.GET.get("groupe", ""),
        "usage": request.GET.get("usage", ""),
        "mot": request.GET.get("mot", ""),
    }
    if filters["q"]:
        items = items.filter(Q(text__icontains=filters["q"]) | Q(context__icontains=filters["q"]))
    if filters["groupe"] in RESPONDENT_GROUPS:
        items = items.filter(author_group=filters["groupe"])
    if filters["usage"] == "rapports":
        items = items.filter(consent_scope__in=[Testimony.Scope.REPORTS, Testimony.Scope.PUBLIC])
    elif filters["usage"] in Testimony.Scope.values:
        items = items.filter(consent_scope=filters["usage"])
    if filters["mot"]:
        items = items.filter(tags__name=filters["mot"])
    page = Paginator(items.distinct(), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "collection/testimony_list.html",
        {
            "organisation": organisation,
            "testimonies": page,
            "total": organisation.testimonies.count(),
            "filters": filters,
            "groups": RESPONDENT_GROUPS.items(),
            "scopes": Testimony.Scope.choices,
            "tags": organisation.testimony_tags.values_list("name", flat=True),
            "can_edit": access.can(request.user, Action.ORGANISATION_CONTRIBUTE, organisation),
            "filtered": any(filters.values()),
            "query": urlencode({key: value for key, value in filters.items() if value}),
        },
    )


@login_required
@require_http_methods(GET_POST)
def testimony_add(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    access.require(request.user, Action.ORGANISATION_CONTRIBUTE, organisation)
    form = _form(request, organisation, instance=Testimony(organisation=organisation))
    if request.method == "POST" and form.is_valid():
        testimony = form.save_all(request.user)
        messages.success(request, _("Le témoignage est enregistré."))
        return redirect(testimony)
    return render(
        request,
        "collection/testimony_form.html",
        {"organisation": organisation, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_safe
def testimony_detail(request: HttpRequest, testimony_id: int) -> HttpResponse:
    testimony = _testimony(request, testimony_id)
    return render(
        request,
        "collection/testimony_detail.html",
        {
            "organisation": testimony.organisation,
            "testimony": testimony,
            "can_edit": access.can(request.user, Action.TESTIMONY_EDIT, testimony),
            # The proofs of consent are shown to the structure's admins only, as their list is.
            "consent_records": testimony.consent_records.all()
            if access.can(request.user, Action.ORGANISATION_MANAGE_MEMBERS, testimony.organisation)
            else [],
        },
    )


@login_required
@require_http_methods(GET_POST)
def testimony_edit(request: HttpRequest, testimony_id: int) -> HttpResponse:
    testimony = _testimony(request, testimony_id, Action.TESTIMONY_EDIT)
    form = _form(request, testimony.organisation, instance=testimony)
    if request.method == "POST" and form.is_valid():
        form.save_all(request.user)
        messages.success(request, _("Le témoignage est modifié."))
        return redirect(testimony)
    return render(
        request,
        "collection/testimony_form.html",
        {"organisation": testimony.organisation, "form": form, "testimony": testimony},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(GET_POST)
def testimony_delete(request: HttpRequest, testimony_id: int) -> HttpResponse:
    testimony = _testimony(request, testimony_id, Action.TESTIMONY_EDIT)
    back = reverse("collection:testimonies", kwargs={"slug": testimony.organisation.slug})
    if request.method == "POST":
        testimonies.delete_testimony(testimony)
        messages.success(request, _("Le témoignage et son fichier sont supprimés."))
        return redirect(back)
    return render(
        request,
        "collection/record_delete.html",
        {
            "organisation": testimony.organisation,
            "what": _("le témoignage « %(start)s… » et son fichier joint")
            % {"start": testimony.text[:60]},
            "back": testimony.get_absolute_url(),
        },
    )


@login_required
@require_safe
def testimony_media(request: HttpRequest, testimony_id: int) -> FileResponse:
    """The attached file, only to those who may see the testimony. The type is the one checked
    on upload; the browser must not guess another (nosniff)."""
    testimony = _testimony(request, testimony_id)
    if not testimony.media:
        raise Http404
    try:
        handle = testimony.media.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=testimony.media_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=0"
    response["Content-Disposition"] = "inline"
    return response


# --- open answers -------------------------------------------------------------------------------


@login_required
@require_safe
def open_answers(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = get_object_or_404(Survey.objects.select_related("organisation"), pk=survey_id)
    access.require(request.user, Action.SURVEY_VIEW, survey)
    answers = [
        a for a in testimonies.open_answers(survey) if len(a.text) >= testimonies.MIN_QUOTE_LENGTH
    ]
    turned = Testimony.objects.filter(source_answer__question__survey=survey).count()
    return render(
        request,
        "collection/open_answers.html",
        {
            "survey": survey,
            "organisation": survey.organisation,
            "answers": answers,
            "turned": turned,
            "can_edit": access.can(request.user, Action.SURVEY_EDIT, survey),
        },
    )


@login_required
@require_http_methods(GET_POST)
def testimony_from_answer(request: HttpRequest, survey_id: int, answer_id: int) -> HttpResponse:
    survey = get_object_or_404(Survey.objects.select_related("organisation"), pk=survey_id)
    access.require(request.user, Action.SURVEY_EDIT, survey)
    answer = get_object_or_404(
        Answer.objects.select_related("question__survey", "response"),
        pk=answer_id,
        question__survey=survey,
    )
    if hasattr(answer, "testimony"):
        messages.info(request, _("Cette réponse est déjà un témoignage."))
        return redirect(answer.testimony)
    organisation = survey.organisation
    instance = Testimony(organisation=organisation, source_answer=answer)
    if request.method == "POST":
        form = _form(request, organisation, instance=instance)
    else:
        form = TestimonyForm(
            organisation=organisation,
            projects=access.visible_projects_of(request.user, organisation),
            instance=instance,
            initial=testimonies.initial_from_answer(answer),
        )
    if request.method == "POST" and form.is_valid():
        testimony = form.save_all(request.user)
        messages.success(request, _("La réponse est devenue un témoignage."))
        return redirect(testimony)
    return render(
        request,
        "collection/testimony_form.html",
        {"organisation": organisation, "form": form, "answer": answer, "survey": survey},
        status=400 if request.method == "POST" else 200,
    )
