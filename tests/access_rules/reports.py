"""Access table of a project's restitution (reports app): the members' people read it (Les
Falaises' direction D and référente R for its projet social; nobody else)."""

from access_rules.base import DIRECTION, OK, REFERENTE, Case, only

FALAISES = {"slug": "projet-social-falaises-2023-2026"}
PEOPLE = {DIRECTION: OK, REFERENTE: OK}

CASES = [
    Case("reports:report", kwargs=FALAISES, expect=only(PEOPLE)),
    Case("reports:report_pdf", kwargs=FALAISES, expect=only(PEOPLE)),
    Case("reports:report_xlsx", kwargs=FALAISES, expect=only(PEOPLE)),
]
