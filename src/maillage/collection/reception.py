"""Rules of the reception log (fonction accueil): storing a request typed at the front desk, the
structure's known partners, the log's figures, its export, and the orientations that feed the
cooperation map.

Every figure is computed from the stored rows of `ReceptionRequest` and nothing else; a share is
a count divided by the number of requests of the same period (no rounding before the division).
"""

from __future__ import annotations

import calendar
import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractMonth
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from maillage.collection.exports import neutralise
from maillage.collection.models import ReceptionRequest
from maillage.organisations.models import Agreement, Organisation
from maillage.projects.models import Membership, Project

Channel = ReceptionRequest.Channel
Theme = ReceptionRequest.Theme
Outcome = ReceptionRequest.Outcome
Group = ReceptionRequest.Group

MONTHS = [
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
    "octobre", "novembre", "décembre",
]  # fmt: skip


# --- partners and storing -----------------------------------------------------------------------


def known_partners(organisation: Organisation) -> QuerySet[Organisation]:
    """The structures a front desk may orient people to: those it shares a project with, those it
    has an agreement with (either way), those it already oriented people to, and the structures
    of its department. Alphabetical, so that typing the first letters finds one in a list."""
    projects = Membership.objects.filter(organisation=organisation).values("project")
    ties = (
        Q(project_memberships__project__in=projects)
        | Q(pk__in=Agreement.objects.filter(organisation=organisation).values("partner"))
        | Q(pk__in=Agreement.objects.filter(partner=organisation).values("organisation"))
        | Q(pk__in=organisation.reception_requests.values("oriented_to"))
    )
    if organisation.department_id:
        ties |= Q(department_id=organisation.department_id)
    return Organisation.objects.filter(ties).exclude(pk=organisation.pk).distinct().order_by("name")


def record_request(
    organisation: Organisation,
    *,
    received_on: date,
    channel: str,
    theme: str,
    outcome: str,
    group: str = Group.RESIDENTS,
    oriented_to: Organisation | None = None,
    follow_up: bool = False,
    follow_up_note: str = "",
    user=None,
    submission_key=None,
) -> tuple[ReceptionRequest, bool]:
    """Store one request. Returns (request, created): the same `submission_key` sent twice (a
    double tap, a reload) gives back the stored request and writes nothing."""
    if submission_key:
        existing = ReceptionRequest.objects.filter(submission_key=submission_key).first()
        if existing:
            return existing, False
    entry = ReceptionRequest(
        organisation=organisation,
        received_on=received_on,
        channel=channel,
        group=group,
        theme=theme,
        outcome=outcome,
        # A partner is named only for an orientation: a stale choice left in the form is dropped.
        oriented_to=oriented_to if outcome == Outcome.ORIENTED else None,
        follow_up=follow_up,
        follow_up_note=follow_up_note.strip() if follow_up else "",
        created_by=user if user is not None and user.is_authenticated else None,
        submission_key=submission_key,
    )
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError:
        # The same form sent twice at the same moment: the other request stored it.
        existing = ReceptionRequest.objects.filter(submission_key=submission_key).first()
        if submission_key and existing:
            return existing, False
        raise
    return entry, True


# --- the log ------------------------------------------------------------------------------------


def log(
    organisation: Organisation,
    *,
    start: date | None = None,
    end: date | None = None,
    theme: str = "",
    channel: str = "",
    outcome: str = "",
) -> QuerySet[ReceptionRequest]:
    """The structure's requests, newest first, narrowed by period and categories (empty: all)."""
    rows = organisation.reception_requests.select_related("oriented_to")
    if start:
        rows = rows.filter(received_on__gte=start)
    if end:
        rows = rows.filter(received_on__lte=end)
    for name, value in (("theme", theme), ("channel", channel), ("outcome", outcome)):
        if value:
            rows = rows.filter(**{name: value})
    return rows.order_by("-received_on", "-pk")


def day_count(organisation: Organisation, day: date) -> int:
    return organisation.reception_requests.filter(received_on=day).count()


# --- figures ------------------------------------------------------------------------------------


@dataclass
class Line:
    """One line of a figures table: a category, its number of requests and its share of all."""

    key: str
    label: str
    count: int
    total: int

    @property
    def share(self) -> float | None:
        """In percent."""
        return 100 * self.count / self.total if self.total else None


@dataclass
class Month:
    start: date
    label: str
    total: int
    by_outcome: dict[str, int]


@dataclass
class Figures:
    start: date
    end: date
    total: int = 0
    by_theme: list[Line] = field(default_factory=list)
    by_channel: list[Line] = field(default_factory=list)
    by_group: list[Line] = field(default_factory=list)
    by_outcome: list[Line] = field(default_factory=list)
    partners: list[Line] = field(default_factory=list)
    follow_ups: int = 0

    @property
    def oriented(self) -> int:
        return sum(line.count for line in self.partners)


def _lines(counts: dict[str, int], choices, total: int, keep_empty: bool) -> list[Line]:
    """Lines in the order of the choices; empty categories kept only when asked."""
    return [
        Line(value, str(label), counts.get(value, 0), total)
        for value, label in choices
        if keep_empty or counts.get(value, 0)
    ]


def _counts(rows: QuerySet, name: str) -> dict[str, int]:
    return dict(rows.order_by().values_list(name).annotate(n=Count("pk")))


def figures(organisation: Organisation, start: date, end: date) -> Figures:
    """Requests of [start, end] by theme, channel, group and outcome (counts and shares of all
    requests), orientations per partner, and how many call for a follow-up."""
    rows = log(organisation, start=start, end=end)
    total = rows.count()
    result = Figures(start, end, total)
    result.by_theme = _lines(_counts(rows, "theme"), Theme.choices, total, True)
    result.by_channel = _lines(_counts(rows, "channel"), Channel.choices, total, True)
    result.by_group = _lines(_counts(rows, "group"), Group.choices, total, False)
    result.by_outcome = _lines(_counts(rows, "outcome"), Outcome.choices, total, True)
    partners = (
        rows.filter(outcome=Outcome.ORIENTED)
        .order_by()
        .values_list("oriented_to_id", "oriented_to__name")
        .annotate(n=Count("pk"))
    )
    result.partners = sorted(
        (Line(str(pk), name, n, total) for pk, name, n in partners),
        key=lambda line: (-line.count, line.label),
    )
    result.follow_ups = rows.filter(follow_up=True).count()
    return result


def monthly(organisation: Organisation, year: int) -> list[Month]:
    """The twelve months of a year: requests received and what was done, month by month."""
    counts = (
        organisation.reception_requests.filter(received_on__year=year)
        .annotate(month=ExtractMonth("received_on"))
        .order_by()
        .values_list("month", "outcome")
        .annotate(n=Count("pk"))
    )
    per_month: dict[int, dict[str, int]] = {m: {} for m in range(1, 13)}
    for month, outcome, n in counts:
        per_month[month][outcome] = n
    return [
        Month(
            date(year, m, 1),
            f"{MONTHS[m - 1]} {year}",
            sum(per_month[m].values()),
            {value: per_month[m].get(value, 0) for value in Outcome.values},
        )
        for m in range(1, 13)
    ]


def year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def month_bounds(day: date) -> tuple[date, date]:
    return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])


# --- for the cooperation map --------------------------------------------------------------------


def orientation_ties(
    organisation_ids: Iterable[int], start: date | None = None, end: date | None = None
) -> list[tuple[int, int, int]]:
    """(structure id, partner id, number of orientations) for the given structures' logs over
    [start, end] (open ends: all dates): one edge of the cooperation map per pair."""
    rows = ReceptionRequest.objects.filter(
        organisation_id__in=list(organisation_ids),
        outcome=Outcome.ORIENTED,
        oriented_to__isnull=False,
    )
    if start:
        rows = rows.filter(received_on__gte=start)
    if end:
        rows = rows.filter(received_on__lte=end)
    pairs = (
        rows.order_by()
        .values_list("organisation_id", "oriented_to_id")
        .annotate(n=Count("pk"))
        .order_by("organisation_id", "oriented_to_id")
    )
    return [(structure, partner, n) for structure, partner, n in pairs]


# --- for indicators -----------------------------------------------------------------------------


def project_requests(project: Project) -> QuerySet[ReceptionRequest]:
    """The requests that count for a project: for a projet social, its lead structure's log (the
    partners' own front desks are not the project's); for a cooperation project, the logs of all
    its member structures."""
    return ReceptionRequest.objects.filter(organisation_id__in=project.own_structure_ids())


# --- export -------------------------------------------------------------------------------------


def export_rows(rows: QuerySet[ReceptionRequest]) -> Iterator[list]:
    """One line per request, oldest first, with French labels (no name: there is none)."""
    yield [
        _("date"),
        _("canal"),
        _("la personne est"),
        _("thème"),
        _("ce qui a été fait"),
        _("orienté vers"),
        _("suivi à prévoir"),
        _("suivi"),
    ]
    labels = {
        "channel": dict(Channel.choices),
        "group": dict(Group.choices),
        "theme": dict(Theme.choices),
        "outcome": dict(Outcome.choices),
    }
    ordered = rows.select_related("oriented_to").order_by("received_on", "pk")
    for row in ordered.iterator(chunk_size=1000):
        yield [
            row.received_on.isoformat(),
            str(labels["channel"].get(row.channel, row.channel)),
            str(labels["group"].get(row.group, row.group)),
            str(labels["theme"].get(row.theme, row.theme)),
            str(labels["outcome"].get(row.outcome, row.outcome)),
            row.oriented_to.name if row.oriented_to else "",
            _("oui") if row.follow_up else _("non"),
            row.follow_up_note,
        ]


def to_csv(rows: QuerySet[ReceptionRequest]) -> bytes:
    """UTF-8 with a BOM and semicolons; text a spreadsheet would run as a formula stays text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for line in export_rows(rows):
        writer.writerow([neutralise(value) for value in line])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(rows: QuerySet[ReceptionRequest]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Journal d'accueil"))
    for line in export_rows(rows):
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", neutralise(value)) for value in line])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
