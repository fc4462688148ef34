"""Rules of activity and volunteer records: quick entry, summaries and CSV/XLSX import.

Entry and import share one path: a row is parsed into a `SessionRow` or a `VolunteerRow`, then
stored. An import checks every row first and stores all of them in one transaction, or none; each
problem names its row (the header is row 1) and its column, in French.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.utils.text import slugify
from django.utils.translation import gettext as _

from maillage.collection.imports import ImportProblem, Problem, Table, normalise, read_table
from maillage.collection.models import (
    Activity,
    ActivitySession,
    Attendance,
    Participant,
    VolunteerTime,
)
from maillage.collection.models.records import MAX_HOURS
from maillage.collection.surveys import parse_date
from maillage.evaluation.models import StakeholderGroup
from maillage.organisations.models import Organisation
from maillage.projects.models import Membership, Project

MAX_RECORD_ROWS = 50_000
STORE_CHUNK = 2000
GROUPS = [value for value, _label in StakeholderGroup.choices]
# Column headers accepted for each group's count (accents and case are ignored).
GROUP_HEADERS = {
    StakeholderGroup.RESIDENTS: {"habitants", "habitant", "habitantes", "participants habitants"},
    StakeholderGroup.VOLUNTEERS: {"benevoles", "benevole"},
    StakeholderGroup.STAFF: {"salaries", "salarie", "salariees"},
    StakeholderGroup.BOARD: {"administrateurs", "administrateur", "administratrices"},
    StakeholderGroup.PARTNERS: {"partenaires", "partenaire"},
}


def unique_activity_code(organisation: Organisation, name: str) -> str:
    base = slugify(name)[:70] or "activite"
    code, n = base, 2
    while Activity.objects.filter(organisation=organisation, code=code).exists():
        code, n = f"{base}-{n}", n + 1
    return code


# --- parsing cells -------------------------------------------------------------------------------


HOURS_MINUTES = re.compile(r"^(\d{1,3})\s*h\s*(\d{1,2})?(?:\s*min)?$")


def parse_hours(text: str, *, maximum: Decimal = MAX_HOURS) -> Decimal:
    """'2', '1,5', '1.5', '1h30', '1 h 30' → hours. Raises ValueError with a French message."""
    cleaned = str(text).strip().lower().replace(" ", "")
    if not cleaned:
        raise ValueError(_("la durée est vide : indiquez des heures (ex. : 2 ; 1,5 ; 1h30)."))
    match = HOURS_MINUTES.match(cleaned)
    try:
        if match:
            minutes = int(match.group(2) or 0)
            if minutes >= 60:
                raise ValueError
            value = Decimal(match.group(1)) + (Decimal(minutes) / 60)
        else:
            value = Decimal(cleaned.replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ValueError(
            _("« %(text)s » n'est pas une durée (ex. : 2 ; 1,5 ; 1h30).") % {"text": text}
        ) from None
    if not value.is_finite() or value < Decimal("0.25") or value > maximum:
        raise ValueError(
            _("la durée doit être comprise entre 0,25 et %(max)s heures.") % {"max": maximum}
        )
    return value.quantize(Decimal("0.01"))


def parse_record_date(text: str) -> date:
    try:
        value = parse_date(str(text)[:40])
    except (ValueError, OverflowError):
        value = None
    if value is None or not 1990 <= value.year <= 2100:
        raise ValueError(
            _("« %(text)s » n'est pas une date (ex. : 14/03/2025 ou 2025-03-14).")
            % {"text": str(text)[:40]}
        )
    return value


def parse_count(text: str) -> int:
    cleaned = str(text).strip()
    if cleaned == "":
        return 0
    if not (cleaned.isascii() and cleaned.isdigit()) or int(cleaned) > 10_000:
        raise ValueError(
            _("« %(text)s » n'est pas un nombre de personnes (0 à 10 000).") % {"text": text}
        )
    return int(cleaned)


def split_names(text: str) -> list[str]:
    """Names typed in one cell or field: one per line, or separated by ; or |."""
    parts = re.split(r"[\n;|]", str(text))
    seen, names = set(), []
    for part in parts:
        name = " ".join(part.split())[:150]
        if name and name.lower() not in seen:
            seen.add(name.lower())
            names.append(name)
    return names


# --- quick entry ---------------------------------------------------------------------------------


@dataclass
class SessionRow:
    activity_name: str
    date: date
    duration: Decimal | None
    counts: dict[str, int]
    names: list[str] = field(default_factory=list)
    notes: str = ""


def participants_for(organisation: Organisation, names: list[str]) -> list[Participant]:
    """The named people, created on first mention (as residents: their group can be changed)."""
    existing = {p.name.lower(): p for p in organisation.participants.filter(name__in=names)}
    found = []
    for name in names:
        person = existing.get(name.lower())
        if person is None:
            same = Participant.objects.filter(organisation=organisation, name__iexact=name)
            person = same.first()
        if person is None:
            person = Participant.objects.create(organisation=organisation, name=name)
        existing[name.lower()] = person
        found.append(person)
    return found


def attendance_rows(session, counts: dict[str, int], present) -> list[Attendance]:
    """A session's count per group: the typed count, never lower than the named people of that
    group, so ticking names alone is enough."""
    named = Counter(person.group for person in present)
    return [
        Attendance(session=session, group=group, count=count)
        for group in GROUPS
        if (count := max(counts.get(group, 0), named[group])) > 0
    ]


def record_session(
    activity: Activity,
    *,
    on: date,
    duration: Decimal | None,
    counts: dict[str, int],
    names: list[str] | None = None,
    people: list[Participant] | None = None,
    notes: str = "",
    user=None,
    submission_key=None,
) -> ActivitySession:
    """Store one session (counts per group as in `attendance_rows`). The same `submission_key`
    sent twice (double click, reload) stores the session once."""
    if submission_key:
        existing = ActivitySession.objects.filter(submission_key=submission_key).first()
        if existing:
            return existing
    try:
        return _record_session(
            activity, on, duration, counts, names, people, notes, user, submission_key
        )
    except IntegrityError:
        # The same form sent twice at the same moment: the other request stored it.
        existing = ActivitySession.objects.filter(submission_key=submission_key).first()
        if submission_key and existing:
            return existing
        raise


def _record_session(activity, on, duration, counts, names, people, notes, user, key):
    with transaction.atomic():
        session = ActivitySession.objects.create(
            activity=activity,
            date=on,
            duration=duration or activity.default_duration,
            notes=notes,
            entered_by=user,
            submission_key=key,
        )
        present = list(people or []) + participants_for(activity.organisation, names or [])
        present = list({p.pk: p for p in present}.values())
        if present:
            session.participants.set(present)
        Attendance.objects.bulk_create(attendance_rows(session, counts, present))
    return session


def record_volunteer_time(
    organisation: Organisation,
    *,
    on: date,
    hours: Decimal,
    activity: Activity | None = None,
    person: Participant | None = None,
    person_name: str = "",
    group_label: str = "",
    volunteers: int = 1,
    notes: str = "",
    user=None,
    submission_key=None,
) -> VolunteerTime:
    if submission_key:
        existing = VolunteerTime.objects.filter(submission_key=submission_key).first()
        if existing:
            return existing
    if person is None and person_name.strip():
        person = participants_for(organisation, [person_name.strip()])[0]
        if person.group == StakeholderGroup.RESIDENTS and not person.sessions.exists():
            # First seen as giving time: a volunteer.
            person.group = StakeholderGroup.VOLUNTEERS
            person.save(update_fields=["group"])
    entry = VolunteerTime(
        organisation=organisation,
        activity=activity,
        date=on,
        person=person,
        group_label=group_label.strip() if person is None else "",
        volunteers=1 if person is not None else volunteers,
        hours=hours,
        notes=notes,
        entered_by=user,
        submission_key=submission_key,
    )
    entry.full_clean(exclude=["entered_by", "submission_key"])
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError:
        existing = VolunteerTime.objects.filter(submission_key=submission_key).first()
        if submission_key and existing:
            return existing
        raise
    return entry


# --- summaries ----------------------------------------------------------------------------------


def activity_summary(organisation: Organisation, start: date, end: date) -> list[dict]:
    """Per activity, over [start, end]: sessions, attendances, hours of activity, named people."""
    in_period = Q(sessions__date__gte=start, sessions__date__lte=end)
    rows = organisation.activities.annotate(
        session_count=Count("sessions", filter=in_period, distinct=True),
        hours=Sum("sessions__duration", filter=in_period),
    )
    attendances = dict(
        Attendance.objects.filter(
            session__activity__organisation=organisation,
            session__date__gte=start,
            session__date__lte=end,
        )
        .values_list("session__activity")
        .annotate(n=Sum("count"))
    )
    named = dict(
        ActivitySession.participants.through.objects.filter(
            activitysession__activity__organisation=organisation,
            activitysession__date__gte=start,
            activitysession__date__lte=end,
        )
        .values_list("activitysession__activity")
        .annotate(n=Count("participant", distinct=True))
    )
    return [
        {
            "activity": activity,
            "sessions": activity.session_count,
            "attendances": attendances.get(activity.pk, 0),
            "hours": activity.hours or Decimal(0),
            "named": named.get(activity.pk, 0),
        }
        for activity in rows
    ]


def volunteer_summary(organisation: Organisation, start: date, end: date) -> dict:
    entries = organisation.volunteer_times.filter(date__gte=start, date__lte=end)
    by_activity = (
        entries.values("activity__name")
        .annotate(hours=Sum("hours"), entries=Count("pk"))
        .order_by("-hours")
    )
    total = entries.aggregate(hours=Sum("hours"))["hours"] or Decimal(0)
    people = entries.filter(person__isnull=False).values("person").distinct().count()
    return {"total": total, "by_activity": list(by_activity), "named_volunteers": people}


# --- import -------------------------------------------------------------------------------------


@dataclass
class RecordImportResult:
    stored: int = 0
    problems: list[Problem] = field(default_factory=list)
    new_activities: list[str] = field(default_factory=list)
    new_people: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _columns(table: Table, wanted: dict[str, set[str]]) -> dict[str, int]:
    found = {}
    for index, header in enumerate(table.headers):
        key = normalise(header)
        for name, aliases in wanted.items():
            if key in aliases and name not in found:
                found[name] = index
    return found


SESSION_COLUMNS = {
    "activity": {"activite", "atelier", "action"},
    "date": {"date", "date de la seance", "jour"},
    "duration": {"duree", "duree (heures)", "duree heures", "heures"},
    "names": {"participants", "personnes presentes", "noms", "presents"},
    "notes": {"remarque", "remarques", "commentaire", "note"},
    **GROUP_HEADERS,
}
VOLUNTEER_COLUMNS = {
    "date": {"date", "mois", "periode"},
    "activity": {"activite", "atelier", "action"},
    "person": {"benevole", "nom", "personne", "nom du benevole"},
    "group": {"groupe", "equipe", "groupe de benevoles"},
    "volunteers": {"nombre", "nombre de benevoles", "nb benevoles"},
    "hours": {"heures", "nombre d'heures", "temps", "duree"},
    "notes": {"remarque", "remarques", "commentaire", "note"},
}


def _missing(found: dict, required: list[tuple[str, str]]) -> list[Problem]:
    return [
        Problem(1, label, _("colonne obligatoire absente de l'en-tête."))
        for key, label in required
        if key not in found
    ]


def _table_or_problem(data: bytes, filename: str) -> Table:
    table = read_table(data, filename)
    if len(table.rows) > MAX_RECORD_ROWS:
        raise ImportProblem(
            _("Le fichier a %(count)s lignes : %(max)s au plus par import de relevés.")
            % {"count": len(table.rows), "max": MAX_RECORD_ROWS}
        )
    return table


def _check_lengths(found, cell, fail, limits: dict[str, int]) -> None:
    """A text longer than its field is refused, never cut without a word."""
    for key, limit in limits.items():
        if key in found and len(cell(key).strip()) > limit:
            fail(key, _("le texte dépasse %(max)s caractères.") % {"max": limit})


def check_sessions(table: Table, organisation: Organisation) -> tuple[list[SessionRow], list]:
    found = _columns(table, SESSION_COLUMNS)
    problems = _missing(found, [("activity", _("activité")), ("date", _("date"))])
    if problems:
        return [], problems
    if not any(group in found for group in GROUPS) and "names" not in found:
        return [], [
            Problem(
                1,
                _("habitants"),
                _("aucune colonne de participants (habitants, bénévoles… ou participants)."),
            )
        ]
    known = {normalise(a.name): a for a in organisation.activities.all()}
    known.update({normalise(a.code): a for a in organisation.activities.all()})
    existing = set(
        ActivitySession.objects.filter(activity__organisation=organisation).values_list(
            "activity_id", "date"
        )
    )
    rows, problems = [], []
    for number, cells in enumerate(table.rows, start=2):
        number = getattr(cells, "number", number)  # blank rows counted, as in the sheet
        row_problems = []

        def cell(key, cells=cells):
            return cells[found[key]] if key in found else ""

        def fail(key, message, number=number, row_problems=row_problems):
            row_problems.append(Problem(number, table.headers[found[key]], message))

        name = " ".join(cell("activity").split())
        if not name:
            fail("activity", _("le nom de l'activité est vide."))
        _check_lengths(found, cell, fail, {"activity": 150, "notes": 300})
        try:
            on = parse_record_date(cell("date"))
        except ValueError as error:
            fail("date", str(error))
            on = None
        duration = None
        if cell("duration"):
            try:
                duration = parse_hours(cell("duration"))
            except ValueError as error:
                fail("duration", str(error))
        counts = {}
        for group in GROUPS:
            if group in found:
                try:
                    counts[group] = parse_count(cell(group))
                except ValueError as error:
                    fail(group, str(error))
        names = split_names(cell("names")) if "names" in found else []
        if not row_problems and not names and sum(counts.values()) == 0:
            fail(next(k for k in [*GROUPS, "names"] if k in found), _("personne n'est compté."))
        activity = known.get(normalise(name))
        if activity and on and (activity.pk, on) in existing:
            fail(
                "date",
                _(
                    "une séance de « %(activity)s » le %(date)s est déjà enregistrée : "
                    "retirez cette ligne ou supprimez la séance existante."
                )
                % {"activity": activity.name, "date": on.strftime("%d/%m/%Y")},
            )
        problems.extend(row_problems)
        if not row_problems:
            rows.append(SessionRow(name, on, duration, counts, names, cell("notes")[:300]))
    return rows, problems


def import_sessions(data: bytes, filename: str, organisation: Organisation, user=None):
    """Check every row, then store all sessions or none."""
    table = _table_or_problem(data, filename)
    rows, problems = check_sessions(table, organisation)
    if problems:
        return RecordImportResult(problems=problems)
    return store_sessions(organisation, rows, user)


def _activities_for(organisation, names, result) -> dict[str, Activity]:
    """The structure's activities by name and by identifier, creating those named but unknown
    (reported in `result.new_activities`)."""
    activities = list(organisation.activities.all())
    known = {normalise(a.name): a for a in activities}
    known.update({normalise(a.code): a for a in activities})
    for name in names:
        if name and normalise(name) not in known:
            activity = Activity.objects.create(
                organisation=organisation,
                name=name,
                code=unique_activity_code(organisation, name),
            )
            known[normalise(name)] = activity
            result.new_activities.append(activity.name)
    return known


def store_sessions(organisation: Organisation, rows: list[SessionRow], user=None):
    """Write many sessions at once (bulk inserts, all or nothing), with the same rules as
    `record_session`: unknown activities and named people are created, and a group's count is
    never lower than its named people."""
    result = RecordImportResult()
    with transaction.atomic():
        known = _activities_for(organisation, [row.activity_name for row in rows], result)
        wanted = {name.lower(): name for row in rows for name in row.names}
        people = {
            p.name.lower(): p for p in organisation.participants.all() if p.name.lower() in wanted
        }
        missing = [Participant(organisation=organisation, name=wanted[key])
                   for key in wanted if key not in people]  # fmt: skip
        Participant.objects.bulk_create(missing, batch_size=STORE_CHUNK)
        if missing:
            people = {
                p.name.lower(): p
                for p in organisation.participants.all()
                if p.name.lower() in wanted
            }
        result.new_people = sorted(p.name for p in missing)
        through = ActivitySession.participants.through
        for start in range(0, len(rows), STORE_CHUNK):
            batch = rows[start : start + STORE_CHUNK]
            sessions = ActivitySession.objects.bulk_create(
                ActivitySession(
                    activity=(activity := known[normalise(row.activity_name)]),
                    date=row.date,
                    duration=row.duration or activity.default_duration,
                    notes=row.notes,
                    entered_by=user,
                )
                for row in batch
            )
            attendances, links = [], []
            for session, row in zip(sessions, batch, strict=True):
                present = {people[name.lower()].pk: people[name.lower()] for name in row.names}
                links += [through(activitysession=session, participant=p) for p in present.values()]
                attendances += attendance_rows(session, row.counts, present.values())
            Attendance.objects.bulk_create(attendances)
            through.objects.bulk_create(links)
            result.stored += len(sessions)
    return result


@dataclass
class VolunteerRow:
    date: date
    hours: Decimal
    activity_name: str = ""
    person_name: str = ""
    group_label: str = ""
    volunteers: int = 1
    notes: str = ""


def check_volunteer_time(table: Table) -> tuple[list[VolunteerRow], list]:
    found = _columns(table, VOLUNTEER_COLUMNS)
    problems = _missing(found, [("date", _("date")), ("hours", _("heures"))])
    if "person" not in found and "group" not in found:
        problems.append(Problem(1, _("bénévole"), _("il faut une colonne bénévole ou groupe.")))
    if problems:
        return [], problems
    rows = []
    for number, cells in enumerate(table.rows, start=2):
        number = getattr(cells, "number", number)  # blank rows counted, as in the sheet
        row_problems = []

        def cell(key, cells=cells):
            return cells[found[key]] if key in found else ""

        def fail(key, message, number=number, row_problems=row_problems):
            row_problems.append(Problem(number, table.headers[found[key]], message))

        try:
            on = parse_record_date(cell("date"))
        except ValueError as error:
            fail("date", str(error))
            on = None
        try:
            hours = parse_hours(cell("hours"), maximum=Decimal("100000"))
        except ValueError as error:
            fail("hours", str(error))
            hours = None
        person = " ".join(cell("person").split())
        group = " ".join(cell("group").split())
        _check_lengths(found, cell, fail, {"person": 150, "group": 150, "notes": 300})
        if not person and not group:
            fail(
                "person" if "person" in found else "group",
                _("indiquez le ou la bénévole, ou le groupe."),
            )
        volunteers = 1
        if "volunteers" in found and cell("volunteers"):
            try:
                volunteers = max(parse_count(cell("volunteers")), 1)
            except ValueError as error:
                fail("volunteers", str(error))
        problems.extend(row_problems)
        if not row_problems:
            rows.append(
                VolunteerRow(
                    on,
                    hours,
                    " ".join(cell("activity").split())[:150],
                    person,
                    group if not person else "",
                    volunteers,
                    cell("notes")[:300],
                )
            )
    return rows, problems


def import_volunteer_time(data: bytes, filename: str, organisation: Organisation, user=None):
    table = _table_or_problem(data, filename)
    rows, problems = check_volunteer_time(table)
    result = RecordImportResult(problems=problems)
    if problems:
        return result
    people_before = set(organisation.participants.values_list("name", flat=True))
    with transaction.atomic():
        known = _activities_for(organisation, [row.activity_name for row in rows], result)
        for row in rows:
            activity = known[normalise(row.activity_name)] if row.activity_name else None
            record_volunteer_time(
                organisation,
                on=row.date,
                hours=row.hours,
                activity=activity,
                person_name=row.person_name,
                group_label=row.group_label,
                volunteers=row.volunteers,
                notes=row.notes,
                user=user,
            )
            result.stored += 1
    result.new_people = sorted(
        set(organisation.participants.values_list("name", flat=True)) - people_before
    )
    return result


IMPORTERS = {"seances": import_sessions, "benevolat": import_volunteer_time}


# --- what counts for a project ------------------------------------------------------------------


# What a project's scope reads (its activity ids, its lead structures), kept only inside a
# `one_pass()` block: several indicators of one page then read them once, and nothing outlives
# the block (no module global: never across requests or tests).
_pass_memo: ContextVar[dict | None] = ContextVar("project_scope_memo", default=None)


@contextmanager
def one_pass() -> Iterator[None]:
    """Read each project's scope once inside the block (nested blocks share the outer one).
    Only for reading: rows written inside the block are not seen by the scope."""
    if _pass_memo.get() is not None:
        yield
        return
    token = _pass_memo.set({})
    try:
        yield
    finally:
        _pass_memo.reset(token)


def in_pass(key: tuple, read: Callable[[], object]):
    """`read()`, done once per `one_pass` block for this key; every time outside one."""
    memo = _pass_memo.get()
    if memo is None:
        return read()
    if key not in memo:
        memo[key] = read()
    return memo[key]


def lead_structures(project: Project) -> QuerySet[Organisation]:
    return Organisation.objects.filter(
        project_memberships__project=project,
        project_memberships__role=Membership.Role.LEAD,
    )


def project_activity_scope(project) -> Q:
    """Activities that count for a project: those linked to it; for a projet social, also the
    lead structure's activities linked to no project (its everyday life)."""
    scope = Q(project=project)
    if project.kind == Project.Kind.SOCIAL_PROJECT:
        # The lead structures' ids as a list, not a subquery: over a subquery the OR made
        # PostgreSQL read every activity of the nation (26,000 rows, 6 ms); over a list it reads
        # each branch through its index (0.1 ms).
        scope |= Q(project__isnull=True, organisation_id__in=lead_structure_ids(project))
    return scope


def activity_structures(project) -> dict[int, tuple[int, str]]:
    """The activities that count for the project (`project_activity_scope`), each with the pk
    and name of its structure: read once per pass. The engine groups sessions by activity alone
    and names the structures from here: joined in the grouping, the activities made PostgreSQL
    hash all of the nation's."""
    # Read first: left as a subquery, the OR of the scope makes PostgreSQL expect thousands of
    # activities and scan every session and attendance row of the nation (seconds, not ms).
    return in_pass(
        ("activities", project.pk, project.kind),
        lambda: {
            pk: (organisation_id, name)
            for pk, organisation_id, name in Activity.objects.filter(
                project_activity_scope(project)
            )
            .order_by()
            .values_list("pk", "organisation_id", "organisation__name")
        },
    )


def _project_activity_ids(project) -> list[int]:
    return list(activity_structures(project))


def lead_structure_ids(project) -> list[int]:
    return in_pass(
        ("leads", project.pk),
        lambda: list(lead_structures(project).values_list("pk", flat=True)),
    )


def project_sessions(project):
    return ActivitySession.objects.filter(activity_id__in=_project_activity_ids(project))


def project_volunteer_time(project):
    scope = Q(activity_id__in=_project_activity_ids(project))
    if project.kind == Project.Kind.SOCIAL_PROJECT:
        scope |= Q(activity__isnull=True, organisation_id__in=lead_structure_ids(project))
    return VolunteerTime.objects.filter(scope)
