"""The step tracker: where a project stands in the eight steps of the method."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from maillage import access
from maillage.access import Action
from maillage.evaluation import actions
from maillage.evaluation.steps import current_step, done_count, project_steps
from maillage.projects.models import Project


@login_required
@require_safe
def steps(request: HttpRequest, slug: str) -> HttpResponse:
    project = get_object_or_404(Project, slug=slug)
    access.require(request.user, Action.PROJECT_VIEW, project)
    access.require(request.user, Action.FRAMEWORK_VIEW, actions.framework_for(project))
    statuses = project_steps(project)
    return render(
        request,
        "evaluation/steps.html",
        {
            "project": project,
            "steps": statuses,
            "current": current_step(statuses),
            "done": done_count(statuses),
            "total": len(statuses),
        },
    )
