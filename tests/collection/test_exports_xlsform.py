"""Exports of responses (pseudonymised, formula-safe) and XLSForm in both directions."""

import csv
import io
from html import unescape
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from demo_people import REFERENTE
from maillage.collection import exports, surveys, xlsform
from maillage.collection.models import Answer, Question, Response, Survey
from maillage.core.models import AuditEvent

pytestmark = pytest.mark.django_db
VOLUNTEERS = "benevoles-falaises-2025"


def shape(survey: Survey) -> list[tuple]:
    """What a person sees of a survey: parts, questions, types, choices, conditions, pairs."""
    rows = []
    for question in (q for page in surveys.pages(survey) for q in page.questions):
        rows.append(
            (
                question.section.title if question.section else "",
                question.code,
                question.type,
                question.label,
                question.help_text,
                question.required,
                question.scale_max,
                tuple(question.option_list()),
                question.show_if_question.code if question.show_if_question else "",
                tuple(question.show_if_values),
                question.before.code if question.before else "",
            )
        )
    return rows


def test_xlsform_round_trip_gives_the_same_survey(world, user_of):
    original = Survey.objects.get(code=VOLUNTEERS)
    data = xlsform.export_xlsform(original)
    assert "<h:title>Ce que le bénévolat vous apporte</h:title>" in xlsform.to_xform(data)
    report = xlsform.import_xlsform(
        data, "benevoles.xlsx", organisation=original.organisation, by=user_of(REFERENTE)
    )
    assert report.errors == [] and report.not_mapped == []
    copy = report.survey
    assert copy.title == original.title and copy.pk != original.pk
    assert shape(copy) == shape(original)


def kobo_form(rows, choices, path: Path) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "survey"
    for row in rows:
        sheet.append(row)
    choice_sheet = book.create_sheet("choices")
    for row in choices:
        choice_sheet.append(row)
    book.save(path)
    return path.read_bytes()


def test_a_kobo_form_is_imported_with_a_report_of_what_is_left_out(world, user_of, tmp_path):
    data = kobo_form(
        [
            ["type", "name", "label", "required", "relevant"],
            ["start", "start", "", "", ""],
            ["select_one oui_non", "aide", "Avez-vous été aidé ?", "yes", ""],
            ["text", "comment", "Comment ?", "", "${aide} = 'oui'"],
            ["integer", "age", "Votre âge", "", "${aide} != 'non'"],
            ["geopoint", "lieu", "Où êtes-vous ?", "", ""],
            ["note", "info", "Merci de votre temps", "", ""],
        ],
        [["list_name", "name", "label"], ["oui_non", "oui", "Oui"], ["oui_non", "non", "Non"]],
        tmp_path / "kobo.xlsx",
    )
    report = xlsform.import_xlsform(
        data, "kobo.xlsx", organisation=world.organisations["falaises"], by=user_of(REFERENTE)
    )
    assert report.errors == []
    survey = report.survey
    assert list(survey.questions.values_list("code", "type")) == [
        ("aide", "yes_no"),
        ("comment", "short_text"),
        ("age", "number"),
    ]
    comment = survey.questions.get(code="comment")
    assert comment.show_if_question.code == "aide" and comment.show_if_values == ["oui"]
    left_out = "\n".join(report.not_mapped)
    assert "« lieu » : le type « geopoint » n'existe pas dans Maillage." in left_out
    assert "« info » : les notes" in left_out
    assert "la condition « ${aide} != 'non' » n'est pas reprise" in left_out


def test_an_unreadable_file_imports_nothing_and_says_why(world, user_of):
    before = Survey.objects.count()
    report = xlsform.import_xlsform(
        b"ceci n'est pas un classeur", "faux.xlsx",
        organisation=world.organisations["falaises"], by=user_of(REFERENTE),
    )  # fmt: skip
    assert report.survey is None and Survey.objects.count() == before
    assert report.errors[0].startswith("Le fichier n'est pas un XLSForm lisible")


def test_the_import_page_shows_the_report(world, client_of, tmp_path):
    data = kobo_form(
        [["type", "name", "label"], ["text", "nom_du_quartier", "Votre quartier"],
         ["geopoint", "lieu", "Où ?"]],
        [["list_name", "name", "label"]],
        tmp_path / "q.xlsx",
    )  # fmt: skip
    response = client_of(REFERENTE).post(
        reverse("collection:xlsform_import", args=["falaises"]),
        {"fichier": SimpleUploadedFile("q.xlsx", data)},
    )
    page = unescape(response.content.decode())
    assert response.status_code == 200
    assert "Ce qui n'a pas été repris" in page and "geopoint" in page


def test_exports_pseudonymise_and_neutralise_formulas(world, client_of):
    survey = Survey.objects.get(code=VOLUNTEERS)
    response = Response.objects.filter(survey=survey).first()
    response.respondent_name = "Martine Dupont"
    response.save()
    Answer.objects.filter(response=response, question__code="un_mot").delete()
    Answer.objects.create(
        response=response,
        question=Question.objects.get(survey=survey, code="un_mot"),
        text='=HYPERLINK("http://exemple.fr","clic")',
    )
    client = client_of(REFERENTE)
    csv_file = client.get(reverse("collection:survey_export", args=[survey.pk, "csv"]))
    assert csv_file["Content-Type"].startswith("text/csv")
    content = csv_file.content.decode("utf-8")
    assert content.startswith("\ufeff")
    table = list(csv.reader(io.StringIO(content.lstrip("\ufeff")), delimiter=";"))
    assert table[0][:4] == ["répondant", "reçue le", "origine", "groupe"]
    assert len(table) == 1 + survey.responses.count()
    assert "Martine Dupont" not in content
    assert all(row[0].startswith("R-") for row in table[1:])
    assert len({row[0] for row in table[1:]}) == len(table) - 1
    assert "'=HYPERLINK" in content

    xlsx = client.get(reverse("collection:survey_export", args=[survey.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    cells = [cell.value for row in sheet.iter_rows() for cell in row]
    assert '\'=HYPERLINK("http://exemple.fr","clic")' in cells
    assert not any(isinstance(v, str) and v.startswith("=") for v in cells)
    assert "Martine Dupont" not in cells
    assert AuditEvent.objects.filter(verb="survey.exported").count() == 2


def test_pseudonyms_are_stable_and_not_the_row_number(world):
    survey = Survey.objects.get(code=VOLUNTEERS)
    first = survey.responses.order_by("pk").first()
    assert exports.pseudonym(first) == exports.pseudonym(first)
    assert str(first.pk) not in exports.pseudonym(first)[2:4]
