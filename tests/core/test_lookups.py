"""A long list of ids in `__in` is one array parameter on PostgreSQL (core/lookups.py): the same
rows as Django's `IN (…)`, on every database the suite runs on."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from maillage.organisations.models import Organisation
from maillage.projects.models import Membership, Project

pytestmark = pytest.mark.django_db


@pytest.fixture
def structures():
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Centre social n° {n}", slug=f"cs-liste-{n}", kind="centre_social")
        for n in range(80)
    )
    project = Project.objects.create(title="Projet social", slug="ps-liste", kind="projet_social")
    Membership.objects.bulk_create(
        Membership(project=project, organisation=o, role="partenaire") for o in organisations[::2]
    )
    return organisations


def _sql(queryset):
    with CaptureQueriesContext(connection) as queries:
        rows = list(queryset)
    return rows, queries[-1]["sql"]


def test_a_long_list_of_ids_finds_the_same_rows_as_one_by_one(structures):
    wanted = [o.pk for o in structures[:70]] + [0, -1, None]  # absent ids and NULL find nothing
    rows, sql = _sql(Organisation.objects.filter(pk__in=wanted).order_by("pk"))
    assert [o.pk for o in rows] == [o.pk for o in structures[:70]]
    if connection.vendor == "postgresql":
        assert "= ANY(" in sql and " IN (" not in sql
    else:
        assert " IN (" in sql


def test_foreign_keys_take_ids_or_objects(structures):
    partners = {o.pk for o in structures[::2]}
    by_ids, sql = _sql(Membership.objects.filter(organisation_id__in=[o.pk for o in structures]))
    by_objects, _sql_objects = _sql(Membership.objects.filter(organisation__in=structures))
    assert {m.organisation_id for m in by_ids} == partners
    assert {m.organisation_id for m in by_objects} == partners
    assert ("= ANY(" in sql) == (connection.vendor == "postgresql")


def test_short_lists_text_and_subqueries_keep_in(structures):
    _rows, short = _sql(Organisation.objects.filter(pk__in=[o.pk for o in structures[:5]]))
    slugs = [o.slug for o in structures]
    found, text = _sql(Organisation.objects.filter(slug__in=slugs))
    _rows, sub = _sql(Organisation.objects.filter(pk__in=Membership.objects.values("organisation")))
    assert len(found) == 80
    for sql in (short, text, sub):
        assert "ANY(" not in sql


def test_an_empty_list_finds_nothing_without_asking(structures):
    with CaptureQueriesContext(connection) as queries:
        assert list(Organisation.objects.filter(pk__in=[])) == []
    assert len(queries) == 0


def test_whole_numbers_repeated_in_a_set_or_as_text_find_each_row_once(structures):
    ids = [o.pk for o in structures[:60]]
    rows, sql = _sql(Organisation.objects.filter(pk__in=ids + ids[:10]).order_by("pk"))
    assert [o.pk for o in rows] == ids
    assert len(list(Organisation.objects.filter(pk__in=set(ids)))) == 60
    # Ids as text (read from a form): prepared by Django as always, the same rows.
    as_text, text_sql = _sql(Organisation.objects.filter(pk__in=[str(pk) for pk in ids]))
    assert len(as_text) == 60
    assert ("= ANY(" in sql) == ("= ANY(" in text_sql) == (connection.vendor == "postgresql")
