from maillage.core.models import AuditEvent


def record(verb: str, summary: str, *, actor=None, organisation=None, **details) -> AuditEvent:
    """Write one line of the audit log, from an `actions` function, inside its transaction."""
    if actor is not None and not actor.is_authenticated:
        actor = None
    return AuditEvent.objects.create(
        verb=verb, summary=summary[:300], actor=actor, organisation=organisation, details=details
    )
