"""A structure's governance pages (its bodies, their members' mandates and meetings, the figures
computed from them) and the network's governance figures. Every view asks `access.py`: the
structure's people see its bodies and names, its contributors change them; a network's advisors
see only the figures of the structures that share their key figures with it, never a name."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from maillage import access
from maillage.access import Action
from maillage.core.forms import chosen_year
from maillage.organisations import actions_governance as actions
from maillage.organisations import governance
from maillage.organisations.forms_governance import (
    BodyForm,
    CloseBodyForm,
    EndMandateForm,
    MandateForm,
    MeetingForm,
)
from maillage.organisations.models import (
    BodyMeeting,
    GoverningBody,
    Mandate,
    Network,
    Organisation,
)


def _organisation(request, slug: str, action: Action) -> Organisation:
    organisation = get_object_or_404(Organisation, slug=slug)
    access.require(request.user, action, organisation)
    return organisation


def _body(request, slug: str, body_id: int, action: Action) -> GoverningBody:
    organisation = _organisation(request, slug, action)
    return get_object_or_404(
        GoverningBody.objects.select_related("organisation"), pk=body_id, organisation=organisation
    )


@login_required
@require_safe
def governance_overview(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(request, slug, Action.ORGANISATION_VIEW_MEMBERS)
    years = governance.years_available(organisation)
    year = chosen_year(request, years)
    rows = governance.structure_figures(organisation, year)
    for row in rows:
        row.current = sorted(
            governance.members_on(row.body.mandates.all(), row.figures.on),
            key=lambda m: (m.role == Mandate.Role.MEMBER, m.role, m.person_name),
        )
    return render(
        request,
        "organisations/governance.html",
        {
            "organisation": organisation,
            "rows": rows,
            "year": year,
            "years": years,
            "rules": governance.RULES,
            "can_edit": access.can(request.user, Action.ORGANISATION_CONTRIBUTE, organisation),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def governance_body_add(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(request, slug, Action.ORGANISATION_CONTRIBUTE)
    form = BodyForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        body = actions.save_body(form.save(commit=False), by=request.user)
        messages.success(request, _("L'instance « %(body)s » est créée.") % {"body": body})
        return redirect("organisations:governance_body", slug=slug, body_id=body.pk)
    return render(
        request,
        "organisations/governance_body_form.html",
        {"organisation": organisation, "form": form, "body": None},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def governance_body_edit(request: HttpRequest, slug: str, body_id: int) -> HttpResponse:
    body = _body(request, slug, body_id, Action.ORGANISATION_CONTRIBUTE)
    form = BodyForm(request.POST or None, instance=body, organisation=body.organisation)
    if request.method == "POST" and form.is_valid():
        actions.save_body(form.save(commit=False), by=request.user)
        messages.success(request, _("L'instance est enregistrée."))
        return redirect("organisations:governance_body", slug=slug, body_id=body.pk)
    return render(
        request,
        "organisations/governance_body_form.html",
        {"organisation": body.organisation, "form": form, "body": body},
        status=400 if request.method == "POST" else 200,
    )


def _body_page(request, body: GoverningBody, status: int = 200, **forms) -> HttpResponse:
    today = timezone.localdate()
    mandates = list(body.mandates.all())
    current = sorted(
        governance.members_on(mandates, today),
        key=lambda m: (m.role == Mandate.Role.MEMBER, m.role, m.person_name),
    )
    can_edit = access.can(request.user, Action.ORGANISATION_CONTRIBUTE, body.organisation)
    open_ = body.dissolved_on is None or body.dissolved_on > today
    if can_edit and open_:
        forms.setdefault("mandate_form", MandateForm(body=body, initial={"started_on": today}))
        forms.setdefault("meeting_form", MeetingForm(body=body, initial={"held_on": today}))
        forms.setdefault("close_form", CloseBodyForm(body=body, initial={"dissolved_on": today}))
    start, end = governance.year_bounds(today.year)
    return render(
        request,
        "organisations/governance_body.html",
        {
            "organisation": body.organisation,
            "body": body,
            "current": current,
            "history": sorted(mandates, key=lambda m: (m.started_on, m.pk), reverse=True),
            "meetings": body.meetings.all(),
            "figures": governance.compute([body], start, end, today=today),
            "rules": governance.RULES,
            "today": today,
            "can_edit": can_edit,
            "is_open": open_,
            **forms,
        },
        status=status,
    )


@login_required
@require_safe
def governance_body(request: HttpRequest, slug: str, body_id: int) -> HttpResponse:
    return _body_page(request, _body(request, slug, body_id, Action.ORGANISATION_VIEW_MEMBERS))


@login_required
@require_POST
def governance_body_close(request: HttpRequest, slug: str, body_id: int) -> HttpResponse:
    body = _body(request, slug, body_id, Action.ORGANISATION_CONTRIBUTE)
    form = CloseBodyForm(request.POST, body=body)
    if not form.is_valid():
        return _body_page(request, body, 400, close_form=form)
    ended = actions.close_body(body, form.cleaned_data["dissolved_on"], by=request.user)
    messages.success(
        request,
        _("L'instance est dissoute ; %(count)s mandat(s) en cours se terminent ce jour-là.")
        % {"count": ended},
    )
    return redirect("organisations:governance_body", slug=slug, body_id=body.pk)


@login_required
@require_POST
def governance_mandate_add(request: HttpRequest, slug: str, body_id: int) -> HttpResponse:
    body = _body(request, slug, body_id, Action.ORGANISATION_CONTRIBUTE)
    form = MandateForm(request.POST, body=body)
    if not form.is_valid():
        return _body_page(request, body, 400, mandate_form=form)
    mandate = actions.add_mandate(form.save(commit=False), by=request.user)
    messages.success(
        request, _("Le mandat de %(person)s est enregistré.") % {"person": mandate.person_name}
    )
    return redirect("organisations:governance_body", slug=slug, body_id=body.pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def governance_mandate_end(request: HttpRequest, slug: str, mandate_id: int) -> HttpResponse:
    organisation = _organisation(request, slug, Action.ORGANISATION_CONTRIBUTE)
    mandate = get_object_or_404(
        Mandate.objects.select_related("body"), pk=mandate_id, body__organisation=organisation
    )
    form = EndMandateForm(
        request.POST or None,
        mandate=mandate,
        initial={"ended_on": mandate.ended_on or timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        actions.end_mandate(mandate, form.cleaned_data["ended_on"], by=request.user)
        messages.success(
            request,
            _("Le mandat de %(person)s se termine le %(date)s.")
            % {"person": mandate.person_name, "date": f"{mandate.ended_on:%d/%m/%Y}"},
        )
        return redirect("organisations:governance_body", slug=slug, body_id=mandate.body_id)
    return render(
        request,
        "organisations/governance_mandate_end.html",
        {"organisation": organisation, "mandate": mandate, "body": mandate.body, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def governance_meeting_add(request: HttpRequest, slug: str, body_id: int) -> HttpResponse:
    body = _body(request, slug, body_id, Action.ORGANISATION_CONTRIBUTE)
    form = MeetingForm(request.POST, body=body)
    if not form.is_valid():
        return _body_page(request, body, 400, meeting_form=form)
    meeting = actions.record_meeting(form.save(commit=False), by=request.user)
    if form.members_that_day:
        messages.success(
            request,
            _("Réunion du %(date)s consignée : %(present)s présents sur %(members)s membres.")
            % {
                "date": f"{meeting.held_on:%d/%m/%Y}",
                "present": meeting.present,
                "members": form.members_that_day,
            },
        )
    else:
        messages.warning(
            request,
            _("Réunion du %(date)s consignée. Aucun membre n'est enregistré en fonction ce "
              "jour-là : elle compte dans les réunions tenues, pas dans le taux de présence.")
            % {"date": f"{meeting.held_on:%d/%m/%Y}"},
        )  # fmt: skip
    return redirect("organisations:governance_body", slug=slug, body_id=body.pk)


@login_required
@require_POST
def governance_meeting_delete(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    organisation = _organisation(request, slug, Action.ORGANISATION_CONTRIBUTE)
    meeting = get_object_or_404(
        BodyMeeting.objects.select_related("body"), pk=meeting_id, body__organisation=organisation
    )
    body_id = meeting.body_id
    actions.delete_meeting(meeting, by=request.user)
    messages.success(request, _("La réunion est supprimée."))
    return redirect("organisations:governance_body", slug=slug, body_id=body_id)


@login_required
@require_safe
def network_governance(request: HttpRequest, slug: str) -> HttpResponse:
    network = get_object_or_404(Network, slug=slug)
    access.require(request.user, Action.NETWORK_ADVISE, network)
    this_year = timezone.localdate().year
    years = list(range(this_year, this_year - 6, -1))
    year = chosen_year(request, years)
    return render(
        request,
        "organisations/governance_network.html",
        {
            "network": network,
            "board": governance.network_figures(network, year),
            "year": year,
            "years": years,
            "rules": governance.RULES,
        },
    )
