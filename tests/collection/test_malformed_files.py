"""Bad input, file by file and importer by importer (issue 8): every malformed file of the corpus
gets a French answer naming its place (row, column, sheet or field), through the function and
through the upload page, never a server error, and nothing of it is stored."""

from __future__ import annotations

import re
import resource
from html import unescape

import corpus
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from demo_people import REFERENTE
from maillage.collection import imports, media, records, xlsform
from maillage.collection.models import (
    Activity,
    ActivitySession,
    Answer,
    Attendance,
    Choice,
    Participant,
    Question,
    Response,
    ResponseImport,
    Survey,
    VolunteerTime,
)
from maillage.collection.models import Testimony as Quote  # « Test… » would be collected

pytestmark = pytest.mark.django_db
FAMILIES = "familles-falaises-2025"
STORED = [
    Response, Answer, ResponseImport, ActivitySession, Attendance, VolunteerTime, Activity,
    Participant, Survey, Question, Choice, Quote,
]  # fmt: skip
# Words of a Python traceback or of an English library message: never shown to a user.
ENGLISH = re.compile(
    r"Traceback|Error\b|Exception|codec|\bis not\b|\bthe\b|zip file|field larger|"
    r"unexpected|There is|must be|\bNone\b|\\x",
)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in STORED}


def assert_french(message: str, place: str = "") -> None:
    assert message and message[0].isupper(), message
    assert not ENGLISH.search(message), message
    assert place.lower() in message.lower(), (place, message)


def page_text(response) -> str:
    return unescape(response.content.decode())


@pytest.fixture
def survey(world):
    return Survey.objects.get(code=FAMILIES)


# --- survey answers (imports.py): function, then upload page ------------------------------------


def survey_outcome(survey, data: bytes, filename: str) -> str:
    """What the import answers, as the user reads it: the refusal, or "" when it stored."""
    try:
        table = imports.read_table(data, filename)
    except imports.ImportProblem as problem:
        return str(problem)
    mapping = imports.suggest_mapping(table, survey)
    values = imports.suggest_value_maps(table, survey, mapping)
    checked = imports.check(table, survey, mapping, values)
    if checked.problems:
        with pytest.raises(imports.ImportProblem):
            imports.store(survey, checked)  # refuses as a whole
        return "\n".join(str(problem) for problem in checked.problems)
    imports.store(survey, checked)
    return ""


@pytest.mark.parametrize("bad", corpus.tabular("survey"), ids=repr)
def test_survey_import_refuses_every_malformed_file_and_stores_nothing(survey, bad):
    before = counts()
    answer = survey_outcome(survey, bad.data, bad.filename)
    assert answer, "accepted"
    for line in answer.splitlines():
        assert_french(line[0].upper() + line[1:])
    assert bad.place.lower() in answer.lower()
    assert counts() == before


@pytest.mark.parametrize("bad", corpus.readable_encodings("survey"), ids=repr)
def test_survey_import_reads_odd_but_honest_encodings(survey, bad):
    before = survey.responses.count()
    assert survey_outcome(survey, bad.data, bad.filename) == ""
    imported = survey.responses.filter(channel=Response.Channel.IMPORT)
    assert survey.responses.count() == before + 3
    assert sorted(
        Answer.objects.filter(response__in=imported, question__code="aise_role_parent")
        .values_list("number", flat=True)
    ) == [1, 2, 3]  # fmt: skip


def upload_survey_file(client, survey, bad):
    return client.post(
        reverse("collection:import_upload", args=[survey.pk]),
        {"fichier": SimpleUploadedFile(bad.filename, bad.data)},
    )


@pytest.mark.parametrize("bad", corpus.tabular("survey"), ids=repr)
def test_survey_upload_page_answers_in_french_and_stores_no_answer(survey, client_of, bad):
    client = client_of(REFERENTE)
    before = counts()
    response = upload_survey_file(client, survey, bad)
    if response.status_code == 400:
        # Refused on reading: the form again, the reason, no import job.
        assert 'name="fichier"' in page_text(response)
        message = re.search(r'role="alert">([^<]+)<', page_text(response)).group(1)
        assert_french(message, bad.place)
        assert counts() == before
        return
    # Readable, but its rows are wrong: the import runs, fails and names the place.
    assert response.status_code == 302, response.status_code
    job = ResponseImport.objects.get(survey=survey)
    mapping = {f"col-{i}": code for i, code in enumerate(job.mapping)}
    assert client.get(response.url).status_code == 200
    client.post(response.url, {**mapping, "importer": "1"})
    job.refresh_from_db()
    assert job.status == ResponseImport.Status.FAILED
    assert any(bad.place.lower() in problem.lower() for problem in job.problems), job.problems
    status = client.get(reverse("collection:import_status", args=[survey.pk, job.pk]))
    assert status.status_code == 200 and "Rien n'a été importé" in page_text(status)
    assert {**counts(), "ResponseImport": before["ResponseImport"]} == before


def test_a_50_mb_file_is_answered_without_blowing_up(survey, client_of, tmp_path):
    """50 Mo of valid answers (170,000 rows with a long comment each): accepted for mapping, its
    rows counted, the mapping page shown, in bounded memory."""
    path = corpus.big_csv("survey", tmp_path / "gros.csv", comment=280)
    assert path.stat().st_size >= 50 * corpus.MB
    with path.open("rb") as handle:
        rows = sum(1 for _line in handle) - 1
    client = client_of(REFERENTE)
    with path.open("rb") as handle:
        response = client.post(
            reverse("collection:import_upload", args=[survey.pk]), {"fichier": handle}
        )
    assert response.status_code == 302, page_text(response)
    job = ResponseImport.objects.defer("data").get(survey=survey)
    assert job.total_rows == rows
    assert job.mapping[:3] == corpus.SURVEY_HEADER and job.mapping[3] == ""
    assert client.get(response.url).status_code == 200
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    assert peak_mb < 2000, peak_mb  # the whole test process, demo world included


def test_a_file_over_the_size_limit_is_refused_before_reading(survey, client_of, tmp_path):
    from maillage.collection.views_imports import MAX_BYTES

    path = tmp_path / "trop.csv"
    with path.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)  # a sparse file: no time spent writing it
    client = client_of(REFERENTE)
    with path.open("rb") as handle:
        response = client.post(
            reverse("collection:import_upload", args=[survey.pk]), {"fichier": handle}
        )
    assert response.status_code == 400
    assert "dépasse 60 Mo" in page_text(response)
    assert not ResponseImport.objects.filter(survey=survey).exists()


def test_formulas_are_kept_as_text_and_never_exported_as_formulas(survey, world):
    """=HYPERLINK, DDE (« +cmd|… »): plain answers inside Maillage, neutralised in exports."""
    from maillage.collection import exports

    text_survey = Survey.objects.create(
        organisation=survey.organisation, code="formules", title="Formules"
    )
    Question.objects.create(
        survey=text_survey, code="avis", type=Question.Type.SHORT_TEXT, label="Avis", order=1
    )
    payloads = [
        bad.data.decode().splitlines()[1].split("\t")[0] for bad in corpus.formulas("survey")
    ]
    data = "avis\n" + "\n".join(f'"{p.replace(chr(34), chr(34) * 2)}"' for p in payloads)
    assert survey_outcome(text_survey, data.encode(), "f.csv") == ""
    stored = sorted(
        Answer.objects.filter(question__survey=text_survey).values_list("text", flat=True)
    )
    assert stored == sorted(payloads)
    lines = exports.to_csv(text_survey).decode("utf-8-sig").splitlines()
    cells = {cell for line in lines[1:] for cell in line.split(";")}
    assert not {cell for cell in cells if cell.startswith(("=", "+", "-", "@"))}


# --- activity and volunteer records (records.py, the page and `maillage import`) ----------------

RECORD_KINDS = {"sessions": "seances", "volunteering": "benevolat"}


def records_outcome(kind: str, data: bytes, filename: str, organisation) -> str:
    importer = records.IMPORTERS[RECORD_KINDS[kind]]
    try:
        result = importer(data, filename, organisation)
    except imports.ImportProblem as problem:
        return str(problem)
    return "\n".join(str(problem) for problem in result.problems)


RECORD_CASES = [(kind, bad) for kind in RECORD_KINDS for bad in corpus.tabular(kind)]


@pytest.mark.parametrize(("kind", "bad"), RECORD_CASES, ids=lambda x: str(x))
def test_records_import_refuses_every_malformed_file_and_stores_nothing(world, kind, bad):
    falaises = world.organisations["falaises"]
    before = counts()
    answer = records_outcome(kind, bad.data, bad.filename, falaises)
    assert answer, "accepted"
    for line in answer.splitlines():
        assert_french(line[0].upper() + line[1:])
    assert bad.place.lower() in answer.lower()
    assert counts() == before


@pytest.mark.parametrize(
    ("kind", "bad"),
    [(kind, bad) for kind in RECORD_KINDS for bad in corpus.readable_encodings(kind)],
    ids=lambda x: str(x),
)
def test_records_import_reads_odd_but_honest_encodings(world, kind, bad):
    falaises = world.organisations["falaises"]
    assert records_outcome(kind, bad.data, bad.filename, falaises) == ""
    if kind == "sessions":
        assert ActivitySession.objects.filter(activity__name="Atelier corpus").count() == 3
    else:
        assert VolunteerTime.objects.filter(person__name="Jeanne Corpus").count() == 3


@pytest.mark.parametrize(("kind", "bad"), RECORD_CASES, ids=lambda x: str(x))
def test_records_upload_page_answers_in_french_and_stores_nothing(world, client_of, kind, bad):
    before = counts()
    response = client_of(REFERENTE).post(
        reverse("collection:records_import", kwargs={"slug": "falaises"}),
        {"kind": RECORD_KINDS[kind], "file": SimpleUploadedFile(bad.filename, bad.data)},
    )
    assert response.status_code == 400
    page = page_text(response)
    assert 'name="file"' in page  # the form again, with the reason above it or at its field
    assert "importé" in page or "vide" in page
    assert bad.place.lower() in page.lower()
    assert "Traceback" not in page
    assert counts() == before


def test_the_command_line_refuses_a_malformed_file_and_stores_nothing(world, tmp_path, capsys):
    from maillage import cli

    before = counts()
    bad = next(b for b in corpus.tabular("sessions") if b.name == "unbalanced-quote")
    path = tmp_path / "seances.csv"
    path.write_bytes(bad.data)
    assert cli._import_records(path, "sessions", "falaises") == 1
    assert "Ligne 2 du fichier" in capsys.readouterr().err
    bomb = tmp_path / "bombe.xlsx"
    bomb.write_bytes(corpus.xlsx_bomb())
    assert cli._import_records(bomb, "volunteering", "falaises") == 1
    assert "est refusé" in capsys.readouterr().err
    assert counts() == before


# --- XLSForm (xlsform.py and its page) -----------------------------------------------------------


@pytest.mark.parametrize("bad", corpus.broken_xlsforms(), ids=repr)
def test_a_broken_xlsform_is_refused_in_french_and_creates_nothing(world, client_of, bad):
    falaises = world.organisations["falaises"]
    before = counts()
    report = xlsform.import_xlsform(bad.data, bad.filename, organisation=falaises, by=None)
    assert report.survey is None and report.errors
    for error in report.errors:
        assert_french(error, bad.place)
    assert counts() == before
    response = client_of(REFERENTE).post(
        reverse("collection:xlsform_import", kwargs={"slug": "falaises"}),
        {"fichier": SimpleUploadedFile(bad.filename, bad.data)},
    )
    assert response.status_code == 400
    assert report.errors[0] in page_text(response)
    assert counts() == before


@pytest.mark.parametrize("bad", corpus.odd_but_importable_xlsforms(), ids=repr)
def test_what_an_xlsform_holds_beyond_maillage_is_listed_never_dropped(world, bad):
    falaises = world.organisations["falaises"]
    report = xlsform.import_xlsform(bad.data, bad.filename, organisation=falaises, by=None)
    assert report.survey is not None and not report.errors
    if bad.place:
        assert any(f"« {bad.place} »" in line for line in report.not_mapped), report.not_mapped
    for question in report.survey.questions.all():
        assert len(question.label) <= 400
        if question.show_if_question:
            assert question.show_if_question.order < question.order  # never a cycle


# --- testimony media (media.py and the testimony form) -------------------------------------------

TESTIMONY = {
    "text": "Un témoignage avec un fichier douteux.",
    "author_group": "habitant",
    "said_on": "2026-02-10",
    "consent_scope": "reports",
    "consent_on": "2026-02-10",
}


@pytest.mark.parametrize("bad", corpus.lying_media(), ids=repr)
def test_a_media_file_is_judged_by_its_content_not_its_name(world, client_of, bad):
    with pytest.raises(media.MediaRefused) as refused:
        media.check_media(SimpleUploadedFile(bad.filename, bad.data))
    assert_french(str(refused.value))
    before = counts()
    response = client_of(REFERENTE).post(
        reverse("collection:testimony_add", kwargs={"slug": "falaises"}),
        {**TESTIMONY, "media_file": SimpleUploadedFile(bad.filename, bad.data)},
    )
    assert response.status_code == 400
    page = page_text(response)
    assert str(refused.value) in page and 'name="media_file"' in page  # named at its field
    assert counts() == before


def test_a_photo_hiding_a_script_is_kept_only_as_a_clean_picture(world, client_of):
    response = client_of(REFERENTE).post(
        reverse("collection:testimony_add", kwargs={"slug": "falaises"}),
        {**TESTIMONY, "media_file": SimpleUploadedFile("photo.php.jpg", corpus.polyglot_jpeg())},
    )
    assert response.status_code == 302
    testimony = Quote.objects.get(text=TESTIMONY["text"])
    assert testimony.media_type == "image/jpeg" and testimony.media.name.endswith(".jpg")
    with testimony.media.open("rb") as handle:
        assert b"<?php" not in handle.read()


# --- places named as the spreadsheet numbers them -----------------------------------------------


def test_a_blank_row_does_not_shift_the_row_named(survey, world):
    data = b"groupe;aise_role_parent\nhabitant;3\n\n;;\nhabitant;9\n"
    assert "ligne 5, colonne « aise_role_parent »" in survey_outcome(survey, data, "f.csv")
    sessions = b"activite;date;habitants\nCouture;07/01/2025;4\n\nCouture;32/01/2025;4\n"
    answer = records_outcome("sessions", sessions, "s.csv", world.organisations["falaises"])
    assert "ligne 4, colonne « date »" in answer


def test_huge_dates_and_numbers_are_refused_not_crashed(survey):
    """Once a crash (OverflowError) or a failed write (rounded past the column's 14 digits)."""
    from maillage.collection import surveys

    day = Question(type=Question.Type.DATE, code="quand", label="Quand ?")
    number = Question(type=Question.Type.NUMBER, code="combien", label="Combien ?")
    for question, text in [
        (day, "01/01/99999999999999999999"),
        (day, "99999999999999999999-01-01"),
        (number, "9999999999.99999"),
        (number, "1e999999"),
    ]:
        cleaned, error = surveys.clean_answer(question, text)
        assert error and cleaned.empty, text
        assert_french(error)
