"""Background work of collection: large imports run in `maillage worker` (django-tasks)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from maillage.collection import imports
from maillage.collection.models import ResponseImport
from maillage.core import audit

# Up to this many rows, an import runs while the user waits; beyond, in the background.
IN_REQUEST_ROWS = 5000


def execute(job: ResponseImport) -> None:
    """Check every row (saving progress as it goes), then write all rows or none."""
    job.status, job.writing, job.problems = ResponseImport.Status.RUNNING, False, []
    job.save(update_fields=["status", "writing", "problems"])

    def checked_so_far(done, total):
        ResponseImport.objects.filter(pk=job.pk).update(done_rows=done, total_rows=total)

    def all_rows_valid(rows):
        job.total_rows = job.done_rows = rows
        job.writing = True
        job.save(update_fields=["done_rows", "total_rows", "writing"])

    try:
        # Read, checked and written row by row: memory does not grow with the file.
        outcome = imports.import_rows(
            imports.open_table(bytes(job.data), job.filename),
            job.survey,
            job.mapping,
            job.value_maps,
            by=job.created_by,
            total=job.total_rows,
            progress=checked_so_far,
            writing=all_rows_valid,
        )
        if outcome.problems:
            job.status = ResponseImport.Status.FAILED
            job.problems = [str(problem) for problem in outcome.problems]
        else:
            job.status = ResponseImport.Status.DONE
            audit.record(
                "survey.imported",
                _("%(count)s réponses importées dans « %(survey)s » depuis %(file)s")
                % {"count": job.total_rows, "survey": job.survey, "file": job.filename},
                actor=job.created_by,
                organisation=job.survey.organisation,
            )
    except imports.ImportProblem as problem:
        job.status, job.problems = ResponseImport.Status.FAILED, [str(problem)]
    job.done_rows = job.total_rows if job.status == ResponseImport.Status.DONE else job.done_rows
    job.writing = False
    job.finished_at = timezone.now()
    # Not the file again (`data`, up to 60 MB): only what the import changed.
    job.save(
        update_fields=["status", "problems", "done_rows", "total_rows", "writing", "finished_at"]
    )


@task()
def run_import(import_id: int) -> None:
    job = ResponseImport.objects.select_related("survey", "created_by").get(pk=import_id)
    execute(job)


def start(job: ResponseImport) -> None:
    """Run now if the file is small, else hand it to the worker."""
    job.status, job.done_rows, job.problems = ResponseImport.Status.QUEUED, 0, []
    job.save(update_fields=["status", "done_rows", "problems"])
    if job.total_rows <= IN_REQUEST_ROWS:
        execute(job)
    else:
        run_import.enqueue(job.pk)
