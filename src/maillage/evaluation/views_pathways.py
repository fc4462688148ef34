"""Chemins de changement: for an objective, the expected effects step by step, each with the
assumption that must hold to reach the next one. Readers see them; the project's editors (those
who edit the framework) create, change and delete them. Every change goes to the history."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from maillage import access
from maillage.access import Action
from maillage.evaluation import actions
from maillage.evaluation.forms import PathwayForm
from maillage.evaluation.forms_pathways import NewPathwayForm, PathwayStepFormSet, effects_of
from maillage.evaluation.models import ChangePathway, Framework, PathwayStep
from maillage.projects.models import Project


def _project_framework(request: HttpRequest, slug: str) -> tuple[Project, Framework, bool]:
    project = get_object_or_404(Project, slug=slug)
    access.require(request.user, Action.PROJECT_VIEW_FRAMEWORK, project)  # members or shared
    framework = actions.framework_for(project)
    access.require(request.user, Action.FRAMEWORK_VIEW, framework)
    return project, framework, access.can(request.user, Action.FRAMEWORK_EDIT, framework)


def _pathway(framework: Framework, pathway_id: int) -> ChangePathway:
    # Looked up through the framework: a pathway of another project is not found here.
    return get_object_or_404(
        ChangePathway.objects.select_related("goal"), pk=pathway_id, goal__framework=framework
    )


def _steps_prefetch():
    return Prefetch("steps", queryset=PathwayStep.objects.select_related("chain_link"))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def pathways(request: HttpRequest, slug: str) -> HttpResponse:
    project, framework, can_edit = _project_framework(request, slug)
    form = NewPathwayForm(framework=framework)
    status = 200
    if request.method == "POST":
        access.require(request.user, Action.FRAMEWORK_EDIT, framework)
        form = NewPathwayForm(request.POST, framework=framework)
        if form.is_valid():
            pathway = actions.save_item(framework, form.save(commit=False), by=request.user)
            messages.success(
                request, _("Le chemin de changement est créé : écrivez maintenant ses étapes.")
            )
            return redirect("evaluation:pathway", slug=project.slug, pathway_id=pathway.pk)
        status = 400
    goals = framework.goals.prefetch_related(
        Prefetch("pathways", queryset=ChangePathway.objects.prefetch_related(_steps_prefetch()))
    )
    return render(
        request,
        "evaluation/pathways.html",
        {
            "project": project,
            "framework": framework,
            "goals": goals,
            "pathway_count": ChangePathway.objects.filter(goal__framework=framework).count(),
            "form": form,
            "can_edit": can_edit,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def pathway(request: HttpRequest, slug: str, pathway_id: int) -> HttpResponse:
    project, framework, can_edit = _project_framework(request, slug)
    item = _pathway(framework, pathway_id)
    effects = effects_of(project)
    form = PathwayForm(instance=item)
    formset = PathwayStepFormSet(instance=item, form_kwargs={"effects": effects})
    status = 200
    if request.method == "POST":
        access.require(request.user, Action.FRAMEWORK_EDIT, framework)
        form = PathwayForm(request.POST, instance=item)
        formset = PathwayStepFormSet(request.POST, instance=item, form_kwargs={"effects": effects})
        if form.is_valid() and formset.is_valid():
            _save_pathway(framework, form, formset, by=request.user)
            messages.success(request, _("Le chemin de changement est enregistré."))
            return redirect("evaluation:pathways", slug=project.slug)
        status = 400
    return render(
        request,
        "evaluation/pathway_form.html",
        {
            "project": project,
            "framework": framework,
            "pathway": item,
            "steps": item.steps.select_related("chain_link"),
            "form": form,
            "formset": formset,
            "can_edit": can_edit,
        },
        status=status,
    )


@transaction.atomic
def _save_pathway(framework: Framework, form, formset, *, by) -> None:
    """Save the pathway and its steps; one history line for the steps, however many changed."""
    if form.has_changed():
        actions.save_item(framework, form.save(commit=False), by=by, changed=form.changed_data)
    if formset.has_changed():
        formset.save()
        counts = {
            "added": len(formset.new_objects),
            "changed": len(formset.changed_objects),
            "deleted": len(formset.deleted_objects),
        }
        actions.record_change(
            framework,
            _(
                "Chemin « %(pathway)s » : étapes mises à jour (ajoutées : %(added)s, "
                "modifiées : %(changed)s, supprimées : %(deleted)s)"
            )
            % {"pathway": form.instance, **counts},
            by=by,
            model="pathwaystep",
        )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def pathway_delete(request: HttpRequest, slug: str, pathway_id: int) -> HttpResponse:
    project, framework, _can_edit = _project_framework(request, slug)
    access.require(request.user, Action.FRAMEWORK_EDIT, framework)
    item = _pathway(framework, pathway_id)
    if request.method == "POST":
        actions.delete_item(framework, item, by=request.user)
        messages.success(request, _("Le chemin de changement est supprimé."))
        return redirect("evaluation:pathways", slug=project.slug)
    return render(
        request,
        "evaluation/pathway_delete.html",
        {"project": project, "framework": framework, "pathway": item},
    )
