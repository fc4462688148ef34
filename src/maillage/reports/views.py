"""The restitution of a project: the HTML report with its options (audience, sections, period),
the same report as a PDF, and every indicator value as XLSX. Every view asks `access.py`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from maillage import access
from maillage.access import Action
from maillage.accounts.models import User
from maillage.analysis.indicators import project_period, project_years
from maillage.evaluation.actions import framework_for
from maillage.projects.models import Project
from maillage.reports import actions, content, kept_pdf, tasks
from maillage.reports.models import ReportBuild, ReportShare
from maillage.reports.spreadsheet import indicators_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _project(request, slug: str) -> Project:
    """Exports and PDF builds: for the people who work in the project only."""
    project = get_object_or_404(Project, slug=slug)
    access.require(request.user, Action.PROJECT_VIEW_INTERNAL, project)
    access.require(request.user, Action.FRAMEWORK_VIEW, framework_for(project))
    return project


def _readable(request, slug: str) -> tuple[Project, bool]:
    """The report page and its PDF: members, and those the lead shares its reports with, who
    read the « financeurs » version only. Returns the project and whether the user works in it."""
    project = get_object_or_404(Project, slug=slug)
    access.require(request.user, Action.PROJECT_VIEW_REPORT, project)
    return project, access.can(request.user, Action.PROJECT_VIEW_INTERNAL, project)


def _options(request, project, internal: bool = True):
    options = content.Options.from_request(request.GET)
    if not internal:
        options = content.Options("funders", options.sections, options.hourly_rate)
    return options, project_period(project, request.GET.get("annee"))


def _data(request, project, internal: bool = True):
    options, period = _options(request, project, internal)
    return options, period, content.build(project, period, options)


AUDIENCE_FILENAMES = {"funders": "financeurs", "partners": "partenaires", "residents": "habitants"}


def _filename(project, options, extension) -> str:
    audience = AUDIENCE_FILENAMES[options.audience]
    return f"rapport-{slugify(project.title)[:60]}-{audience}.{extension}"


def _pdf_response(pdf: bytes, project, options) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(project, options, "pdf")}"'
    return response


@login_required
@require_safe
def report(request: HttpRequest, slug: str) -> HttpResponse:
    project, internal = _readable(request, slug)
    options, period, data = _data(request, project, internal)
    years = [period.start.year for period in project_years(project)]
    return render(
        request,
        "reports/report.html",
        {
            "project": project,
            "data": data,
            "options": options,
            "audiences": content.AUDIENCES.items(),
            "sections": content.SECTIONS.items(),
            "years": years,
            "chosen_year": request.GET.get("annee", ""),
            "query": request.GET.urlencode(),
            "can_share": access.can(request.user, Action.PROJECT_EDIT, project),
            "internal": internal,
        },
    )


@login_required
@require_safe
def report_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    project, internal = _readable(request, slug)
    options, period = _options(request, project, internal)
    return _pdf_response(kept_pdf.project_pdf(project, period, options), project, options)


@login_required
@require_safe
def report_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    project = _project(request, slug)
    response = HttpResponse(indicators_xlsx(project), content_type=XLSX)
    name = f"indicateurs-{slugify(project.title)[:60]}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- sharing ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def shares(request: HttpRequest, slug: str) -> HttpResponse:
    project = get_object_or_404(Project, slug=slug)
    access.require(request.user, Action.PROJECT_EDIT, project)
    error, status = "", 200
    if request.method == "POST":
        email = request.POST.get("email", "").strip().lower()
        recipient = User.objects.filter(email__iexact=email, is_active=True).first()
        if recipient is None:
            error, status = (
                _("Aucun compte Maillage n'a l'adresse « %(email)s » : invitez d'abord la "
                  "personne dans sa structure.") % {"email": email},
                400,
            )  # fmt: skip
        else:
            options = content.Options.from_request(request.POST)
            actions.share_report(
                project, recipient, options, request.POST.get("annee", ""), by=request.user
            )
            messages.success(
                request,
                _("Le rapport est partagé avec %(who)s : le lien apparaît dans son tableau de "
                  "bord et ci-dessous.") % {"who": recipient.email},
            )  # fmt: skip
            return redirect("reports:shares", slug=slug)
    return render(
        request,
        "reports/shares.html",
        {
            "project": project,
            "shares": project.report_shares.select_related("recipient"),
            "audiences": content.AUDIENCES.items(),
            "sections": content.SECTIONS.items(),
            "years": [p.start.year for p in project_years(project)],
            "error": error,
            "email": request.POST.get("email", ""),
        },
        status=status,
    )


@login_required
@require_POST
def share_revoke(request: HttpRequest, slug: str, share_id: int) -> HttpResponse:
    project = get_object_or_404(Project, slug=slug)
    access.require(request.user, Action.PROJECT_EDIT, project)
    share = get_object_or_404(ReportShare, pk=share_id, project=project)
    actions.revoke_share(share, by=request.user)
    messages.success(request, _("Le lien est retiré : il ne s'ouvre plus."))
    return redirect("reports:shares", slug=slug)


def _shared(request, token: str) -> ReportShare:
    """The share, for its recipient only; a withdrawn link answers 410."""
    share = get_object_or_404(ReportShare.objects.select_related("project"), token=token)
    if share.recipient_id != request.user.pk:
        raise PermissionDenied
    return share


@login_required
@require_safe
def shared(request: HttpRequest, token: str) -> HttpResponse:
    share = _shared(request, token)
    if not share.active:
        return render(request, "reports/share_gone.html", {"share": share}, status=410)
    actions.note_opening(share)
    project = share.project
    data = content.build(project, project_period(project, share.year), actions.options_of(share))
    return render(request, "reports/shared.html", {"share": share, "data": data})


@login_required
@require_safe
def shared_pdf(request: HttpRequest, token: str) -> HttpResponse:
    share = _shared(request, token)
    if not share.active:
        return render(request, "reports/share_gone.html", {"share": share}, status=410)
    options = actions.options_of(share)
    period = project_period(share.project, share.year)
    return _pdf_response(
        kept_pdf.project_pdf(share.project, period, options), share.project, options
    )


# --- PDF built in the background ------------------------------------------------------------------


@login_required
@require_POST
def build_report(request: HttpRequest, slug: str) -> HttpResponse:
    project = _project(request, slug)
    options = content.Options.from_request(request.POST)
    build = ReportBuild.objects.create(
        project=project,
        audience=options.audience,
        sections=list(options.sections),
        year=request.POST.get("annee", "")[:4],
        hourly_rate=options.hourly_rate,
        created_by=request.user,
    )
    tasks.start(build)
    return redirect("reports:build", slug=slug, build_id=build.pk)


def _build(request, slug, build_id) -> ReportBuild:
    project = _project(request, slug)
    return get_object_or_404(ReportBuild.objects.defer("pdf"), pk=build_id, project=project)


@login_required
@require_safe
def build_status(request: HttpRequest, slug: str, build_id: int) -> HttpResponse:
    build = _build(request, slug, build_id)
    running = build.status in (ReportBuild.Status.QUEUED, ReportBuild.Status.RUNNING)
    return render(
        request,
        "reports/build.html",
        {"project": build.project, "build": build, "running": running},
    )


@login_required
@require_safe
def build_pdf(request: HttpRequest, slug: str, build_id: int) -> HttpResponse:
    build = _build(request, slug, build_id)
    if build.status != ReportBuild.Status.DONE:
        raise Http404
    pdf = ReportBuild.objects.values_list("pdf", flat=True).get(pk=build.pk)
    options = content.Options(build.audience, tuple(build.sections))
    return _pdf_response(bytes(pdf), build.project, options)
