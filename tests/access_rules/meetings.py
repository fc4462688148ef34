"""Access table of a project's meetings (projects app, views_meetings): its members' people see
them; contributors of a member structure record them (Les Falaises' projet social here)."""

from access_rules.base import DIRECTION, OK, REDIRECT, REFERENTE, Case, only

FALAISES = {"slug": "projet-social-falaises-2023-2026"}


def meeting(world):
    from datetime import date

    from maillage.projects.models import Meeting

    item = Meeting.objects.create(
        project=world.projects["projet-social-falaises-2023-2026"],
        kind="comite_pilotage",
        held_on=date(2026, 3, 12),
    )
    return {**FALAISES, "meeting_id": item.pk}


CASES = [
    Case("projects:meetings", kwargs=FALAISES, expect=only({DIRECTION: OK, REFERENTE: OK})),
    Case(
        "projects:meetings",
        kwargs=FALAISES,
        method="post",
        data={"kind": "comite_pilotage", "held_on": "2026-03-12"},
        expect=only({DIRECTION: REDIRECT, REFERENTE: REDIRECT}),
        label="record",
    ),
    Case(
        "projects:meeting_delete",
        kwargs=meeting,
        method="post",
        expect=only({DIRECTION: REDIRECT, REFERENTE: REDIRECT}),
    ),
]
