"""Pages of the library (bibliothèque): search it, and add an entry to a project's framework.
Views stay thin: the rules live in library.py."""

from __future__ import annotations

from itertools import groupby
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from maillage import access
from maillage.access import Action
from maillage.evaluation import actions, library
from maillage.evaluation.models import LibraryEntry, Target
from maillage.projects.models import Project

SEARCH_KEYS = ("q", "kind", "target", "theme")


class SearchForm(forms.Form):
    q = forms.CharField(label=_lazy("Mots recherchés"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_lazy("Type"), required=False)
    target = forms.ChoiceField(label=_lazy("Cible des objectifs"), required=False)
    theme = forms.ChoiceField(label=_lazy("Thème"), required=False)
    projet = forms.ChoiceField(
        label=_lazy("Ajouter au cadre du projet"),
        required=False,
        help_text=_lazy("Choisissez un projet pour ajouter des entrées à son cadre d'évaluation."),
    )

    def __init__(self, *args, projects=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _lazy("Tous les types")), *LibraryEntry.Kind.choices]
        self.fields["target"].choices = [("", _lazy("Toutes les cibles")), *Target.choices]
        self.fields["theme"].choices = [("", _lazy("Tous les thèmes"))] + [
            (theme, theme) for theme in library.themes()
        ]
        self.fields["projet"].choices = [("", _lazy("Aucun : consulter seulement"))] + [
            (project.slug, project.title) for project in projects
        ]


class AddForm(forms.Form):
    """Where to hang the entry: a goal for a question, a question for an indicator."""

    goal = forms.ModelChoiceField(
        label=_lazy("Objectif auquel rattacher la question"),
        queryset=None,
        required=False,
        empty_label=_lazy("Aucun objectif"),
    )
    question = forms.ModelChoiceField(
        label=_lazy("Question à laquelle répond l'indicateur"),
        queryset=None,
        empty_label=_lazy("Choisissez une question"),
    )

    def __init__(self, *args, entry: LibraryEntry, framework, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = framework.goals.all()
        self.fields["question"].queryset = framework.questions.all()
        if entry.kind != LibraryEntry.Kind.QUESTION:
            del self.fields["goal"]
        if entry.kind != LibraryEntry.Kind.INDICATOR:
            del self.fields["question"]


def _editable_projects(user) -> list[Project]:
    # For a project's framework, FRAMEWORK_EDIT is the same rule as PROJECT_EDIT.
    return [
        project
        for project in access.visible_projects(user).order_by("title")
        if access.can(user, Action.PROJECT_EDIT, project)
    ]


def _library_url(slug: str, values) -> str:
    query = {key: values.get(key, "") for key in SEARCH_KEYS if values.get(key)}
    if slug:
        query["projet"] = slug
    return reverse("evaluation:library") + ("?" + urlencode(query) if query else "")


@login_required
def library_page(request: HttpRequest) -> HttpResponse:
    projects = _editable_projects(request.user)
    data = request.GET.copy()
    project = framework = None
    slug = data.get("projet", "")
    if slug:
        project = get_object_or_404(Project, slug=slug)
        access.require(request.user, Action.PROJECT_VIEW, project)
        framework = actions.framework_for(project)
        if not access.can(request.user, Action.FRAMEWORK_EDIT, framework):
            # A project the user sees but may not change: consult only.
            project = framework = None
            data["projet"] = ""
    form = SearchForm(data, projects=projects)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = library.search(
        query=filters.get("q", ""),
        kind=filters.get("kind", ""),
        target=filters.get("target", ""),
        theme=filters.get("theme", ""),
    )
    indicators_by_theme: dict[str, list[LibraryEntry]] = {}
    for entry in LibraryEntry.objects.filter(kind=LibraryEntry.Kind.INDICATOR):
        indicators_by_theme.setdefault(entry.theme, []).append(entry)
    has_questions = framework is not None and framework.questions.exists()
    for entry in entries:
        entry.facts = library.describe(entry)
        if entry.kind == LibraryEntry.Kind.QUESTION:
            entry.suggested = indicators_by_theme.get(entry.theme, [])
            entry.suggested_url = _library_url(
                slug if project else "", {"theme": entry.theme, "kind": "indicator"}
            )
        if framework is not None:
            entry.add_form = AddForm(entry=entry, framework=framework, prefix=f"e{entry.pk}")
            entry.can_add = entry.kind != LibraryEntry.Kind.INDICATOR or has_questions
    groups = [(theme, list(items)) for theme, items in groupby(entries, key=lambda e: e.theme)]
    return render(
        request,
        "evaluation/library.html",
        {
            "form": form,
            "groups": groups,
            "count": len(entries),
            "project": project,
            "framework": framework,
            "search_values": {key: filters.get(key, "") for key in SEARCH_KEYS},
        },
    )


@login_required
@require_POST
def library_add(request: HttpRequest, slug: str, entry_id: int) -> HttpResponse:
    project = get_object_or_404(Project, slug=slug)
    access.require(request.user, Action.PROJECT_VIEW, project)
    framework = actions.framework_for(project)
    access.require(request.user, Action.FRAMEWORK_EDIT, framework)
    entry = get_object_or_404(LibraryEntry, pk=entry_id)
    back = _library_url(slug, request.POST) + f"#entree-{entry.pk}"
    form = AddForm(request.POST, entry=entry, framework=framework, prefix=f"e{entry.pk}")
    if not form.is_valid():
        if "question" in form.errors:
            messages.error(
                request,
                _("Choisissez la question évaluative à laquelle répond l'indicateur « %(entry)s ».")
                % {"entry": entry},
            )
        else:
            messages.error(request, _("L'objectif choisi n'existe pas dans ce cadre."))
        return redirect(back)
    try:
        item = library.add_to_framework(
            entry,
            framework,
            by=request.user,
            goal=form.cleaned_data.get("goal"),
            question=form.cleaned_data.get("question"),
        )
    except ValidationError as error:
        messages.error(
            request,
            _("« %(entry)s » n'a pas pu être ajouté : %(reasons)s")
            % {"entry": entry, "reasons": " ".join(error.messages)},
        )
        return redirect(back)
    messages.success(
        request,
        _("%(kind)s ajouté au cadre d'évaluation : « %(item)s ».")
        % {"kind": str(item._meta.verbose_name).capitalize(), "item": item},
    )
    return redirect(back)
