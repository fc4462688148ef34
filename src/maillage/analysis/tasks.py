"""Background work of analysis: keeping each structure's values of the common indicators, from
which national figures are pooled (`maillage worker`, django-tasks)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from maillage.analysis import aggregates
from maillage.core import scheduling

# Kept values older than this are recomputed when a national figure is asked for.
MAX_AGE = timedelta(hours=6)


@task()
def refresh_figures(year: int) -> int:
    return aggregates.refresh(year)


def refresh_if_stale(year: int) -> bool:
    """Hand the recomputation to the worker when that year's kept values are missing or old;
    the figure shown meanwhile says when its values were computed."""
    since = aggregates.kept_since(year)
    if since is not None and timezone.now() - since < MAX_AGE:
        return False
    refresh_figures.enqueue(year)
    return True


@task()
def nightly_refresh(year: int | None = None) -> int:
    """Run by `maillage worker`: the year's kept values (the current year by default), then again
    tomorrow, so that a national figure never waits for a recomputation of 4,000 structures."""
    count = aggregates.refresh(year or timezone.localdate().year)
    schedule_refresh(after=timezone.now() + timedelta(days=1))
    return count


def schedule_refresh(after=None) -> bool:
    return scheduling.queue_once(nightly_refresh, after)
