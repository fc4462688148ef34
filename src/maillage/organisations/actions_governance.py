"""State changes of a structure's governance: bodies, mandates, body meetings. Each writes the
audit log (without the names of the people: the log says which body and which group)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from maillage.core import audit
from maillage.organisations.models import BodyMeeting, GoverningBody, Mandate


@transaction.atomic
def save_body(body: GoverningBody, *, by=None) -> GoverningBody:
    created = body.pk is None
    body.save()
    audit.record(
        "governance.body_created" if created else "governance.body_updated",
        (_("Instance créée : %(body)s") if created else _("Instance modifiée : %(body)s"))
        % {"body": body},
        actor=by,
        organisation=body.organisation,
        body=body.pk,
    )
    return body


@transaction.atomic
def close_body(body: GoverningBody, on: date, *, by=None) -> int:
    """Dissolve a body on `on`; the mandates still running end that day. Returns how many."""
    body.dissolved_on = on
    body.save(update_fields=["dissolved_on"])
    ended = body.mandates.filter(ended_on__isnull=True).update(ended_on=on)
    ended += body.mandates.filter(ended_on__gt=on).update(ended_on=on)
    audit.record(
        "governance.body_closed",
        _("Instance fermée le %(date)s : %(body)s") % {"body": body, "date": f"{on:%d/%m/%Y}"},
        actor=by,
        organisation=body.organisation,
        body=body.pk,
        mandates_ended=ended,
    )
    return ended


@transaction.atomic
def add_mandate(mandate: Mandate, *, by=None) -> Mandate:
    mandate.save()
    audit.record(
        "governance.mandate_added",
        _("Mandat ajouté (%(group)s, %(role)s) : %(body)s")
        % {
            "group": mandate.get_group_display(),
            "role": mandate.get_role_display(),
            "body": mandate.body,
        },
        actor=by,
        organisation=mandate.body.organisation,
        body=mandate.body_id,
        mandate=mandate.pk,
    )
    return mandate


@transaction.atomic
def end_mandate(mandate: Mandate, on: date, *, by=None) -> Mandate:
    mandate.ended_on = on
    mandate.save(update_fields=["ended_on"])
    audit.record(
        "governance.mandate_ended",
        _("Mandat terminé le %(date)s : %(body)s")
        % {"date": f"{on:%d/%m/%Y}", "body": mandate.body},
        actor=by,
        organisation=mandate.body.organisation,
        body=mandate.body_id,
        mandate=mandate.pk,
    )
    return mandate


@transaction.atomic
def record_meeting(meeting: BodyMeeting, *, by=None) -> BodyMeeting:
    meeting.save()
    audit.record(
        "governance.meeting_recorded",
        _("Réunion consignée : %(meeting)s, %(present)s présents")
        % {"meeting": meeting, "present": meeting.present},
        actor=by,
        organisation=meeting.body.organisation,
        body=meeting.body_id,
        meeting=meeting.pk,
    )
    return meeting


@transaction.atomic
def delete_meeting(meeting: BodyMeeting, *, by=None) -> None:
    summary = _("Réunion supprimée : %(meeting)s") % {"meeting": meeting}
    organisation, body_id = meeting.body.organisation, meeting.body_id
    meeting.delete()
    audit.record(
        "governance.meeting_deleted", summary, actor=by, organisation=organisation, body=body_id
    )
