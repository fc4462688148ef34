"""Rules of surveys: building them, cutting them into pages, checking and storing answers.

Answers arrive as raw strings from a form, a paper entry or an import; `clean_answer` turns one
into a value or a French error, and `store_response` writes a whole response at once, never twice
for the same `submission_key`.
"""

from __future__ import annotations

import json
import uuid
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, connections, router, transaction
from django.db.models import F
from django.db.models.signals import post_save, pre_save
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from maillage.collection import consents
from maillage.collection.models import Answer, Choice, Question, Response, Section, Survey

Raw = str | list[str]


# --- building -------------------------------------------------------------------------------------


def unique_code(survey: Survey, wanted: str, *, exclude: int | None = None) -> str:
    """`wanted` slugified (underscores), made unique within the survey."""
    base = slugify(wanted).replace("-", "_")[:50] or "question"
    taken = set(survey.questions.exclude(pk=exclude).values_list("code", flat=True))
    code, n = base, 2
    while code in taken:
        code, n = f"{base}_{n}", n + 1
    return code


def parse_choices(text: str) -> list[tuple[str, str]]:
    """One choice per line, « code | libellé » or just the label (its code is made from it)."""
    seen, rows = set(), []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if "|" in line:
            value, label = (part.strip() for part in line.split("|", 1))
        else:
            value, label = line, line
        value = slugify(value).replace("-", "_")[:60] or f"choix_{len(rows) + 1}"
        while value in seen:
            value += "_2"
        seen.add(value)
        rows.append((value, label[:200]))
    return rows


def choices_as_text(question: Question) -> str:
    return "\n".join(f"{c.value} | {c.label}" for c in question.choices.all())


@transaction.atomic
def set_choices(question: Question, rows: list[tuple[str, str]]) -> None:
    question.choices.all().delete()
    Choice.objects.bulk_create(
        Choice(question=question, value=value, label=label, order=order)
        for order, (value, label) in enumerate(rows)
    )
    # bulk_create sends no signal: the public page's cached form must see the new choices.
    Survey.objects.filter(pk=question.survey_id).update(version=F("version") + 1)


@transaction.atomic
def add_retrospective_pair(
    survey: Survey,
    *,
    code: str,
    label: str,
    scale_max: int,
    min_label: str = "",
    max_label: str = "",
    section: Section | None = None,
    order: int = 0,
    required: bool = False,
) -> tuple[Question, Question]:
    """The « avant de venir au centre » / « aujourd'hui » pair on the same scale."""
    common = {
        "survey": survey,
        "section": section,
        "type": Question.Type.SCALE,
        "scale_max": scale_max,
        "scale_min_label": min_label,
        "scale_max_label": max_label,
        "required": required,
    }
    before = Question(
        code=unique_code(survey, f"{code}_avant"),
        label=_("Avant de venir au centre : %(label)s") % {"label": label},
        order=order,
        **common,
    )
    before.full_clean()
    before.save()
    after = Question(
        code=unique_code(survey, f"{code}_apres"),
        label=_("Aujourd'hui : %(label)s") % {"label": label},
        order=order + 1,
        before=before,
        **common,
    )
    after.full_clean()
    after.save()
    return before, after


# --- pages and conditions -----------------------------------------------------------------------


@dataclass
class Page:
    number: int
    title: str
    description: str
    questions: list[Question] = field(default_factory=list)


def pages(survey: Survey) -> list[Page]:
    """One page per section that has questions; questions outside any section come first."""
    questions = list(survey.questions.select_related("section").prefetch_related("choices"))
    # Conditions and retrospective pairs point inside the survey: linked from this list rather
    # than joined twice more (every answer page is built from here, GET and POST alike).
    by_pk = {q.pk: q for q in questions}
    for question in questions:
        if question.show_if_question_id in by_pk:
            question.show_if_question = by_pk[question.show_if_question_id]
        if question.before_id in by_pk:
            question.before = by_pk[question.before_id]
    result: list[Page] = []
    loose = [q for q in questions if q.section_id is None]
    if loose:
        result.append(Page(1, survey.title, "", loose))
    # The sections came with their questions (select_related): no query of their own.
    sections = sorted({q.section for q in questions if q.section_id}, key=lambda s: (s.order, s.pk))
    for section in sections:
        inside = [q for q in questions if q.section_id == section.pk]
        if inside:
            result.append(Page(len(result) + 1, section.title, section.description, inside))
    return result


def is_shown(question: Question, answers: dict[str, Raw]) -> bool:
    """Whether the question applies, given the answers known so far (by question code)."""
    if not question.show_if_question_id:
        return True
    given = answers.get(question.show_if_question.code)
    given = given if isinstance(given, list) else [given] if given else []
    return bool(set(given) & set(question.show_if_values))


# --- checking answers ---------------------------------------------------------------------------


@dataclass
class Cleaned:
    text: str = ""
    number: Decimal | None = None
    choices: list[str] = field(default_factory=list)
    date: date | None = None

    @property
    def empty(self) -> bool:
        return not (self.text or self.number is not None or self.choices or self.date)


def _as_list(raw: Raw | None) -> list[str]:
    if raw is None:
        return []
    values = raw if isinstance(raw, list) else [raw]
    return [str(v).strip() for v in values if str(v).strip()]


def parse_number(text: str) -> Decimal:
    cleaned = text.strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "")
    return Decimal(cleaned.replace(",", "."))


def parse_date(text: str) -> date:
    text = text.strip()
    for parse in (date.fromisoformat, lambda t: _french_date(t)):
        try:
            return parse(text)
        except (ValueError, OverflowError):  # « 01/01/99999999999999999999 » overflows
            continue
    raise ValueError(text)


def _french_date(text: str) -> date:
    day, month, year = text.replace("-", "/").replace(".", "/").split("/")
    year = int(year)
    if year < 100:
        year += 2000
    return date(year, int(month), int(day))


def clean_answer(question: Question, raw: Raw | None) -> tuple[Cleaned, str | None]:
    """The value of one answer, or an error in French. An empty answer is valid here; whether it
    is required is decided by the caller, who knows if the question was shown."""
    values = _as_list(raw)
    cleaned = Cleaned()
    if not values:
        return cleaned, None
    kind = question.type
    if kind in (Question.Type.SHORT_TEXT, Question.Type.LONG_TEXT):
        text = "\n".join(values)
        limit = 300 if kind == Question.Type.SHORT_TEXT else 10000
        if len(text) > limit:
            return cleaned, _("Réponse trop longue : %(limit)s caractères au plus.") % {
                "limit": limit
            }
        cleaned.text = text
        return cleaned, None
    if kind == Question.Type.NUMBER:
        try:
            cleaned.number = parse_number(values[0])
        except (InvalidOperation, ValueError):
            return cleaned, _("Écrivez un nombre, par exemple 12 ou 3,5.")
        if not cleaned.number.is_finite() or abs(cleaned.number) >= Decimal("1e10"):
            return Cleaned(), _("Ce nombre n'est pas accepté.")
        # Stored with 4 decimals: 9999999999.99999 would round past the column's 14 digits.
        cleaned.number = cleaned.number.quantize(Decimal("0.0001"))
        if abs(cleaned.number) >= Decimal("1e10"):
            return Cleaned(), _("Ce nombre n'est pas accepté.")
        return cleaned, None
    if kind == Question.Type.DATE:
        try:
            cleaned.date = parse_date(values[0])
        except (ValueError, TypeError):
            return cleaned, _("Écrivez une date, par exemple 14/03/2026.")
        return cleaned, None
    allowed = [value for value, _label in question.option_list()]
    if kind == Question.Type.MULTIPLE:
        unknown = [v for v in values if v not in allowed]
    else:
        if len(values) > 1:
            return cleaned, _("Une seule réponse est possible.")
        unknown = [v for v in values if v not in allowed]
    if unknown:
        return cleaned, _("Réponse non prévue : %(value)s.") % {"value": ", ".join(unknown)}
    cleaned.choices = values
    if kind == Question.Type.SCALE:
        cleaned.number = Decimal(values[0])
    return cleaned, None


def check_answers(
    questions: list[Question],
    raw: dict[str, Raw],
    known: dict[str, Raw] | None = None,
    *,
    clean=clean_answer,
) -> tuple[dict[str, Cleaned], dict[str, str]]:
    """Clean the answers to `questions` (raw values by code). Returns cleaned values by code, and
    French errors by code. Questions whose condition is not met are dropped, never required.
    `clean` is `clean_answer` or a memoised copy of it (imports check a million answers)."""
    known = {**(known or {}), **raw}
    values, errors = {}, {}
    for question in questions:
        if not is_shown(question, known):
            continue
        cleaned, error = clean(question, raw.get(question.code))
        if error:
            errors[question.code] = error
        elif cleaned.empty and question.required:
            errors[question.code] = _("Cette question demande une réponse.")
        elif not cleaned.empty:
            values[question.code] = cleaned
    return values, errors


def raw_from_post(questions: list[Question], data) -> dict[str, Raw]:
    """The raw answers of a submitted form: field `q-<code>`, a list for multiple choices."""
    raw: dict[str, Raw] = {}
    for question in questions:
        name = f"q-{question.code}"
        if question.type == Question.Type.MULTIPLE:
            raw[question.code] = data.getlist(name)
        else:
            raw[question.code] = data.get(name, "")
    return raw


# --- storing ------------------------------------------------------------------------------------


def new_submission_key() -> str:
    return str(uuid.uuid4())


def valid_key(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError):
        return None


# Every column of Answer but its id (a test checks that none is forgotten).
ANSWER_COLUMNS = ("response", "question", "text", "number", "choices", "date")
ANSWERS_PER_INSERT = 150  # 900 parameters: under SQLite's oldest limit of 999


def _insert_answers(response: Response, rows: list[tuple[Question, Cleaned]]) -> None:
    """The answers of one response in one INSERT, each value prepared by its field as
    `bulk_create` does, without building a model and compiling a query per answer (most of the
    public page's cost of storing a form)."""
    connection = connections[router.db_for_write(Answer)]
    q = connection.ops.quote_name
    fields = [Answer._meta.get_field(name) for name in ANSWER_COLUMNS]
    text, number, choices, day = fields[2:]
    head = f"INSERT INTO {q(Answer._meta.db_table)} ({', '.join(q(f.column) for f in fields)})"
    one_row = f"({', '.join(['%s'] * len(fields))})"
    for start in range(0, len(rows), ANSWERS_PER_INSERT):
        chunk = rows[start : start + ANSWERS_PER_INSERT]
        params = []
        for question, cleaned in chunk:
            params += [
                response.pk,
                question.pk,
                text.get_db_prep_save(cleaned.text, connection),
                number.get_db_prep_save(cleaned.number, connection),
                choices.get_db_prep_save(cleaned.choices, connection),
                day.get_db_prep_save(cleaned.date, connection),
            ]
        # Names from the model only; every value goes as a parameter.
        sql = f"{head} VALUES {', '.join([one_row] * len(chunk))}"
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


def _single_statement(connection) -> bool:
    """PostgreSQL runs data-modifying CTEs; nothing listens to saves of responses."""
    return connection.vendor == "postgresql" and not (
        pre_save.has_listeners(Response) or post_save.has_listeners(Response)
    )


class CampaignChanged(Exception):
    """The campaign closed, or its survey changed, since it was read: nothing was stored."""


@dataclass(frozen=True)
class OpenAt:
    """What must still hold when a response is written: its campaign open on `today`, its survey
    at `version` (the one its answers were checked against)."""

    campaign_id: int
    version: int
    today: date

    def _campaign(self):
        """The campaign, if it still holds: the one definition of the rule, read as a query
        (`holds`) or inside the insert (`sql`)."""
        from maillage.collection.models import Campaign

        return Campaign.objects.filter(
            pk=self.campaign_id,
            closed_at__isnull=True,
            opens_on__lte=self.today,
            closes_on__gte=self.today,
            survey__version=self.version,
        )

    def sql(self, connection) -> tuple[str, list]:
        """`EXISTS (…)` of that query, Django's own compilation; its values as parameters."""
        query = self._campaign().order_by().values("pk").query
        found, params = query.get_compiler(connection=connection).as_sql()
        return f"EXISTS ({found})", list(params)

    def holds(self) -> bool:
        return self._campaign().exists()


def _insert_in_one_statement(
    connection, response: Response, rows, open_at: OpenAt | None = None
) -> None:
    """INSERT the response and, in the same statement, its answers; sets `response.pk`.
    The response's values are prepared by its fields, as the ORM's own INSERT does; the answers
    go as JSON, typed by their columns. With `open_at`, nothing is written unless it holds
    (CampaignChanged). Names in the SQL come from the models only; every value goes as a
    parameter."""
    q = connection.ops.quote_name
    fields = [f for f in Response._meta.concrete_fields if not f.primary_key]
    params = [f.get_db_prep_save(f.pre_save(response, add=True), connection) for f in fields]
    pk = q(Response._meta.pk.column)
    parts = [
        f"WITH r AS (INSERT INTO {q(Response._meta.db_table)}",
        f" ({', '.join(q(f.column) for f in fields)})",
    ]
    if open_at is None:
        parts.append(f" VALUES ({', '.join(['%s'] * len(fields))}) RETURNING {pk})")
    else:
        # A SELECT rather than VALUES, so that it can be conditional; each value typed by its
        # column, as VALUES would have.
        condition, condition_params = open_at.sql(connection)
        typed = ", ".join(f"%s::{f.db_type(connection)}" for f in fields)
        parts.append(f" SELECT {typed} WHERE {condition} RETURNING {pk})")  # noqa: S608
        params.extend(condition_params)
    if rows:
        answer_fields = [Answer._meta.get_field(name) for name in ANSWER_COLUMNS]
        given = answer_fields[1:]  # the response's id comes from r
        # The answers as one JSON parameter: the statement's text and its parameter count stay
        # the same whatever the number of answers (psycopg parses it once, not per form).
        columns = ", ".join(f"{q(f.column)} {f.db_type(connection)}" for f in given)
        parts += [
            f", a AS (INSERT INTO {q(Answer._meta.db_table)}",
            f" ({', '.join(q(f.column) for f in answer_fields)})",
            f" SELECT r.{pk}, {', '.join(f'v.{q(f.column)}' for f in given)} FROM r",  # noqa: S608
            f" CROSS JOIN jsonb_to_recordset(%s::jsonb) AS v ({columns}))",
        ]
        keys = [f.column for f in given]
        answers = [
            dict(
                zip(
                    keys,
                    (
                        question.pk,
                        cleaned.text,
                        # A string: the exact decimal, never a float.
                        None if cleaned.number is None else str(cleaned.number),
                        cleaned.choices,
                        cleaned.date.isoformat() if cleaned.date else None,
                    ),
                    strict=True,
                )
            )
            for question, cleaned in rows
        ]
        params.append(json.dumps(answers))
    parts.append(f" SELECT {pk} FROM r")  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute("".join(parts), params)
        row = cursor.fetchone()
    if row is None:
        raise CampaignChanged
    response.pk = row[0]
    response._state.adding = False
    response._state.db = connection.alias


def store_response(
    survey: Survey,
    values: dict[str, Cleaned],
    *,
    submission_key,
    campaign=None,
    channel: str = Response.Channel.WEB,
    entered_by=None,
    invitation=None,
    respondent_name: str = "",
    respondent_email: str = "",
    consent: bool = False,
    questions: list[Question] | None = None,
    if_open_at_version: int | None = None,
) -> tuple[Response, bool]:
    """Store a whole response in one transaction. Returns (response, created): a key already
    stored (a double click, a reload) gives back the stored response and writes nothing.
    `questions`: the survey's questions when the caller has them already (saves a query).
    `if_open_at_version`: write only if the campaign is open today and the survey still at this
    version, checked in the same statement or transaction; else raise CampaignChanged."""
    key = valid_key(submission_key) or uuid.uuid4()
    # No look-up first: the unique key decides, in the same round trip as the insert (and two
    # copies racing each other are settled the same way).
    questions = {q.code: q for q in (survey.questions.all() if questions is None else questions)}
    group = next(
        (
            cleaned.choices[0]
            for code, cleaned in values.items()
            if questions[code].type == Question.Type.GROUP and cleaned.choices
        ),
        "",
    )
    response = Response(
        survey=survey,
        campaign=campaign,
        submission_key=key,
        channel=channel,
        respondent_group=group,
        respondent_name=respondent_name,
        respondent_email=respondent_email,
        consent_at=timezone.now() if consent else None,
        invitation=invitation,
        entered_by=entered_by if entered_by and entered_by.is_authenticated else None,
    )
    rows = [(questions[code], cleaned) for code, cleaned in values.items()]
    connection = connections[router.db_for_write(Response)]
    open_at = (
        OpenAt(campaign.pk, if_open_at_version, timezone.localdate())
        if if_open_at_version is not None and campaign is not None
        else None
    )
    try:
        if not consent and invitation is None and _single_statement(connection):
            # The common public form: the response and its answers in one statement, atomic by
            # itself (no BEGIN and COMMIT round trips).
            with transaction.atomic() if connection.in_atomic_block else nullcontext():
                _insert_in_one_statement(connection, response, rows, open_at)
            return response, True
        with transaction.atomic():
            if open_at is not None and not open_at.holds():
                raise CampaignChanged
            response.save(force_insert=True)
            if consent:
                consents.record_response_consent(response, by=entered_by)
            _insert_answers(response, rows)
            if invitation is not None:
                invitation.answered_at = timezone.now()
                invitation.save(update_fields=["answered_at"])
    except IntegrityError:
        # This key was stored already (sent twice, or two copies raced): give that one back.
        existing = Response.objects.filter(submission_key=key).first()
        if existing is None:
            raise  # another constraint (an invitation answered under another key)
        return existing, False
    return response, True
