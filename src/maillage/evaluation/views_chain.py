"""Value-chain pages: list of a project's chains, one chain with its diagram and its accessible
table, and the small forms that add or remove maillons, links and contributions.

Every POST works without JavaScript (redirect after success, the page again with its errors
otherwise); with htmx, the chain's body is returned and swapped in place."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
    require_safe,
)

from maillage import access
from maillage.access import Action
from maillage.evaluation import actions
from maillage.evaluation.cooperation import member_summary
from maillage.evaluation.diagram import column_headings, render_chain_svg
from maillage.evaluation.forms import ChainForm, ChainLinkForm
from maillage.evaluation.forms_chain import ChainContributionForm, ChainLinkEdgeForm
from maillage.evaluation.models import ChainEdge, ChainLink, Contribution, ValueChain
from maillage.organisations.models import Organisation
from maillage.projects.models import Project

LINK_PREFIX, EDGE_PREFIX, CONTRIBUTION_PREFIX = "maillon", "lien", "contribution"


# --- rules ---------------------------------------------------------------------------------------


def can_edit_chains(user, project: Project) -> bool:
    return access.can(user, Action.FRAMEWORK_EDIT, actions.framework_for(project))


def contribution_organisations(user, project: Project) -> QuerySet[Organisation]:
    """The members for whom this user may record a contribution: every member for those who
    edit the framework, otherwise the member structures the user contributes to."""
    members = Organisation.objects.filter(project_memberships__project=project).order_by("name")
    if can_edit_chains(user, project):
        return members
    if not access.can(user, Action.PROJECT_CONTRIBUTE, project):
        return members.none()
    allowed = [o.pk for o in members if access.can(user, Action.ORGANISATION_CONTRIBUTE, o)]
    return members.filter(pk__in=allowed)


# --- helpers -------------------------------------------------------------------------------------


def _project(request: HttpRequest, slug: str) -> Project:
    """Members read the chains; so do those the lead shares its framework with (read-only)."""
    project = get_object_or_404(Project, slug=slug)
    access.require(request.user, Action.PROJECT_VIEW_FRAMEWORK, project)
    return project


def _chain(request: HttpRequest, slug: str, chain_id: int) -> tuple[Project, ValueChain]:
    project = _project(request, slug)
    return project, get_object_or_404(ValueChain, pk=chain_id, project=project)


def _require_edit(request: HttpRequest, project: Project) -> None:
    if not can_edit_chains(request.user, project):
        raise PermissionDenied


def _chain_url(chain: ValueChain, anchor: str = "") -> str:
    return chain.get_absolute_url() + (f"#{anchor}" if anchor else "")


def _chain_context(request: HttpRequest, project: Project, chain: ValueChain, **forms) -> dict:
    user = request.user
    framework = actions.framework_for(project)
    can_edit = access.can(user, Action.FRAMEWORK_EDIT, framework)
    organisations = contribution_organisations(user, project)
    allowed_ids = set(organisations.values_list("pk", flat=True))
    links = list(
        chain.links.select_related(
            "shared_post__employer", "shared_post__project"
        ).prefetch_related(
            "goals",
            "indicators",
            "contributions__organisation",
            "incoming__source",
            "outgoing__target",
        )
    )
    for link in links:
        for contribution in link.contributions.all():
            contribution.can_delete = contribution.organisation_id in allowed_ids
    headings = column_headings()
    columns = [
        {"kind": kind, "heading": headings[kind], "links": [x for x in links if x.kind == kind]}
        for kind in ChainLink.KIND_ORDER
    ]
    edges = chain.edges.select_related("source", "target").order_by("source__kind", "pk")
    context = {
        "project": project,
        "chain": chain,
        "svg": mark_safe(render_chain_svg(chain)),  # noqa: S308 - every text in it is escaped
        "columns": columns,
        "links": links,
        "edges": edges,
        "summary": member_summary(project, chain),
        "can_edit": can_edit,
        "can_contribute": bool(allowed_ids),
    }
    if can_edit:
        context["link_form"] = forms.get("link_form") or ChainLinkForm(
            chain=chain, framework=framework, prefix=LINK_PREFIX
        )
        context["edge_form"] = forms.get("edge_form") or ChainLinkEdgeForm(
            chain=chain, prefix=EDGE_PREFIX
        )
    if allowed_ids and links:
        context["contribution_form"] = forms.get("contribution_form") or ChainContributionForm(
            chain=chain, organisations=organisations, prefix=CONTRIBUTION_PREFIX
        )
    return context


def _render_chain(request, project, chain, *, status=200, **forms) -> HttpResponse:
    context = _chain_context(request, project, chain, **forms)
    if request.htmx:
        # htmx swaps only 2xx answers: errors come back as a 200 fragment.
        return render(request, "evaluation/_chain_body.html", context)
    return render(request, "evaluation/chain_detail.html", context, status=status)


def _done(request, project, chain, message: str, anchor: str = "") -> HttpResponse:
    messages.success(request, message)
    if request.htmx:
        return _render_chain(request, project, chain)
    return HttpResponseRedirect(_chain_url(chain, anchor))


# --- chains --------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def chain_list(request: HttpRequest, slug: str) -> HttpResponse:
    project = _project(request, slug)
    can_edit = can_edit_chains(request.user, project)
    form = ChainForm()
    status = 200
    if request.method == "POST":
        _require_edit(request, project)
        form = ChainForm(request.POST, instance=ValueChain(project=project))
        if form.is_valid():
            chain = actions.save_chain_item(form.instance, form.instance, by=request.user)
            messages.success(request, _("La chaîne de valeur a été créée."))
            return redirect(chain)
        status = 400
    chains = project.value_chains.annotate(
        link_count=Count("links", distinct=True), edge_count=Count("edges", distinct=True)
    )
    return render(
        request,
        "evaluation/chain_list.html",
        {"project": project, "chains": chains, "form": form, "can_edit": can_edit},
        status=status,
    )


@login_required
@require_GET
def chain_detail(request: HttpRequest, slug: str, chain_id: int) -> HttpResponse:
    project, chain = _chain(request, slug, chain_id)
    return _render_chain(request, project, chain)


@login_required
@require_safe
def chain_svg(request: HttpRequest, slug: str, chain_id: int) -> HttpResponse:
    _project_, chain = _chain(request, slug, chain_id)
    response = HttpResponse(render_chain_svg(chain), content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="chaine-de-valeur-{chain.pk}.svg"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def chain_edit(request: HttpRequest, slug: str, chain_id: int) -> HttpResponse:
    project, chain = _chain(request, slug, chain_id)
    _require_edit(request, project)
    form = ChainForm(request.POST or None, instance=chain)
    if request.method == "POST" and form.is_valid():
        actions.save_chain_item(chain, form.instance, by=request.user)
        messages.success(request, _("La chaîne de valeur a été enregistrée."))
        return redirect(chain)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "evaluation/chain_form.html",
        {"project": project, "chain": chain, "form": form},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def chain_delete(request: HttpRequest, slug: str, chain_id: int) -> HttpResponse:
    project, chain = _chain(request, slug, chain_id)
    _require_edit(request, project)
    if request.method == "POST":
        actions.delete_chain_item(chain, chain, by=request.user)
        messages.success(request, _("La chaîne de valeur a été supprimée."))
        return redirect("evaluation:chains", slug=project.slug)
    return render(
        request,
        "evaluation/chain_confirm_delete.html",
        {"project": project, "chain": chain, "counts": {"links": chain.links.count()}},
    )


# --- maillons ------------------------------------------------------------------------------------


@login_required
@require_POST
def link_add(request: HttpRequest, slug: str, chain_id: int) -> HttpResponse:
    project, chain = _chain(request, slug, chain_id)
    _require_edit(request, project)
    framework = actions.framework_for(project)
    form = ChainLinkForm(request.POST, chain=chain, framework=framework, prefix=LINK_PREFIX)
    if not form.is_valid():
        return _render_chain(request, project, chain, status=400, link_form=form)
    link = form.save(commit=False)
    actions.save_chain_item(chain, link, by=request.user)
    form.save_m2m()
    return _done(
        request, project, chain, _("Maillon ajouté : %(title)s") % {"title": link}, "maillons"
    )


@login_required
@require_http_methods(["GET", "POST"])
def link_edit(request: HttpRequest, slug: str, chain_id: int, link_id: int) -> HttpResponse:
    project, chain = _chain(request, slug, chain_id)
    _require_edit(request, project)
    link = get_object_or_404(ChainLink, pk=link_id, chain=chain)
    framework = actions.framework_for(project)
    form = ChainLinkForm(request.POST or None, instance=link, chain=chain, framework=framework)
    if request.method == "POST" and form.is_valid():
        link = form.save(commit=False)
        actions.save_chain_item(chain, link, by=request.user)
        form.save_m2m()
        messages.success(request, _("Maillon enregistré : %(title)s") % {"title": link})
        return HttpResponseRedirect(_chain_url(chain, f"maillon-{link.pk}"))
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "evaluation/chain_link_form.html",
        {"project": project, "chain": chain, "link": link, "form": form},
        status=status,
    )


@login_required
@require_POST
def link_delete(request: HttpRequest, slug: str, chain_id: int, link_id: int) -> HttpResponse:
    project, chain = _chain(request, slug, chain_id)
    _require_edit(request, project)
    link = get_object_or_404(ChainLink, pk=link_id, chain=chain)
    title = link.title
    actions.delete_chain_item(chain, link, by=request.user)
    return _done(request, project, chain, _("Maillon supprimé : %(title)s") % {"title": title})


# --- liens ---------------------------------------------------------------------------------------


@login_required
@require_POST
def edge_add(request: HttpRequest, slug: str, chain_id: int) -> HttpResponse:
    project, chain = _chain(request, slug, chain_id)
    _require_edit(request, project)
    form = ChainLinkEdgeForm(request.POST, chain=chain, prefix=EDGE_PREFIX)
    if not form.is_valid():
        return _render_chain(request, project, chain, status=400, edge_form=form)
    data = form.cleaned_data
    edge = actions.add_edge(
        chain, data["source"], data["target"], label=data["label"], by=request.user
    )
    return _done(request, project, chain, _("Lien ajouté : %(edge)s") % {"edge": edge}, "liens")


@login_required
@require_POST
def edge_delete(request: HttpRequest, slug: str, chain_id: int, edge_id: int) -> HttpResponse:
    project, chain = _chain(request, slug, chain_id)
    _require_edit(request, project)
    edge = get_object_or_404(
        ChainEdge.objects.select_related("source", "target"), pk=edge_id, chain=chain
    )
    text = str(edge)
    actions.delete_chain_item(chain, edge, by=request.user)
    return _done(request, project, chain, _("Lien supprimé : %(edge)s") % {"edge": text}, "liens")


# --- contributions -------------------------------------------------------------------------------


@login_required
@require_POST
def contribution_add(request: HttpRequest, slug: str, chain_id: int) -> HttpResponse:
    project, chain = _chain(request, slug, chain_id)
    organisations = contribution_organisations(request.user, project)
    if not organisations.exists():
        raise PermissionDenied
    form = ChainContributionForm(
        request.POST, chain=chain, organisations=organisations, prefix=CONTRIBUTION_PREFIX
    )
    if not form.is_valid():
        return _render_chain(request, project, chain, status=400, contribution_form=form)
    link = form.cleaned_data["link"]
    actions.add_contribution(link, form.instance, by=request.user)
    return _done(
        request,
        project,
        chain,
        _("Contribution ajoutée au maillon « %(link)s ».") % {"link": link},
        f"maillon-{link.pk}",
    )


@login_required
@require_POST
def contribution_delete(
    request: HttpRequest, slug: str, chain_id: int, contribution_id: int
) -> HttpResponse:
    project, chain = _chain(request, slug, chain_id)
    contribution = get_object_or_404(
        Contribution.objects.select_related("link", "organisation"),
        pk=contribution_id,
        link__chain=chain,
    )
    allowed = contribution_organisations(request.user, project)
    if not allowed.filter(pk=contribution.organisation_id).exists():
        raise PermissionDenied
    link = contribution.link
    actions.delete_chain_item(chain, contribution, by=request.user)
    return _done(
        request,
        project,
        chain,
        _("Contribution retirée du maillon « %(link)s ».") % {"link": link},
        f"maillon-{link.pk}",
    )
