"""Building report PDFs in the background (django-tasks), with the step reached saved as it goes."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from maillage.analysis.indicators import project_period
from maillage.evaluation.models import Indicator
from maillage.reports import content, kept_pdf
from maillage.reports.models import ReportBuild

# Up to this many indicators, a PDF is made while the user waits (well under a second here).
IN_REQUEST_INDICATORS = 60


def execute(build: ReportBuild) -> None:
    def progress(percent: int, step: str) -> None:
        ReportBuild.objects.filter(pk=build.pk).update(percent=percent, step=step[:200])

    ReportBuild.objects.filter(pk=build.pk).update(status=ReportBuild.Status.RUNNING)
    try:
        options = content.Options(
            build.audience, tuple(build.sections) or tuple(content.SECTIONS), build.hourly_rate
        )
        period = project_period(build.project, build.year)
        build.pdf = kept_pdf.project_pdf(build.project, period, options, progress=progress)
        build.status, build.percent, build.step = ReportBuild.Status.DONE, 100, _("Prêt")
    except Exception as error:  # the user must learn that it failed, whatever the cause
        build.status, build.error = ReportBuild.Status.FAILED, str(error)[:2000]
        build.step = _("Le rapport n'a pas pu être fabriqué.")
    build.finished_at = timezone.now()
    build.save()


@task()
def run_build(build_id: int) -> None:
    execute(ReportBuild.objects.select_related("project").get(pk=build_id))


def start(build: ReportBuild) -> None:
    size = Indicator.objects.filter(framework__project=build.project).count()
    if size <= IN_REQUEST_INDICATORS:
        execute(build)
    else:
        run_build.enqueue(build.pk)
