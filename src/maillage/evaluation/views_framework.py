"""Pages of the cadre d'évaluation: goals, questions, indicators, values, validation, history,
copies, and a network's common frameworks. Views stay thin: rules live in actions.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from maillage import access
from maillage.access import Action
from maillage.evaluation import actions, indicator_sources
from maillage.evaluation.forms import (
    CriterionForm,
    GoalForm,
    IndicatorForm,
    ManualValueForm,
    QuestionForm,
    ValidationForm,
)
from maillage.evaluation.models import (
    Criterion,
    EvaluativeQuestion,
    Framework,
    Indicator,
    ManualValue,
    Target,
    TransformationGoal,
)
from maillage.evaluation.steps import copies_progress
from maillage.organisations.models import Network, Organisation
from maillage.projects.models import Project

# kind in the URL → (model, form, related name on Framework)
ITEM_KINDS = {
    "goal": (TransformationGoal, GoalForm, "goals"),
    "question": (EvaluativeQuestion, QuestionForm, "questions"),
    "indicator": (Indicator, IndicatorForm, "indicators"),
}


def _framework(request: HttpRequest, framework_id: int, action: Action) -> Framework:
    framework = get_object_or_404(
        Framework.objects.select_related("project", "network", "validated_by"), pk=framework_id
    )
    access.require(request.user, action, framework)
    return framework


def _owner_context(framework: Framework) -> dict:
    """What the breadcrumb needs: the project or the network the framework belongs to."""
    return {"project": framework.project, "network": framework.network}


def _member_organisations(framework: Framework):
    if framework.project_id:
        return Organisation.objects.filter(project_memberships__project=framework.project)
    return Organisation.objects.filter(network_memberships__network=framework.network)


# --- the framework page ---


def _framework_page(request: HttpRequest, framework: Framework) -> HttpResponse:
    indicators = Indicator.objects.annotate(value_count=Count("manual_values"))
    questions = list(
        framework.questions.select_related("criterion")
        .prefetch_related(Prefetch("indicators", queryset=indicators))
        .order_by("order", "pk")
    )
    indicator_count = 0
    for question in questions:
        for indicator in question.indicators.all():
            indicator.source_text = indicator_sources.describe_source(indicator)
            indicator.source_complete = indicator_sources.is_complete(indicator)
            indicator_count += 1
    goals = list(framework.goals.all())
    for goal in goals:
        goal.question_list = [q for q in questions if q.goal_id == goal.pk]
    targets = [
        {"value": value, "label": label, "goals": [g for g in goals if g.target == value]}
        for value, label in Target.choices
    ]
    context = {
        "framework": framework,
        "targets": targets,
        "transversal": [q for q in questions if q.goal_id is None],
        "counts": {
            "goals": len(goals),
            "questions": len(questions),
            "indicators": indicator_count,
        },
        "can_edit": access.can(request.user, Action.FRAMEWORK_EDIT, framework),
        "last_change": framework.changes.select_related("actor").first(),
        "copies": copies_progress(framework) if framework.network_id else None,
        "can_propose": bool(
            framework.network_id
            and access.can(request.user, Action.NETWORK_MANAGE, framework.network)
        ),
        **_owner_context(framework),
    }
    return render(request, "evaluation/framework.html", context)


@login_required
def project_framework(request: HttpRequest, slug: str) -> HttpResponse:
    project = get_object_or_404(Project, slug=slug)
    # Members, and those the lead shares its framework with (read-only: no edit rights).
    access.require(request.user, Action.PROJECT_VIEW_FRAMEWORK, project)
    framework = actions.framework_for(project)
    access.require(request.user, Action.FRAMEWORK_VIEW, framework)
    return _framework_page(request, framework)


@login_required
def framework_detail(request: HttpRequest, framework_id: int) -> HttpResponse:
    framework = _framework(request, framework_id, Action.FRAMEWORK_VIEW)
    if framework.project_id:
        return redirect(framework.get_absolute_url())
    return _framework_page(request, framework)


# --- goals, questions, indicators ----------------------------------------------------------------


def _item(framework: Framework, kind: str, item_id: int):
    model, _form, related = ITEM_KINDS[kind]
    return get_object_or_404(getattr(framework, related), pk=item_id)


def _initial_for(request: HttpRequest, framework: Framework, kind: str) -> dict:
    """Pre-fill from the link the user followed (« ajouter une question à cet objectif »)."""
    initial = {}
    if kind == "goal" and request.GET.get("cible") in Target.values:
        initial["target"] = request.GET["cible"]
    if kind == "question" and request.GET.get("objectif", "").isdigit():
        goal = framework.goals.filter(pk=request.GET["objectif"]).first()
        if goal:
            initial["goal"] = goal
    if kind == "indicator" and request.GET.get("question", "").isdigit():
        question = framework.questions.filter(pk=request.GET["question"]).first()
        if question:
            initial["question"] = question
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(
    request: HttpRequest, framework_id: int, kind: str, item_id: int | None = None
) -> HttpResponse:
    framework = _framework(request, framework_id, Action.FRAMEWORK_EDIT)
    model, form_class, _related = ITEM_KINDS[kind]
    instance = _item(framework, kind, item_id) if item_id else model(framework=framework)
    form = form_class(
        request.POST or None,
        instance=instance,
        framework=framework,
        initial=_initial_for(request, framework, kind) if item_id is None else None,
    )
    if request.method == "POST" and form.is_valid():
        item = form.save(commit=False)
        item.framework = framework
        actions.save_item(framework, item, by=request.user, changed=form.changed_data)
        form.save_m2m()
        messages.success(request, _("« %(item)s » est enregistré.") % {"item": item})
        return redirect(f"{framework.get_absolute_url()}#{kind}-{item.pk}")
    return render(
        request,
        "evaluation/item_form.html",
        {
            "framework": framework,
            "form": form,
            "kind": kind,
            "item": instance if item_id else None,
            "verbose_name": model._meta.verbose_name,
            **_owner_context(framework),
        },
        status=400 if form.is_bound else 200,
    )


def _deletion_consequences(kind: str, item) -> list[str]:
    if kind == "goal":
        count = item.questions.count()
        if count:
            return [
                _("Ses %(count)s questions restent dans le cadre, comme questions transversales.")
                % {"count": count}
            ]
    if kind == "question":
        count = item.indicators.count()
        if count:
            return [
                _("Ses %(count)s indicateurs et leurs valeurs saisies seront supprimés.")
                % {"count": count}
            ]
    if kind == "indicator":
        count = item.manual_values.count()
        if count:
            return [_("Ses %(count)s valeurs saisies seront supprimées.") % {"count": count}]
    return []


@login_required
@require_http_methods(["GET", "POST"])
def item_delete(request: HttpRequest, framework_id: int, kind: str, item_id: int) -> HttpResponse:
    framework = _framework(request, framework_id, Action.FRAMEWORK_EDIT)
    item = _item(framework, kind, item_id)
    if request.method == "POST":
        label = str(item)
        actions.delete_item(framework, item, by=request.user)
        messages.success(request, _("« %(item)s » est supprimé.") % {"item": label})
        return redirect(framework.get_absolute_url())
    return render(
        request,
        "evaluation/item_delete.html",
        {
            "framework": framework,
            "item": item,
            "verbose_name": item._meta.verbose_name,
            "consequences": _deletion_consequences(kind, item),
            **_owner_context(framework),
        },
    )


# --- manual values ---


@login_required
@require_http_methods(["GET", "POST"])
def indicator_values(request: HttpRequest, framework_id: int, item_id: int) -> HttpResponse:
    framework = _framework(request, framework_id, Action.FRAMEWORK_VIEW)
    if framework.project_id:  # values typed in are indicator values: their own share
        access.require(request.user, Action.PROJECT_VIEW_RESULTS, framework.project)
    indicator = _item(framework, "indicator", item_id)
    can_edit = access.can(request.user, Action.FRAMEWORK_EDIT, framework)
    form = None
    if indicator.source_type == Indicator.Source.MANUAL and can_edit:
        form = ManualValueForm(request.POST or None, organisations=_member_organisations(framework))
        if request.method == "POST" and form.is_valid():
            value = form.save(commit=False)
            value.indicator = indicator
            value.entered_by = request.user
            actions.save_item(framework, value, by=request.user)
            messages.success(request, _("La valeur est enregistrée."))
            return redirect(request.path)
    elif request.method == "POST":
        # Only values typed in per period are entered here; other sources come from their data.
        access.require(request.user, Action.FRAMEWORK_EDIT, framework)
        raise Http404
    return render(
        request,
        "evaluation/indicator_values.html",
        {
            "framework": framework,
            "indicator": indicator,
            "source_text": indicator_sources.describe_source(indicator),
            "values": indicator.manual_values.select_related("organisation", "entered_by"),
            "form": form,
            "can_edit": can_edit,
            **_owner_context(framework),
        },
        status=400 if form is not None and form.is_bound else 200,
    )


@login_required
@require_POST
def manual_value_delete(
    request: HttpRequest, framework_id: int, item_id: int, value_id: int
) -> HttpResponse:
    framework = _framework(request, framework_id, Action.FRAMEWORK_EDIT)
    indicator = _item(framework, "indicator", item_id)
    value = get_object_or_404(ManualValue, pk=value_id, indicator=indicator)
    actions.delete_item(framework, value, by=request.user)
    messages.success(request, _("La valeur est supprimée."))
    return redirect("evaluation:indicator_values", framework_id=framework.pk, item_id=indicator.pk)


# --- criteria ---


@login_required
@require_http_methods(["GET", "POST"])
def criteria(request: HttpRequest, framework_id: int) -> HttpResponse:
    framework = _framework(request, framework_id, Action.FRAMEWORK_VIEW)
    if not framework.project_id:
        raise Http404
    can_edit = access.can(request.user, Action.FRAMEWORK_EDIT, framework)
    form = CriterionForm(request.POST or None) if can_edit else None
    if request.method == "POST":
        access.require(request.user, Action.FRAMEWORK_EDIT, framework)
        if form.is_valid():
            actions.add_criterion(framework, form.cleaned_data, by=request.user)
            messages.success(request, _("Le critère est ajouté à la liste du projet."))
            return redirect(request.path)
    criteria_list = Criterion.objects.filter(
        Q(project__isnull=True) | Q(project=framework.project)
    ).annotate(question_count=Count("questions", filter=Q(questions__framework=framework)))
    return render(
        request,
        "evaluation/criteria.html",
        {
            "framework": framework,
            "criteria": criteria_list,
            "form": form,
            **_owner_context(framework),
        },
        status=400 if form is not None and form.is_bound else 200,
    )


# --- validation, history, copies ------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def framework_validate(request: HttpRequest, framework_id: int) -> HttpResponse:
    framework = _framework(request, framework_id, Action.FRAMEWORK_EDIT)
    form = ValidationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.validate_framework(
            framework,
            on=form.cleaned_data["validated_on"],
            participants=form.cleaned_data["participants"],
            by=request.user,
        )
        messages.success(
            request,
            _("Le cadre est validé. Les modifications suivantes seront gardées dans l'historique."),
        )
        return redirect(framework.get_absolute_url())
    return render(
        request,
        "evaluation/framework_validate.html",
        {"framework": framework, "form": form, **_owner_context(framework)},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def framework_reopen(request: HttpRequest, framework_id: int) -> HttpResponse:
    framework = _framework(request, framework_id, Action.FRAMEWORK_EDIT)
    actions.reopen_framework(framework, by=request.user)
    messages.success(request, _("Le cadre est rouvert : la validation reste dans l'historique."))
    return redirect(framework.get_absolute_url())


@login_required
def framework_history(request: HttpRequest, framework_id: int) -> HttpResponse:
    framework = _framework(request, framework_id, Action.FRAMEWORK_VIEW)
    return render(
        request,
        "evaluation/framework_history.html",
        {
            "framework": framework,
            "changes": framework.changes.select_related("actor"),
            **_owner_context(framework),
        },
    )


def _copy_sources(user, framework: Framework):
    """Frameworks this user may read, with content, other than the target itself."""
    projects = access.visible_projects(user)
    networks = access.visible_networks(user)
    candidates = Framework.objects.filter(Q(project__in=projects) | Q(network__in=networks))
    # A funder sees the project but reads its framework only where the lead shares it.
    return (
        access.readable_frameworks(user, candidates)
        .exclude(pk=framework.pk)
        .annotate(goal_count=Count("goals", distinct=True))
        .annotate(question_count=Count("questions", distinct=True))
        .annotate(indicator_count=Count("indicators", distinct=True))
        .filter(goal_count__gt=0)
        .select_related("project", "network")
        .order_by("network__name", "project__title")
    )


@login_required
@require_http_methods(["GET", "POST"])
def framework_copy(request: HttpRequest, framework_id: int) -> HttpResponse:
    framework = _framework(request, framework_id, Action.FRAMEWORK_EDIT)
    sources = _copy_sources(request.user, framework)
    error = None
    if request.method == "POST":
        source = sources.filter(pk=request.POST.get("source") or 0).first()
        if source is None:
            error = _("Choisissez le cadre à copier dans la liste.")
        else:
            counts = actions.copy_framework_content(source, framework, by=request.user)
            messages.success(
                request,
                _(
                    "Copié depuis « %(source)s » : %(goals)s objectifs, %(questions)s questions, "
                    "%(indicators)s indicateurs. La copie vit désormais sa propre vie."
                )
                % {"source": source, **counts},
            )
            return redirect(framework.get_absolute_url())
    return render(
        request,
        "evaluation/framework_copy.html",
        {"framework": framework, "sources": sources, "error": error, **_owner_context(framework)},
        status=400 if error else 200,
    )


# --- a network's common frameworks ---


@login_required
@require_http_methods(["GET", "POST"])
def network_frameworks(request: HttpRequest, slug: str) -> HttpResponse:
    network = get_object_or_404(Network, slug=slug)
    access.require(request.user, Action.NETWORK_VIEW, network)
    can_manage = access.can(request.user, Action.NETWORK_MANAGE, network)
    error = None
    if request.method == "POST":
        access.require(request.user, Action.NETWORK_MANAGE, network)
        title = request.POST.get("title", "").strip()
        if not title:
            error = _("Donnez un titre au cadre commun.")
        else:
            framework = actions.create_network_framework(network, title, by=request.user)
            return redirect(framework.get_absolute_url())
    frameworks = network.common_frameworks.annotate(
        goal_count=Count("goals", distinct=True),
        copy_count=Count("copies", distinct=True),
    ).order_by("-created_at")
    return render(
        request,
        "evaluation/network_frameworks.html",
        {
            "network": network,
            "frameworks": frameworks,
            "can_manage": can_manage,
            "error": error,
            "title_value": request.POST.get("title", ""),
        },
        status=400 if error else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def framework_propose(request: HttpRequest, framework_id: int) -> HttpResponse:
    framework = _framework(request, framework_id, Action.FRAMEWORK_VIEW)
    if not framework.network_id:
        raise Http404
    access.require(request.user, Action.NETWORK_MANAGE, framework.network)
    if request.method == "POST":
        report = actions.propose_to_network(framework, by=request.user)
        return render(
            request,
            "evaluation/framework_proposed.html",
            {"framework": framework, "report": report, **_owner_context(framework)},
        )
    plan = actions.proposal_plan(framework)
    return render(
        request,
        "evaluation/framework_propose.html",
        {"framework": framework, "plan": plan, **_owner_context(framework)},
    )
