"""Import survey answers from CSV and XLSX files (LimeSurvey, KoboToolbox, Google Forms, or a
spreadsheet typed by hand).

The steps a user goes through, each a plain function:
1. `open_table`: the file is opened to be read row by row (`read_table` reads it whole, for
   small files); encoding (UTF-8 with or without BOM, then Windows-1252/Latin-1) and separator
   (semicolon, comma, tab) are detected.
2. `suggest_mapping` / `suggest_values`: which column answers which question, and which cell
   value means which choice, guessed from codes and labels (accents and case ignored).
3. `check`: every row is checked; every problem names its row (as the spreadsheet numbers it) and
   its column, in French.
4. `store`: all rows are written in one transaction, or none.
`import_rows` does 3 and 4 for a file of any length, holding a few thousand rows at a time, and
writes with COPY on PostgreSQL.
"""

from __future__ import annotations

import codecs
import csv
import functools
import io
import itertools
import json
import pickle
import re
import tempfile
import unicodedata
import uuid
import zipfile
from collections.abc import Callable, Iterable, Iterator
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


# Byte order marks, longest first (UTF-32 LE starts like UTF-16 LE). Excel's « Texte Unicode »
# is UTF-16 with a BOM.
BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8 (BOM)"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
]
# A multi-byte UTF-8 character (« é » is C3 A9): in Windows-1252 these pairs read « Ã© ».
UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def _bad_bytes(data: bytes, codec: str, name: str, error: UnicodeDecodeError) -> ImportProblem:
    line = data[: error.start].decode(codec, errors="replace").count("\n") + 1
    return ImportProblem(
        _(
            "Ligne %(line)s du fichier : des caractères ne sont pas écrits en %(encoding)s comme "
            "le reste du fichier. Enregistrez-le de nouveau en « CSV UTF-8 » depuis votre tableur."
        )
        % {"line": line, "encoding": name}
    )


def _first_error(data: bytes, codec: str) -> UnicodeDecodeError | None:
    """Where `data` stops being `codec`, decoding a slice at a time: the text itself is read
    later, one row at a time, and never held whole."""
    decoder = codecs.getincrementaldecoder(codec)()
    step = 1 << 20
    for start in range(0, len(data), step):
        held = len(getattr(decoder, "buffer", b""))
        try:
            decoder.decode(data[start : start + step], final=start + step >= len(data))
        except UnicodeDecodeError as error:
            at = max(0, start - held + error.start)
            return UnicodeDecodeError(codec, data, at, at + 1, error.reason)
    return None


def _encoding(data: bytes) -> tuple[str, str, str]:
    """The codec of a CSV, its name for people, and how bytes it cannot read are read."""
    for bom, codec, name in BOMS:
        if data.startswith(bom):
            error = _first_error(data, codec)
            if error:
                raise _bad_bytes(data, codec, name, error)
            return codec, name, "strict"
    error = _first_error(data, "utf-8")
    if error is None:
        return "utf-8", "UTF-8", "strict"
    # UTF-8 accents next to bytes that are not UTF-8: a file pasted together from two
    # sources. Reading it all as Windows-1252 would garble every accent of the UTF-8 part.
    if UTF8_SEQUENCE.search(data):
        raise _bad_bytes(data, "utf-8", "UTF-8", error)
    # Windows-1252 is what French spreadsheets write; it reads any byte, like Latin-1.
    return "cp1252", "Windows-1252", "replace"


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


class Row(list):
    """The cells of a data row, and its number as the spreadsheet shows it: blank rows are left
    out of the data but still counted, so that a problem names the row the user will find."""

    number = 0


class Source:
    """A file read row by row: its header, then each data row as text cells (blank rows left out,
    cells stripped and as many as the header's). Each pass reads the file again, so checking and
    writing a file of any length holds one row at a time, not the file's table."""

    def __init__(self, records: Callable[[], Iterator[list[str]]], encoding: str, delimiter: str):
        self._records, self.encoding, self.delimiter = records, encoding, delimiter
        self._count: int | None = None
        lines = self._lines()
        try:
            _number, first = next(lines, (0, None))
            if first is None:
                raise ImportProblem(_("Le fichier ne contient aucune ligne."))
            self.headers = [
                h.strip() or _("colonne %(n)s") % {"n": i + 1} for i, h in enumerate(first)
            ]
            if next(lines, None) is None:
                raise ImportProblem(_("Le fichier n'a qu'une ligne d'en-tête, aucune réponse."))
        finally:
            lines.close()

    def _lines(self) -> Iterator[tuple[int, list[str]]]:
        """(number in the spreadsheet, cells) of each row that is not blank."""
        for number, line in enumerate(self._records(), start=1):
            if any(cell.strip() for cell in line):
                yield number, line

    def __iter__(self) -> Iterator[list[str]]:
        width, count = len(self.headers), 0
        lines = self._lines()
        try:
            next(lines)
            for number, line in lines:
                count += 1
                if count > MAX_ROWS:
                    # Stop at once: counting millions of lines to name the exact number would
                    # keep the person waiting for a refusal.
                    raise ImportProblem(
                        _(
                            "Le fichier a plus de %(max)s lignes : %(max)s au plus par import. "
                            "Découpez-le en plusieurs fichiers."
                        )
                        % {"max": MAX_ROWS}
                    )
                if len(line) == width:
                    row = Row(cell.strip() for cell in line)
                else:
                    row = Row([c.strip() for c in line[:width]] + [""] * (width - len(line)))
                row.number = number
                yield row
        finally:
            lines.close()
        self._count = count

    def count(self) -> int:
        """The number of data rows (one pass, unless a pass already went to the end)."""
        if self._count is None:
            for _row in self:
                pass
        return self._count

    def head(self, count: int) -> list[list[str]]:
        rows = iter(self)
        try:
            return list(itertools.islice(rows, count))
        finally:
            rows.close()

    def column(self, index: int) -> Iterator[str]:
        return (row[index] for row in self)


def open_table(data: bytes, filename: str) -> Source:
    """The first sheet (XLSX) or the whole file (CSV), to be read row by row. Problems with the
    file as a whole (empty, encoding, zip bomb, no data row) are raised here; problems of one
    line are raised when the pass reaches it."""
    if not data:
        raise ImportProblem(_("Le fichier est vide."))
    if filename.lower().endswith((".xlsx", ".xlsm")) or data[:4] == b"PK\x03\x04":
        check_archive(data)
        return Source(lambda: _xlsx_records(data), "XLSX", "")
    codec, encoding, errors = _encoding(data)
    sample = _text(data, codec, errors).read(SAMPLE_CHARS)
    if "\x00" in sample[:2000]:
        raise ImportProblem(
            _("Ce fichier n'est ni un CSV ni un XLSX lisible (enregistrez-le en CSV ou XLSX).")
        )
    if len(sample) == SAMPLE_CHARS:
        sample = sample[: max(sample.rfind("\n"), 0)] or sample  # whole lines only
    delimiter = _delimiter(sample)
    return Source(
        lambda: _csv_records(data, codec, errors, delimiter),
        encoding,
        SEPARATORS.get(delimiter, delimiter),
    )


def read_table(data: bytes, filename: str) -> Table:
    """The first sheet (XLSX) or the whole file (CSV) as text cells under a header row, all in
    memory: for small files and previews; imports go through `open_table` and `import_rows`."""
    source = open_table(data, filename)
    return Table(source.headers, list(source), source.encoding, source.delimiter)


SAMPLE_CHARS = 64 * 1024  # what the separator is guessed from
SEPARATORS = {";": "point-virgule", ",": "virgule", "\t": "tabulation"}


def _text(data: bytes, codec: str, errors: str) -> io.TextIOWrapper:
    # newline="": the csv module sees line ends itself (a quoted cell may hold one).
    return io.TextIOWrapper(io.BytesIO(data), encoding=codec, errors=errors, newline="")


def _without_nul(lines: Iterable[str]) -> Iterator[str]:
    for number, line in enumerate(lines, start=1):
        if "\x00" in line:
            # A NUL character cannot be stored (PostgreSQL refuses it): a damaged file.
            raise ImportProblem(
                _("Ligne %(line)s du fichier : un caractère nul (octet 0) ; le fichier est abîmé.")
                % {"line": number}
            )
        yield line


def _csv_records(data: bytes, codec: str, errors: str, delimiter: str) -> Iterator[list[str]]:
    """The records of a CSV, one at a time. Strict: a quote left open would otherwise swallow
    every following row into one cell, and the file would be imported short without a word."""
    reader = csv.reader(_without_nul(_text(data, codec, errors)), delimiter=delimiter, strict=True)
    others = [other for other in ";,\t" if other != delimiter]
    width, number, start = 0, 0, 1
    while True:
        try:
            line = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            if "field larger" in str(error):
                message = _(
                    "Ligne %(line)s du fichier : une cellule dépasse %(max)s caractères."
                ) % {"line": start, "max": f"{csv.field_size_limit():_}".replace("_", " ")}
            else:
                message = _(
                    "Ligne %(line)s du fichier : des guillemets ne sont pas refermés ou sont mal "
                    "placés (un texte entre guillemets doit finir par un guillemet suivi du "
                    "séparateur)."
                ) % {"line": start}
            raise ImportProblem(message) from None
        number += 1
        start = reader.line_num + 1
        if not width and any(cell.strip() for cell in line):
            width = len(line)  # the header: the first line that is not blank
        elif width > 1 and len(line) == 1 and any(other in line[0] for other in others):
            raise ImportProblem(
                _(
                    "Ligne %(line)s du fichier : ses cellules ne sont pas séparées par le même "
                    "caractère que l'en-tête (%(separator)s) : « %(text)s »."
                )
                % {"line": number, "separator": SEPARATORS[delimiter], "text": line[0][:60]}
            )
        elif len(line) > width and any(cell.strip() for cell in line[width:]):
            extra = [cell for cell in line[width:] if cell.strip()]
            # An unquoted separator inside a text pushes the following cells one column right.
            raise ImportProblem(
                _(
                    "Ligne %(line)s du fichier : %(count)s cellule(s) de plus que les %(width)s "
                    "colonnes de l'en-tête (« %(first)s ») ; un séparateur dans un texte doit être "
                    "entouré de guillemets."
                )
                % {"line": number, "count": len(extra), "width": width, "first": extra[0][:40]}
            )
        yield line


MAX_UNZIPPED = 600 * 1024 * 1024
MAX_RATIO = 100  # real sheets zip about 10 to 15 times; a zip bomb thousands of times


def check_archive(data: bytes) -> None:
    """Refuse a zip (XLSX) that is damaged or would unzip to an absurd size, before any reader
    opens it: the sizes its directory declares are the ones Python's zipfile will not exceed."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise ImportProblem(
            _(
                "Ce classeur XLSX ne peut pas être lu : ce n'est pas un classeur valide (fichier "
                "abîmé, incomplet ou d'un autre format). Enregistrez-le de nouveau en XLSX ou en "
                "CSV depuis votre tableur."
            )
        ) from None
    total = sum(member.file_size for member in members)
    bomb = any(
        m.file_size > 10 * 1024 * 1024 and m.file_size > MAX_RATIO * max(m.compress_size, 1)
        for m in members
    )
    if total > MAX_UNZIPPED or bomb or len(members) > 10_000:
        raise ImportProblem(
            _(
                "Ce classeur XLSX est refusé : une fois décompressé il occuperait %(size)s Mo, "
                "bien plus que ce qu'un tableau de réponses peut contenir (fichier piégé ou "
                "abîmé)."
            )
            % {"size": f"{total // (1024 * 1024):_}".replace("_", " ")}
        )


def _xlsx_records(data: bytes) -> Iterator[list[str]]:
    """The rows of the first sheet, one at a time (openpyxl's read-only mode streams the sheet)."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise ImportProblem(
            _(
                "Ce classeur XLSX ne peut pas être lu : il y manque une partie que tout classeur "
                "contient. Enregistrez-le de nouveau en XLSX ou en CSV depuis votre tableur."
            )
        ) from error
    try:
        if not book.worksheets:
            raise ImportProblem(_("Le fichier ne contient aucune ligne."))
        rows = book.worksheets[0].iter_rows(values_only=True)
        number = 0
        while True:
            try:
                row = next(rows)
            except StopIteration:
                return
            except Exception as error:  # a sheet damaged past its first rows
                raise ImportProblem(
                    _(
                        "Ce classeur XLSX ne peut pas être lu après sa ligne %(line)s : la feuille "
                        "est abîmée. Enregistrez-le de nouveau en XLSX ou en CSV depuis votre "
                        "tableur."
                    )
                    % {"line": number}
                ) from error
            number += 1
            yield [_cell_text(value) for value in row]
    finally:
        book.close()


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


def suggest_value_maps(table: Table | Source, survey: Survey, mapping: list[str]) -> dict:
    """Suggested value maps of every mapped choice-like question (what the mapping screen shows
    first, and what the command line and the demo use as they are), in one pass over the rows."""
    questions = {q.code: q for q in survey.questions.prefetch_related("choices")}
    wanted = [
        (index, code)
        for index, code in enumerate(mapping)
        if code in questions and needs_values(questions[code])
    ]
    if not wanted:
        return {}
    distinct: dict[str, set[str]] = {code: set() for _index, code in wanted}
    for row in table.rows if isinstance(table, Table) else table:
        for index, code in wanted:
            distinct[code].add(row[index] if index < len(row) else "")
    return {code: suggest_values(questions[code], distinct[code]) for _index, code in wanted}


CHOICE_LIKE = frozenset(
    (
        Question.Type.SINGLE,
        Question.Type.MULTIPLE,
        Question.Type.YES_NO,
        Question.Type.GROUP,
        Question.Type.SCALE,
    )
)


def needs_values(question: Question) -> bool:
    return question.type in CHOICE_LIKE


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
        if "/" in text:  # « 03/02/2026 14:05:00 » (Google Forms): not ISO, go straight to it
            raise ValueError(text)
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
                "value": part[:60]
            }
        mapped.append(target)
    return (mapped if question.type == Question.Type.MULTIPLE else mapped[0]), None


def _checker(
    headers: list[str], survey: Survey, mapping: list[str], value_maps: dict[str, dict[str, str]]
) -> Callable[[int, list[str]], tuple[dict[str, surveys.Cleaned], datetime | None, list]] | None:
    """A function that checks one row (numbered as in the spreadsheet): its cleaned answers, when
    it was given, its problems. None when no column answers a question."""
    # Choices and conditions are read once, not once per row.
    questions = {
        q.code: q
        for q in survey.questions.select_related("show_if_question").prefetch_related("choices")
    }
    for question in questions.values():
        # These objects are the checker's own: their options (whose labels go through gettext)
        # are listed once, not once per answer.
        options = question.option_list()
        question.option_list = lambda options=options: options
    columns = [
        (i, questions[code], value_maps.get(code, {}))
        for i, code in enumerate(mapping)
        if code in questions
    ]
    if not columns:
        return None
    date_column = mapping.index(SUBMITTED_AT) if SUBMITTED_AT in mapping else None
    mapped = {question.pk for _index, question, _values in columns}
    ordered = [q for q in questions.values() if q.pk in mapped]
    known: dict[tuple, tuple] = {}

    def clean(question: Question, raw: surveys.Raw | None):
        """`clean_answer`, remembered for choice-like questions: their few distinct values come
        back on every row (the cleaned values are only read afterwards, never changed)."""
        if question.type not in CHOICE_LIKE:
            return surveys.clean_answer(question, raw)
        key = (question.pk, tuple(raw) if isinstance(raw, list) else raw)
        result = known.get(key)
        if result is None:
            result = known[key] = surveys.clean_answer(question, raw)
        return result

    def check_row(number: int, row: list[str]):
        raw: dict[str, surveys.Raw] = {}
        problems, reported = [], set()
        for index, question, values in columns:
            cell = row[index] if index < len(row) else ""
            value, problem = _raw(question, cell, values)
            if problem:
                problems.append(Problem(number, headers[index], problem))
                reported.add(question.code)
                continue
            raw[question.code] = value
        cleaned, errors = surveys.check_answers(ordered, raw, clean=clean)
        for code, message in errors.items():
            if code in reported:
                continue
            header = headers[mapping.index(code)]
            problems.append(Problem(number, header, message[0].lower() + message[1:]))
        submitted = None
        if date_column is not None and date_column < len(row) and row[date_column]:
            try:
                submitted = parse_submitted_at(row[date_column])
            except (ValueError, IndexError, OverflowError):
                problems.append(
                    Problem(
                        number,
                        headers[date_column],
                        _("« %(value)s » n'est pas une date et une heure.")
                        % {"value": row[date_column][:40]},
                    )
                )
        return cleaned, submitted, problems

    return check_row


def _no_column() -> Problem:
    return Problem(1, "–", _("aucune colonne n'est associée à une question du questionnaire."))


def check(
    table: Table | Source,
    survey: Survey,
    mapping: list[str],
    value_maps: dict[str, dict[str, str]],
    *,
    max_problems: int = 200,
    progress: Callable[[int, int], None] | None = None,
) -> Checked:
    """Every row, every mapped column: the cleaned answers, or the problems (row and column).
    Keeps every row in memory: for previews and small tables; `import_rows` streams."""
    result = Checked()
    check_row = _checker(table.headers, survey, mapping, value_maps)
    if check_row is None:
        result.problems.append(_no_column())
        return result
    rows = table.rows if isinstance(table, Table) else table
    total = len(rows) if isinstance(rows, list) else 0
    for number, row in enumerate(rows, start=2):
        cleaned, submitted, problems = check_row(getattr(row, "number", number), row)
        result.problems += problems
        result.values.append(cleaned)
        result.submitted.append(submitted)
        if len(result.problems) >= max_problems:
            break
        if progress and number % 1000 == 0:
            progress(number - 1, max(total, number - 1))
    return result


# --- 4. storing ---------------------------------------------------------------------------------


CHUNK = 2000
SPOOL_IN_MEMORY = 8 * 1024 * 1024  # checked rows beyond this wait in a temporary file

# A checked row ready to be written, in plain strings (quick to spool, and what COPY reads):
# when it was given (ISO, or "" for now), the person's group, and its answers as
# (question id, text, number, choices as JSON, date) with None for no number or date.
Record = tuple[str, str, list[tuple[int, str, str | None, str, str | None]]]


@dataclass
class Outcome:
    rows: int = 0  # rows read
    stored: int = 0  # responses written (0 unless every row is valid)
    problems: list[Problem] = field(default_factory=list)


def import_rows(
    source: Source | Table,
    survey: Survey,
    mapping: list[str],
    value_maps: dict[str, dict[str, str]],
    *,
    by=None,
    campaign=None,
    max_problems: int = 200,
    total: int = 0,
    progress: Callable[[int, int], None] | None = None,
    writing: Callable[[int], None] | None = None,
) -> Outcome:
    """Check every row, then write them all in one transaction, or none if any row has a problem.

    One pass reads and checks the file; the clean rows wait, compactly, in a temporary file
    (memory for small files), so memory stays that of a few thousand rows whatever the file's
    length. `progress(done, total)` follows the check; `writing(rows)` says that writing starts.
    """
    outcome = Outcome()
    check_row = _checker(source.headers, survey, mapping, value_maps)
    if check_row is None:
        outcome.problems.append(_no_column())
        return outcome
    questions = {q.code: q for q in survey.questions.all()}
    to_record = _recorder(questions)
    rows = source.rows if isinstance(source, Table) else source
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY) as spool:
        chunk: list[Record] = []
        for number, row in enumerate(rows, start=2):
            outcome.rows += 1
            cleaned, submitted, problems = check_row(getattr(row, "number", number), row)
            if problems:
                outcome.problems += problems
                if len(outcome.problems) >= max_problems:
                    break
            elif not outcome.problems:  # after a problem nothing will be written: only check
                chunk.append(to_record(cleaned, submitted))
                if len(chunk) == CHUNK:
                    pickle.dump(chunk, spool, protocol=pickle.HIGHEST_PROTOCOL)
                    chunk = []
            if progress and number % 1000 == 0:
                progress(number - 1, max(total, number - 1))
        if outcome.problems:
            return outcome
        if chunk:
            pickle.dump(chunk, spool, protocol=pickle.HIGHEST_PROTOCOL)
        if writing:
            writing(outcome.rows)
        spool.seek(0)
        outcome.stored = _write(survey, _unspool(spool), by=by, campaign=campaign)
    return outcome


def _unspool(spool) -> Iterator[list[Record]]:
    while True:
        try:
            yield pickle.load(spool)  # noqa: S301 (our own temporary file, written just above)
        except EOFError:
            return


def _recorder(
    questions: dict[str, Question],
) -> Callable[[dict[str, surveys.Cleaned], datetime | None], Record]:
    ids = {code: question.pk for code, question in questions.items()}
    groups = {code for code, q in questions.items() if q.type == Question.Type.GROUP}
    as_json: dict[tuple[str, ...], str] = {}  # the few distinct sets of choices, dumped once

    def to_record(values: dict[str, surveys.Cleaned], submitted: datetime | None) -> Record:
        group, answers = "", []
        for code, cleaned in values.items():
            choices = tuple(cleaned.choices)
            if not group and choices and code in groups:
                group = choices[0]
            dumped = as_json.get(choices)
            if dumped is None:
                dumped = as_json[choices] = json.dumps(list(choices))
            answers.append(
                (
                    ids[code],
                    cleaned.text,
                    None if cleaned.number is None else str(cleaned.number),
                    dumped,
                    None if cleaned.date is None else cleaned.date.isoformat(),
                )
            )
        return (submitted.isoformat() if submitted else ""), group, answers

    return to_record


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
    dates = checked.submitted or [None] * total
    to_record = _recorder(questions)
    records = [to_record(v, when) for v, when in zip(checked.values, dates, strict=True)]
    chunks = (records[start : start + CHUNK] for start in range(0, total, CHUNK))
    return _write(survey, chunks, by=by, campaign=campaign, progress=progress, total=total)


def _write(
    survey: Survey,
    chunks: Iterable[list[Record]],
    *,
    by=None,
    campaign=None,
    progress: Callable[[int, int], None] | None = None,
    total: int = 0,
) -> int:
    """Write the records as imported responses in one transaction: COPY on PostgreSQL (ten times
    faster than INSERT for a million answers), bulk_create elsewhere."""
    entered_by = by if by is not None and by.is_authenticated else None
    written = 0
    with transaction.atomic():
        connection = transaction.get_connection()
        write = _copy_chunk if connection.vendor == "postgresql" else _insert_chunk
        now = timezone.now()
        template = Response(
            survey=survey,
            campaign=campaign,
            channel=Response.Channel.IMPORT,
            entered_by=entered_by,
            submitted_at=now,
        )
        for chunk in chunks:
            write(connection, template, chunk)
            written += len(chunk)
            if progress:
                progress(written, max(total, written))
    return written


def _insert_chunk(connection, template: Response, chunk: list[Record]) -> None:
    responses = Response.objects.bulk_create(
        Response(
            survey_id=template.survey_id,
            campaign_id=template.campaign_id,
            submission_key=uuid.uuid4(),
            channel=template.channel,
            respondent_group=group,
            entered_by_id=template.entered_by_id,
            submitted_at=when or template.submitted_at,
        )
        for when, group, _answers in chunk
    )
    # The fields turn the strings back into numbers and dates; choices are JSON already.
    loads = functools.cache(json.loads)
    Answer.objects.bulk_create(
        Answer(
            response=response,
            question_id=question,
            text=text,
            number=number,
            choices=loads(choices),
            date=day,
        )
        for response, (_when, _group, answers) in zip(responses, chunk, strict=True)
        for question, text, number, choices, day in answers
    )


def _columns(model, instance, connection, *, pk: bool) -> tuple[str, list, list[str]]:
    """COPY's statement for the columns of `model` (its id only if `pk`), the values of
    `instance` ready for the database (defaults included), and the fields' names."""
    fields = [field for field in model._meta.concrete_fields if pk or not field.primary_key]
    quote = connection.ops.quote_name
    names = [field.attname for field in fields]
    sql = f"COPY {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
    values = [
        field.get_db_prep_save(getattr(instance, field.attname), connection) for field in fields
    ]
    return sql + "FROM STDIN", values, names


NULL = "\\N"
COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
ANSWER_COPY = (
    f"COPY {Answer._meta.db_table} (response_id, question_id, text, number, choices, date) "
    "FROM STDIN"
)


def _copy_chunk(connection, template: Response, chunk: list[Record]) -> None:
    """COPY a chunk of responses and their answers. The responses' ids are taken from their
    sequence first, so that the answers can point at them without reading anything back."""
    response_sql, base, names = _columns(Response, template, connection, pk=True)
    at = [
        names.index(name) for name in ("id", "submission_key", "respondent_group", "submitted_at")
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [Response._meta.db_table, Response._meta.pk.column, len(chunk)],
        )
        ids = [row[0] for row in cursor.fetchall()]
        psycopg_cursor = cursor.cursor
        with psycopg_cursor.copy(response_sql) as copy:
            row = list(base)
            for pk, (when, group, _answers) in zip(ids, chunk, strict=True):
                row[at[0]], row[at[1]], row[at[2]] = pk, uuid.uuid4(), group
                row[at[3]] = when or template.submitted_at
                copy.write_row(row)
        # Answers are many: their COPY text is written directly, not value by value.
        lines = []
        for pk, (_when, _group, answers) in zip(ids, chunk, strict=True):
            for question, text, number, choices, day in answers:
                if text:
                    text = text.translate(COPY_ESCAPES)
                lines.append(
                    f"{pk}\t{question}\t{text}\t{number or NULL}\t{choices}\t{day or NULL}\n"
                )
        with psycopg_cursor.copy(ANSWER_COPY) as copy:
            copy.write("".join(lines))
