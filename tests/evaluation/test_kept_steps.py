"""The steps of many projects are kept while nothing their facts read has changed
(evaluation/steps.py, `_kept_key`): the network dashboard's second reading does not read a
hundred structures' facts again, and any row written since, even without Django's signals
(`QuerySet.update()`), gives new steps at once.

Row versions are PostgreSQL's: on SQLite the steps are read afresh, which the last tests check."""

import re

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from maillage.collection.models import ActivitySession, Response
from maillage.evaluation import steps as tracker
from maillage.evaluation.models import TransformationGoal

pytestmark = pytest.mark.django_db
FALAISES = "projet-social-falaises-2023-2026"
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row versions (xmin) are PostgreSQL's"
)
TABLE = re.compile(r'(?:FROM|JOIN)\s+"(\w+)"')
# Answers are counted under their surveys' responses (collection/evidence.py: an answer is only
# ever stored or deleted with its response); structures are only a join's path from a
# contribution to its structure's memberships, none of their fields read.
NOT_STAMPED = {"collection_answer", "organisations_organisation"}


def _tables(queries) -> set[str]:
    return {table for query in queries for table in TABLE.findall(query["sql"])}


def _scopes(projects) -> list:
    ids = sorted(p.pk for p in projects)
    batches = [*tracker._EVIDENCE_BATCHES, *tracker._JUDGEMENT_BATCHES]
    return tracker._rows_read(ids) + [
        rows for batch in batches for rows in tracker._ROWS_READ[batch](ids)
    ]


@postgresql_only
def test_every_table_the_steps_read_is_in_their_stamp(world):
    """If the step tracker comes to read a new table, its rows must enter the stamp, or an edit
    there would leave old steps in the cache."""
    projects = list(world.projects.values())
    for scope in [projects, *[[project] for project in projects]]:
        tracker._fresh_steps(scope)  # frameworks created where missing
        with CaptureQueriesContext(connection) as read:
            tracker._fresh_steps(scope)
        with CaptureQueriesContext(connection) as stamped:
            assert tracker._kept_key(scope) is not None
        assert len(stamped) == 1  # one statement for every table
        missing = _tables(read) - _tables(stamped) - NOT_STAMPED
        assert not missing, ([p.slug for p in scope], missing)


@postgresql_only
def test_touching_any_row_the_steps_read_changes_the_key(world):
    """An update that changes no value still writes a new row version: each scope of the stamp,
    touched through QuerySet.update() (no signal), gives a new key; rows stamped by their count
    give a new key when one of them goes."""
    projects = list(world.projects.values())
    touched: set[tuple[str, int]] = set()
    counted = 0
    for rows in _scopes(projects):
        if isinstance(rows, tracker.CountedRows):
            pk = rows.queryset.order_by().values_list("pk", flat=True).first()
            if pk is not None:
                before = tracker._kept_key(projects)
                rows.queryset.model.objects.filter(pk=pk).delete()
                assert tracker._kept_key(projects) != before, rows.queryset.model.__name__
                counted += 1
            continue
        model = rows.model
        done = [pk for name, pk in touched if name == model._meta.label]
        pk = rows.order_by().exclude(pk__in=done).values_list("pk", flat=True).first()
        if pk is None:
            continue
        before = tracker._kept_key(projects)
        column = model._meta.pk.attname
        model.objects.filter(pk=pk).update(**{column: F(column)})
        assert tracker._kept_key(projects) != before, model.__name__
        touched.add((model._meta.label, pk))
    assert len(touched) >= 15  # the demo's projects have rows in most of them
    assert counted >= 2  # sessions and responses
    assert {ActivitySession, Response} <= {
        rows.queryset.model for rows in _scopes(projects) if isinstance(rows, tracker.CountedRows)
    }


@postgresql_only
def test_the_second_reading_keeps_the_steps_and_an_edit_shows_at_once(world):
    project = world.projects[FALAISES]
    first = tracker.project_steps(project)
    with CaptureQueriesContext(connection) as read:
        second = tracker.project_steps(project)
    assert len(read) == 1  # the stamp alone: no fact read again
    assert [(s.state, s.summary, s.todo) for s in second] == [
        (s.state, s.summary, s.todo) for s in first
    ]
    assert second[1].state == tracker.DONE  # objectives for the three targets
    # Every objective moved to one target, without a signal and in the same transaction as
    # the first reading (the stamp counts the command within the transaction too).
    goals = TransformationGoal.objects.filter(framework__project=project)
    goals.update(target=TransformationGoal.objects.filter(pk=goals.first().pk).values("target"))
    after = tracker.project_steps(project)
    assert after[1].state == tracker.IN_PROGRESS
    assert "aucun pour" in after[1].summary


@postgresql_only
def test_a_counter_that_does_not_say_what_it_reads_makes_the_steps_read_afresh(world):
    project = world.projects[FALAISES]
    assert tracker._kept_key([project]) is not None

    def answers(project_, framework):
        return []

    tracker.register_evidence_counter(answers)
    try:
        assert tracker._kept_key([project]) is None
    finally:
        tracker._EVIDENCE_COUNTERS.remove(answers)


@pytest.mark.skipif(connection.vendor == "postgresql", reason="PostgreSQL keeps the steps")
def test_without_row_versions_the_steps_are_read_afresh(world):
    project = world.projects[FALAISES]
    assert tracker._kept_key([project]) is None
    tracker.project_steps(project)
    with CaptureQueriesContext(connection) as read:
        tracker.project_steps(project)
    assert "evaluation_transformationgoal" in _tables(read)
