from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from maillage import access
from maillage.access import Action
from maillage.projects.models import Project


@login_required
@require_GET
def project_list(request: HttpRequest) -> HttpResponse:
    projects = (
        access.visible_projects(request.user)
        .prefetch_related("memberships__organisation")
        .order_by("-period_start", "title")
    )
    return render(request, "projects/list.html", {"projects": projects})


@login_required
@require_GET
def project_detail(request: HttpRequest, slug: str) -> HttpResponse:
    project = get_object_or_404(Project.objects.select_related("territory"), slug=slug)
    access.require(request.user, Action.PROJECT_VIEW, project)
    memberships = project.memberships.select_related("organisation", "referent").order_by(
        "role", "organisation__name"
    )
    shared_posts = project.shared_posts.select_related("employer").prefetch_related(
        "allocations__organisation"
    )
    return render(
        request,
        "projects/detail.html",
        {
            "project": project,
            "memberships": memberships,
            "shared_posts": shared_posts,
            "can_edit": access.can(request.user, Action.PROJECT_EDIT, project),
        },
    )
