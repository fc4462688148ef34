"""Daily background work for `maillage worker`: a task that re-queues itself once it has run."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone


def queue_once(task, after: datetime | None = None) -> bool:
    """Queue `task` to run at `after` (now by default) unless a run is already waiting. Backends
    that cannot defer a task (the immediate one of the tests) are left alone: there the work is
    called directly."""
    if not task.get_backend().supports_defer:
        return False
    from django_tasks_db.models import DBTaskResult

    if DBTaskResult.objects.filter(task_path=task.module_path, status="READY").exists():
        return False
    task.using(run_after=after or timezone.now()).enqueue()
    return True
