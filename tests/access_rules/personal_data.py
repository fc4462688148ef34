"""Access table of a structure's personal data pages (collection app, urls_personal_data).

Only the structure's admins (Les Falaises' direction) search, export and erase a person's data;
every member (the référente too) reads the register. Nobody outside the structure reaches any."""

from access_rules.base import DIRECTION, OK, REDIRECT, REFERENTE, Case, only

FALAISES = {"slug": "falaises"}
PERSON = {"personne": "Jeanne Martin"}

CASES = [
    Case("collection:personal_data", kwargs=FALAISES, expect=only({DIRECTION: OK})),
    Case(
        "collection:personal_data",
        kwargs=FALAISES,
        data=PERSON,
        expect=only({DIRECTION: OK}),
        label="person",
    ),
    Case(
        "collection:personal_data_export",
        kwargs=FALAISES,
        method="post",
        data=PERSON,
        expect=only({DIRECTION: OK}),
    ),
    Case(
        "collection:personal_data_erase",
        kwargs=FALAISES,
        data=PERSON,
        expect=only({DIRECTION: OK}),
    ),
    Case(
        "collection:personal_data_erase",
        kwargs=FALAISES,
        method="post",
        data={**PERSON, "confirmer": "oui"},
        expect=only({DIRECTION: REDIRECT}),
        label="erase",
    ),
    Case(
        "collection:personal_data_register",
        kwargs=FALAISES,
        expect=only({DIRECTION: OK, REFERENTE: OK}),
    ),
]
