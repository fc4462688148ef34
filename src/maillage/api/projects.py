"""Read endpoints for projects: those the user sees, their communauté d'action, their framework
and their indicator values (figures only, never the rows behind them)."""

from __future__ import annotations

from datetime import date

from ninja import Path, Query, Router
from ninja.pagination import paginate

from maillage import access
from maillage.access import Action
from maillage.analysis.indicators import Period, compute, default_period, years
from maillage.api.common import number, visible
from maillage.api.pagination import LazyList, Pagination
from maillage.api.schemas import (
    ERRORS,
    MAX_ID,
    Error,
    FrameworkOut,
    IndicatorValueOut,
    ProjectDetailOut,
    ProjectOut,
)
from maillage.evaluation.models import Framework, Indicator
from maillage.projects.models import Project

router = Router(tags=["Projets"])


def project_out(project: Project) -> dict:
    return {
        "id": project.pk,
        "slug": project.slug,
        "title": project.title,
        "kind": project.kind,
        "kind_label": project.get_kind_display(),
        "description": project.description,
        "territory": project.territory_label or str(project.territory or ""),
        "period_start": project.period_start,
        "period_end": project.period_end,
    }


def _project(request, project_id: int, action: Action = Action.PROJECT_VIEW) -> Project:
    """The project, if `action` is allowed on it: its members see it; a structure it shares
    its framework or results with reads those (as on the pages)."""
    project = Project.objects.select_related("territory").filter(pk=project_id).first()
    return visible(request, action, project)


def _framework(request, project_id: int) -> Framework:
    """The project's framework, or an unsaved empty one: reading never creates anything."""
    project = _project(request, project_id, Action.PROJECT_VIEW_FRAMEWORK)
    framework = Framework.objects.filter(project=project).first() or Framework(project=project)
    return visible(request, Action.FRAMEWORK_VIEW, framework)


@router.get(
    "/projects",
    response={200: list[ProjectOut], **ERRORS},
    summary="Projets que vous voyez",
    url_name="project_list",
)
@paginate(Pagination)
def project_list(request):
    """Les projets des structures dont vous faites partie, comme la page « Projets »."""
    return LazyList(access.visible_projects(request.auth).order_by("title", "pk"), project_out)


@router.get(
    "/projects/{project_id}",
    response={200: ProjectDetailOut, 404: Error, **ERRORS},
    summary="Un projet et sa communauté d'action",
    url_name="project_detail",
)
def project_detail(request, project_id: int = Path(..., ge=1, le=MAX_ID)):
    project = _project(request, project_id)
    members = project.memberships.select_related("organisation").order_by(
        "organisation__name", "pk"
    )
    return {
        **project_out(project),
        "members": [
            {
                "organisation_id": m.organisation_id,
                "organisation_slug": m.organisation.slug,
                "organisation_name": m.organisation.name,
                "role": m.role,
                "role_label": m.get_role_display(),
                "joined_on": m.joined_on,
            }
            for m in members
        ],
    }


@router.get(
    "/projects/{project_id}/framework",
    response={200: FrameworkOut, 404: Error, **ERRORS},
    summary="Le cadre d'évaluation d'un projet",
    url_name="project_framework",
)
def project_framework(request, project_id: int = Path(..., ge=1, le=MAX_ID)):
    """Objectifs de transformation, questions évaluatives et indicateurs."""
    framework = _framework(request, project_id)
    saved = framework.pk is not None
    goals = framework.goals.order_by("order", "pk") if saved else []
    questions = (
        framework.questions.select_related("criterion").order_by("order", "pk") if saved else []
    )
    indicators = framework.indicators.order_by("order", "pk") if saved else []
    return {
        "id": framework.pk,
        "project_id": framework.project_id,
        "status": framework.status,
        "status_label": framework.get_status_display(),
        "validated_on": framework.validated_on,
        "goals": [
            {
                "id": g.pk,
                "target": g.target,
                "target_label": g.get_target_display(),
                "title": g.title,
                "description": g.description,
            }
            for g in goals
        ],
        "questions": [
            {
                "id": q.pk,
                "goal_id": q.goal_id,
                "text": q.text,
                "criterion": q.criterion.name,
                "about": q.about,
            }
            for q in questions
        ],
        "indicators": [
            {
                "id": i.pk,
                "question_id": i.question_id,
                "name": i.name,
                "description": i.description,
                "nature": i.nature,
                "unit": i.unit,
                "computation": i.computation,
                "source_type": i.source_type,
                "baseline": number(i.baseline),
                "target": number(i.target_value),
                "direction": i.direction,
                "period_start": i.period_start,
                "period_end": i.period_end,
            }
            for i in indicators
        ],
    }


def _period_for(indicator: Indicator, year: int | None) -> Period | None:
    """The indicator's own period, or one calendar year of it (cut to the period's bounds)."""
    period = default_period(indicator)
    if year is None:
        return period
    if period is not None:
        for candidate in years(period):
            if candidate.start.year == year:
                return candidate
    return Period(date(year, 1, 1), date(year, 12, 31))


def indicator_value_out(indicator: Indicator, year: int | None) -> dict:
    result = compute(indicator, _period_for(indicator, year))
    estimate = result.estimate
    period = result.period
    return {
        "indicator_id": indicator.pk,
        "name": indicator.name,
        "unit": indicator.unit,
        "period": (
            {"start": period.start, "end": period.end, "label": period.label} if period else None
        ),
        "value": result.value,
        "n": result.n,
        "low": estimate.low if estimate else None,
        "high": estimate.high if estimate else None,
        "is_percent": result.is_percent,
        "baseline": number(indicator.baseline),
        "target": number(indicator.target_value),
        "target_reached": result.target_reached,
        "notice": str(result.notice),
    }


@router.get(
    "/projects/{project_id}/indicator-values",
    response={200: list[IndicatorValueOut], 404: Error, **ERRORS},
    summary="Les valeurs des indicateurs d'un projet",
    url_name="project_indicator_values",
)
@paginate(Pagination)
def project_indicator_values(
    request,
    project_id: int = Path(..., ge=1, le=MAX_ID),
    year: int | None = Query(
        None, ge=1990, le=2100, description="Une année ; absente : toute la période."
    ),
):
    """Chaque valeur est calculée à partir des données enregistrées, comme sur la page
    « Résultats » : valeur, effectif, intervalle de confiance s'il y en a un, valeur de
    référence et cible. Les lignes de données ne sont jamais renvoyées."""
    project = _project(request, project_id, Action.PROJECT_VIEW_RESULTS)
    framework = Framework.objects.filter(project=project).first()
    if framework is None:
        return []
    indicators = framework.indicators.select_related("framework__project", "question").order_by(
        "order", "pk"
    )
    return LazyList(indicators, lambda indicator: indicator_value_out(indicator, year))
