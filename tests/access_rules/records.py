"""Access table of activity and volunteer records (collection app, urls_records).

Records are the structure's own: Les Falaises' direction (admin, D) and référente (contributor, R)
see and type them; nobody else, not even the partners of its projects nor the network's advisors."""

from access_rules.base import DIRECTION, NOT_FOUND, OK, REDIRECT, REFERENTE, Case, only

FALAISES_PEOPLE = {DIRECTION: OK, REFERENTE: OK}
FALAISES_REDIRECT = {DIRECTION: REDIRECT, REFERENTE: REDIRECT}
BAD_REQUEST = 400


def _activity(world):
    from maillage.collection.models import Activity

    return Activity.objects.get(organisation__slug="falaises", code="atelier-couture")


def activity(world):
    return {"activity_id": _activity(world).pk}


def session(world):
    item = _activity(world)
    return {"activity_id": item.pk, "session_id": item.sessions.first().pk}


def volunteer_time(world):
    from maillage.collection.models import VolunteerTime

    entry = VolunteerTime.objects.filter(organisation__slug="falaises").first()
    return {"slug": "falaises", "entry_id": entry.pk}


def template(kind):
    return lambda world: {"slug": "falaises", "kind": kind}


CASES = [
    Case("collection:activities", kwargs={"slug": "falaises"}, expect=only(FALAISES_PEOPLE)),
    Case(
        "collection:activities",
        kwargs={"slug": "falaises"},
        method="post",
        data={"name": "Atelier cuisine", "default_duration": "2"},
        expect=only(FALAISES_REDIRECT),
        label="create",
    ),
    Case("collection:activity", kwargs=activity, expect=only(FALAISES_PEOPLE)),
    Case(
        "collection:activity",
        kwargs=activity,
        method="post",
        data={"date": "2026-01-13", "count_habitant": "7"},
        expect=only(FALAISES_REDIRECT),
        label="record a session",
    ),
    Case("collection:activity_edit", kwargs=activity, expect=only(FALAISES_PEOPLE)),
    Case("collection:session_delete", kwargs=session, expect=only(FALAISES_PEOPLE)),
    Case(
        "collection:session_delete",
        kwargs=session,
        method="post",
        expect=only(FALAISES_REDIRECT),
        label="delete",
    ),
    Case("collection:volunteering", kwargs={"slug": "falaises"}, expect=only(FALAISES_PEOPLE)),
    Case(
        "collection:volunteering",
        kwargs={"slug": "falaises"},
        method="post",
        data={"date": "2026-01-31", "hours": "3", "group_label": "Équipe fête", "volunteers": "4"},
        expect=only(FALAISES_REDIRECT),
        label="record",
    ),
    Case("collection:volunteer_time_delete", kwargs=volunteer_time, expect=only(FALAISES_PEOPLE)),
    Case("collection:records_import", kwargs={"slug": "falaises"}, expect=only(FALAISES_PEOPLE)),
    Case(
        "collection:records_import",
        kwargs={"slug": "falaises"},
        method="post",
        expect=only({DIRECTION: BAD_REQUEST, REFERENTE: BAD_REQUEST}),
        label="no file: refused with its reason",
    ),
    Case("collection:records_template", kwargs=template("seances"), expect=only(FALAISES_PEOPLE)),
    Case(
        "collection:records_template",
        kwargs=template("autre"),
        expect=only({DIRECTION: NOT_FOUND, REFERENTE: NOT_FOUND}),
        label="unknown kind",
    ),
]
