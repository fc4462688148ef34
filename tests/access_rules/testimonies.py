"""Access table of testimonies (collection app, urls_testimonies).

Testimonies are the structure's own, like its surveys: only Les Falaises' people see them here.
Reports will quote those whose consent allows it through their own sharing rules."""

from access_rules.base import DIRECTION, OK, REDIRECT, REFERENTE, Case, only

FALAISES_PEOPLE = {DIRECTION: OK, REFERENTE: OK}
FALAISES_REDIRECT = {DIRECTION: REDIRECT, REFERENTE: REDIRECT}


def _testimony(world):
    from maillage.collection.models import Testimony

    return Testimony.objects.filter(organisation__slug="falaises").first()


def testimony(world):
    return {"testimony_id": _testimony(world).pk}


def with_media(world):
    from django.core.files.base import ContentFile

    item = _testimony(world)
    item.media_kind, item.media_type, item.media_token = "audio", "audio/mpeg", "t.mp3"
    item.media.save("t.mp3", ContentFile(b"ID3\x03\x00" + b"\x00" * 64), save=True)
    return {"testimony_id": item.pk}


def survey(world):
    from maillage.collection.models import Survey

    return {"survey_id": Survey.objects.get(code="benevoles-falaises-2025").pk}


def open_answer(world):
    from maillage.collection import testimonies
    from maillage.collection.models import Survey

    item = Survey.objects.get(code="benevoles-falaises-2025")
    return {"survey_id": item.pk, "answer_id": testimonies.open_answers(item).first().pk}


CASES = [
    Case("collection:testimonies", kwargs={"slug": "falaises"}, expect=only(FALAISES_PEOPLE)),
    Case("collection:testimony_add", kwargs={"slug": "falaises"}, expect=only(FALAISES_PEOPLE)),
    Case(
        "collection:testimony_add",
        kwargs={"slug": "falaises"},
        method="post",
        data={
            "text": "Le centre m'a redonné envie de sortir.",
            "author_group": "habitant",
            "said_on": "2026-01-10",
            "consent_scope": "reports",
            "consent_on": "2026-01-10",
        },
        expect=only(FALAISES_REDIRECT),
        label="create",
    ),
    Case("collection:testimony", kwargs=testimony, expect=only(FALAISES_PEOPLE)),
    Case("collection:testimony_edit", kwargs=testimony, expect=only(FALAISES_PEOPLE)),
    Case("collection:testimony_delete", kwargs=testimony, expect=only(FALAISES_PEOPLE)),
    Case(
        "collection:testimony_delete",
        kwargs=testimony,
        method="post",
        expect=only(FALAISES_REDIRECT),
        label="delete",
    ),
    Case("collection:testimony_media", kwargs=with_media, expect=only(FALAISES_PEOPLE)),
    Case("collection:open_answers", kwargs=survey, expect=only(FALAISES_PEOPLE)),
    Case("collection:testimony_from_answer", kwargs=open_answer, expect=only(FALAISES_PEOPLE)),
]
