"""A project report's PDF, kept while nothing that it shows has changed (PostgreSQL only).

Reading a project's framework, judgements, quotes, chain, map, volunteering and governance takes
two to three times as long as Typst takes to lay the report out (bench/bench_report_pdf.py). So
the finished PDF is kept in the cache under a key that changes whenever one of its rows does:
for each table the report reads, the rows of this project it reads, counted, with their latest
pk and the sums of their `xmin` and `cmin` (comparison_cache.versioned). PostgreSQL gives every
row version the id of the transaction that wrote it, and of the command within it, so an insert,
an edit, a deletion, a `QuerySet.update()`, a bulk write or a COPY all change the sums: a
withdrawn consent, a renamed partner or a corrected judgement shows in the very next PDF. The
indicators' own figures are kept as before (kept_indicators.py, under a stamp of their sources'
counts); a kept PDF never outlives the indicator sections it was made with.

Other databases give rows no such version: there, each PDF is made afresh (a single structure's
report on SQLite takes well under a second). tests/reports/test_kept_pdf.py checks that every
table the report reads is in the stamp."""

from __future__ import annotations

import functools
import hashlib
from datetime import date
from pathlib import Path

from django.core.cache import cache
from django.db import connection
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from maillage.core.stamps import digest
from maillage.organisations.comparison_cache import markers_of, versioned

VERSION = 1  # bump when what the report shows changes shape


@functools.cache
def _code_digest() -> str:
    """Maillage's code and the report's template: a new release does not serve PDFs that the
    previous one made (the report draws on the analysis, collection and organisations apps)."""
    package = Path(__file__).parent.parent
    sources = sorted([*package.rglob("*.py"), *(package / "reports" / "typst").glob("*")])
    digest = hashlib.sha256()
    for path in sources:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def content_querysets(project) -> list:
    """Every row the report reads of this project, outside the indicators' sources: table by
    table, the same scopes as content.build and the functions it calls. Reads nothing itself but
    the project's lead structures and activities (`key` compiles these querysets once for them:
    comparison_cache.markers_of)."""
    from maillage.analysis.models import QuestionAnswer
    from maillage.collection import records
    from maillage.collection.models import Activity, Testimony
    from maillage.evaluation.models import (
        ChainEdge,
        ChainLink,
        Contribution,
        Criterion,
        EvaluativeQuestion,
        Framework,
        Indicator,
        TransformationGoal,
        ValueChain,
    )
    from maillage.organisations.models import BodyMeeting, GoverningBody, Mandate, Organisation
    from maillage.projects.models import (
        Meeting,
        MeetingAttendance,
        Membership,
        Project,
        SharedPost,
        SharedPostAllocation,
    )

    leads = records.lead_structure_ids(project)
    linked = Testimony.goals.through.objects.filter(transformationgoal__framework__project=project)
    return [
        Project.objects.filter(pk=project.pk),
        Membership.objects.filter(project=project),
        # Names of members, partners on the map, structures of the volunteering table: the
        # whole table (a few thousand rows nationally) rather than the union of those scopes.
        Organisation.objects.all(),
        Framework.objects.filter(project=project),
        TransformationGoal.objects.filter(framework__project=project),
        EvaluativeQuestion.objects.filter(framework__project=project),
        Indicator.objects.filter(framework__project=project),
        QuestionAnswer.objects.filter(question__framework__project=project),
        Criterion.objects.all(),
        ValueChain.objects.filter(project=project),
        ChainLink.objects.filter(chain__project=project),
        ChainEdge.objects.filter(chain__project=project),
        Contribution.objects.filter(link__chain__project=project),
        # The quotes: every testimony that counts for the project (testimonies.
        # project_testimonies, consent changes included), in two scopes that each use an index.
        Testimony.objects.filter(
            Q(project=project) | Q(project__isnull=True, organisation_id__in=leads)
        ),
        Testimony.objects.filter(pk__in=linked.values("testimony_id")),
        linked,
        SharedPost.objects.filter(project=project),
        SharedPostAllocation.objects.filter(post__project=project),
        Meeting.objects.filter(project=project),
        MeetingAttendance.objects.filter(meeting__project=project),
        Activity.objects.filter(records.project_activity_scope(project)),
        records.project_sessions(project),
        records.project_volunteer_time(project),
        GoverningBody.objects.filter(organisation_id__in=leads),
        Mandate.objects.filter(body__organisation_id__in=leads),
        BodyMeeting.objects.filter(body__organisation_id__in=leads),
    ]


def key(project, period, options, generated_on: date) -> tuple[str, str | None] | None:
    """The PDF's cache key and its indicator sections' key (None: no indicator), or None where
    the database gives no row versions."""
    from maillage.collection import records
    from maillage.evaluation.actions import framework_for
    from maillage.reports import kept_indicators

    if connection.vendor != "postgresql":
        return None
    with records.one_pass():
        indicators = kept_indicators.key(project, framework_for(project), period, options.plain)
        inputs = (
            "report",
            project.pk,
            project.kind,
            tuple(records.lead_structure_ids(project)),
            tuple(sorted(records.activity_structures(project))),
        )
        rows = markers_of(
            inputs, lambda: [versioned(queryset) for queryset in content_querysets(project)]
        )
    stamp = digest(
        [
            _code_digest(),
            translation.get_language(),
            [options.audience, list(options.sections), options.hourly_rate],
            [period.start, period.end] if period else None,
            generated_on,
            indicators,
            rows,
        ]
    )
    return f"report-pdf:{VERSION}:{project.pk}:{stamp}", indicators


def read(keys) -> bytes | None:
    """The kept PDF, or None when it must be made."""
    return cache.get(keys[0]) if keys is not None else None


def keep(keys, pdf: bytes) -> None:
    """Kept as long as the indicator sections it was made with (kept_indicators.TIMEOUT after
    they were computed: an answer corrected in place then shows, as in the report page)."""
    from maillage.reports import kept_indicators

    if keys is None:
        return
    pdf_key, indicators_key = keys
    seconds = (
        kept_indicators.TIMEOUT
        if indicators_key is None
        else kept_indicators.seconds_left(indicators_key)
    )
    if seconds >= 1:
        cache.set(pdf_key, pdf, int(seconds))


def project_pdf(project, period, options, *, generated_on: date | None = None, progress=None):
    """The report as a PDF: the kept one while nothing it shows has changed, else made afresh.
    The key is read before the rows, so a PDF is never kept under a stamp older than its data."""
    from maillage.reports import content
    from maillage.reports.pdf import render_pdf

    generated_on = generated_on or date.today()
    progress = progress or (lambda percent, step: None)
    keys = key(project, period, options, generated_on)
    pdf = read(keys)
    if pdf is None:
        extra = {} if keys is None else {"indicators_key": keys[1]}
        data = content.build(
            project, period, options, generated_on=generated_on, progress=progress, **extra
        )
        progress(90, _("Mise en page du PDF"))
        pdf = render_pdf(data)
        keep(keys, pdf)
    return pdf
