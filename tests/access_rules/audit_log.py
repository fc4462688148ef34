"""Access table of a structure's journal des modifications (core app, views_audit): its admins
only; the director of Les Falaises is refused another structure's journal."""

from access_rules.base import DIRECTION, FORBIDDEN, OK, Case, only

FALAISES = {"slug": "falaises"}
MOULIN = {"slug": "moulin"}  # Bien Vieillir's lead: no demo account here is its admin

CASES = [
    Case("core:audit_log", kwargs=FALAISES, expect=only({DIRECTION: OK})),
    Case("core:audit_log_csv", kwargs=FALAISES, expect=only({DIRECTION: OK})),
    Case(
        "core:audit_log",
        kwargs=MOULIN,
        expect=only({DIRECTION: FORBIDDEN}),
        label="another structure",
    ),
    Case(
        "core:audit_log_csv",
        kwargs=MOULIN,
        expect=only({DIRECTION: FORBIDDEN}),
        label="another structure",
    ),
]
