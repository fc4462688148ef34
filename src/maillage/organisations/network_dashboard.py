"""What a network's advisors see of the structures they accompany: where each one stands in the
method's eight steps (on its copy of the network's common framework), the key figures they share,
and the common indicators compared structure by structure where their values are shared.

Plain functions, no request: the dashboard page and the network report read the same data.
The number of queries does not grow with the structures (the step tracker reads every copy in
one batch), except for what the indicator engine reads for each copy (it belongs to its module)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maillage.evaluation.models import Framework, Indicator
from maillage.evaluation.steps import StepStatus, current_step, done_count, projects_steps
from maillage.organisations.figures import (
    NetworkFigures,
    accompanied_organisations,
    network_key_figures,
)
from maillage.organisations.models import (
    Network,
    NetworkSession,
    NetworkSessionAttendance,
    NetworkShare,
    Organisation,
)
from maillage.organisations.sharing import shared_organisation_ids

STEP_COUNT = 8


@dataclass
class Progress:
    """Where one accompanied structure stands in the method, on its copy of the common
    framework (None: the structure has not copied it)."""

    organisation: Organisation
    copy: Framework | None = None
    done: int = 0
    current: StepStatus | None = None
    link: str = ""  # the structure's page inside the network (what it shares), if it exists

    @property
    def has_copy(self) -> bool:
        return self.copy is not None

    @property
    def remaining(self) -> list[str]:
        return list(self.current.todo) if self.current else []


@dataclass
class Cell:
    shared: bool
    label: str = ""  # the common indicator's name
    in_copy: bool = True
    value: object = None  # comparison_cache.KeptValue (or analysis.indicators.IndicatorValue)

    @property
    def text(self) -> str:
        from maillage.analysis.results import value_text

        if self.value is None:
            return "–"
        kept = getattr(self.value, "text", None)
        return kept if kept is not None else value_text(self.value)

    @property
    def html(self) -> str:
        """The cell's content as the comparison table shows it: built here, once, rather than
        by template tags (a hundred structures times a dozen indicators: 1,200 cells)."""
        if not self.in_copy:
            return format_html('<span class="muted">{}</span>', _("absent de sa copie"))
        if self.value is not None and self.value.value is None:
            return format_html('<span class="muted">{}</span>', _("pas de donnée"))
        return conditional_escape(self.text)


@dataclass
class IndicatorComparison:
    indicator: Indicator
    cells: list[tuple[Organisation, Cell]]

    @property
    def total(self) -> Cell:
        """The sharing structures together: what lies behind their values pooled (people who
        answered, sessions, testimonies: analysis.aggregates), never an average of values."""
        from maillage.analysis.aggregates import pooled_value

        values = [cell.value for _org, cell in self.cells if cell.value is not None]
        return Cell(True, self.indicator.name, value=pooled_value(self.indicator, values))

    @property
    def with_value(self) -> int:
        return sum(
            1
            for _org, cell in self.cells
            if cell.value is not None and cell.value.value is not None
        )


@dataclass
class Comparison:
    year: int
    framework: Framework | None
    organisations: list[Organisation]
    sharing_ids: set[int]
    rows: list[IndicatorComparison] = field(default_factory=list)

    @property
    def sharing_count(self) -> int:
        return len(self.sharing_ids)

    @property
    def by_structure(self) -> list[tuple[Organisation, bool, list[Cell]]]:
        """The same cells, one row per structure (indicators in columns)."""
        return [
            (org, org.pk in self.sharing_ids, [row.cells[i][1] for row in self.rows])
            for i, org in enumerate(self.organisations)
        ]

    @property
    def table_rows(self) -> list[tuple[Organisation, bool, str]]:
        """by_structure with each sharing row's cells as one HTML string: 1,200 cells rendered
        by the template engine (two lookups each) cost tens of milliseconds."""
        # Each column's label escaped once, not once per cell.
        opens = [f'<td data-label="{conditional_escape(row.indicator.name)}">' for row in self.rows]
        return [
            (org, shared, mark_safe(  # noqa: S308 — labels escaped above, Cell.html escapes
                "".join(f"{td}{cell.html}</td>" for td, cell in zip(opens, cells, strict=True))
            ) if shared else "")
            for org, shared, cells in self.by_structure
        ]  # fmt: skip


# The SENACS-style key figures, in the order of the observatory's leaflet: (field, label, format).
KEY_FIGURES = [
    ("volunteers", gettext_lazy("bénévoles"), "int"),
    ("salaried_staff", gettext_lazy("salariés"), "int"),
    ("staff_fte", gettext_lazy("équivalents temps plein"), "fte"),
    ("board_members", gettext_lazy("administrateurs et administratrices"), "int"),
    ("member_families", gettext_lazy("familles adhérentes"), "int"),
    ("member_associations", gettext_lazy("associations adhérentes"), "int"),
    ("annual_budget", gettext_lazy("budgets cumulés"), "euros"),
    ("actions", gettext_lazy("actions relevées dans Maillage"), "int"),
    ("partners", gettext_lazy("structures partenaires (chacune comptée une fois)"), "int"),
]


@dataclass
class KeyFigure:
    field: str
    label: str
    format: str
    value: object
    coverage: int
    out_of: int


def key_figure_cards(figures: NetworkFigures) -> list[KeyFigure]:
    """Each network total with the number of structures it adds up, out of all accompanied."""
    return [
        KeyFigure(
            name, str(label), kind, figures.totals.get(name), figures.coverage.get(name, 0),
            figures.accompanied_count,
        )
        for name, label, kind in KEY_FIGURES
    ]  # fmt: skip


@dataclass
class Dashboard:
    network: Network
    common: Framework | None
    progress: list[Progress]
    figures: NetworkFigures
    comparison: Comparison

    @property
    def cards(self) -> list[KeyFigure]:
        return key_figure_cards(self.figures)

    @property
    def without_copy(self) -> int:
        return sum(1 for row in self.progress if not row.has_copy)


def common_framework(network: Network) -> Framework | None:
    """The network's common framework: the latest one proposed (copied) or, else, the latest."""
    frameworks = network.common_frameworks.order_by("-created_at")
    return frameworks.filter(copies__isnull=False).distinct().first() or frameworks.first()


def _copies_by_organisation(common: Framework | None, ids: set[int]) -> dict[int, Framework]:
    """Each accompanied structure's copy: the copy held by a project the structure leads (or,
    failing that, belongs to). One query."""
    if common is None:
        return {}
    from maillage.projects.models import Membership

    found: dict[int, Framework] = {}
    memberships = (
        Membership.objects.filter(organisation_id__in=ids, project__framework__copied_from=common)
        .select_related("project__framework", "project")
        .order_by("organisation_id", "project__title")
    )
    for membership in memberships:
        # A copy in a project the structure leads wins over one where it is only a member.
        if membership.organisation_id in found and membership.role != Membership.Role.LEAD:
            continue
        found[membership.organisation_id] = membership.project.framework
    return found


def structure_link(network: Network, organisation: Organisation) -> str:
    """The structure's page inside the network: what it shares with it."""
    return reverse("organisations:shared_with_network", args=[network.slug, organisation.slug])


def progress(
    network: Network,
    organisations: list[Organisation],
    common: Framework | None,
    copies: dict[int, Framework] | None = None,
):
    """Each structure's step in the method. `copies`, if given, is _copies_by_organisation of
    these structures (or more), read once by the dashboard for its two tables."""
    if copies is None:
        copies = _copies_by_organisation(common, {o.pk for o in organisations})
    # One batch for every copy: per structure, the tracker cost ~25 queries each.
    steps_by_project = projects_steps([copy.project for copy in copies.values()])
    rows = []
    for organisation in organisations:
        row = Progress(organisation, link=structure_link(network, organisation))
        copy = copies.get(organisation.pk)
        if copy is not None:
            steps = steps_by_project[copy.project_id]
            row.copy, row.done, row.current = copy, done_count(steps), current_step(steps)
        rows.append(row)
    return rows


def default_year() -> int:
    return timezone.localdate().year


def comparison(
    network: Network,
    organisations: list[Organisation],
    common: Framework | None,
    year: int | None = None,
    copies: dict[int, Framework] | None = None,
) -> Comparison:
    """The common framework's indicators, computed on each structure's copy for one calendar
    year, only for structures that share their indicator values with the network.

    A copy does not point back at the common indicators: a copied indicator is recognised by its
    name (a structure that renamed one shows « absent de sa copie »)."""
    from maillage.analysis.indicators import Period
    from maillage.organisations.comparison_cache import computed_values, definitions

    year = year or default_year()
    sharing = shared_organisation_ids(network, NetworkShare.Scope.INDICATOR_VALUES) & {
        o.pk for o in organisations
    }
    result = Comparison(year, common, organisations, sharing)
    if common is None:
        return result
    if copies is None:
        copies = _copies_by_organisation(common, sharing)
    # A structure's copy does not depend on the others asked with it: the dashboard's are kept.
    copies = {pk: copy for pk, copy in copies.items() if pk in sharing}
    period = Period(date(year, 1, 1), date(year, 12, 31))
    common_indicators = list(common.indicators.all())
    copied = {}
    for indicator in definitions(
        [c.pk for c in copies.values()], {i.name for i in common_indicators}
    ):
        copied.setdefault((indicator.framework_id, indicator.name), indicator)
    # Computed once for all structures, kept while their data stay the same (comparison_cache).
    values = computed_values(network, year, list(copied.values()), sharing, period)
    for indicator in common_indicators:
        cells = []
        for organisation in organisations:
            if organisation.pk not in sharing:
                cells.append((organisation, Cell(False, indicator.name)))
                continue
            copy = copies.get(organisation.pk)
            own = copied.get((copy.pk, indicator.name)) if copy else None
            if own is None:
                cells.append((organisation, Cell(True, indicator.name, in_copy=False)))
                continue
            cells.append((organisation, Cell(True, indicator.name, value=values[own.pk])))
        result.rows.append(IndicatorComparison(indicator, cells))
    return result


def dashboard(network: Network, year: int | None = None) -> Dashboard:
    organisations = list(accompanied_organisations(network))
    common = common_framework(network)
    copies = _copies_by_organisation(common, {o.pk for o in organisations})
    return Dashboard(
        network=network,
        common=common,
        progress=progress(network, organisations, common, copies),
        figures=network_key_figures(network),
        comparison=comparison(network, organisations, common, year, copies),
    )


# --- collective sessions, calendar --------------------------------------------------------------


@dataclass
class StructureAttendance:
    organisation: Organisation
    sessions: int = 0
    people: int = 0


@dataclass
class SessionSummary:
    sessions: list[NetworkSession]
    by_structure: list[StructureAttendance]
    people: int = 0

    @property
    def structures_present(self) -> int:
        return sum(1 for row in self.by_structure if row.sessions)


def sessions_summary(network: Network, organisations: list[Organisation] | None = None):
    """The network's sessions with, for each, the people and structures present (attributes
    `people`, `structure_count`, `rows`: [(structure, {group: count}, total)]); and for each
    accompanied structure, the sessions it attended. Two queries, three when a structure that
    is not accompanied (an animating one, or one that left) came to a session."""
    organisations = (
        organisations if organisations is not None else list(accompanied_organisations(network))
    )
    # Plain rows, the structures taken from those already read: a dashboard's year holds
    # hundreds of attendance rows, and a model row with its structure's for each cost ~5 ms.
    attendance = list(
        NetworkSessionAttendance.objects.filter(session__network=network)
        .order_by("organisation__name", "pk")
        .values_list("session_id", "organisation_id", "group", "count")
    )
    known = {o.pk: o for o in organisations}
    missing = {org_id for _session, org_id, _group, _count in attendance} - known.keys()
    if missing:
        known.update(Organisation.objects.in_bulk(missing))
    by_session: dict[int, dict[int, dict[str, int]]] = {}
    for session_id, org_id, group, count in attendance:
        by_session.setdefault(session_id, {}).setdefault(org_id, {})[group] = count
    sessions = list(network.sessions.all())
    by_org = {o.pk: StructureAttendance(o) for o in organisations}
    total = 0
    for session in sessions:
        rows = by_session.get(session.pk, {})
        session.rows = [
            (known[org_id], groups, sum(groups.values())) for org_id, groups in rows.items()
        ]
        session.people = sum(row[2] for row in session.rows)
        session.structure_count = len(session.rows)
        total += session.people
        for org_id, groups in rows.items():
            row = by_org.get(org_id)
            if row is None:  # an animating structure, or one that left the network
                row = by_org[org_id] = StructureAttendance(known[org_id])
            row.sessions += 1
            row.people += sum(groups.values())
    return SessionSummary(sessions, list(by_org.values()), total)


@dataclass
class CalendarMonth:
    start: date  # first day of the month
    sessions: list[NetworkSession]

    @property
    def label(self) -> str:
        return date_format(self.start, "F Y")


def calendar(sessions: list[NetworkSession], today: date | None = None) -> list[CalendarMonth]:
    """Sessions grouped by month, in date order; each session gets `is_past` (before today)."""
    today = today or timezone.localdate()
    months: dict[date, list[NetworkSession]] = {}
    for session in sorted(sessions, key=lambda s: (s.held_on, s.pk)):
        session.is_past = session.held_on < today
        months.setdefault(session.held_on.replace(day=1), []).append(session)
    return [CalendarMonth(start, items) for start, items in months.items()]


def next_session(sessions: list[NetworkSession], today: date | None = None):
    today = today or timezone.localdate()
    return next((s for s in sorted(sessions, key=lambda s: s.held_on) if s.held_on >= today), None)


def _ics_text(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """RFC 5545: lines longer than 75 octets continue on the next line after a space."""
    out, current = [], b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > (75 if not out else 74):
            out.append(current.decode("utf-8"))
            current = b""
        current += encoded
    out.append(current.decode("utf-8"))
    return "\r\n ".join(out)


def ics(network: Network, sessions: list[NetworkSession], host: str = "maillage") -> str:
    """The sessions as an iCalendar file (all-day events), for a diary application."""
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Maillage//Séances du réseau//FR",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_ics_text(network.name)}",
    ]
    for session in sessions:
        kind = str(session.get_kind_display())
        summary = f"{kind[:1].upper()}{kind[1:]}"
        if session.title:
            summary += f" — {session.title}"
        if session.is_milestone:
            summary = f"[{_('Étape clé')}] {summary}"
        lines += [
            "BEGIN:VEVENT",
            f"UID:reseau-{network.slug}-seance-{session.pk}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{session.held_on:%Y%m%d}",
            f"DTEND;VALUE=DATE:{session.held_on + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_ics_text(summary)}",
            f"CATEGORIES:{_ics_text(kind)}",
        ]
        if session.place:
            lines.append(f"LOCATION:{_ics_text(session.place)}")
        if session.notes:
            lines.append(f"DESCRIPTION:{_ics_text(session.notes)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
