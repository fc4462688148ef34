"""Access table of a structure's consent records and its pseudonymised dataset export
(collection app, urls_personal_data): Les Falaises' admins only; its référente (a contributor)
and every other structure are refused."""

from access_rules.base import DIRECTION, OK, REDIRECT, Case, only

FALAISES = {"slug": "falaises"}


def falaises_consent(world):
    from maillage.collection.models import ConsentRecord

    record = ConsentRecord.objects.filter(
        organisation__slug="falaises", withdrawn_at__isnull=True
    ).first()
    return {"slug": "falaises", "record_id": record.pk}


CASES = [
    Case("collection:consents", kwargs=FALAISES, expect=only({DIRECTION: OK})),
    Case(
        "collection:consents",
        kwargs=FALAISES,
        data={"objet": "testimony_use", "etat": "en-cours"},
        expect=only({DIRECTION: OK}),
        label="filtered",
    ),
    Case("collection:consent", kwargs=falaises_consent, expect=only({DIRECTION: OK})),
    Case("collection:consent_withdraw", kwargs=falaises_consent, expect=only({DIRECTION: OK})),
    Case(
        "collection:consent_withdraw",
        kwargs=falaises_consent,
        method="post",
        data={"comment": "oral"},
        expect=only({DIRECTION: REDIRECT}),
        label="withdraw",
    ),
    Case("collection:pseudonymised_export", kwargs=FALAISES, expect=only({DIRECTION: OK})),
    Case(
        "collection:pseudonymised_export",
        kwargs=FALAISES,
        method="post",
        expect=only({DIRECTION: OK}),
        label="download",
    ),
]
