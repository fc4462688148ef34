"""State changes of a network's collective sessions: recording one with its attendance, deleting
one. Each writes the audit log."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from maillage.core import audit
from maillage.organisations.models import Network, NetworkSession, NetworkSessionAttendance


@transaction.atomic
def record_session(
    network: Network,
    *,
    kind: str,
    held_on,
    title: str = "",
    place: str = "",
    notes: str = "",
    counts: dict[tuple[int, str], int],
    by=None,
) -> NetworkSession:
    session = NetworkSession.objects.create(
        network=network, kind=kind, held_on=held_on, title=title, place=place, notes=notes,
        created_by=by if by is not None and by.is_authenticated else None,
    )  # fmt: skip
    NetworkSessionAttendance.objects.bulk_create(
        NetworkSessionAttendance(session=session, organisation_id=org, group=group, count=count)
        for (org, group), count in counts.items()
    )
    audit.record(
        "network.session_recorded",
        _("Séance collective consignée : %(session)s") % {"session": session},
        actor=by,
        network=network.slug,
        session=session.pk,
        people=sum(counts.values()),
    )
    return session


@transaction.atomic
def delete_session(session: NetworkSession, *, by=None) -> None:
    summary = _("Séance collective supprimée : %(session)s") % {"session": session}
    network = session.network.slug
    session.delete()
    audit.record("network.session_deleted", summary, actor=by, network=network)
