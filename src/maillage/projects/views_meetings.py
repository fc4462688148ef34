"""The meetings of a communauté d'action: the list with attendance, and the quick entry of one
meeting with its attendance per structure and group. Every view asks `access.py`."""

from __future__ import annotations

from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from maillage import access
from maillage.access import Action
from maillage.core.groups import StakeholderGroup, attendance_field
from maillage.projects import meetings as rules
from maillage.projects.models import Meeting, MeetingAttendance, Project


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["kind", "held_on", "title", "decisions", "notes"]
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "decisions": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"title": gettext_lazy("Intitulé (facultatif)")}


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def meeting_list(request: HttpRequest, slug: str) -> HttpResponse:
    project = get_object_or_404(Project, slug=slug)
    access.require(request.user, Action.PROJECT_VIEW, project)
    can_add = access.can(request.user, Action.PROJECT_CONTRIBUTE, project)
    members = [m.organisation for m in project.memberships.select_related("organisation")]
    form = MeetingForm(initial={"held_on": date.today()})
    wrong, status = [], 200
    if request.method == "POST":
        access.require(request.user, Action.PROJECT_CONTRIBUTE, project)
        form = MeetingForm(request.POST)
        counts, wrong = rules.attendance_from_post(request.POST, members)
        if form.is_valid() and not wrong:
            data = form.cleaned_data
            rules.record_meeting(project, counts=counts, by=request.user, **data)
            messages.success(request, _("La rencontre est enregistrée."))
            return redirect("projects:meetings", slug=slug)
        status = 400
    # Attendance sorted by structure, so that the page names each structure once.
    by_structure = MeetingAttendance.objects.select_related("organisation").order_by(
        "organisation__name"
    )
    items = project.meetings.annotate(people=Sum("attendances__count")).prefetch_related(
        Prefetch("attendances", queryset=by_structure)
    )
    return render(
        request,
        "projects/meetings.html",
        {
            "project": project,
            "meetings": items,
            "form": form,
            "groups": StakeholderGroup.choices,
            "grid": [
                (
                    organisation,
                    [
                        (label, name, request.POST.get(name, ""), name in wrong)
                        for value, label in StakeholderGroup.choices
                        for name in [attendance_field(organisation.pk, value)]
                    ],
                )
                for organisation in members
            ],  # fmt: skip
            "wrong": wrong,
            "can_add": can_add,
        },
        status=status,
    )


@login_required
@require_POST
def meeting_delete(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    project = get_object_or_404(Project, slug=slug)
    access.require(request.user, Action.PROJECT_CONTRIBUTE, project)
    get_object_or_404(Meeting, pk=meeting_id, project=project).delete()
    messages.success(request, _("La rencontre est supprimée."))
    return redirect("projects:meetings", slug=slug)
