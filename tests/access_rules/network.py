"""Access table of a network's dashboard pages (organisations app, views_network) and its report
(reports app, views_network): the network's advisors (federation, CAF) see them; the federation's
contributor records and deletes sessions (the CAF advisor is a reader); nobody outside the
network reaches them. The accompanied structures' people are checked in
tests/organisations/test_network_dashboard.py (they are not among the six demo accounts)."""

from access_rules.base import CAF, FEDERATION, FORBIDDEN, OK, REDIRECT, Case, only

CAUSSES = {"slug": "reseau-causses"}
ADVISORS = only({FEDERATION: OK, CAF: OK})


def session(world):
    from datetime import date

    from maillage.organisations.models import NetworkSession

    item = NetworkSession.objects.create(
        network=world.networks["causses"], kind="atelier_collectif", held_on=date(2026, 10, 6)
    )
    return {**CAUSSES, "session_id": item.pk}


CASES = [
    Case("organisations:network_sessions", kwargs=CAUSSES, expect=ADVISORS),
    Case(
        "organisations:network_sessions",
        kwargs=CAUSSES,
        method="post",
        data={"kind": "atelier_collectif", "held_on": "2026-10-06"},
        expect=only({FEDERATION: REDIRECT, CAF: FORBIDDEN}),
        label="record",
    ),
    Case(
        "organisations:network_session_delete",
        kwargs=session,
        method="post",
        expect=only({FEDERATION: REDIRECT, CAF: FORBIDDEN}),
    ),
    Case("organisations:network_calendar", kwargs=CAUSSES, expect=ADVISORS),
    Case("organisations:network_calendar_ics", kwargs=CAUSSES, expect=ADVISORS),
    Case("reports:network_report", kwargs=CAUSSES, expect=ADVISORS),
    Case("reports:network_report_pdf", kwargs=CAUSSES, expect=ADVISORS),
]
