"""Activity and volunteer records: quick entry, summaries, imports all or nothing."""

import io
from datetime import date
from decimal import Decimal
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from demo_people import DIRECTION, REFERENTE
from maillage.collection import records
from maillage.collection.imports import ImportProblem
from maillage.collection.models import Activity, ActivitySession, Participant, VolunteerTime
from maillage.evaluation.steps import project_steps

pytestmark = pytest.mark.django_db


@pytest.fixture
def falaises(world):
    return world.organisations["falaises"]


@pytest.fixture
def couture(falaises):
    return Activity.objects.get(organisation=falaises, code="atelier-couture")


@pytest.mark.parametrize(
    ("text", "hours"),
    [("2", "2"), ("1,5", "1.5"), ("1.5", "1.5"), ("1h30", "1.5"), ("1 h 15", "1.25"),
     ("0h45", "0.75")],
)  # fmt: skip
def test_durations_are_read_as_people_type_them(text, hours):
    assert records.parse_hours(text) == Decimal(hours)


@pytest.mark.parametrize("text", ["", "abc", "0", "25", "1h75", "-2", "NaN", "1e400"])
def test_impossible_durations_are_refused_in_french(text):
    with pytest.raises(ValueError, match="durée"):
        records.parse_hours(text)


def test_a_session_is_typed_with_counts_and_names(couture, client_of):
    client = client_of(REFERENTE)
    before = couture.sessions.count()
    jeanne = Participant.objects.create(organisation=couture.organisation, name="Jeanne Z.")
    response = client.post(
        couture.get_absolute_url(),
        {
            "date": "2026-01-15",
            "duration": "1h30",
            "count_habitant": "2",
            "count_benevole": "1",
            "people": [jeanne.pk],
            "new_names": "Zoé A.\nYves B.\nzoé a.",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith("?date=2026-01-15")  # the next one starts at that date
    session = couture.sessions.get(date=date(2026, 1, 15))
    assert couture.sessions.count() == before + 1
    assert session.duration == Decimal("1.50")
    # Three named residents (Zoé once, whatever the case): the residents' count rises to 3.
    counts = {row.group: row.count for row in session.attendances.all()}
    assert counts == {"habitant": 3, "benevole": 1}
    assert sorted(p.name for p in session.participants.all()) == ["Jeanne Z.", "Yves B.", "Zoé A."]
    page = unescape(client.get(response["Location"]).content.decode())
    assert "Séance du 15/01/2026 enregistrée : 4 participations." in page
    assert 'value="2026-01-15"' in page


def test_a_session_sent_twice_is_stored_once(couture, client_of):
    client = client_of(REFERENTE)
    page = client.get(couture.get_absolute_url()).content.decode()
    key = page.split('name="submission_key" value="')[1].split('"')[0]
    form = {"date": "2026-01-16", "count_habitant": "4", "submission_key": key}
    first, second = (
        client.post(couture.get_absolute_url(), form),
        client.post(couture.get_absolute_url(), form),
    )
    assert first.status_code == second.status_code == 302
    assert couture.sessions.filter(date=date(2026, 1, 16)).count() == 1
    # A fresh form brings a fresh key: the next session is a new one.
    assert key not in client.get(couture.get_absolute_url()).content.decode()


def test_a_session_without_anyone_is_refused_and_nothing_is_stored(couture, client_of):
    before = ActivitySession.objects.count()
    response = client_of(REFERENTE).post(
        couture.get_absolute_url(), {"date": "2026-01-13", "duration": "deux heures"}
    )
    page = unescape(response.content.decode())
    assert response.status_code == 400
    assert "n'est pas une durée" in page
    assert ActivitySession.objects.count() == before
    response = client_of(REFERENTE).post(couture.get_absolute_url(), {"date": "2026-01-13"})
    assert "Indiquez combien de personnes sont venues" in unescape(response.content.decode())


def test_the_activity_list_sums_a_year(falaises, client_of):
    page = unescape(client_of(DIRECTION).get(
        reverse("collection:activities", kwargs={"slug": "falaises"}) + "?annee=2025"
    ).content.decode())  # fmt: skip
    summary = records.activity_summary(falaises, date(2025, 1, 1), date(2025, 12, 31))
    couture = next(row for row in summary if row["activity"].code == "atelier-couture")
    expected = ActivitySession.objects.filter(activity=couture["activity"], date__year=2025).count()
    assert couture["sessions"] == expected > 40
    assert "Activités en 2025" in page and "Atelier couture" in page


def test_volunteer_time_for_a_new_person_or_a_group(falaises, client_of):
    url = reverse("collection:volunteering", kwargs={"slug": "falaises"})
    client = client_of(REFERENTE)
    response = client.post(url, {"date": "2026-02-28", "hours": "6,5", "person_name": "Ana Q.",
                                 "volunteers": "1"})  # fmt: skip
    assert response.status_code == 302
    entry = VolunteerTime.objects.get(person__name="Ana Q.")
    assert entry.hours == Decimal("6.50") and entry.person.group == "benevole"
    both = client.post(url, {"date": "2026-02-28", "hours": "2", "person_name": "Ana Q.",
                             "group_label": "Équipe fête", "volunteers": "1"})  # fmt: skip
    assert both.status_code == 400
    assert "remplissez un seul champ" in unescape(both.content.decode())


SESSIONS_CSV = (
    "Activité;Date;Durée;Habitants;Bénévoles;Participants\n"
    "Atelier cuisine;07/01/2026;2;8;1;Awa D.; Lina K.\n"
    "Atelier cuisine;14/01/2026;;6;1;\n"
    "Atelier couture;2026-01-22;1h30;5;;\n"
)


def test_sessions_are_imported_from_a_latin1_csv(falaises):
    data = '"Activité";"Date";"Durée";"Habitants";"Bénévoles";"Participants"\n'
    data += '"Atelier cuisine";"07/01/2026";"2";"8";"1";"Ilan V.; Lina K."\n'
    data += '"Atelier cuisine";"14/01/2026";"";"6";"1";""\n'
    data += '"Atelier couture";"2026-01-22";"1h30";"5";"";""\n'
    result = records.import_sessions(data.encode("cp1252"), "presences.csv", falaises)
    assert result.ok and result.stored == 3
    assert result.new_activities == ["Atelier cuisine"]
    assert result.new_people == ["Ilan V.", "Lina K."]
    cuisine = Activity.objects.get(organisation=falaises, name="Atelier cuisine")
    first = cuisine.sessions.get(date=date(2026, 1, 7))
    assert {r.group: r.count for r in first.attendances.all()} == {"habitant": 8, "benevole": 1}
    # An empty duration takes the activity's usual one.
    assert cuisine.sessions.get(date=date(2026, 1, 14)).duration == cuisine.default_duration


def test_one_bad_row_stops_the_whole_import_and_each_problem_names_its_place(falaises):
    before = ActivitySession.objects.count()
    data = (
        b"activite;date;duree;habitants\n"
        b"Atelier cuisine;07/01/2026;2;8\n"
        b"Atelier cuisine;31/02/2026;2;8\n"
        b"Atelier cuisine;14/01/2026;trois;beaucoup\n"
        b";21/01/2026;2;4\n"
    )
    result = records.import_sessions(data, "p.csv", falaises)
    messages = [str(problem) for problem in result.problems]
    assert messages == [
        "ligne 3, colonne « date » : « 31/02/2026 » n'est pas une date (ex. : 14/03/2025 ou "
        "2025-03-14).",
        "ligne 4, colonne « duree » : « trois » n'est pas une durée (ex. : 2 ; 1,5 ; 1h30).",
        "ligne 4, colonne « habitants » : « beaucoup » n'est pas un nombre de personnes "
        "(0 à 10 000).",
        "ligne 5, colonne « activite » : le nom de l'activité est vide.",
    ]
    assert ActivitySession.objects.count() == before
    assert not Activity.objects.filter(name="Atelier cuisine").exists()


def test_importing_the_same_sessions_twice_is_refused(falaises):
    data = b"activite;date;habitants\nAtelier couture;04/03/2026;6\n"
    assert records.import_sessions(data, "a.csv", falaises).stored == 1
    again = records.import_sessions(data, "a.csv", falaises)
    assert not again.ok and "déjà enregistrée" in str(again.problems[0])


def test_a_file_without_the_required_columns_says_which(falaises):
    result = records.import_sessions(b"atelier;quand\ncouture;2026-01-01\n", "a.csv", falaises)
    assert [str(p) for p in result.problems] == [
        "ligne 1, colonne « date » : colonne obligatoire absente de l'en-tête."
    ]
    result = records.import_volunteer_time(b"date;benevole\n2026-01-31;Ana\n", "b.csv", falaises)
    assert "colonne « heures » : colonne obligatoire absente" in str(result.problems[0])


def test_volunteer_time_is_imported_from_xlsx(falaises):
    book = Workbook()
    book.active.append(["Date", "Activité", "Bénévole", "Groupe", "Nombre", "Heures"])
    book.active.append([date(2026, 1, 31), "Atelier couture", "Jeanne Martin", None, None, 9])
    book.active.append([date(2026, 1, 31), None, None, "Équipe de la fête", 7, "21,5"])
    buffer = io.BytesIO()
    book.save(buffer)
    result = records.import_volunteer_time(buffer.getvalue(), "benevolat.xlsx", falaises)
    assert result.ok and result.stored == 2
    group = VolunteerTime.objects.get(group_label="Équipe de la fête")
    assert group.volunteers == 7 and group.hours == Decimal("21.50") and group.activity is None
    jeanne = VolunteerTime.objects.filter(person__name="Jeanne Martin").latest("pk")
    assert jeanne.activity.code == "atelier-couture"


def test_the_import_page_reports_problems_then_imports(client_of):
    url = reverse("collection:records_import", kwargs={"slug": "falaises"})
    client = client_of(REFERENTE)
    bad = client.post(url, {"kind": "seances", "file": SimpleUploadedFile(
        "p.csv", b"activite;date;habitants\nCouture;hier;3\n")})  # fmt: skip
    page = unescape(bad.content.decode())
    assert bad.status_code == 400
    assert "Rien n’est importé" in page and "ligne 2, colonne « date »" in page
    data = SESSIONS_CSV.replace("Awa D.; Lina K.", '"Awa D.; Lina K."').encode()
    good = client.post(url, {"kind": "seances", "file": SimpleUploadedFile("p.csv", data)})
    assert good.status_code == 302
    page = unescape(client.get(good["Location"]).content.decode())
    assert "3 lignes importées. Activités créées : Atelier cuisine." in page


def test_records_feed_their_project_only(world):
    falaises = world.projects["projet-social-falaises-2023-2026"]
    bien_vieillir = world.projects["bien-vieillir"]
    own = records.project_sessions(falaises)
    assert own.filter(activity__code="atelier-couture").exists()
    assert not own.filter(activity__organisation__slug="moulin").exists()
    shared = records.project_sessions(bien_vieillir)
    assert (
        shared.filter(activity__code="visites-convivialite")
        .values("activity__organisation")
        .distinct()
        .count()
        == 7
    )
    assert not shared.filter(activity__organisation__slug="falaises").exists()
    # The Bien Vieillir framework's « visites » indicator now has its data.
    steps = project_steps(bien_vieillir)[5]
    assert "séances d'activité relevées" in steps.summary


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    cells=st.lists(
        st.tuples(st.text(max_size=12), st.text(max_size=12), st.text(max_size=8),
                  st.text(max_size=6)),
        min_size=1, max_size=6,
    )
)  # fmt: skip
def test_importers_never_crash_and_always_name_the_place(falaises, cells):
    lines = ["activite;date;duree;habitants"]
    lines += [";".join(c.replace(";", " ").replace("\n", " ").replace('"', "")
                       for c in row) for row in cells]  # fmt: skip
    data = "\n".join(lines).encode()
    before = ActivitySession.objects.count()
    try:
        result = records.import_sessions(data, "fuzz.csv", falaises)
    except ImportProblem as problem:
        assert str(problem)  # a French sentence about the whole file
        assert ActivitySession.objects.count() == before
        return
    if result.problems:
        assert ActivitySession.objects.count() == before
        for problem in result.problems:
            assert str(problem).startswith("ligne ") and "colonne « " in str(problem)
    else:
        assert ActivitySession.objects.count() == before + result.stored


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=300))
def test_volunteer_import_of_arbitrary_bytes_never_crashes(falaises, data):
    before = VolunteerTime.objects.count()
    try:
        result = records.import_volunteer_time(data, "x.csv", falaises)
    except ImportProblem:
        assert VolunteerTime.objects.count() == before
        return
    assert result.problems or result.stored
    if result.problems:
        assert VolunteerTime.objects.count() == before
