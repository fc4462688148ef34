"""Access table of the governance pages (issue 9): only the structure's own people see its bodies
and the names of their members, its contributors change them; a network's advisors see only
the network's figures page, never a structure's governance pages."""

from access_rules.base import CAF, DIRECTION, FEDERATION, OK, REDIRECT, REFERENTE, Case, only

FALAISES = {"slug": "falaises"}
FALAISES_PEOPLE = only({DIRECTION: OK, REFERENTE: OK})
FALAISES_WRITE = only({DIRECTION: REDIRECT, REFERENTE: REDIRECT})


def _body(kind):
    from maillage.organisations.models import GoverningBody

    return GoverningBody.objects.get(organisation__slug="falaises", kind=kind)


def board(world):
    return {**FALAISES, "body_id": _body("conseil_administration").pk}


def committee(world):
    return {**FALAISES, "body_id": _body("comite_habitants").pk}


def new_body(world):
    from maillage.organisations.models import GoverningBody

    body = GoverningBody.objects.create(
        organisation=world.organisations["falaises"], kind="comite_projet", name="Comité jardins"
    )
    return {**FALAISES, "body_id": body.pk}


def board_mandate(world):
    mandate = _body("conseil_administration").mandates.filter(ended_on__isnull=True).first()
    return {**FALAISES, "mandate_id": mandate.pk}


def meeting(world):
    from datetime import date

    from maillage.organisations.models import BodyMeeting

    item = BodyMeeting.objects.create(
        body=_body("comite_habitants"), held_on=date(2026, 11, 25), present=4
    )
    return {**FALAISES, "meeting_id": item.pk}


def causses_sharing(world):
    return {"slug": "la-draille"}


NETWORK = {"slug": "reseau-causses"}

CASES = [
    Case("organisations:governance", kwargs=FALAISES, expect=FALAISES_PEOPLE),
    # Advisors see no structure's governance page, even one that shares its key figures.
    Case("organisations:governance", kwargs=causses_sharing, expect=only({}), label="causses"),
    Case("organisations:governance_body_add", kwargs=FALAISES, expect=FALAISES_PEOPLE),
    Case(
        "organisations:governance_body_add",
        kwargs=FALAISES,
        method="post",
        data={"kind": "comite_projet", "name": "Comité du projet jardins"},
        expect=FALAISES_WRITE,
        label="create",
    ),
    Case("organisations:governance_body", kwargs=board, expect=FALAISES_PEOPLE),
    Case("organisations:governance_body_edit", kwargs=board, expect=FALAISES_PEOPLE),
    Case(
        "organisations:governance_body_edit",
        kwargs=board,
        method="post",
        data={
            "kind": "conseil_administration",
            "name": "Conseil d'administration",
            "seats": "28",
            "created_on": "1987-03-14",
        },
        expect=FALAISES_WRITE,
        label="save",
    ),  # fmt: skip
    Case(
        "organisations:governance_body_close",
        kwargs=new_body,
        method="post",
        data={"dissolved_on": "2026-11-30"},
        expect=FALAISES_WRITE,
    ),
    Case(
        "organisations:governance_mandate_add",
        kwargs=committee,
        method="post",
        data={
            "person_name": "Personne Fictive",
            "gender": "femme",
            "group": "habitant",
            "role": "membre",
            "started_on": "2026-11-02",
        },
        expect=FALAISES_WRITE,
    ),  # fmt: skip
    Case(
        "organisations:governance_meeting_add",
        kwargs=committee,
        method="post",
        data={"held_on": "2026-11-20", "present": "5"},
        expect=FALAISES_WRITE,
    ),
    Case("organisations:governance_mandate_end", kwargs=board_mandate, expect=FALAISES_PEOPLE),
    Case(
        "organisations:governance_mandate_end",
        kwargs=board_mandate,
        method="post",
        data={"ended_on": "2026-11-30"},
        expect=FALAISES_WRITE,
        label="end",
    ),
    Case(
        "organisations:governance_meeting_delete",
        kwargs=meeting,
        method="post",
        expect=FALAISES_WRITE,
    ),
    Case(
        "organisations:network_governance",
        kwargs=NETWORK,
        expect=only({FEDERATION: OK, CAF: OK}),
    ),
]
