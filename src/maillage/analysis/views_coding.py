"""Qualitative coding pages: the theme tree with keywords and suggestions, the coding of one text,
and the quote picker. Every view asks `access.py`; a text is shown only to the people of its
structure, or to the project's members when its author agreed to reports."""

from __future__ import annotations

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from maillage import access
from maillage.access import Action
from maillage.analysis import coding
from maillage.analysis.models import Coding, Suggestion, Theme
from maillage.collection.models import Answer, Testimony
from maillage.evaluation.actions import framework_for
from maillage.projects.models import Project

GET_POST = ["GET", "HEAD", "POST"]


def _project(request, slug: str, action=Action.PROJECT_VIEW) -> Project:
    project = get_object_or_404(Project, slug=slug)
    access.require(request.user, action, project)
    return project


def _may_read(user, source: coding.Source) -> bool:
    obj = source.obj
    organisation_id = (
        obj.organisation_id if source.kind == "temoignage" else obj.question.survey.organisation_id
    )
    if user.is_superuser or organisation_id in access.user_organisation_ids(user):
        return True
    return source.kind == "temoignage" and obj.quotable_in_reports


def visible_sources(user, project) -> list[coding.Source]:
    return [s for s in coding.sources(project) if _may_read(user, s)]


def _keywords(project, sources) -> list[tuple[str, int]]:
    texts = [s.text for s in sources]
    digest = hashlib.sha256("\n".join(texts).encode()).hexdigest()
    key = f"keywords:{project.pk}:{digest}"
    found = cache.get(key)
    if found is None:
        found = coding.keywords(texts) if texts else []
        cache.set(key, found, 24 * 3600)
    return found


@login_required
@require_http_methods(GET_POST)
def themes(request: HttpRequest, slug: str) -> HttpResponse:
    project = _project(request, slug)
    can_code = access.can(request.user, Action.PROJECT_CONTRIBUTE, project)
    if request.method == "POST":
        access.require(request.user, Action.PROJECT_CONTRIBUTE, project)
        name = " ".join(request.POST.get("name", "").split())[:120]
        if not name:
            messages.error(request, _("Donnez un nom au thème."))
        elif project.themes.filter(name__iexact=name).exists():
            messages.error(request, _("Ce thème existe déjà."))
        else:
            parent = project.themes.filter(pk=request.POST.get("parent") or 0, parent=None).first()
            Theme.objects.create(
                project=project, parent=parent, name=name,
                description=request.POST.get("description", "").strip(),
                examples=request.POST.get("examples", "").strip(),
            )  # fmt: skip
            messages.success(request, _("Le thème « %(name)s » est ajouté.") % {"name": name})
        return redirect("analysis:themes", slug=slug)
    sources = visible_sources(request.user, project)
    coded = {(c.testimony_id, c.answer_id) for c in Coding.objects.filter(theme__project=project)}
    rows = [
        (s, (s.obj.pk, None) in coded if s.kind == "temoignage" else (None, s.obj.pk) in coded)
        for s in sources
    ]
    return render(
        request,
        "analysis/themes.html",
        {
            "project": project,
            "counts": coding.theme_counts(project),
            "roots": project.themes.filter(parent=None),
            "rows": rows,
            "keywords": _keywords(project, sources) if request.GET.get("mots") else None,
            "pending": Suggestion.objects.filter(
                theme__project=project, status=Suggestion.Status.PENDING
            ).count(),
            "acceptance": coding.acceptance(project),
            "can_code": can_code,
        },
    )


@login_required
@require_POST
def suggest(request: HttpRequest, slug: str) -> HttpResponse:
    project = _project(request, slug, Action.PROJECT_CONTRIBUTE)
    if not project.themes.exists():
        messages.error(
            request, _("Créez d'abord des thèmes, avec une description et des exemples.")
        )
        return redirect("analysis:themes", slug=slug)
    created = coding.suggest(project)
    messages.success(
        request,
        _("%(count)s passages ont reçu une suggestion de thème, à accepter ou refuser texte par "
          "texte.") % {"count": created},
    )  # fmt: skip
    return redirect("analysis:themes", slug=slug)


def _source(request, project, kind: str, pk: int) -> coding.Source:
    if kind == "temoignage":
        obj = get_object_or_404(Testimony, pk=pk)
    elif kind == "reponse":
        obj = get_object_or_404(Answer.objects.select_related("question__survey"), pk=pk)
    else:
        raise Http404
    source = coding.Source(kind, obj)
    if (kind, pk) not in {(s.kind, s.obj.pk) for s in coding.sources(project)}:
        raise Http404  # a text of another project
    if not _may_read(request.user, source):
        raise PermissionDenied
    return source


@login_required
@require_http_methods(GET_POST)
def code_text(request: HttpRequest, slug: str, kind: str, pk: int) -> HttpResponse:
    project = _project(request, slug)
    source = _source(request, project, kind, pk)
    can_code = access.can(request.user, Action.PROJECT_CONTRIBUTE, project)
    error, status = "", 200
    if request.method == "POST":
        access.require(request.user, Action.PROJECT_CONTRIBUTE, project)
        theme = project.themes.filter(pk=request.POST.get("theme") or 0).first()
        try:
            if theme is None:
                raise coding.CodingError(_("Choisissez le thème de ce passage."))
            chosen = sorted(int(i) for i in request.POST.getlist("phrase") if i.isdigit())
            spans = coding.sentences(source.text)
            if chosen:
                if chosen[-1] >= len(spans) or chosen != list(range(chosen[0], chosen[-1] + 1)):
                    raise coding.CodingError(_("Cochez des phrases qui se suivent."))
                start, end = spans[chosen[0]][0], spans[chosen[-1]][1]
            else:
                start, end = coding.find_passage(source.text, request.POST.get("passage", ""))
            coding.code_passage(theme, source, start, end, by=request.user)
            messages.success(request, _("Passage codé « %(theme)s ».") % {"theme": theme})
            return redirect(request.path)
        except coding.CodingError as problem:
            error, status = str(problem), 400
    key = source.key
    return render(
        request,
        "analysis/code_text.html",
        {
            "project": project,
            "source": source,
            "sentences": [
                (i, source.text[a:b]) for i, (a, b) in enumerate(coding.sentences(source.text))
            ],
            "codings": Coding.objects.filter(**key).select_related("theme__parent"),
            "suggestions": Suggestion.objects.filter(
                status=Suggestion.Status.PENDING, **key
            ).select_related("theme"),
            "themes": project.themes.select_related("parent").order_by("parent__name", "name"),
            "can_code": can_code,
            "error": error,
            "typed": request.POST.get("passage", ""),
        },
        status=status,
    )


@login_required
@require_POST
def decide(request: HttpRequest, slug: str, suggestion_id: int) -> HttpResponse:
    project = _project(request, slug, Action.PROJECT_CONTRIBUTE)
    suggestion = get_object_or_404(
        Suggestion.objects.select_related("testimony", "answer", "theme"),
        pk=suggestion_id,
        theme__project=project,
    )
    accept = request.POST.get("decision") == "accepter"
    coding.decide(suggestion, accept, by=request.user)
    messages.success(request, _("Suggestion acceptée.") if accept else _("Suggestion refusée."))
    kind = "temoignage" if suggestion.testimony_id else "reponse"
    pk = suggestion.testimony_id or suggestion.answer_id
    return redirect("analysis:code_text", slug=slug, kind=kind, pk=pk)


@login_required
@require_POST
def uncode(request: HttpRequest, slug: str, coding_id: int) -> HttpResponse:
    project = _project(request, slug, Action.PROJECT_CONTRIBUTE)
    item = get_object_or_404(Coding, pk=coding_id, theme__project=project)
    kind = "temoignage" if item.testimony_id else "reponse"
    pk = item.testimony_id or item.answer_id
    item.delete()
    messages.success(request, _("Le codage est retiré."))
    return redirect("analysis:code_text", slug=slug, kind=kind, pk=pk)


@login_required
@require_safe
def quotes(request: HttpRequest, slug: str) -> HttpResponse:
    project = _project(request, slug)
    theme = project.themes.filter(pk=request.GET.get("theme") or 0).first()
    goals = framework_for(project).goals.all()
    goal = goals.filter(pk=request.GET.get("objectif") or 0).first()
    return render(
        request,
        "analysis/quotes.html",
        {
            "project": project,
            "themes": project.themes.select_related("parent").order_by("parent__name", "name"),
            "goals": goals,
            "theme": theme,
            "goal": goal,
            "quotes": coding.quotable(project, theme=theme, goal=goal).prefetch_related(
                "codings__theme"
            )[:60],
        },
    )
