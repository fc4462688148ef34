"""Pages of the cooperation map (a structure's, a network's, a project's) and of a structure's
agreements with its partners. Thin views: the graph and its figures come from
`cooperation_map`, the picture from `map_svg`, permissions from `access`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maillage import access
from maillage.access import Action
from maillage.organisations import actions_agreements, map_svg
from maillage.organisations import cooperation_map as cmap
from maillage.organisations.forms_agreements import (
    AgreementForm,
    MapFilterForm,
    PartnerSearchForm,
    partner_choices,
)
from maillage.organisations.models import Agreement, Network, NetworkMembership, Organisation
from maillage.projects.models import Project

YEARS_BACK = 8


def map_years() -> list[int]:
    this_year = timezone.localdate().year
    return list(range(this_year + 1, this_year - YEARS_BACK, -1))


def map_context(request: HttpRequest, build, *, subject: str, kind: str) -> dict:
    """Everything a map page shows. `build(start, end, kinds)` makes the graph of a period."""
    form = MapFilterForm(request.GET or None, years=map_years())
    start, end = form.period
    tie_kinds, node_kinds = form.tie_kinds, form.node_kinds

    def builder(start=None, end=None):
        return cmap.keep_node_kinds(build(start, end, tie_kinds or None), node_kinds)

    graph = builder(start, end)
    figures = cmap.metrics(graph)
    chosen_year = form.cleaned_data.get("annee") if form.is_valid() else None
    year = chosen_year or timezone.localdate().year
    return {
        "form": form,
        "filtered": bool(request.GET) and form.is_valid(),
        "start": start,
        "end": end,
        "subject": subject,
        "map_kind": kind,
        "graph": graph,
        "metrics": figures,
        "svg": map_svg.render_svg(graph),
        "change": cmap.yearly_change(builder, year),
        "focus_name": graph.nodes[figures.focus]["name"] if figures.focus else "",
    }


@login_required
@require_GET
def structure_map(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    access.require(request.user, Action.ORGANISATION_VIEW_MEMBERS, organisation)
    context = map_context(
        request,
        lambda start, end, kinds: cmap.structure_graph(organisation, start, end, kinds),
        subject=organisation.name,
        kind="structure",
    )
    context.update(
        organisation=organisation,
        can_contribute=access.can(request.user, Action.ORGANISATION_CONTRIBUTE, organisation),
    )
    return render(request, "organisations/cooperation_map.html", context)


@login_required
@require_GET
def network_map(request: HttpRequest, slug: str) -> HttpResponse:
    network = get_object_or_404(Network, slug=slug)
    access.require(request.user, Action.NETWORK_ADVISE, network)
    context = map_context(
        request,
        lambda start, end, kinds: cmap.network_graph(network, start, end, kinds),
        subject=network.name,
        kind="network",
    )
    members = network.memberships.filter(role=NetworkMembership.Role.ACCOMPANIED).count()
    context.update(
        network=network,
        is_advisor=True,  # the network's menu shows the advisors' links
        sharing=context["graph"].graph["sharing"],
        members=members,
    )
    return render(request, "organisations/cooperation_map.html", context)


@login_required
@require_GET
def project_map(request: HttpRequest, slug: str) -> HttpResponse:
    project = get_object_or_404(Project, slug=slug)
    access.require(request.user, Action.PROJECT_VIEW, project)
    context = map_context(
        request,
        lambda start, end, kinds: cmap.project_graph(project, start, end, kinds),
        subject=project.title,
        kind="project",
    )
    context.update(project=project)
    return render(request, "organisations/cooperation_map.html", context)


# --- agreements -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def agreement_list(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    access.require(request.user, Action.ORGANISATION_VIEW_MEMBERS, organisation)
    can_edit = access.can(request.user, Action.ORGANISATION_CONTRIBUTE, organisation)
    search = PartnerSearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    choices = partner_choices(organisation, access.visible_organisations(request.user), query)
    form = AgreementForm(organisation=organisation, choices=choices) if can_edit else None
    status = 200
    if request.method == "POST":
        access.require(request.user, Action.ORGANISATION_CONTRIBUTE, organisation)
        form = AgreementForm(request.POST, organisation=organisation)
        if form.is_valid():
            agreement = actions_agreements.add_agreement(form.save(commit=False), by=request.user)
            messages.success(
                request,
                _("L'accord avec %(partner)s est enregistré.") % {"partner": agreement.partner},
            )
            return redirect("organisations:agreements", slug=slug)
        status = 400
    agreements = organisation.agreements.select_related("partner").order_by(
        "partner__name", "-starts_on", "pk"
    )
    return render(
        request,
        "organisations/agreements.html",
        {
            "organisation": organisation,
            "agreements": agreements,
            "form": form,
            "search": search,
            "query": query,
            "choice_count": choices.count() if query else None,
            "can_edit": can_edit,
        },
        status=status,
    )


@login_required
@require_POST
def agreement_delete(request: HttpRequest, slug: str, agreement_id: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    access.require(request.user, Action.ORGANISATION_CONTRIBUTE, organisation)
    agreement = get_object_or_404(
        Agreement.objects.select_related("partner"), pk=agreement_id, organisation=organisation
    )
    actions_agreements.delete_agreement(agreement, by=request.user)
    messages.success(
        request, _("L'accord avec %(partner)s est supprimé.") % {"partner": agreement.partner}
    )
    return redirect("organisations:agreements", slug=slug)
