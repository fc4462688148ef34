from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maillage import access
from maillage.access import Action
from maillage.organisations.models import Organisation
from maillage.projects import actions
from maillage.projects.forms import (
    AddMemberForm,
    DirectorySearchForm,
    MemberForm,
    PartnerForm,
    ProjectCreateForm,
    ProjectForm,
)
from maillage.projects.models import Membership, Project


def _project(request, slug: str, action: Action) -> Project:
    project = get_object_or_404(Project.objects.select_related("territory"), slug=slug)
    access.require(request.user, action, project)
    return project


def _membership(project: Project, membership_id: int) -> Membership:
    # The membership must belong to the project in the URL, else 404.
    return get_object_or_404(
        Membership.objects.select_related("organisation", "referent", "project"),
        pk=membership_id,
        project=project,
    )


def _structures_that_may_create(user) -> list[Organisation]:
    return [
        organisation
        for organisation in access.visible_organisations(user).order_by("name")
        if access.can(user, Action.ORGANISATION_CREATE_PROJECT, organisation)
    ]


def _members(project: Project) -> list[Membership]:
    """Members in the order of the roles (porteur first), then by name."""
    rank = {role: index for index, role in enumerate(Membership.Role.values)}
    members = project.memberships.select_related("organisation", "referent")
    return sorted(members, key=lambda m: (rank.get(m.role, 99), m.organisation.name))


@login_required
@require_GET
def project_list(request: HttpRequest) -> HttpResponse:
    projects = (
        access.visible_projects(request.user)
        .prefetch_related("memberships__organisation")
        .order_by("-period_start", "title")
    )
    return render(
        request,
        "projects/list.html",
        {
            "projects": projects,
            "can_create": bool(_structures_that_may_create(request.user)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_create(request: HttpRequest) -> HttpResponse:
    structures = _structures_that_may_create(request.user)
    chosen = None
    if slug := request.GET.get("structure"):
        chosen = get_object_or_404(Organisation, slug=slug)
        access.require(request.user, Action.ORGANISATION_CREATE_PROJECT, chosen)
    if not structures:
        raise PermissionDenied
    initial = {"organisation": chosen or structures[0]}
    saving = request.method == "POST"
    form = ProjectCreateForm(
        request.POST if saving else None,
        initial=initial,
        organisations=Organisation.objects.filter(pk__in=[o.pk for o in structures]),
    )
    if saving and form.is_valid():
        data = form.cleaned_data
        organisation = data.pop("organisation")
        access.require(request.user, Action.ORGANISATION_CREATE_PROJECT, organisation)
        project = actions.create_project(organisation=organisation, by=request.user, **data)
        messages.success(
            request,
            _("Le projet « %(title)s » a été créé. %(name)s en est le porteur.")
            % {"title": project.title, "name": organisation.name},
        )
        return redirect(project.get_absolute_url())
    return render(
        request,
        "projects/create.html",
        {"form": form, "single_structure": structures[0] if len(structures) == 1 else None},
        status=400 if saving else 200,
    )


@login_required
@require_GET
def project_detail(request: HttpRequest, slug: str) -> HttpResponse:
    project = _project(request, slug, Action.PROJECT_VIEW)
    shared_posts = project.shared_posts.select_related("employer").prefetch_related(
        "allocations__organisation"
    )
    return render(
        request,
        "projects/detail.html",
        {
            "project": project,
            "memberships": _members(project),
            "shared_posts": shared_posts,
            "can_edit": access.can(request.user, Action.PROJECT_EDIT, project),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request: HttpRequest, slug: str) -> HttpResponse:
    project = _project(request, slug, Action.PROJECT_EDIT)
    saving = request.method == "POST"
    form = ProjectForm(request.POST if saving else None, instance=project)
    if saving and form.is_valid():
        if form.has_changed():
            actions.update_project(
                form.save(commit=False), changed_fields=form.changed_data, by=request.user
            )
        messages.success(request, _("Le projet a été enregistré."))
        return redirect(project.get_absolute_url())
    return render(
        request,
        "projects/edit.html",
        {"project": project, "form": form},
        status=400 if saving else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_community(request: HttpRequest, slug: str) -> HttpResponse:
    project = _project(request, slug, Action.PROJECT_VIEW)
    can_edit = access.can(request.user, Action.PROJECT_EDIT, project)
    add_form, partner_form, status = None, None, 200
    if request.method == "POST":
        access.require(request.user, Action.PROJECT_EDIT, project)
        operation = request.POST.get("operation")
        if operation == "ajouter":
            add_form = AddMemberForm(request.POST)
            if add_form.is_valid():
                data = add_form.cleaned_data
                try:
                    membership = actions.add_member(
                        project, data.pop("organisation"), by=request.user, **data
                    )
                except actions.CommunityError as error:
                    add_form.add_error(None, str(error))
                else:
                    return _added(request, membership)
        elif operation == "creer":
            partner_form = PartnerForm(request.POST, prefix="partenaire")
            if partner_form.is_valid():
                try:
                    membership = actions.create_partner_and_add(
                        project, by=request.user, **partner_form.cleaned_data
                    )
                except actions.CommunityError as error:
                    partner_form.add_error(None, str(error))
                else:
                    return _added(request, membership)
        status = 400
    search_form = DirectorySearchForm(request.GET or request.POST or None)
    query = search_form.cleaned_data["q"] if search_form.is_valid() else ""
    memberships = _members(project)
    member_ids = {membership.organisation_id for membership in memberships}
    results = actions.search_directory(query) if can_edit and query else []
    return render(
        request,
        "projects/community.html",
        {
            "project": project,
            "memberships": memberships,
            "can_edit": can_edit,
            "search_form": search_form,
            "query": query,
            "results": [(o, o.pk in member_ids) for o in results],
            "add_form": add_form,
            "partner_form": partner_form or PartnerForm(prefix="partenaire"),
            "role_choices": Membership.Role.choices,
        },
        status=status,
    )


def _added(request, membership: Membership) -> HttpResponse:
    messages.success(
        request,
        _("%(name)s a rejoint la communauté d'action.") % {"name": membership.organisation.name},
    )
    return redirect("projects:community", slug=membership.project.slug)


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    project = _project(request, slug, Action.PROJECT_EDIT)
    membership = _membership(project, membership_id)
    saving = request.method == "POST"
    form = MemberForm(
        request.POST if saving else None,
        initial={
            "role": membership.role,
            "referent_name": membership.referent_name,
            "referent_email": membership.referent_email,
        },
    )
    if saving and form.is_valid():
        try:
            actions.change_member(membership, by=request.user, **form.cleaned_data)
        except actions.CommunityError as error:
            form.add_error("role", str(error))
        else:
            messages.success(
                request,
                _("La place de %(name)s dans la communauté d'action a été modifiée.")
                % {"name": membership.organisation.name},
            )
            return redirect("projects:community", slug=project.slug)
    return render(
        request,
        "projects/member_edit.html",
        {"project": project, "membership": membership, "form": form},
        status=400 if saving else 200,
    )


@login_required
@require_POST
def member_remove(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    project = _project(request, slug, Action.PROJECT_EDIT)
    membership = _membership(project, membership_id)
    try:
        actions.remove_member(membership, by=request.user)
    except actions.CommunityError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(name)s ne fait plus partie de la communauté d'action.")
            % {"name": membership.organisation.name},
        )
    # Removing one's own structure may leave nothing to see here.
    if not access.can(request.user, Action.PROJECT_VIEW, project):
        return redirect("projects:list")
    return redirect("projects:community", slug=project.slug)
