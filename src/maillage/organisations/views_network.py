"""A network's collective sessions (list, entry with the attendance grid, deletion) and its
calendar (page and iCalendar export). Every view asks `access.py`: the network's people see the
sessions; the animating structures' contributors record them; only advisors see the attendance
of every structure."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from maillage import access
from maillage.access import Action
from maillage.organisations import actions_sessions
from maillage.organisations import network_dashboard as rules
from maillage.organisations.figures import accompanied_organisations
from maillage.organisations.forms_sessions import AttendanceGrid, SessionForm
from maillage.organisations.models import Network, NetworkSession


def _network(request, slug: str, action: Action = Action.NETWORK_VIEW) -> Network:
    network = get_object_or_404(Network.objects.select_related("department"), slug=slug)
    access.require(request.user, action, network)
    return network


def _own_view(request, network, summary):
    """What a structure's people (not advisors) may see of the attendance: their own rows."""
    mine = access.user_organisation_ids(request.user)
    for session in summary.sessions:
        session.rows = [row for row in session.rows if row[0].pk in mine]
    summary.by_structure = [row for row in summary.by_structure if row.organisation.pk in mine]


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def network_sessions(request: HttpRequest, slug: str) -> HttpResponse:
    network = _network(request, slug)
    user = request.user
    can_record = access.can(user, Action.NETWORK_MANAGE, network)
    is_advisor = access.can(user, Action.NETWORK_ADVISE, network)
    organisations = list(accompanied_organisations(network))
    form = SessionForm(initial={"held_on": timezone.localdate()})
    grid = AttendanceGrid(organisations)
    status = 200
    if request.method == "POST":
        access.require(user, Action.NETWORK_MANAGE, network)
        form = SessionForm(request.POST)
        grid = AttendanceGrid(organisations, request.POST)
        if form.is_valid() and grid.is_valid():
            session = actions_sessions.record_session(
                network, counts=grid.counts, by=user, **form.cleaned_data
            )
            messages.success(
                request,
                _("La séance est enregistrée : %(people)s personnes de %(structures)s structures.")
                % {
                    "people": sum(grid.counts.values()),
                    "structures": len({org for org, _group in grid.counts}),
                },
            )
            return redirect(f"{request.path}#seance-{session.pk}")
        status = 400
    summary = rules.sessions_summary(network, organisations)
    if not is_advisor:
        _own_view(request, network, summary)
    return render(
        request,
        "organisations/network_sessions.html",
        {
            "network": network,
            "summary": summary,
            "form": form,
            "grid": grid,
            "can_record": can_record,
            "is_advisor": is_advisor,
        },
        status=status,
    )


@login_required
@require_POST
def network_session_delete(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    network = _network(request, slug, Action.NETWORK_MANAGE)
    session = get_object_or_404(NetworkSession, pk=session_id, network=network)
    actions_sessions.delete_session(session, by=request.user)
    messages.success(request, _("La séance est supprimée."))
    return redirect("organisations:network_sessions", slug=network.slug)


@login_required
@require_safe
def network_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    network = _network(request, slug)
    today = timezone.localdate()
    summary = rules.sessions_summary(network)
    is_advisor = access.can(request.user, Action.NETWORK_ADVISE, network)
    if not is_advisor:
        _own_view(request, network, summary)
    return render(
        request,
        "organisations/network_calendar.html",
        {
            "network": network,
            "months": rules.calendar(summary.sessions, today),
            "next": rules.next_session(summary.sessions, today),
            "today": today,
            "is_advisor": is_advisor,
        },
    )


@login_required
@require_safe
def network_calendar_ics(request: HttpRequest, slug: str) -> HttpResponse:
    network = _network(request, slug)
    sessions = list(network.sessions.all())
    body = rules.ics(network, sessions, host=request.get_host().split(":")[0] or "maillage")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    filename = f"seances-{slugify(network.name)[:60]}.ics"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
