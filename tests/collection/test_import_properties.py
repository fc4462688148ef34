"""Property-based tests of the importers (issue 8), with hypothesis: whatever the bytes or the
cells, reading and checking answer with the module's own French error and nothing else; one bad
cell in a valid file refuses the whole file; valid rows come back out of the database exactly.

Examples are derandomised (the same ones on every run, as CI needs) and few: each one runs on
the demo database."""

from __future__ import annotations

import codecs
import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from maillage.collection import imports, records
from maillage.collection.models import (
    ActivitySession,
    Answer,
    Attendance,
    Choice,
    Question,
    Response,
    Survey,
    VolunteerTime,
)
from maillage.collection.models.surveys import RESPONDENT_GROUPS

pytestmark = pytest.mark.django_db
SETTINGS = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FEW = settings(SETTINGS, max_examples=30)

# --- a survey with every type of question -------------------------------------------------------

QUESTIONS = [
    # code, type, required, choices (single and multiple)
    ("groupe", Question.Type.GROUP, True, []),
    ("note", Question.Type.SCALE, False, []),
    ("aide", Question.Type.YES_NO, False, []),
    ("ateliers", Question.Type.MULTIPLE, False, ["couture", "jardin", "cuisine"]),
    ("quartier", Question.Type.SINGLE, False, ["centre", "plateau"]),
    ("enfants", Question.Type.NUMBER, False, []),
    ("arrivee", Question.Type.DATE, False, []),
    ("mot", Question.Type.SHORT_TEXT, False, []),
    ("recit", Question.Type.LONG_TEXT, False, []),
]
CODES = [code for code, *_rest in QUESTIONS]


@pytest.fixture
def survey(world):
    survey = Survey.objects.create(
        organisation=world.organisations["falaises"], code="proprietes", title="Propriétés"
    )
    for order, (code, kind, required, choices) in enumerate(QUESTIONS, start=1):
        question = Question.objects.create(
            survey=survey,
            code=code,
            type=kind,
            label=f"Question {code}",
            required=required,
            order=order,
            scale_max=5 if kind == Question.Type.SCALE else None,
        )
        Choice.objects.bulk_create(
            Choice(question=question, value=value, label=value.capitalize(), order=i)
            for i, value in enumerate(choices)
        )
    return survey


def stored_counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (Response, Answer, ActivitySession, Attendance, VolunteerTime)
    )


def run_import(survey, data: bytes, filename: str):
    """Read, guess the mapping and values, check, store: the problems, or [] when stored."""
    table = imports.read_table(data, filename)
    mapping = imports.suggest_mapping(table, survey)
    checked = imports.check(
        table, survey, mapping, imports.suggest_value_maps(table, survey, mapping)
    )
    for problem in checked.problems:
        assert 2 <= problem.row <= len(table.rows) + 1 or problem.row == 1
        assert problem.column in table.headers or problem.row == 1
        assert str(problem).startswith(f"ligne {problem.row}, colonne « ")
    if checked.problems:
        with pytest.raises(imports.ImportProblem):
            imports.store(survey, checked)
        return checked.problems
    imports.store(survey, checked)
    return []


def to_csv(rows, delimiter=";", encoding="utf-8") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def to_xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- 1. anything in, only French errors out ------------------------------------------------------

TRICKY = ";,\t\"'\r\n\x00 =+-@éèàœ€«»\u00a0\u202f\ufeff\u2028|/[]._0123456789"
cells = st.text(alphabet=st.sampled_from(TRICKY) | st.characters(), max_size=15)
prefixes = st.sampled_from(
    [b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF32_LE, b"PK\x03\x04"]
)


@st.composite
def text_files(draw) -> bytes:
    """Tables of tricky text, joined by any separator, written in any encoding (or broken)."""
    rows = draw(st.lists(st.lists(cells, min_size=1, max_size=6), min_size=0, max_size=8))
    separator = draw(st.sampled_from([";", ",", "\t", "|"]))
    text = "\n".join(separator.join(row) for row in rows)
    encoding = draw(st.sampled_from(["utf-8", "utf-16", "utf-32", "cp1252", "latin-1"]))
    data = text.encode(encoding, errors="replace")
    cut = draw(st.integers(min_value=0, max_value=len(data)))
    return draw(prefixes) + (data[:cut] if draw(st.booleans()) else data)


def assert_only_french_problems(read):
    try:
        return read()
    except imports.ImportProblem as problem:
        message = str(problem)
        assert message[0].isupper() and "Error" not in message and "\\x" not in message, message
        return None


@SETTINGS
@given(data=st.one_of(st.binary(max_size=600), text_files()))
def test_any_bytes_are_read_or_refused_in_french(survey, data):
    before = stored_counts()
    table = assert_only_french_problems(lambda: imports.read_table(data, "reponses.csv"))
    if table is not None:
        assert table.headers and table.rows
        assert all(len(row) == len(table.headers) for row in table.rows)
        assert not any("\x00" in cell for row in table.rows for cell in row)
        problems = assert_only_french_problems(lambda: run_import(survey, data, "reponses.csv"))
        if problems != []:  # refused: nothing of it is written
            assert stored_counts() == before
    else:
        assert stored_counts() == before


@FEW
@given(rows=st.lists(st.lists(cells, min_size=1, max_size=6), min_size=1, max_size=6))
def test_any_workbook_is_read_or_refused_in_french(survey, rows):
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    rows = [[ILLEGAL_CHARACTERS_RE.sub("", cell) for cell in row] for row in rows]
    data = to_xlsx(rows)
    table = assert_only_french_problems(lambda: imports.read_table(data, "reponses.xlsx"))
    if table is not None:
        assert_only_french_problems(lambda: run_import(survey, data, "reponses.xlsx"))


@SETTINGS
@given(
    cells=st.lists(
        st.lists(st.one_of(cells, st.sampled_from(["habitant", "5", "oui", "couture;jardin",
                                                   "01/01/99999999999999999999", "9999999999.99999",
                                                   "1e999999", "NaN", "31/02/2025", "x" * 400])),
                 min_size=len(CODES), max_size=len(CODES)),
        min_size=1, max_size=6,
    )
)  # fmt: skip
def test_any_cells_under_the_survey_headers_are_checked_never_crash(survey, cells):
    """Cells typed under the right headers: each problem names its row and column; a file with
    a problem stores nothing, a file without stores every row."""
    before = Response.objects.filter(survey=survey).count()
    # Reading refuses NUL characters (test above): a table never holds one.
    table = imports.Table(
        list(CODES), [[c.replace("\x00", "").strip() for c in row] for row in cells]
    )
    mapping = imports.suggest_mapping(table, survey)
    assert mapping == CODES
    checked = imports.check(
        table, survey, mapping, imports.suggest_value_maps(table, survey, mapping)
    )
    for problem in checked.problems:
        assert 2 <= problem.row <= len(cells) + 1 and problem.column in CODES
    if checked.problems:
        with pytest.raises(imports.ImportProblem):
            imports.store(survey, checked)
        assert Response.objects.filter(survey=survey).count() == before
    else:
        imports.store(survey, checked)
        assert Response.objects.filter(survey=survey).count() == before + len(cells)


@SETTINGS
@given(
    kind=st.sampled_from(["seances", "benevolat"]),
    rows=st.lists(st.lists(st.one_of(cells, st.sampled_from(
        ["Atelier", "14/03/2025", "1h30", "2", "0", "-1", "10001", "0,1", "99999", ""])),
        min_size=4, max_size=4), min_size=1, max_size=5),
)  # fmt: skip
def test_any_records_file_is_imported_whole_or_refused_in_french(world, kind, rows):
    header = {
        "seances": ["activite", "date", "duree", "habitants"],
        "benevolat": ["date", "benevole", "heures", "nombre"],
    }[kind]
    data = to_csv([header, *rows])
    before = stored_counts()
    try:
        result = records.IMPORTERS[kind](data, "releves.csv", world.organisations["falaises"])
    except imports.ImportProblem as problem:
        assert str(problem)[0].isupper()
        assert stored_counts() == before
        return
    if result.problems:
        for problem in result.problems:
            assert str(problem).startswith(f"ligne {problem.row}, colonne « ")
            assert problem.column in header
        assert stored_counts() == before
    else:
        assert result.stored >= 1 and stored_counts() != before


# --- 2 and 3. valid files: stored exactly; one bad cell refuses them whole ----------------------

texts = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\ufeff"
    ),
    max_size=40,
).map(str.strip)  # fmt: skip


@st.composite
def answers(draw) -> dict:
    """One respondent's answers, as a person would give them (optional ones may be blank)."""
    row = {"groupe": draw(st.sampled_from(list(RESPONDENT_GROUPS)))}

    def maybe(strategy):
        return draw(st.one_of(st.none(), strategy))

    row["note"] = maybe(st.integers(1, 5).map(str))
    row["aide"] = maybe(st.sampled_from(["oui", "non"]))
    row["ateliers"] = maybe(
        st.lists(st.sampled_from(["couture", "jardin", "cuisine"]), min_size=1, unique=True)
    )
    row["quartier"] = maybe(st.sampled_from(["centre", "plateau"]))
    row["enfants"] = maybe(st.decimals(min_value=-9999, max_value=99999, places=2, allow_nan=False))
    row["arrivee"] = maybe(st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)))
    row["mot"] = maybe(texts.filter(bool))
    row["recit"] = maybe(texts.filter(bool))
    return row


def cell(code: str, value, *, french: bool) -> str:
    if value is None:
        return ""
    if code == "ateliers":
        return ";".join(value)
    if code == "enfants":
        text = f"{value:f}"
        return text.replace(".", ",") if french else text
    if code == "arrivee":
        return value.strftime("%d/%m/%Y") if french else value.isoformat()
    return value


def file_of(rows: list[dict], form: str) -> tuple[bytes, str]:
    french = form != "csv-utf8-comma"
    lines = [CODES] + [[cell(code, row[code], french=french) for code in CODES] for row in rows]
    if form == "xlsx":
        return to_xlsx(lines), "reponses.xlsx"
    if form == "csv-utf8-comma":
        return to_csv(lines, delimiter=","), "reponses.csv"
    if form == "csv-utf16-tab":
        return to_csv(lines, delimiter="\t", encoding="utf-16"), "reponses.txt"
    return codecs.BOM_UTF8 + to_csv(lines), "reponses.csv"


FORMS = st.sampled_from(["csv-utf8-bom", "csv-utf8-comma", "csv-utf16-tab", "xlsx"])


@SETTINGS
@given(rows=st.lists(answers(), min_size=1, max_size=6), form=FORMS)
def test_round_trip_rows_are_stored_exactly(survey, rows, form):
    # A spreadsheet makes a formula of a text typed with « = » first: not a text answer any more.
    assume(form != "xlsx" or not any(str(r[c] or "").startswith("=") for r in rows for c in r))
    data, filename = file_of(rows, form)
    last = Response.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    assert run_import(survey, data, filename) == []
    stored = list(
        Response.objects.filter(survey=survey, pk__gt=last)
        .order_by("pk")
        .prefetch_related("answers__question")
    )
    assert len(stored) == len(rows)
    for response, row in zip(stored, rows, strict=True):
        got = {answer.question.code: answer for answer in response.answers.all()}
        assert set(got) == {code for code, value in row.items() if value is not None}
        assert response.respondent_group == row["groupe"]
        for code, value in row.items():
            if value is None:
                continue
            answer = got[code]
            if code in ("groupe", "aide", "quartier"):
                assert answer.choices == [value]
            elif code == "ateliers":
                assert answer.choices == value
            elif code == "note":
                assert answer.number == Decimal(value) and answer.choices == [value]
            elif code == "enfants":
                assert answer.number == value
            elif code == "arrivee":
                assert answer.date == value
            else:
                assert answer.text == value


BAD_VALUES = {
    "groupe": ["martien", ""],
    "note": ["6", "0", "beaucoup"],
    "aide": ["peut-être"],
    "ateliers": ["couture;piscine"],
    "quartier": ["lune"],
    "enfants": ["deux", "1e999999", "9999999999.99999"],
    "arrivee": ["31/02/2025", "01/01/99999999999999999999", "hier"],
    "mot": ["x" * 301],
    "recit": ["y" * 10_001],
}


@SETTINGS
@given(
    rows=st.lists(answers(), min_size=2, max_size=6),
    form=FORMS,
    where=st.tuples(st.integers(0, 5), st.sampled_from(CODES)),
    data=st.data(),
)
def test_one_corrupted_cell_refuses_the_whole_file(survey, rows, form, where, data):
    index, code = where[0] % len(rows), where[1]
    bad = data.draw(st.sampled_from(BAD_VALUES[code]))
    # A row left with no cell at all is a blank line, which reading skips.
    assume(bad or any(value is not None for c, value in rows[index].items() if c != code))
    valid, _name = file_of(rows, form)
    last = Response.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    lines = [CODES] + [
        [cell(c, row[c], french=form != "csv-utf8-comma") for c in CODES] for row in rows
    ]
    lines[index + 1][CODES.index(code)] = bad
    if form == "xlsx":
        corrupted, filename = to_xlsx(lines), "reponses.xlsx"
    elif form == "csv-utf16-tab":
        corrupted, filename = to_csv(lines, delimiter="\t", encoding="utf-16"), "reponses.txt"
    else:
        corrupted, filename = to_csv(lines, delimiter="," if "comma" in form else ";"), "r.csv"
    try:
        problems = run_import(survey, corrupted, filename)
    except imports.ImportProblem as problem:  # refused as a file (a cell too long to read)
        assert str(problem)[0].isupper()
    else:
        assert problems, (index, code, bad)
        assert any(p.row == index + 2 and p.column == code for p in problems), problems
    assert not Response.objects.filter(survey=survey, pk__gt=last).exists()
    assert valid  # the same rows without the bad cell are a valid file (round trip above)


@FEW
@given(
    count=st.integers(2, 6),
    where=st.integers(0, 5),
    bad=st.sampled_from([("date", "31/02/2025"), ("duree", "abc"), ("duree", "0"),
                         ("habitants", "-1"), ("habitants", "10001"), ("activite", "")]),
)  # fmt: skip
def test_one_corrupted_cell_refuses_a_whole_records_file(world, count, where, bad):
    header = ["activite", "date", "duree", "habitants"]
    rows = [[f"Atelier propriété {n}", f"{n + 1:02}/03/2025", "2", "4"] for n in range(count)]
    index = where % count
    rows[index][header.index(bad[0])] = bad[1]
    before = stored_counts()
    result = records.import_sessions(
        to_csv([header, *rows]), "s.csv", world.organisations["falaises"]
    )
    assert result.problems and not result.stored
    assert any(p.row == index + 2 and p.column == bad[0] for p in result.problems)
    assert stored_counts() == before
