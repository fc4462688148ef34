from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from maillage import access
from maillage.organisations.models import OrganisationMember


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The user's structures, projects and networks."""
    memberships = (
        OrganisationMember.objects.filter(user=request.user)
        .select_related("organisation", "organisation__department")
        .order_by("organisation__name")
    )
    projects = (
        access.visible_projects(request.user)
        .prefetch_related("memberships__organisation")
        .order_by("-period_start", "title")
    )
    networks = access.visible_networks(request.user).select_related("department")
    advised = access.advised_network_ids(request.user)
    return render(
        request,
        "core/home.html",
        {
            "memberships": memberships,
            "projects": projects,
            "networks": networks,
            "advised_network_ids": advised,
            "shared_reports": request.user.shared_reports.filter(revoked_at__isnull=True)
            .select_related("project", "created_by")
            .order_by("-created_at"),
        },
    )


@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """Liveness and database check for load balancers; reveals nothing about the data."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return JsonResponse({"statut": "ok"})


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)
