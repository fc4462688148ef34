"""State changes of the restitution: sharing a report, withdrawing a share, noting an opening."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core import audit
from maillage.reports.content import Options
from maillage.reports.models import ReportShare


@transaction.atomic
def share_report(project, recipient, options: Options, year: str, *, by) -> ReportShare:
    share = ReportShare.objects.create(
        project=project,
        recipient=recipient,
        audience=options.audience,
        sections=list(options.sections),
        year=year or "",
        hourly_rate=options.hourly_rate,
        created_by=by,
    )
    audit.record(
        "report.shared",
        _("Rapport de « %(project)s » partagé avec %(who)s") % {
            "project": project.title, "who": recipient.email,
        },
        actor=by,
        organisation=project.lead,
    )  # fmt: skip
    return share


@transaction.atomic
def revoke_share(share: ReportShare, *, by) -> None:
    if share.revoked_at is None:
        share.revoked_at = timezone.now()
        share.save(update_fields=["revoked_at"])
        audit.record(
            "report.share_revoked",
            _("Partage du rapport de « %(project)s » avec %(who)s retiré") % {
                "project": share.project.title, "who": share.recipient.email,
            },
            actor=by,
            organisation=share.project.lead,
        )  # fmt: skip


def note_opening(share: ReportShare) -> None:
    now = timezone.now()
    ReportShare.objects.filter(pk=share.pk, first_opened_at__isnull=True).update(
        first_opened_at=now
    )
    ReportShare.objects.filter(pk=share.pk).update(
        last_opened_at=now, open_count=F("open_count") + 1
    )


def options_of(share: ReportShare) -> Options:
    return Options(share.audience, tuple(share.sections) or Options().sections, share.hourly_rate)
