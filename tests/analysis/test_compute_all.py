"""A framework's indicators computed in one pass give the figures of computing each alone, read
the project's scope once, and see new records at once (nothing kept after the pass)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from maillage.analysis.indicators import compute, compute_all, default_period
from maillage.collection import records
from maillage.collection.models import Activity
from maillage.evaluation.models import Indicator

pytestmark = pytest.mark.django_db
SLUG = "projet-social-falaises-2023-2026"


def falaises_indicators():
    return list(
        Indicator.objects.filter(framework__project__slug=SLUG)
        .select_related("framework__project")
        .order_by("order", "pk")
    )


def figures(value):
    change = value.change
    return (
        value.value, value.n, value.estimate,
        [(row.key, row.estimate) for row in value.by_group],
        change and (change.effect_size, change.t_test_p, change.wilcoxon_p),
    )  # fmt: skip


def test_one_pass_gives_the_same_figures_with_fewer_queries(world):
    indicators = falaises_indicators()
    assert {i.source_type for i in indicators} >= {"activity_records", "volunteer_time"}
    with CaptureQueriesContext(connection) as alone:
        expected = [compute(i) for i in indicators]
    with CaptureQueriesContext(connection) as together:
        values = compute_all(indicators)
    assert [figures(v) for v in values] == [figures(v) for v in expected]
    assert len(together) < len(alone)
    # The project's activities are read once for all its activity and volunteering indicators.
    reads = [q for q in together if q["sql"].startswith('SELECT "collection_activity"."id"')]
    assert len(reads) == 1


def test_a_new_session_shows_at_once_after_a_pass(world):
    sessions = next(i for i in falaises_indicators() if i.source_type == "activity_records")
    sessions.pk, sessions.computation = None, "count"
    sessions.source_params = {"measure": "sessions"}  # every activity of the project
    sessions.save()
    project = sessions.framework.project
    period = default_period(sessions)
    before = compute_all([sessions], period)[0].value
    organisation = project.memberships.get(role="porteur").organisation
    new = Activity.objects.create(organisation=organisation, project=project, name="N", code="n")
    records.record_session(new, on=period.start, duration=None, counts={"habitant": 3})
    assert compute_all([sessions], period)[0].value == before + 1
    assert compute(sessions, period).value == before + 1
