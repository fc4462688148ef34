"""The reception log of a structure: the front-desk entry page, the journal with its export, and
the figures. Reading needs membership of the structure; typing, deleting need a contributor. Every
view asks `access.py`; the rules live in `collection/reception.py`."""

from __future__ import annotations

import contextlib
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from maillage import access
from maillage.access import Action
from maillage.collection import actions, reception
from maillage.collection.forms_reception import JournalFilterForm, ReceptionForm
from maillage.collection.models import ReceptionRequest
from maillage.core.forms import chosen_year, years_with_data
from maillage.organisations.models import Organisation

GET_POST = ["GET", "HEAD", "POST"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _organisation(request, slug: str, action: Action = Action.ORGANISATION_VIEW_MEMBERS):
    organisation = get_object_or_404(Organisation, slug=slug)
    access.require(request.user, action, organisation)
    return organisation


def _entry_url(organisation: Organisation, day: date, channel: str) -> str:
    base = reverse("collection:reception", kwargs={"slug": organisation.slug})
    return f"{base}?{urlencode({'date': day.isoformat(), 'canal': channel})}"


def _kept(request) -> dict:
    """What the last entry leaves for the next one: its date and channel."""
    kept = {}
    with contextlib.suppress(ValueError):
        day = date.fromisoformat(request.GET.get("date", ""))
        if day <= date.today():
            kept["received_on"] = day
    if request.GET.get("canal") in ReceptionRequest.Channel.values:
        kept["channel"] = request.GET["canal"]
    return kept


@login_required
@require_http_methods(GET_POST)
def reception_entry(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(request, slug)
    can_edit = access.can(request.user, Action.ORGANISATION_CONTRIBUTE, organisation)
    form = ReceptionForm(organisation=organisation, initial=_kept(request))
    status = 200
    if request.method == "POST":
        access.require(request.user, Action.ORGANISATION_CONTRIBUTE, organisation)
        form = ReceptionForm(request.POST, organisation=organisation)
        if form.is_valid():
            data = form.cleaned_data
            entry, created = reception.record_request(
                organisation,
                received_on=data["received_on"],
                channel=data["channel"],
                group=data["group"],
                theme=data["theme"],
                outcome=data["outcome"],
                oriented_to=data["oriented_to"],
                follow_up=data["follow_up"],
                follow_up_note=data["follow_up_note"],
                user=request.user,
                submission_key=data["submission_key"],
            )
            count = reception.day_count(organisation, entry.received_on)
            day = entry.received_on.strftime("%d/%m/%Y")
            if created:
                text = ngettext(
                    "Demande enregistrée : %(count)s demande le %(date)s.",
                    "Demande enregistrée : %(count)s demandes le %(date)s.",
                    count,
                )
            else:
                text = _("Cette demande était déjà enregistrée : %(count)s demandes le %(date)s.")
            messages.success(request, text % {"count": count, "date": day})
            # Back to an empty form, same date and channel: the next person is often alike.
            return redirect(_entry_url(organisation, entry.received_on, entry.channel))
        status = 400
    if form.is_bound:
        day = form.cleaned_data.get("received_on") or date.today()
    else:
        day = form.initial.get("received_on") or date.today()
    entries = reception.log(organisation, start=day, end=day)
    return render(
        request,
        "collection/reception.html",
        {
            "organisation": organisation,
            "form": form,
            "can_edit": can_edit,
            "day": day,
            "entries": entries,
            "is_today": day == date.today(),
        },
        status=status,
    )


@login_required
@require_http_methods(GET_POST)
def reception_delete(request: HttpRequest, slug: str, request_id: int) -> HttpResponse:
    organisation = _organisation(request, slug, Action.ORGANISATION_CONTRIBUTE)
    entry = get_object_or_404(ReceptionRequest, pk=request_id, organisation=organisation)
    back = _entry_url(organisation, entry.received_on, entry.channel)
    if request.method == "POST":
        actions.delete_reception_request(entry, by=request.user)
        messages.success(request, _("La demande est retirée du journal."))
        return redirect(back)
    return render(
        request,
        "collection/record_delete.html",
        {
            "organisation": organisation,
            "what": _("la demande du %(date)s (%(theme)s, %(outcome)s)")
            % {
                "date": entry.received_on.strftime("%d/%m/%Y"),
                "theme": entry.get_theme_display(),
                "outcome": entry.get_outcome_display(),
            },
            "back": back,
        },
    )


def _journal_rows(request, organisation):
    form = JournalFilterForm(request.GET or None)
    return form, reception.log(organisation, **form.filters())


@login_required
@require_http_methods(["GET", "HEAD"])
def reception_journal(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(request, slug)
    form, rows = _journal_rows(request, organisation)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    query = urlencode({k: v for k, v in request.GET.items() if k != "page" and v})
    return render(
        request,
        "collection/reception_journal.html",
        {
            "organisation": organisation,
            "form": form,
            "entries": page,
            "total": page.paginator.count,
            "query": query,
            "can_edit": access.can(request.user, Action.ORGANISATION_CONTRIBUTE, organisation),
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def reception_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    organisation = _organisation(request, slug)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    _form, rows = _journal_rows(request, organisation)
    if fmt == "csv":
        response = HttpResponse(reception.to_csv(rows), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(reception.to_xlsx(rows), content_type=XLSX)
    actions.export_reception_log(organisation, by=request.user, fmt=fmt, count=rows.count())
    name = f"journal-accueil-{organisation.slug}-{date.today():%Y-%m-%d}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_http_methods(["GET", "HEAD"])
def reception_figures(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(request, slug)
    years = years_with_data(organisation.reception_requests.all(), "received_on")
    year = chosen_year(request, years)
    start, end = reception.year_bounds(year)
    figures = reception.figures(organisation, start, end)
    months = reception.monthly(organisation, year)
    outcomes = list(ReceptionRequest.Outcome.choices)
    return render(
        request,
        "collection/reception_figures.html",
        {
            "organisation": organisation,
            "figures": figures,
            "months": [
                (month, [month.by_outcome[value] for value, _label in outcomes]) for month in months
            ],
            "outcomes": outcomes,
            "years": years,
            "year": year,
        },
    )
