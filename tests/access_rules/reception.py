"""Access table of the reception log (collection app, urls_reception).

The log is the structure's own, like its activity records: Les Falaises' direction (admin) and
référente (contributor) read it, type in it, export it; nobody else, not the partners people are
oriented to, nor the network's advisors (403 when logged in, the login page for visitors)."""

from access_rules.base import DIRECTION, NOT_FOUND, OK, REDIRECT, REFERENTE, Case, only

FALAISES_PEOPLE = {DIRECTION: OK, REFERENTE: OK}
FALAISES_REDIRECT = {DIRECTION: REDIRECT, REFERENTE: REDIRECT}
FALAISES_NOT_FOUND = {DIRECTION: NOT_FOUND, REFERENTE: NOT_FOUND}
FALAISES = {"slug": "falaises"}
ENTRY = {"channel": "physique", "group": "habitant", "theme": "numerique",
         "outcome": "repondu", "received_on": "2026-11-20"}  # fmt: skip


def falaises_request(world):
    from maillage.collection.models import ReceptionRequest

    entry = ReceptionRequest.objects.filter(organisation__slug="falaises").first()
    return {"slug": "falaises", "request_id": entry.pk}


def another_structure_s_request(world):
    """A request of another structure, reached through Les Falaises' address: not found."""
    from datetime import date

    from maillage.collection.models import ReceptionRequest

    entry = ReceptionRequest.objects.create(
        organisation=world.organisations["moulin"], received_on=date(2026, 11, 2),
        channel="physique", theme="autre", outcome="repondu",
    )  # fmt: skip
    return {"slug": "falaises", "request_id": entry.pk}


def export(fmt):
    return lambda world: {"slug": "falaises", "fmt": fmt}


CASES = [
    Case("collection:reception", kwargs=FALAISES, expect=only(FALAISES_PEOPLE)),
    Case(
        "collection:reception",
        kwargs=FALAISES,
        method="post",
        data=ENTRY,
        expect=only(FALAISES_REDIRECT),
        label="record",
    ),
    Case("collection:reception_delete", kwargs=falaises_request, expect=only(FALAISES_PEOPLE)),
    Case(
        "collection:reception_delete",
        kwargs=falaises_request,
        method="post",
        expect=only(FALAISES_REDIRECT),
        label="delete",
    ),
    Case(
        "collection:reception_delete",
        kwargs=another_structure_s_request,
        method="post",
        expect=only(FALAISES_NOT_FOUND),
        label="another structure's request",
    ),
    Case("collection:reception_journal", kwargs=FALAISES, expect=only(FALAISES_PEOPLE)),
    Case("collection:reception_export", kwargs=export("csv"), expect=only(FALAISES_PEOPLE)),
    Case(
        "collection:reception_export",
        kwargs=export("xlsx"),
        expect=only(FALAISES_PEOPLE),
        label="xlsx",
    ),
    Case(
        "collection:reception_export",
        kwargs=export("pdf"),
        expect=only(FALAISES_NOT_FOUND),
        label="unknown format",
    ),
    Case("collection:reception_figures", kwargs=FALAISES, expect=only(FALAISES_PEOPLE)),
]
