"""The restitution of a project: the HTML report with its options (audience, sections, period),
the same report as a PDF, and every indicator value as XLSX. Every view asks `access.py`."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from maillage import access
from maillage.access import Action
from maillage.analysis.indicators import project_period, project_years
from maillage.evaluation.actions import framework_for
from maillage.projects.models import Project
from maillage.reports import content
from maillage.reports.pdf import render_pdf
from maillage.reports.spreadsheet import indicators_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _project(request, slug: str) -> Project:
    project = get_object_or_404(Project, slug=slug)
    access.require(request.user, Action.PROJECT_VIEW, project)
    access.require(request.user, Action.FRAMEWORK_VIEW, framework_for(project))
    return project


def _data(request, project):
    options = content.Options.from_request(request.GET)
    period = project_period(project, request.GET.get("annee"))
    return options, period, content.build(project, period, options)


AUDIENCE_FILENAMES = {"funders": "financeurs", "partners": "partenaires", "residents": "habitants"}


def _filename(project, options, extension) -> str:
    audience = AUDIENCE_FILENAMES[options.audience]
    return f"rapport-{slugify(project.title)[:60]}-{audience}.{extension}"


@login_required
@require_safe
def report(request: HttpRequest, slug: str) -> HttpResponse:
    project = _project(request, slug)
    options, period, data = _data(request, project)
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
        },
    )


@login_required
@require_safe
def report_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    project = _project(request, slug)
    options, _period, data = _data(request, project)
    response = HttpResponse(render_pdf(data), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(project, options, "pdf")}"'
    return response


@login_required
@require_safe
def report_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    project = _project(request, slug)
    response = HttpResponse(indicators_xlsx(project), content_type=XLSX)
    name = f"indicateurs-{slugify(project.title)[:60]}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
