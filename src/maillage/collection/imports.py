"""Import survey answers from CSV and XLSX files (LimeSurvey, KoboToolbox, Google Forms, or a
spreadsheet typed by hand).

The steps a user goes through, each a plain function:
1. `read_table`: the file becomes a table; encoding (UTF-8 with or without BOM, then
   Windows-1252/Latin-1) and separator (semicolon, comma, tab) are detected.
2. `suggest_mapping` / `suggest_values`: which column answers which question, and which cell
   value means which choice, guessed from codes and labels (accents and case ignored).
3. `check`: every row is checked; every problem names its row (as the spreadsheet numbers it) and
   its column, in French.
4. `store`: all rows are written in one transaction, or none.
"""

from __future__ import annotations

import csv
import io
import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.collection import surveys
from maillage.collection.models import Answer, Question, Response, Survey

MAX_ROWS = 200_000
IGNORE = ""
# A column may hold when each answer was given rather than an answer: Google Forms' « Horodateur »,
# KoboToolbox's « _submission_time » or « end », LimeSurvey's « submitdate ».
SUBMITTED_AT = "@date"
SUBMITTED_AT_HEADERS = {
    "horodateur", "horodatage", "timestamp", "submitdate", "date de soumission",
    "submission time", "end", "date de la reponse", "date d'envoi", "date de reponse",
}  # fmt: skip


class ImportProblem(Exception):
    """A file that cannot be read at all; the message is French and says why."""


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]
    encoding: str = ""
    delimiter: str = ""

    def column(self, index: int) -> list[str]:
        return [row[index] if index < len(row) else "" for row in self.rows]


@dataclass
class Problem:
    row: int  # as numbered in the spreadsheet: the header is row 1
    column: str
    message: str

    def __str__(self):
        return _("ligne %(row)s, colonne « %(column)s » : %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


# --- 1. reading --------------------------------------------------------------------------------


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "UTF-8 (BOM)"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        # Windows-1252 is what French spreadsheets write; it reads any byte, like Latin-1.
        return data.decode("cp1252", errors="replace"), "Windows-1252"


def _delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
    except csv.Error:
        first = text.splitlines()[0] if text else ""
        return max(";,\t", key=first.count)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return (
            value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_table(data: bytes, filename: str) -> Table:
    """The first sheet (XLSX) or the whole file (CSV) as text cells under a header row."""
    if not data:
        raise ImportProblem(_("Le fichier est vide."))
    if filename.lower().endswith((".xlsx", ".xlsm")) or data[:4] == b"PK\x03\x04":
        return _read_xlsx(data)
    text, encoding = _decode(data)
    if "\x00" in text[:2000]:
        raise ImportProblem(
            _("Ce fichier n'est ni un CSV ni un XLSX lisible (enregistrez-le en CSV ou XLSX).")
        )
    delimiter = _delimiter(text)
    try:
        lines = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as error:
        raise ImportProblem(_("Le CSV est mal formé : %(error)s") % {"error": error}) from error
    return _table(
        lines,
        encoding,
        {";": "point-virgule", ",": "virgule", "\t": "tabulation"}.get(delimiter, delimiter),
    )


def _read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise ImportProblem(
            _("Ce classeur XLSX ne peut pas être lu : %(error)s") % {"error": error}
        ) from error
    sheet = book.worksheets[0]
    lines = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    book.close()
    return _table(lines, "XLSX", "")


def _table(lines: list[list[str]], encoding: str, delimiter: str) -> Table:
    lines = [line for line in lines if any(str(c).strip() for c in line)]
    if not lines:
        raise ImportProblem(_("Le fichier ne contient aucune ligne."))
    if len(lines) - 1 > MAX_ROWS:
        raise ImportProblem(
            _("Le fichier a %(count)s lignes : %(max)s au plus par import.")
            % {"count": len(lines) - 1, "max": MAX_ROWS}
        )
    headers = [str(h).strip() or _("colonne %(n)s") % {"n": i + 1} for i, h in enumerate(lines[0])]
    if len(lines) < 2:
        raise ImportProblem(_("Le fichier n'a qu'une ligne d'en-tête, aucune réponse."))
    width = len(headers)
    rows = [
        [str(c).strip() for c in line[:width]] + [""] * (width - len(line)) for line in lines[1:]
    ]
    return Table(headers, rows, encoding, delimiter)


# --- 2. guessing the mapping --------------------------------------------------------------------


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return " ".join(text.lower().replace("_", " ").replace("-", " ").split()).strip(" :?.")


def suggest_mapping(table: Table, survey: Survey) -> list[str]:
    """For each column, the code of the question it answers, or "" to leave it out."""
    questions = list(survey.questions.all())
    by_key = {}
    for question in questions:
        by_key.setdefault(normalise(question.code), question.code)
        by_key.setdefault(normalise(question.label), question.code)
    mapping, used = [], set()
    for header in table.headers:
        if normalise(header.lstrip("_")) in SUBMITTED_AT_HEADERS and SUBMITTED_AT not in used:
            used.add(SUBMITTED_AT)
            mapping.append(SUBMITTED_AT)
            continue
        # Kobo writes « group/question », LimeSurvey « code. label » or « code[SQ001] ».
        candidates = [header, header.split("/")[-1], header.split("[")[0], header.split(".")[0]]
        code = next((by_key[normalise(c)] for c in candidates if normalise(c) in by_key), "")
        if code in used:
            code = ""
        used.add(code)
        mapping.append(code)
    return mapping


YES = {"oui", "o", "yes", "y", "1", "vrai", "true", "x"}
NO = {"non", "n", "no", "0", "faux", "false"}


def split_multiple(cell: str, whole: Callable[[str], bool] = lambda _cell: False) -> list[str]:
    """The choices in one cell: separated by ; | or , (Google Forms, LimeSurvey), else by spaces
    (KoboToolbox writes choice names « temps ecoute »), unless the whole cell is one known
    choice (« Aucune pour l'instant »)."""
    for separator in (";", "|", ","):
        if separator in cell:
            return [part.strip() for part in cell.split(separator) if part.strip()]
    return [cell.strip()] if whole(cell.strip()) else cell.split()


def suggest_values(question: Question, cells: list[str]) -> dict[str, str]:
    """For a choice-like question: each distinct cell value → the choice it means, or ""."""
    options = question.option_list()
    lookup = {}
    for value, label in options:
        lookup.setdefault(normalise(value), value)
        lookup.setdefault(normalise(label), value)
        # « 1 — pas du tout » in a scale answers as « 1 »
        lookup.setdefault(normalise(label.split("—")[0]), value)
    if question.type == Question.Type.YES_NO:
        lookup.update(dict.fromkeys(YES, "oui"))
        lookup.update(dict.fromkeys(NO, "non"))
    distinct = set()
    for cell in cells:
        parts = (
            split_multiple(cell, lambda text: normalise(text) in lookup)
            if question.type == Question.Type.MULTIPLE
            else [cell]
        )
        distinct.update(p for p in parts if p)
    return {raw: lookup.get(normalise(raw), "") for raw in sorted(distinct)}


def suggest_value_maps(table: Table, survey: Survey, mapping: list[str]) -> dict:
    """Suggested value maps of every mapped choice-like question (what the mapping screen shows
    first, and what the command line and the demo use as they are)."""
    questions = {q.code: q for q in survey.questions.prefetch_related("choices")}
    return {
        code: suggest_values(questions[code], table.column(index))
        for index, code in enumerate(mapping)
        if code in questions and needs_values(questions[code])
    }


def needs_values(question: Question) -> bool:
    return question.type in (
        Question.Type.SINGLE,
        Question.Type.MULTIPLE,
        Question.Type.YES_NO,
        Question.Type.GROUP,
        Question.Type.SCALE,
    )


# --- 3. checking --------------------------------------------------------------------------------


@dataclass
class Checked:
    values: list[dict[str, surveys.Cleaned]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    submitted: list[datetime | None] = field(default_factory=list)


def parse_submitted_at(cell: str) -> datetime:
    """'2026-02-03 14:05:00', '2026-02-03T14:05:00.123+01:00', '03/02/2026 14:05:00' or a date."""
    text = cell.strip()
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        day, _sep, clock = text.partition(" ")
        value = datetime.combine(surveys.parse_date(day), datetime.min.time())
        if clock:
            parts = [int(p) for p in clock.split(":")]
            value = value.replace(hour=parts[0], minute=parts[1] if len(parts) > 1 else 0,
                                  second=parts[2] if len(parts) > 2 else 0)  # fmt: skip
    if not 1990 <= value.year <= 2100:
        raise ValueError(text)
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def _raw(question: Question, cell: str, values: dict[str, str]) -> tuple[surveys.Raw, str | None]:
    if not cell:
        return "", None
    if not needs_values(question):
        return cell, None
    parts = (
        split_multiple(cell, lambda text: bool(values.get(text)))
        if question.type == Question.Type.MULTIPLE
        else [cell]
    )
    mapped = []
    for part in parts:
        target = values.get(part, "")
        if not target:
            return "", _("la valeur « %(value)s » ne correspond à aucun choix de la question.") % {
                "value": part
            }
        mapped.append(target)
    return (mapped if question.type == Question.Type.MULTIPLE else mapped[0]), None


def check(
    table: Table,
    survey: Survey,
    mapping: list[str],
    value_maps: dict[str, dict[str, str]],
    *,
    max_problems: int = 200,
    progress: Callable[[int, int], None] | None = None,
) -> Checked:
    """Every row, every mapped column: the cleaned answers, or the problems (row and column)."""
    # Choices and conditions are read once, not once per row.
    questions = {
        q.code: q
        for q in survey.questions.select_related("show_if_question").prefetch_related("choices")
    }
    columns = [(i, questions[code]) for i, code in enumerate(mapping) if code in questions]
    date_column = mapping.index(SUBMITTED_AT) if SUBMITTED_AT in mapping else None
    result = Checked()
    if not columns:
        result.problems.append(
            Problem(1, "–", _("aucune colonne n'est associée à une question du questionnaire."))
        )
        return result
    mapped = {question.pk for _index, question in columns}
    ordered = [q for q in questions.values() if q.pk in mapped]
    for number, row in enumerate(table.rows, start=2):
        raw: dict[str, surveys.Raw] = {}
        reported = set()
        for index, question in columns:
            cell = row[index] if index < len(row) else ""
            value, problem = _raw(question, cell, value_maps.get(question.code, {}))
            if problem:
                result.problems.append(Problem(number, table.headers[index], problem))
                reported.add(question.code)
                continue
            raw[question.code] = value
        cleaned, errors = surveys.check_answers(ordered, raw)
        for code, message in errors.items():
            if code in reported:
                continue
            header = table.headers[mapping.index(code)]
            result.problems.append(Problem(number, header, message[0].lower() + message[1:]))
        result.values.append(cleaned)
        result.submitted.append(None)
        if date_column is not None and date_column < len(row) and row[date_column]:
            try:
                result.submitted[-1] = parse_submitted_at(row[date_column])
            except (ValueError, IndexError, OverflowError):
                result.problems.append(
                    Problem(
                        number,
                        table.headers[date_column],
                        _("« %(value)s » n'est pas une date et une heure.")
                        % {"value": row[date_column][:40]},
                    )
                )
        if len(result.problems) >= max_problems:
            break
        if progress and number % 1000 == 0:
            progress(number - 1, len(table.rows))
    return result


# --- 4. storing ---------------------------------------------------------------------------------


CHUNK = 2000


def store(
    survey: Survey,
    checked: Checked,
    *,
    by=None,
    campaign=None,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Write every checked row as a response, all or nothing. Returns the number written."""
    if checked.problems:
        raise ImportProblem(_("Le fichier a des erreurs : rien n'est importé."))
    questions = {q.code: q for q in survey.questions.all()}
    total = len(checked.values)
    now = timezone.now()
    with transaction.atomic():
        for start in range(0, total, CHUNK):
            batch = checked.values[start : start + CHUNK]
            dates = (checked.submitted or [None] * total)[start : start + CHUNK]
            responses = Response.objects.bulk_create(
                Response(
                    survey=survey,
                    campaign=campaign,
                    submission_key=uuid.uuid4(),
                    channel=Response.Channel.IMPORT,
                    respondent_group=_group(values, questions),
                    entered_by=by if by is not None and by.is_authenticated else None,
                    submitted_at=when or now,
                )
                for values, when in zip(batch, dates, strict=True)
            )
            Answer.objects.bulk_create(
                Answer(
                    response=response,
                    question=questions[code],
                    text=cleaned.text,
                    number=cleaned.number,
                    choices=cleaned.choices,
                    date=cleaned.date,
                )
                for response, values in zip(responses, batch, strict=True)
                for code, cleaned in values.items()
            )
            if progress:
                progress(min(start + CHUNK, total), total)
    return total


def _group(values: dict[str, surveys.Cleaned], questions: dict[str, Question]) -> str:
    for code, cleaned in values.items():
        if questions[code].type == Question.Type.GROUP and cleaned.choices:
            return cleaned.choices[0]
    return ""
