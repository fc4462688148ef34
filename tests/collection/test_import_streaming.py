"""Imports read, check and write a file row by row: several chunks, all or nothing, texts kept
exactly (PostgreSQL writes with COPY, SQLite with bulk_create; CI runs this file on both)."""

import io
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import Workbook

from maillage.collection import imports
from maillage.collection.models import Answer, Question, Response, Survey

pytestmark = pytest.mark.django_db
HEADER = "Horodateur;groupe;aise_role_parent;demarche_reussie;commentaire\n"


@pytest.fixture
def survey(world):
    survey = Survey.objects.get(code="familles-falaises-2025")
    Question.objects.create(
        survey=survey, code="commentaire", type=Question.Type.LONG_TEXT, label="Commentaire"
    )
    return survey


def rows(count: int) -> str:
    return "".join(
        f"0{1 + n % 9}/02/2026 10:00:00;habitant;{1 + n % 5};{'oui' if n % 2 else 'non'};"
        f"merci n°{n}\n"
        for n in range(count)
    )


def run(survey, data: bytes, name: str = "reponses.csv") -> imports.Outcome:
    source = imports.open_table(data, name)
    mapping = imports.suggest_mapping(source, survey)
    return imports.import_rows(
        source, survey, mapping, imports.suggest_value_maps(source, survey, mapping)
    )


def imported(survey):
    return Response.objects.filter(survey=survey, channel=Response.Channel.IMPORT)


def test_a_file_of_several_chunks_is_stored_whole(survey):
    count = 2 * imports.CHUNK + 7
    outcome = run(survey, (HEADER + rows(count)).encode())
    assert (outcome.rows, outcome.stored, outcome.problems) == (count, count, [])
    assert imported(survey).count() == count
    answers = Answer.objects.filter(response__in=imported(survey))
    assert answers.count() == 4 * count
    assert sorted(set(answers.filter(question__code="aise_role_parent").values_list(
        "number", flat=True))) == [Decimal(n) for n in range(1, 6)]  # fmt: skip
    assert set(imported(survey).values_list("respondent_group", flat=True)) == {"habitant"}
    last = answers.get(question__code="commentaire", text=f"merci n°{count - 1}")
    when = timezone.localtime(last.response.submitted_at)
    assert when.strftime("%d/%m/%Y %H:%M") == f"0{1 + (count - 1) % 9}/02/2026 10:00"
    assert answers.filter(question__code="demarche_reussie", choices=["oui"]).count() == count // 2


def test_a_bad_last_row_after_several_chunks_stores_nothing(survey):
    before = Response.objects.count()
    data = HEADER + rows(2 * imports.CHUNK + 7) + "02/02/2026;habitant;9;oui;\n"
    outcome = run(survey, data.encode())
    assert outcome.stored == 0
    assert [str(p) for p in outcome.problems] == [
        f"ligne {2 * imports.CHUNK + 9}, colonne « aise_role_parent » : la valeur « 9 » ne "
        "correspond à aucun choix de la question."
    ]
    assert Response.objects.count() == before


def test_texts_are_stored_exactly_tabs_newlines_and_backslashes_included(survey):
    said = 'Le centre\tm\'a aidé\n« vraiment »\\ 100 % ; "oui"'
    escaped = said.replace('"', '""')
    data = f'{HEADER}02/02/2026;habitant;4;oui;"{escaped}"\n'.encode()
    assert run(survey, data).stored == 1
    assert Answer.objects.get(response__in=imported(survey), question__code="commentaire").text == (
        said
    )


def test_an_xlsx_is_read_row_by_row_and_again_for_each_pass(survey):
    book = Workbook()
    book.active.append(["groupe", "aise_role_parent"])
    book.active.append([])  # a blank row is left out
    for n in range(30):
        book.active.append(["Habitant", 1 + n % 5])
    buffer = io.BytesIO()
    book.save(buffer)
    source = imports.open_table(buffer.getvalue(), "r.xlsx")
    assert source.count() == 30 and source.head(2) == [["Habitant", "1"], ["Habitant", "2"]]
    assert list(source) == list(source)  # each pass reads the file again
    assert run(survey, buffer.getvalue(), "r.xlsx").stored == 30


def test_too_many_rows_are_refused_at_once(survey, monkeypatch):
    monkeypatch.setattr(imports, "MAX_ROWS", 10)
    with pytest.raises(imports.ImportProblem) as problem:
        run(survey, (HEADER + rows(25)).encode())
    assert str(problem.value) == (
        "Le fichier a plus de 10 lignes : 10 au plus par import. Découpez-le en plusieurs fichiers."
    )
    assert not imported(survey).exists()


def test_a_line_that_breaks_the_csv_late_in_the_file_stores_nothing(survey):
    data = HEADER + rows(3000) + '02/02/2026;habitant;4;oui;"pas refermé\n'
    with pytest.raises(imports.ImportProblem) as problem:
        run(survey, data.encode())
    assert str(problem.value).startswith("Ligne 3002 du fichier : des guillemets")
    assert not imported(survey).exists()
