"""Importing answers from CSV and XLSX files: reading, mapping, checking, all-or-nothing."""

import io
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from demo_people import REFERENTE
from maillage.collection import imports
from maillage.collection.models import Answer, Response, ResponseImport, Survey

pytestmark = pytest.mark.django_db
FAMILIES = "familles-falaises-2025"


@pytest.fixture
def survey(world):
    return Survey.objects.get(code=FAMILIES)


def xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_utf8_with_bom_and_semicolons():
    data = "\ufeffgroupe;aise_role_parent\nhabitant;4\n".encode()
    table = imports.read_table(data, "a.csv")
    assert (table.encoding, table.delimiter) == ("UTF-8 (BOM)", "point-virgule")
    assert table.headers == ["groupe", "aise_role_parent"] and table.rows == [["habitant", "4"]]


def test_windows_1252_with_accents_and_commas():
    data = "Vous êtes,Démarche réussie\nHabitant,Oui\n".encode("cp1252")
    table = imports.read_table(data, "export.csv")
    assert table.encoding == "Windows-1252" and table.delimiter == "virgule"
    assert table.headers == ["Vous êtes", "Démarche réussie"]


def test_xlsx_first_sheet_numbers_and_dates():
    from datetime import datetime

    table = imports.read_table(xlsx([["n", "quand"], [4.0, datetime(2025, 5, 3)]]), "a.xlsx")
    assert table.rows == [["4", "2025-05-03"]]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Le fichier est vide."),
        (b"groupe;note\n", "Le fichier n'a qu'une ligne d'en-tête, aucune réponse."),
        (b"PK\x03\x04broken", "Ce classeur XLSX ne peut pas être lu"),
    ],
)
def test_unreadable_files_say_why_in_french(data, message):
    with pytest.raises(imports.ImportProblem) as problem:
        imports.read_table(data, "f.csv")
    assert str(problem.value).startswith(message)


def test_columns_are_matched_by_code_label_or_kobo_path(survey):
    table = imports.Table(
        ["_id", "Vous êtes", "partie_1/aise_role_parent", "GRÂCE AU CENTRE, J'AI PU FAIRE UNE "
         "DÉMARCHE (CAF, SANTÉ, MAIRIE) QUE JE N'ARRIVAIS PAS À FAIRE SEUL(E)."],
        [],
    )  # fmt: skip
    assert imports.suggest_mapping(table, survey) == [
        "",
        "groupe",
        "aise_role_parent",
        "demarche_reussie",
    ]


def test_values_are_matched_to_choices(survey):
    yes_no = survey.questions.get(code="demarche_reussie")
    assert imports.suggest_values(yes_no, ["Oui", "non", "1", "peut-être"]) == {
        "1": "oui",
        "Oui": "oui",
        "non": "non",
        "peut-être": "",
    }
    group = survey.questions.get(code="groupe")
    assert imports.suggest_values(group, ["Bénévole"])["Bénévole"] == "benevole"


def upload(client, survey, data, name="reponses.csv"):
    return client.post(
        reverse("collection:import_upload", args=[survey.pk]),
        {"fichier": SimpleUploadedFile(name, data)},
    )


def test_a_spreadsheet_is_imported_after_mapping(survey, client_of):
    client = client_of(REFERENTE)
    before = survey.responses.count()
    data = "Vous êtes;Aise;Démarche\nHabitant;4;oui\nBénévole;5;non\nHabitant;2;\n".encode("cp1252")
    response = upload(client, survey, data)
    job = ResponseImport.objects.get(survey=survey)
    assert response.url == reverse("collection:import_mapping", args=[survey.pk, job.pk])
    page = unescape(client.get(response.url).content.decode())
    assert "3 réponses lues (Windows-1252)" in page
    assert "Aise" in page  # the column is listed, not yet mapped to a question
    response = client.post(
        reverse("collection:import_mapping", args=[survey.pk, job.pk]),
        {"col-0": "groupe", "col-1": "aise_role_parent", "col-2": "demarche_reussie",
         "importer": "1"},
    )  # fmt: skip
    assert response.url == reverse("collection:import_status", args=[survey.pk, job.pk])
    job.refresh_from_db()
    assert job.status == "done", job.problems
    imported = survey.responses.filter(channel="import")
    assert survey.responses.count() == before + 3 and imported.count() == 3
    feelings = Answer.objects.filter(response__in=imported, question__code="aise_role_parent")
    assert sorted(feelings.values_list("number", flat=True)) == [2, 4, 5]
    assert sorted(imported.values_list("respondent_group", flat=True)) == [
        "benevole", "habitant", "habitant",
    ]  # fmt: skip
    followed = unescape(client.get(response.url, follow=True).content.decode())
    assert "3 réponses importées" in followed


def test_one_bad_row_stops_the_whole_import_and_names_its_place(survey, client_of):
    client = client_of(REFERENTE)
    before = survey.responses.count()
    rows = [["groupe", "aise_role_parent", "demarche_reussie"]]
    rows += [["habitant", 4, "oui"]] * 20 + [["habitant", 9, "oui"], ["", 3, "bof"]]
    upload(client, survey, xlsx(rows), "reponses.xlsx")
    job = ResponseImport.objects.get(survey=survey)
    client.post(reverse("collection:import_mapping", args=[survey.pk, job.pk]), {
        "col-0": "groupe", "col-1": "aise_role_parent", "col-2": "demarche_reussie",
        "importer": "1"})  # fmt: skip
    job.refresh_from_db()
    assert job.status == "failed"
    assert job.problems == [
        "ligne 22, colonne « aise_role_parent » : la valeur « 9 » ne correspond à aucun choix "
        "de la question.",
        "ligne 23, colonne « demarche_reussie » : la valeur « bof » ne correspond à aucun choix "
        "de la question.",
        "ligne 23, colonne « groupe » : cette question demande une réponse.",
    ]
    assert survey.responses.count() == before
    page = unescape(
        client.get(reverse("collection:import_status", args=[survey.pk, job.pk])).content.decode()
    )
    assert "Rien n'a été importé : 3 problèmes à corriger." in page


def test_a_value_can_be_mapped_by_hand(survey, client_of):
    client = client_of(REFERENTE)
    upload(client, survey, b"groupe;aise;dem\nhabitant;4;bof\n")
    job = ResponseImport.objects.get(survey=survey)
    url = reverse("collection:import_mapping", args=[survey.pk, job.pk])
    data = {"col-0": "groupe", "col-1": "aise_role_parent", "col-2": "demarche_reussie"}
    client.post(url, data)
    job.refresh_from_db()
    assert job.value_maps["demarche_reussie"] == {"bof": ""}
    client.post(url, {**data, "raw-demarche_reussie-0": "bof", "val-demarche_reussie-0": "non",
                      "importer": "1"})  # fmt: skip
    job.refresh_from_db()
    assert job.status == "done"
    answer = (
        Response.objects.filter(survey=survey, channel="import")
        .get()
        .answers.get(question__code="demarche_reussie")
    )
    assert answer.choices == ["non"]


def test_a_large_file_runs_as_a_background_task_with_progress(survey, user_of):
    from maillage.collection import tasks

    rows = "\n".join(f"habitant;{1 + n % 5};oui" for n in range(6000))
    job = ResponseImport.objects.create(
        survey=survey,
        filename="gros.csv",
        data=f"groupe;aise_role_parent;demarche_reussie\n{rows}\n".encode(),
        mapping=["groupe", "aise_role_parent", "demarche_reussie"],
        value_maps={
            "groupe": {"habitant": "habitant"},
            "aise_role_parent": {str(n): str(n) for n in range(1, 6)},
            "demarche_reussie": {"oui": "oui"},
        },
        total_rows=6000,
        created_by=user_of(REFERENTE),
    )
    tasks.start(job)  # more than IN_REQUEST_ROWS: enqueued (run at once by the test backend)
    job.refresh_from_db()
    assert (job.status, job.done_rows, job.percent) == ("done", 6000, 100)
    assert survey.responses.filter(channel="import").count() == 6000


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=400))
def test_reading_arbitrary_bytes_never_crashes(data):
    try:
        table = imports.read_table(data, "n'importe.csv")
    except imports.ImportProblem as problem:
        assert str(problem)[0].isupper()  # a French sentence, not a traceback
    else:
        assert table.headers and table.rows


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    cells=st.lists(st.lists(st.text(max_size=12), min_size=3, max_size=3), min_size=1, max_size=8)
)
def test_checking_arbitrary_cells_names_the_row_and_column_of_each_problem(survey, cells):
    table = imports.Table(["groupe", "aise_role_parent", "demarche_reussie"], cells)
    mapping = ["groupe", "aise_role_parent", "demarche_reussie"]
    maps = {
        code: imports.suggest_values(survey.questions.get(code=code), table.column(i))
        for i, code in enumerate(mapping)
    }
    checked = imports.check(table, survey, mapping, maps)
    for problem in checked.problems:
        assert 2 <= problem.row <= len(cells) + 1
        assert problem.column in table.headers
        assert str(problem).startswith(f"ligne {problem.row}, colonne « ")


def test_the_answer_date_column_dates_each_response(survey):
    data = (
        "Horodateur;Vous êtes;aise_role_parent\n"
        "03/02/2026 14:05:09;Habitant;4\n"
        "2026-02-04T09:30:00;Habitant;5\n"
    ).encode()
    table = imports.read_table(data, "google.csv")
    mapping = imports.suggest_mapping(table, survey)
    assert mapping[0] == imports.SUBMITTED_AT
    values = {
        code: imports.suggest_values(survey.questions.get(code=code), table.column(index))
        for index, code in enumerate(mapping)
        if code in ("groupe", "aise_role_parent")
    }
    checked = imports.check(table, survey, mapping, values)
    assert not checked.problems
    imports.store(survey, checked)
    dates = sorted(
        r.submitted_at.strftime("%d/%m/%Y")
        for r in survey.responses.filter(channel=Response.Channel.IMPORT)
    )
    assert dates == ["03/02/2026", "04/02/2026"]
    bad = imports.read_table(b"Horodateur;aise_role_parent\nmardi;4\n", "b.csv")
    scale = {"aise_role_parent": values["aise_role_parent"]}
    problems = imports.check(bad, survey, imports.suggest_mapping(bad, survey), scale).problems
    assert [str(p) for p in problems] == [
        "ligne 2, colonne « Horodateur » : « mardi » n'est pas une date et une heure."
    ]


def test_a_multiple_choice_label_with_spaces_is_one_choice():
    survey = Survey.objects.get(code="diagnostic-seniors-bellerive-2026")
    question = survey.questions.get(code="activites")
    cells = ["Aucune pour l'instant", "Repas partagés, Marche douce", "repas marche"]
    assert imports.suggest_values(question, cells) == {
        "Aucune pour l'instant": "aucune",
        "Marche douce": "marche",
        "Repas partagés": "repas",
        "marche": "marche",
        "repas": "repas",
    }


def test_the_bien_vieillir_diagnostic_was_imported_from_xlsx(world):
    seniors = Survey.objects.get(code="diagnostic-seniors-bellerive-2026")
    partners = Survey.objects.get(code="diagnostic-partenaires-bellerive-2026")
    assert seniors.responses.count() == 412 and partners.responses.count() == 41
    job = seniors.imports.get()
    assert job.status == ResponseImport.Status.DONE and job.filename.endswith(".xlsx")
    assert set(seniors.responses.values_list("channel", flat=True)) == {"import"}
    months = {r.submitted_at.month for r in seniors.responses.all()}
    assert months <= {2, 3, 4} and len(months) >= 2
    # The before/after pair feeds the framework's « solitude » indicator.
    assert Answer.objects.filter(question__survey=seniors, question__code="solitude_apres").count()


def test_checking_reads_the_questions_once_whatever_the_number_of_rows(
    survey, django_assert_max_num_queries
):
    rows = "\n".join(f"habitant;{1 + n % 5};{'oui' if n % 2 else 'non'}" for n in range(300))
    table = imports.read_table(f"groupe;aise_role_parent;demarche_reussie\n{rows}\n".encode(), "a")
    mapping = imports.suggest_mapping(table, survey)
    values = imports.suggest_value_maps(table, survey, mapping)
    with django_assert_max_num_queries(3):
        checked = imports.check(table, survey, mapping, values)
    assert len(checked.values) == 300 and not checked.problems
