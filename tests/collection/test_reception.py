"""The reception log: the front-desk entry (keyboard order, kept date and channel, partner rule,
double submit), figures on hand-made rows, the indicator source, the export, the demo log."""

import csv
import io
import re
from datetime import date
from html import unescape
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from demo_people import REFERENTE
from maillage.analysis import statistics
from maillage.analysis.indicators import Period, compute
from maillage.collection import reception
from maillage.collection.models import ReceptionRequest
from maillage.core.models import AuditEvent
from maillage.core.templatetags.ui import figure
from maillage.demo.steps.collection_reception import build_reception_log
from maillage.evaluation.actions import framework_for
from maillage.evaluation.indicator_sources import describe_source, source_errors
from maillage.evaluation.models import Criterion, EvaluativeQuestion, Indicator
from maillage.organisations.models import Organisation
from maillage.projects.models import Membership, Project

pytestmark = pytest.mark.django_db

C, G, T, O = (  # noqa: E741
    ReceptionRequest.Channel,
    ReceptionRequest.Group,
    ReceptionRequest.Theme,
    ReceptionRequest.Outcome,
)


@pytest.fixture
def falaises(world):
    return world.organisations["falaises"]


@pytest.fixture
def entry_url():
    return reverse("collection:reception", kwargs={"slug": "falaises"})


def _post(client, url, **fields):
    data = {"channel": C.IN_PERSON, "group": G.RESIDENTS, "theme": T.DIGITAL,
            "outcome": O.ANSWERED, "received_on": "2026-11-20"}  # fmt: skip
    data.update(fields)
    return client.post(url, data)


class _Fields(HTMLParser):
    """The entry form's fields in document order, with the labels and legends of the page."""

    def __init__(self):
        super().__init__()
        self.inside, self.fields, self.labels, self.legends = False, [], set(), 0
        self.autofocus = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and "data-reception-form" in attrs:
            self.inside = True
        if not self.inside:
            return
        if tag == "label" and attrs.get("for"):
            self.labels.add(attrs["for"])
        if tag == "legend":
            self.legends += 1
        if tag in ("input", "select") and attrs.get("type") != "hidden":
            if not self.fields or self.fields[-1][0] != attrs["name"]:
                self.fields.append((attrs["name"], attrs.get("id")))
            if "autofocus" in attrs:
                self.autofocus.append((attrs["name"], attrs.get("value")))

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False


def _parse(html: str) -> _Fields:
    parser = _Fields()
    parser.feed(html)
    return parser


# --- the entry page -----------------------------------------------------------------------------


def test_the_entry_form_follows_the_front_desk_order_with_labels_and_digit_keys(
    client_of, entry_url
):
    page = client_of(REFERENTE).get(entry_url).content.decode()
    form = _parse(page)
    names = [name for name, _id in form.fields]
    assert names == ["channel", "group", "theme", "outcome", "oriented_to", "follow_up",
                     "follow_up_note", "received_on"]  # fmt: skip
    # Every radio, the partner list, the note and the date have their own label; the four
    # groups have a legend.
    radios = re.findall(r'<input type="radio"[^>]*id="([^"]+)"', page)
    assert len(radios) == 3 + 4 + 10 + 4
    assert set(radios) | {"id_oriented_to", "id_follow_up", "id_received_on"} <= form.labels
    assert form.legends >= 4
    # Digit shortcuts are shown (the tenth theme is 0), the focus waits on the kept channel.
    assert page.count('<kbd aria-hidden="true">') == 21
    assert 'data-key="0"' in page
    assert form.autofocus == [("channel", C.IN_PERSON)]
    assert f'value="{date.today().isoformat()}"' in page
    assert "maillage/reception.js" in page


def test_saving_returns_an_empty_form_with_the_same_date_and_channel(
    client_of, entry_url, falaises
):
    client = client_of(REFERENTE)
    before = falaises.reception_requests.filter(received_on=date(2026, 11, 20)).count()
    response = _post(client, entry_url, channel=C.PHONE, theme=T.HOUSING, follow_up="on",
                     follow_up_note="rappeler jeudi")  # fmt: skip
    assert response.status_code == 302
    assert response["Location"].endswith("?date=2026-11-20&canal=telephone")
    stored = falaises.reception_requests.latest("pk")
    assert (stored.channel, stored.theme, stored.follow_up_note) == (
        C.PHONE, T.HOUSING, "rappeler jeudi",
    )  # fmt: skip
    page = unescape(client.get(response["Location"]).content.decode())
    assert f"Demande enregistrée : {before + 1} demandes le 20/11/2026." in page
    assert 'value="2026-11-20"' in page
    form = _parse(page)
    assert form.autofocus == [("channel", C.PHONE)]  # kept, and the focus is back on it
    assert not re.search(r'name="(theme|outcome)"[^>]* checked', page)  # the rest is empty
    assert "rappeler jeudi" in page  # listed among the day's entries


def test_an_orientation_needs_a_partner_named_in_french(client_of, entry_url, falaises, world):
    client = client_of(REFERENTE)
    before = ReceptionRequest.objects.count()
    response = _post(client, entry_url, outcome=O.ORIENTED)
    assert response.status_code == 400
    page = unescape(response.content.decode())
    assert "Choisissez le partenaire vers qui la personne est orientée" in page
    assert "Partenaire vers qui la personne est orientée</a>" in page  # the summary names it
    assert ReceptionRequest.objects.count() == before
    # A structure the desk does not know (another department) is refused too.
    far = world.organisations["ccas-bellerive"]
    assert _post(client, entry_url, outcome=O.ORIENTED, oriented_to=far.pk).status_code == 400
    caf = world.organisations["caf-seine-maritime"]
    assert _post(client, entry_url, outcome=O.ORIENTED, oriented_to=caf.pk).status_code == 302
    assert falaises.reception_requests.latest("pk").oriented_to == caf
    # A partner left selected for another outcome is not kept.
    _post(client, entry_url, outcome=O.ANSWERED, oriented_to=caf.pk)
    assert falaises.reception_requests.latest("pk").oriented_to is None


def test_a_request_sent_twice_is_stored_once(client_of, entry_url, falaises):
    client = client_of(REFERENTE)
    page = client.get(entry_url).content.decode()
    key = re.search(r'name="submission_key" value="([^"]+)"', page).group(1)
    before = falaises.reception_requests.count()
    first = _post(client, entry_url, submission_key=key)
    second = _post(client, entry_url, submission_key=key)
    assert first.status_code == second.status_code == 302
    assert falaises.reception_requests.count() == before + 1
    assert "déjà enregistrée" in unescape(client.get(second["Location"]).content.decode())
    fresh = client.get(second["Location"]).content.decode()
    assert key not in fresh  # the next empty form carries a new key


def test_a_wrong_entry_is_deleted_and_the_audit_log_says_so(client_of, falaises):
    entry, _created = reception.record_request(
        falaises, received_on=date.today(), channel=C.ONLINE, theme=T.OTHER, outcome=O.ANSWERED
    )
    client = client_of(REFERENTE)
    page = client.get(reverse("collection:reception", kwargs={"slug": "falaises"})).content
    kwargs = {"slug": "falaises", "request_id": entry.pk}
    url = reverse("collection:reception_delete", kwargs=kwargs)
    assert url in page.decode()  # today's entries are listed with their delete link
    assert client.post(url).status_code == 302
    assert not ReceptionRequest.objects.filter(pk=entry.pk).exists()
    assert AuditEvent.objects.filter(verb="reception.deleted", organisation=falaises).exists()


def test_a_date_in_the_future_is_refused(client_of, entry_url):
    response = _post(client_of(REFERENTE), entry_url, received_on="2099-01-01")
    assert response.status_code == 400
    assert "dans le futur" in unescape(response.content.decode())


# --- figures on hand-made rows ------------------------------------------------------------------


@pytest.fixture
def desk(world):
    """A structure with no log yet, and two partners."""
    centre = Organisation.objects.create(
        name="Centre d'essai", slug="centre-essai", kind=Organisation.Kind.SOCIAL_CENTRE
    )
    caf = Organisation.objects.create(name="CAF d'essai", slug="caf-essai", kind="caf")
    ccas = Organisation.objects.create(name="CCAS d'essai", slug="ccas-essai", kind="ccas")
    rows = [
        # day, channel, group, theme, outcome, partner, follow-up
        (date(2026, 1, 5), C.IN_PERSON, G.RESIDENTS, T.RIGHTS, O.ORIENTED, caf, True),
        (date(2026, 1, 5), C.IN_PERSON, G.RESIDENTS, T.RIGHTS, O.ORIENTED, caf, False),
        (date(2026, 1, 6), C.PHONE, G.RESIDENTS, T.RIGHTS, O.ACCOMPANIED, None, True),
        (date(2026, 2, 2), C.PHONE, G.VOLUNTEERS, T.DIGITAL, O.COLLECTIVE, None, False),
        (date(2026, 2, 3), C.ONLINE, G.UNKNOWN, T.HOUSING, O.ORIENTED, ccas, False),
        (date(2026, 3, 9), C.IN_PERSON, G.RESIDENTS, T.DIGITAL, O.ANSWERED, None, False),
        (date(2026, 3, 9), C.IN_PERSON, G.PARTNERS, T.ACTIVITIES, O.ANSWERED, None, False),
        (date(2026, 3, 10), C.IN_PERSON, G.RESIDENTS, T.DIGITAL, O.ACCOMPANIED, None, False),
        (date(2025, 12, 31), C.IN_PERSON, G.RESIDENTS, T.RIGHTS, O.ORIENTED, ccas, False),
    ]
    ReceptionRequest.objects.bulk_create(
        ReceptionRequest(organisation=centre, received_on=day, channel=channel, group=group,
                         theme=theme, outcome=outcome, oriented_to=partner, follow_up=follow)
        for day, channel, group, theme, outcome, partner, follow in rows
    )  # fmt: skip
    return centre, caf, ccas


def _by_key(lines):
    return {line.key: (line.count, round(line.share, 2)) for line in lines if line.count}


def test_figures_count_and_share_the_year_s_requests(desk):
    centre, caf, ccas = desk
    figures = reception.figures(centre, date(2026, 1, 1), date(2026, 12, 31))
    assert figures.total == 8  # the request of 31/12/2025 is outside
    assert _by_key(figures.by_theme) == {
        T.RIGHTS: (3, 37.5), T.DIGITAL: (3, 37.5), T.HOUSING: (1, 12.5), T.ACTIVITIES: (1, 12.5),
    }  # fmt: skip
    assert len(figures.by_theme) == 10  # every theme listed, empty ones at 0
    assert _by_key(figures.by_channel) == {C.IN_PERSON: (5, 62.5), C.PHONE: (2, 25.0),
                                           C.ONLINE: (1, 12.5)}  # fmt: skip
    assert _by_key(figures.by_outcome) == {
        O.ORIENTED: (3, 37.5), O.ACCOMPANIED: (2, 25.0), O.COLLECTIVE: (1, 12.5),
        O.ANSWERED: (2, 25.0),
    }  # fmt: skip
    assert _by_key(figures.by_group) == {G.RESIDENTS: (5, 62.5), G.VOLUNTEERS: (1, 12.5),
                                         G.UNKNOWN: (1, 12.5), G.PARTNERS: (1, 12.5)}  # fmt: skip
    assert [(line.label, line.count) for line in figures.partners] == [
        ("CAF d'essai", 2), ("CCAS d'essai", 1),
    ]  # fmt: skip
    assert (figures.oriented, figures.follow_ups) == (3, 2)
    months = reception.monthly(centre, 2026)
    assert [m.total for m in months[:4]] == [3, 2, 3, 0]
    assert months[0].by_outcome == {O.ANSWERED: 0, O.ACCOMPANIED: 1, O.COLLECTIVE: 0,
                                    O.ORIENTED: 2}  # fmt: skip
    assert months[0].label == "janvier 2026"


def test_orientation_ties_feed_the_cooperation_map(desk):
    centre, caf, ccas = desk
    assert reception.orientation_ties([centre.pk]) == [(centre.pk, caf.pk, 2),
                                                       (centre.pk, ccas.pk, 2)]  # fmt: skip
    in_2026 = reception.orientation_ties([centre.pk], date(2026, 1, 1), date(2026, 12, 31))
    assert in_2026 == [(centre.pk, caf.pk, 2), (centre.pk, ccas.pk, 1)]
    assert reception.orientation_ties([caf.pk]) == []


def test_the_figures_page_shows_the_stored_counts(client_of, falaises):
    response = client_of(REFERENTE).get(
        reverse("collection:reception_figures", kwargs={"slug": "falaises"}) + "?annee=2026"
    )
    page = unescape(response.content.decode())
    total = falaises.reception_requests.filter(received_on__year=2026).count()
    assert total > 0
    assert f"Demandes reçues</dt><dd>{figure(total)}</dd>" in page
    for caption in ("Demandes par thème", "Demandes par canal", "Personnes orientées vers"):
        assert f"<caption>{caption}" in page
    assert "Septembre 2026" in page


# --- the indicator source -----------------------------------------------------------------------


@pytest.fixture
def project(desk):
    centre = desk[0]
    item = Project.objects.create(
        title="Projet social d'essai", slug="ps-essai", kind=Project.Kind.SOCIAL_PROJECT,
        period_start=date(2026, 1, 1), period_end=date(2026, 12, 31),
    )  # fmt: skip
    Membership.objects.create(project=item, organisation=centre, role=Membership.Role.LEAD)
    Membership.objects.create(project=item, organisation=desk[1], role=Membership.Role.FUNDER)
    return item


def _indicator(project, computation, params, **fields):
    framework = framework_for(project)
    question = EvaluativeQuestion.objects.create(
        framework=framework, text="L'accueil oriente-t-il ?", criterion=Criterion.objects.first()
    )
    return Indicator.objects.create(
        framework=framework, question=question, name="accueil", computation=computation,
        source_type=Indicator.Source.RECEPTION, source_params=params, **fields,
    )  # fmt: skip


YEAR = Period(date(2026, 1, 1), date(2026, 12, 31))


def test_the_engine_counts_requests_with_filters_and_breakdowns(project):
    item = _indicator(project, "count", {"measure": "requests", "themes": [T.RIGHTS, T.DIGITAL]})
    value = compute(item, YEAR)
    assert value.value == 6 and not value.is_percent
    assert [(r.key, r.estimate.value) for r in value.by_group] == [("habitant", 5),
                                                                    ("benevole", 1)]  # fmt: skip
    titles = dict(value.other_breakdowns)
    assert [(r.key, r.estimate.value) for r in titles["Par thème de la demande"]] == [
        (T.RIGHTS, 3), (T.DIGITAL, 3),
    ]  # fmt: skip
    assert [(r.key, r.estimate.value) for r in titles["Par canal"]] == [
        (C.IN_PERSON, 4), (C.PHONE, 2),
    ]  # fmt: skip
    assert "Nombre de demandes notées à l'accueil (accès aux droits, aide numérique)" in value.rule
    assert "structure porteuse" in value.rule
    assert value.records.count() == 6
    # The funder's own log is not the project's.
    assert [r.label for r in value.by_member] == ["Centre d'essai"]


def test_the_engine_gives_a_share_with_its_wilson_interval(project):
    item = _indicator(
        project, "share", {"measure": "share", "themes": [], "channels": [], "outcomes": []},
        condition_operator="in",
        condition_value="accompagnement individuel ; orienté vers une action collective du centre",
    )  # fmt: skip
    value = compute(item, YEAR)
    expected = statistics.wilson(3, 8)
    assert value.is_percent
    assert value.value == pytest.approx(37.5)
    assert value.estimate.low == pytest.approx(expected.low * 100)
    assert value.estimate.high == pytest.approx(expected.high * 100)
    by_theme = {r.key: r.estimate.value for r in dict(value.other_breakdowns)[
        "Par thème de la demande"]}  # fmt: skip
    assert by_theme[T.DIGITAL] == pytest.approx(200 / 3)  # 2 of the 3 digital requests
    assert "méthode de Wilson" in value.rule
    assert "accompagnement individuel" in value.rule
    partners = _indicator(project, "count", {"measure": "partners"})
    assert compute(partners, YEAR).value == 2


def test_incomplete_reception_definitions_are_refused_in_french():
    assert "journal d'accueil" in source_errors("reception", "count", {})["measure"]
    assert (
        "accordez la mesure et le calcul"
        in source_errors("reception", "count", {"measure": "share"})["measure"]
    )
    assert "accordez" in source_errors("reception", "share", {"measure": "requests"})["measure"]
    errors = source_errors("reception", "count", {"measure": "requests", "channels": ["pigeon"]})
    assert errors == {"channels": "Valeur inconnue pour le journal d'accueil : pigeon"}
    assert source_errors("reception", "share", {"measure": "share", "outcomes": ["oriente"]}) == {}


def test_the_indicator_form_offers_the_reception_source(project):
    from maillage.evaluation.forms import IndicatorForm

    framework = framework_for(project)
    question = EvaluativeQuestion.objects.create(
        framework=framework, text="Q ?", criterion=Criterion.objects.first()
    )
    data = {"name": "Part orientée", "question": question.pk, "nature": "quantitative",
            "source_type": "reception", "computation": "share", "condition_operator": "eq",
            "condition_value": "orienté vers un partenaire", "reception_measure": "share",
            "reception_themes": [T.HOUSING], "direction": "increase", "granularity": "year",
            "order": 0}  # fmt: skip
    form = IndicatorForm(data, framework=framework)
    assert form.is_valid(), form.errors
    indicator = form.save()
    assert indicator.source_params["themes"] == [T.HOUSING]
    assert describe_source(indicator) == "Journal d'accueil : part des demandes (logement)"
    assert compute(indicator, YEAR).value == pytest.approx(100.0)  # the one housing request
    wrong = IndicatorForm({**data, "condition_value": "pigeon voyageur"}, framework=framework)
    assert not wrong.is_valid()
    assert "pigeon voyageur" in wrong.errors["condition_value"][0]


# --- export -------------------------------------------------------------------------------------


def test_the_export_follows_the_filters_and_keeps_formulas_as_text(client_of, falaises):
    reception.record_request(
        falaises, received_on=date(2026, 11, 27), channel=C.ONLINE, theme=T.OTHER,
        outcome=O.ANSWERED, follow_up=True, follow_up_note="=HYPERLINK(\"x\")",
    )  # fmt: skip
    client = client_of(REFERENTE)
    url = reverse("collection:reception_export", kwargs={"slug": "falaises", "fmt": "csv"})
    query = "?start=2026-11-27&end=2026-11-27&theme=autre&channel=en_ligne"
    response = client.get(url + query)
    assert response.status_code == 200
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert lines[0][:3] == ["date", "canal", "la personne est"]
    expected = falaises.reception_requests.filter(
        received_on=date(2026, 11, 27), theme=T.OTHER, channel=C.ONLINE
    ).count()
    assert len(lines) == 1 + expected
    assert lines[-1][:2] == ["2026-11-27", "en ligne (courriel, site, messagerie)"]
    assert lines[-1][-1] == '\'=HYPERLINK("x")'
    xlsx = client.get(url.replace(".csv", ".xlsx") + query)
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    last = [cell.value for cell in list(sheet.iter_rows())[-1]]
    assert last[-1] == '\'=HYPERLINK("x")' and last[4] == "réponse donnée sur place"
    assert AuditEvent.objects.filter(verb="reception.exported", organisation=falaises).count() == 2


def test_the_journal_filters_and_paginates(client_of, falaises):
    client = client_of(REFERENTE)
    url = reverse("collection:reception_journal", kwargs={"slug": "falaises"})
    page = unescape(client.get(url + "?outcome=oriente&start=2026-09-01&end=2026-09-30").content
                    .decode())  # fmt: skip
    count = falaises.reception_requests.filter(
        outcome=O.ORIENTED, received_on__month=9, received_on__year=2026
    ).count()
    assert f"{count} demandes correspondent." in page
    assert "Page 1 sur" in page and "outcome=oriente" in page
    bad = client.get(url + "?start=2026-09-30&end=2026-09-01")
    assert bad.status_code == 400
    assert "La fin de la période" in unescape(bad.content.decode())


# --- the demo log -------------------------------------------------------------------------------


def test_the_demo_log_looks_like_a_real_front_desk(falaises, world):
    rows = falaises.reception_requests.filter(received_on__range=(date(2026, 6, 1),
                                                                  date(2026, 11, 30)))  # fmt: skip
    opened = set(rows.values_list("received_on", flat=True))
    days = len(opened)
    weekdays = [d for d in opened if d.weekday() < 5]
    per_weekday = rows.filter(received_on__in=weekdays).count() / len(weekdays)
    assert 120 <= days <= 160 and 15 <= per_weekday <= 25
    september = rows.filter(received_on__month=9).count()
    october = rows.filter(received_on__month=10).count()
    assert september > october * 1.2  # registrations
    oriented = rows.filter(outcome=O.ORIENTED)
    assert oriented.filter(oriented_to__isnull=True).count() == 0
    partners = set(oriented.values_list("oriented_to__slug", flat=True))
    assert {"caf-seine-maritime", "ccas-saint-aubin", "mission-locale-caux", "caux-habitat",
            "france-services-saint-aubin"} <= partners  # fmt: skip
    # Written in bulk: a few queries for ~2,400 rows, never one per request (no timing here).
    with CaptureQueriesContext(connection) as queries:
        build_reception_log(world)  # again, inside the test's transaction
    assert len(queries) < 60
