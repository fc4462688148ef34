"""Activity and volunteer records of a structure: activities and their sessions typed fast,
volunteer time, and the import of both from CSV or XLSX. Every view asks `access.py`."""

from __future__ import annotations

import contextlib
import csv
import io
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from maillage import access
from maillage.access import Action
from maillage.collection import records
from maillage.collection.forms_records import (
    ActivityForm,
    RecordImportForm,
    SessionForm,
    VolunteerTimeForm,
)
from maillage.collection.imports import ImportProblem
from maillage.collection.models import Activity, ActivitySession, VolunteerTime
from maillage.core.forms import chosen_year, years_with_data
from maillage.organisations.models import Organisation

GET_POST = ["GET", "HEAD", "POST"]
MAX_UPLOAD = 20 * 1024 * 1024


def _organisation(request, slug: str, action: Action = Action.ORGANISATION_VIEW_MEMBERS):
    organisation = get_object_or_404(Organisation, slug=slug)
    access.require(request.user, action, organisation)
    return organisation


def _activity(request, activity_id: int, action: Action = Action.ACTIVITY_VIEW) -> Activity:
    activity = get_object_or_404(Activity.objects.select_related("organisation"), pk=activity_id)
    access.require(request.user, action, activity)
    return activity


# --- activities ---------------------------------------------------------------------------------


@login_required
@require_http_methods(GET_POST)
def activity_list(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(request, slug)
    can_edit = access.can(request.user, Action.ORGANISATION_CONTRIBUTE, organisation)
    form = ActivityForm(projects=access.visible_projects_of(request.user, organisation))
    status = 200
    if request.method == "POST":
        access.require(request.user, Action.ORGANISATION_CONTRIBUTE, organisation)
        form = ActivityForm(
            request.POST,
            projects=access.visible_projects_of(request.user, organisation),
            instance=Activity(organisation=organisation),
        )
        if form.is_valid():
            activity = form.save(commit=False)
            activity.code = records.unique_activity_code(organisation, activity.name)
            activity.save()
            messages.success(request, _("L'activité est créée : saisissez ses séances."))
            return redirect(activity)
        status = 400
    sessions = ActivitySession.objects.filter(activity__organisation=organisation)
    years = years_with_data(sessions, "date")
    year = chosen_year(request, years)
    summary = records.activity_summary(organisation, date(year, 1, 1), date(year, 12, 31))
    totals = {key: sum(row[key] for row in summary) for key in ("sessions", "attendances", "hours")}
    return render(
        request,
        "collection/activity_list.html",
        {
            "organisation": organisation,
            "summary": summary,
            "totals": totals,
            "years": years,
            "year": year,
            "form": form,
            "can_edit": can_edit,
        },
        status=status,
    )


@login_required
@require_http_methods(GET_POST)
def activity_detail(request: HttpRequest, activity_id: int) -> HttpResponse:
    activity = _activity(request, activity_id)
    can_edit = access.can(request.user, Action.ACTIVITY_EDIT, activity)
    form = SessionForm(activity=activity, initial={"date": date.today()})
    status = 200
    if request.method == "POST":
        access.require(request.user, Action.ACTIVITY_EDIT, activity)
        form = SessionForm(request.POST, activity=activity)
        if form.is_valid():
            session = records.record_session(
                activity,
                on=form.cleaned_data["date"],
                duration=form.cleaned_data["duration"],
                counts=form.counts(),
                names=form.cleaned_data["names"],
                people=list(form.cleaned_data["people"]),
                notes=form.cleaned_data["notes"],
                user=request.user,
                submission_key=form.cleaned_data["submission_key"],
            )
            total = session.attendance_total
            messages.success(
                request,
                ngettext(
                    "Séance du %(date)s enregistrée : %(count)s participation.",
                    "Séance du %(date)s enregistrée : %(count)s participations.",
                    total,
                )
                % {"date": session.date.strftime("%d/%m/%Y"), "count": total},
            )
            # Back to an empty form dated like the last one: the next session is often the
            # following week, typed from the same paper sheet.
            return redirect(f"{activity.get_absolute_url()}?date={session.date.isoformat()}")
        status = 400
    elif request.GET.get("date"):
        with contextlib.suppress(ValueError):
            form = SessionForm(
                activity=activity, initial={"date": date.fromisoformat(request.GET["date"])}
            )
    sessions = Paginator(
        activity.sessions.prefetch_related("attendances", "participants"), 25
    ).get_page(request.GET.get("page"))
    totals = activity.sessions.aggregate(hours=Sum("duration"))
    return render(
        request,
        "collection/activity_detail.html",
        {
            "organisation": activity.organisation,
            "activity": activity,
            "form": form,
            "sessions": sessions,
            "session_count": activity.sessions.count(),
            "attendance_count": activity.sessions.aggregate(n=Sum("attendances__count"))["n"] or 0,
            "hours": totals["hours"] or 0,
            "can_edit": can_edit,
        },
        status=status,
    )


@login_required
@require_http_methods(GET_POST)
def activity_edit(request: HttpRequest, activity_id: int) -> HttpResponse:
    activity = _activity(request, activity_id, Action.ACTIVITY_EDIT)
    projects = access.visible_projects_of(request.user, activity.organisation)
    form = ActivityForm(request.POST or None, instance=activity, projects=projects)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("L'activité est modifiée."))
        return redirect(activity)
    return render(
        request,
        "collection/activity_form.html",
        {"organisation": activity.organisation, "activity": activity, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(GET_POST)
def session_delete(request: HttpRequest, activity_id: int, session_id: int) -> HttpResponse:
    activity = _activity(request, activity_id, Action.ACTIVITY_EDIT)
    session = get_object_or_404(activity.sessions, pk=session_id)
    if request.method == "POST":
        session.delete()
        messages.success(
            request,
            _("La séance du %(date)s est supprimée.") % {"date": session.date.strftime("%d/%m/%Y")},
        )
        return redirect(activity)
    return render(
        request,
        "collection/record_delete.html",
        {
            "organisation": activity.organisation,
            "activity": activity,
            "what": _("la séance du %(date)s (%(count)s participations)")
            % {"date": session.date.strftime("%d/%m/%Y"), "count": session.attendance_total},
            "back": activity.get_absolute_url(),
        },
    )


# --- volunteer time -----------------------------------------------------------------------------


@login_required
@require_http_methods(GET_POST)
def volunteering(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(request, slug)
    can_edit = access.can(request.user, Action.ORGANISATION_CONTRIBUTE, organisation)
    form = VolunteerTimeForm(organisation=organisation, initial={"date": date.today()})
    status = 200
    if request.method == "POST":
        access.require(request.user, Action.ORGANISATION_CONTRIBUTE, organisation)
        form = VolunteerTimeForm(request.POST, organisation=organisation)
        if form.is_valid():
            data = form.cleaned_data
            entry = records.record_volunteer_time(
                organisation,
                on=data["date"],
                hours=data["hours"],
                activity=data["activity"],
                person=data["person"],
                person_name=data["person_name"],
                group_label=data["group_label"],
                volunteers=data["volunteers"],
                notes=data["notes"],
                user=request.user,
                submission_key=data["submission_key"],
            )
            messages.success(
                request,
                _("%(hours)s h de %(who)s enregistrées.")
                % {"hours": f"{entry.hours.normalize():f}".replace(".", ","), "who": entry.who},
            )
            return redirect(reverse("collection:volunteering", kwargs={"slug": slug}))
        status = 400
    entries = organisation.volunteer_times.select_related("activity", "person")
    years = years_with_data(entries, "date")
    year = chosen_year(request, years)
    summary = records.volunteer_summary(organisation, date(year, 1, 1), date(year, 12, 31))
    page = Paginator(entries.filter(date__year=year), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "collection/volunteering.html",
        {
            "organisation": organisation,
            "form": form,
            "entries": page,
            "summary": summary,
            "years": years,
            "year": year,
            "can_edit": can_edit,
        },
        status=status,
    )


@login_required
@require_http_methods(GET_POST)
def volunteer_time_delete(request: HttpRequest, slug: str, entry_id: int) -> HttpResponse:
    organisation = _organisation(request, slug, Action.ORGANISATION_CONTRIBUTE)
    entry = get_object_or_404(VolunteerTime, pk=entry_id, organisation=organisation)
    back = reverse("collection:volunteering", kwargs={"slug": slug})
    if request.method == "POST":
        entry.delete()
        messages.success(request, _("La saisie est supprimée."))
        return redirect(back)
    return render(
        request,
        "collection/record_delete.html",
        {
            "organisation": organisation,
            "what": _("%(hours)s h de %(who)s le %(date)s")
            % {"hours": entry.hours, "who": entry.who, "date": entry.date.strftime("%d/%m/%Y")},
            "back": back,
        },
    )


# --- import --------------------------------------------------------------------------------------

TEMPLATES = {
    "seances": [
        ["activite", "date", "duree", "habitants", "benevoles", "participants", "remarque"],
        ["Atelier couture", "07/01/2025", "2", "8", "1", "Awa Diallo; Jeanne Martin", ""],
        ["Accompagnement scolaire", "07/01/2025", "1h30", "12", "3", "", "veille de vacances"],
    ],
    "benevolat": [
        ["date", "activite", "benevole", "groupe", "nombre", "heures", "remarque"],
        ["31/01/2025", "Atelier couture", "Jeanne Martin", "", "", "8", ""],
        ["31/01/2025", "Accompagnement scolaire", "", "Équipe du soutien scolaire", "5", "40", ""],
    ],
}


@login_required
@require_http_methods(["GET", "HEAD"])
def records_template(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    _organisation(request, slug)
    if kind not in TEMPLATES:
        raise Http404
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(TEMPLATES[kind])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="modele-{kind}.csv"'
    return response


def _import_summary(result: records.RecordImportResult) -> str:
    text = ngettext("%(count)s ligne importée.", "%(count)s lignes importées.", result.stored) % {
        "count": result.stored
    }
    if result.new_activities:
        text += " " + _("Activités créées : %(names)s.") % {
            "names": ", ".join(result.new_activities)
        }
    if result.new_people:
        text += " " + ngettext(
            "%(count)s personne nommée ajoutée.", "%(count)s personnes nommées ajoutées.",
            len(result.new_people),
        ) % {"count": len(result.new_people)}  # fmt: skip
    return text


@login_required
@require_http_methods(GET_POST)
def records_import(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(request, slug, Action.ORGANISATION_CONTRIBUTE)
    form = RecordImportForm(initial={"kind": request.GET.get("type", "seances")})
    result, error, status = None, "", 200
    if request.method == "POST":
        form = RecordImportForm(request.POST, request.FILES)
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > MAX_UPLOAD:
                error = _("Le fichier dépasse 20 Mo : découpez-le par année.")
            else:
                importer = records.IMPORTERS[form.cleaned_data["kind"]]
                try:
                    result = importer(upload.read(), upload.name, organisation, request.user)
                except ImportProblem as problem:
                    error = str(problem)
            if result and result.ok:
                # Redirect after success: reloading the page must not import the file again.
                messages.success(request, _import_summary(result))
                target = "activities" if form.cleaned_data["kind"] == "seances" else "volunteering"
                return redirect(reverse(f"collection:{target}", kwargs={"slug": slug}))
    return render(
        request,
        "collection/records_import.html",
        {
            "organisation": organisation,
            "form": form,
            "result": result,
            "error": error,
            "columns": {
                "seances": TEMPLATES["seances"][0],
                "benevolat": TEMPLATES["benevolat"][0],
            },
        },
        status=status,
    )
