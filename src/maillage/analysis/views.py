"""A project's results: the dashboard by objective, the trace of each indicator value (its rule
and its rows), and the written answer to each evaluative question. Every view asks `access.py`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from maillage import access
from maillage.access import Action
from maillage.analysis.forms import QuestionAnswerForm
from maillage.analysis.indicators import Period, project_period, project_years
from maillage.analysis.models import QuestionAnswer
from maillage.analysis.results import indicator_result, project_results
from maillage.evaluation.actions import framework_for
from maillage.evaluation.models import EvaluativeQuestion, Indicator
from maillage.projects.models import Project

RECORDS_SHOWN = 100


def _project(request, slug: str) -> Project:
    """Members read the results; so do those the lead shares its indicator values with."""
    project = get_object_or_404(Project, slug=slug)
    access.require(request.user, Action.PROJECT_VIEW_RESULTS, project)
    return project


def _period(request, project) -> tuple[Period | None, list[Period]]:
    """The chosen year (?annee=2025), else the whole project period."""
    return project_period(project, request.GET.get("annee")), project_years(project)


def _render_results(request, project, bound: QuestionAnswerForm | None = None, status=200):
    period, periods = _period(request, project)
    can_answer = access.can(request.user, Action.PROJECT_CONTRIBUTE, project)
    goals = project_results(project, period)
    if not access.can(request.user, Action.PROJECT_VIEW_INTERNAL, project):
        for goal in goals:
            goal.quotes = []  # testimonies stay with the communauté d'action
    for goal in goals:
        for item in goal.questions:
            if bound is not None and bound.instance.question_id == item.question.pk:
                item.form = bound
            elif can_answer:
                item.form = QuestionAnswerForm(instance=item.answer, prefix=f"q{item.question.pk}")
    return render(
        request,
        "analysis/results.html",
        {
            "project": project,
            "goals": goals,
            "period": period,
            "periods": periods,
            "chosen": request.GET.get("annee", ""),
            "can_answer": can_answer,
        },
        status=status,
    )


@login_required
@require_safe
def results(request: HttpRequest, slug: str) -> HttpResponse:
    return _render_results(request, _project(request, slug))


def _visible_records(request, project, value):
    """The rows behind a value that this user may see: those of their own structures and of the
    members that share their indicator values with the project's partners. Others see the figure
    and the rule; readers through a network share never see a row."""
    records = value.records
    if records is None:
        return None, 0
    mine = access.record_organisation_ids(request.user, project)
    if mine is None:
        return records[:RECORDS_SHOWN], records.count()
    if not access.can(request.user, Action.PROJECT_VIEW_INTERNAL, project):
        return records.none(), 0
    field = {
        Indicator.Source.SURVEY_QUESTION: "question__survey__organisation_id__in",
        Indicator.Source.ACTIVITY_RECORDS: "activity__organisation_id__in",
        Indicator.Source.VOLUNTEER_TIME: "organisation_id__in",
        Indicator.Source.TESTIMONIES: "organisation_id__in",
        Indicator.Source.RECEPTION: "organisation_id__in",
        Indicator.Source.GOVERNANCE: "body__organisation_id__in",
    }.get(value.indicator.source_type)
    if field:
        records = records.filter(**{field: mine})
    return records[:RECORDS_SHOWN], records.count()


@login_required
@require_safe
def indicator_detail(request: HttpRequest, slug: str, indicator_id: int) -> HttpResponse:
    project = _project(request, slug)
    indicator = get_object_or_404(
        Indicator.objects.select_related("question", "framework"),
        pk=indicator_id,
        framework__project=project,
    )
    period, periods = _period(request, project)
    result = indicator_result(indicator, period)
    records, record_count = _visible_records(request, project, result.value)
    return render(
        request,
        "analysis/indicator.html",
        {
            "project": project,
            "indicator": indicator,
            "result": result,
            "value": result.value,
            "period": period,
            "periods": periods,
            "chosen": request.GET.get("annee", ""),
            "records": records,
            "record_count": record_count,
            "total_count": result.value.records.count() if result.value.records is not None else 0,
            "records_shown": RECORDS_SHOWN,
        },
    )


@login_required
@require_POST
def answer_question(request: HttpRequest, slug: str, question_id: int) -> HttpResponse:
    project = _project(request, slug)
    access.require(request.user, Action.PROJECT_CONTRIBUTE, project)
    question = get_object_or_404(
        EvaluativeQuestion, pk=question_id, framework=framework_for(project)
    )
    instance = QuestionAnswer.objects.filter(question=question).first() or QuestionAnswer(
        question=question
    )
    form = QuestionAnswerForm(request.POST, instance=instance, prefix=f"q{question.pk}")
    if not form.is_valid():
        # Shown again with what was typed and the reason, never lost.
        return _render_results(request, project, bound=form, status=400)
    answer = form.save(commit=False)
    answer.updated_by = request.user
    answer.save()
    messages.success(request, _("La réponse à la question est enregistrée."))
    return redirect(reverse("analysis:results", kwargs={"slug": slug}) + f"#question-{question.pk}")
