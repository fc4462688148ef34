"""Rules of meetings: recording one with its attendance grid (structure × group)."""

from __future__ import annotations

from django.db import transaction

from maillage.core.groups import StakeholderGroup, attendance_field, read_attendance
from maillage.projects.models import Meeting, MeetingAttendance

GROUPS = [value for value, _label in StakeholderGroup.choices]


def attendance_from_post(data, organisations) -> tuple[dict, list[str]]:
    """{(organisation_id, group): count} from fields « att-<organisation>-<group> », with the
    names of the fields that are not whole numbers."""
    counts, wrong = {}, []
    for organisation in organisations:
        for group in GROUPS:
            name = attendance_field(organisation.pk, group)
            try:
                count = read_attendance(data.get(name, ""))
            except ValueError:
                wrong.append(name)
                continue
            if count:
                counts[(organisation.pk, group)] = count
    return counts, wrong


@transaction.atomic
def record_meeting(project, *, kind, held_on, title="", decisions="", notes="", counts, by=None):
    meeting = Meeting.objects.create(
        project=project, kind=kind, held_on=held_on, title=title, decisions=decisions,
        notes=notes, created_by=by,
    )  # fmt: skip
    MeetingAttendance.objects.bulk_create(
        MeetingAttendance(meeting=meeting, organisation_id=org, group=group, count=count)
        for (org, group), count in counts.items()
    )
    return meeting
