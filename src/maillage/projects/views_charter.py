"""The charter of a communauté d'action: its text and versions, where each member stands, and the
recording of a member's agreement. Every view asks `access.py` (through `charter.py` for the rule
« a member records its own agreement, the lead any member's »)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from maillage import access
from maillage.access import Action
from maillage.projects import actions
from maillage.projects import charter as rules
from maillage.projects.forms_charter import AgreementForm, CharterForm
from maillage.projects.models import Charter, Project


def _project(request: HttpRequest, slug: str, action: Action) -> Project:
    project = get_object_or_404(Project, slug=slug)
    access.require(request.user, action, project)
    return project


def _charter(project: Project) -> Charter | None:
    return Charter.objects.filter(project=project).select_related("updated_by").first()


@login_required
@require_GET
def charter_detail(request: HttpRequest, slug: str) -> HttpResponse:
    project = _project(request, slug, Action.PROJECT_VIEW)
    charter = _charter(project)
    rows = rules.member_agreements(project, charter)
    user = request.user
    for row in rows:
        row.can_record = charter is not None and rules.may_record_agreement(
            user, project, row.organisation
        )
    mine = [row for row in rows if access.role_in(user, row.organisation) and row.can_record]
    return render(
        request,
        "projects/charter.html",
        {
            "project": project,
            "charter": charter,
            "rows": rows,
            "mine_to_agree": [row for row in mine if row.state != rules.CURRENT],
            "counts": {
                state: sum(1 for row in rows if row.state == state)
                for state in (rules.CURRENT, rules.EARLIER, rules.NONE)
            },
            "history": rules.history(project),
            "can_edit": access.can(user, Action.PROJECT_EDIT, project),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def charter_edit(request: HttpRequest, slug: str) -> HttpResponse:
    project = _project(request, slug, Action.PROJECT_EDIT)
    charter = _charter(project)
    form = CharterForm(request.POST or None, instance=charter)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            saved, changed = actions.save_charter(
                project, values=data["values"], goals=data["goals"],
                commitments=data["commitments"], by=request.user,
            )  # fmt: skip
            if not changed:
                messages.info(request, _("Le texte n'a pas changé : la charte reste en version "
                                         "%(version)s.") % {"version": saved.version})  # fmt: skip
            elif saved.version == 1:
                messages.success(request, _("La charte est écrite (version 1). Chaque membre "
                                            "peut maintenant l'approuver."))  # fmt: skip
            else:
                again = rules.must_agree_again(project, saved)
                names = ", ".join(o.name for o in again) or _("aucun membre")
                messages.success(
                    request,
                    _("La charte passe en version %(version)s. À approuver de nouveau par : "
                      "%(names)s.") % {"version": saved.version, "names": names},
                )  # fmt: skip
            return redirect("projects:charter", slug=project.slug)
        status = 400
    return render(
        request,
        "projects/charter_edit.html",
        {"project": project, "charter": charter, "form": form},
        status=status,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def charter_agree(request: HttpRequest, slug: str, organisation: str) -> HttpResponse:
    project = _project(request, slug, Action.PROJECT_VIEW)
    charter = _charter(project)
    membership = project.memberships.select_related("organisation").filter(
        organisation__slug=organisation
    ).first()  # fmt: skip
    if charter is None or membership is None:
        raise Http404
    member = membership.organisation
    if not rules.may_record_agreement(request.user, project, member):
        raise PermissionDenied
    current = charter.agreements.filter(organisation=member).first()
    form = AgreementForm(
        request.POST or None,
        initial={"agreed_on": timezone.localdate(),
                 "signed_by": current.signed_by if current else ""},
    )  # fmt: skip
    status = 200
    if request.method == "POST":
        if form.is_valid():
            actions.record_charter_agreement(
                charter, member, agreed_on=form.cleaned_data["agreed_on"],
                signed_by=form.cleaned_data["signed_by"], by=request.user,
            )  # fmt: skip
            messages.success(
                request,
                _("L'approbation de la charte (version %(version)s) par %(name)s est consignée.")
                % {"version": charter.version, "name": member.name},
            )
            return redirect("projects:charter", slug=project.slug)
        status = 400
    return render(
        request,
        "projects/charter_agree.html",
        {"project": project, "charter": charter, "member": member, "current": current,
         "form": form},
        status=status,
    )  # fmt: skip
