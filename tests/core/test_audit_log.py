"""A structure's journal des modifications: what its admins read, filter and export."""

import csv
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from demo_people import COORDINATION, DIRECTION, REFERENTE
from maillage.core import audit
from maillage.core.models import AuditEvent
from maillage.evaluation import actions as framework_actions
from maillage.evaluation.models import FrameworkChange
from maillage.organisations.models import OrganisationMember

PARIS = ZoneInfo("Europe/Paris")
FALAISES_PROJECT = "projet-social-falaises-2023-2026"
JOURNAL = "/structures/falaises/journal/"


def _at(row, when: datetime):
    """Date a freshly written line (the stored date is set on save)."""
    type(row).objects.filter(pk=row.pk).update(at=when)


@pytest.fixture
def framework(world):
    return framework_actions.framework_for(world.projects[FALAISES_PROJECT])


@pytest.fixture
def changes(framework, user_of):
    """The director validates the framework; the referente then renames an indicator."""
    framework_actions.validate_framework(
        framework, on=date(2026, 3, 14), participants="Habitants, CA", by=user_of(DIRECTION)
    )
    _at(FrameworkChange.objects.latest("pk"), datetime(2026, 3, 14, 18, 5, tzinfo=PARIS))
    indicator = framework.indicators.first()
    indicator.name = "Habitants formés au numérique"
    framework_actions.save_item(framework, indicator, by=user_of(REFERENTE), changed=["name"])
    _at(FrameworkChange.objects.latest("pk"), datetime(2026, 4, 2, 9, 30, tzinfo=PARIS))
    return indicator


def _page_lines(response):
    return response.context["lines"]


def test_validation_and_indicator_change_show_with_author_and_date(changes, client_of):
    response = client_of(DIRECTION).get(JOURNAL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "14/03/2026 à 18:05" in page and "Cadre validé le 14/03/2026" in page
    assert "02/04/2026 à 09:30" in page
    assert "Modification : indicateur « Habitants formés au numérique »" in page
    lines = _page_lines(response)
    by_summary = {line.summary: line for line in lines}
    validation = by_summary["Cadre validé le 14/03/2026"]
    assert validation.who == "Claire Vasseur" and validation.family == "cadre"
    assert ("qui a validé", "Habitants, CA") in [(str(k), v) for k, v in validation.details]
    # Written to the audit log and to the framework's history, shown once.
    assert [x.summary for x in lines].count("Cadre validé le 14/03/2026") == 1
    change = by_summary["Modification : indicateur « Habitants formés au numérique »"]
    assert change.family == "indicateurs" and change.who != "système"
    # Details are a readable list, never raw JSON.
    assert ("champs modifiés", "indicateur") in [(str(k), v) for k, v in change.details]
    assert ("élément", "indicateur") in [(str(k), v) for k, v in change.details]
    table = page[page.index("<table>") : page.index("</table>")]
    assert "{&quot;" not in table and "{" not in table
    # Newest first.
    assert lines.index(change) < lines.index(validation)


def test_filters_by_family_person_and_period(changes, client_of, user_of):
    client = client_of(DIRECTION)
    summaries = lambda **q: [x.summary for x in _page_lines(client.get(JOURNAL, q))]  # noqa: E731
    validated, renamed = (
        "Cadre validé le 14/03/2026",
        ("Modification : indicateur « Habitants formés au numérique »"),
    )
    only_indicators = summaries(family="indicateurs")
    assert renamed in only_indicators and validated not in only_indicators
    assert validated in summaries(family="cadre") and renamed not in summaries(family="cadre")
    referente = user_of(REFERENTE).pk
    by_referente = summaries(person=referente)
    assert renamed in by_referente and validated not in by_referente
    march = summaries(start="2026-03-01", end="2026-03-31")
    assert validated in march and renamed not in march
    # The last day of the period is included whole.
    assert validated in summaries(start="2026-03-14", end="2026-03-14")
    response = client.get(JOURNAL, {"start": "2026-04-01", "end": "2026-03-01"})
    assert response.status_code == 400
    assert "La fin de la période (« Au ») doit suivre son début." in response.content.decode()


def test_pages_of_fifty_newest_first(world, client_of):
    falaises = world.organisations["falaises"]
    AuditEvent.objects.filter(organisation=falaises).delete()
    FrameworkChange.objects.filter(framework__project__slug=FALAISES_PROJECT).delete()
    for number in range(60):
        event = audit.record(
            "organisation.updated", f"Fiche modifiée n°{number}", organisation=falaises
        )
        _at(
            event,
            datetime(2026, 1, 1, 8, 0, tzinfo=PARIS).replace(
                minute=number % 60, hour=8 + number // 60
            ),
        )
    client = client_of(DIRECTION)
    first = client.get(JOURNAL)
    assert len(_page_lines(first)) == 50 and "Page 1 sur 2" in first.content.decode()
    assert _page_lines(first)[0].summary == "Fiche modifiée n°59"
    assert _page_lines(first)[0].who == "système"
    second = client.get(JOURNAL, {"page": 2, "family": "structure"})
    assert [x.summary for x in _page_lines(second)] == [
        f"Fiche modifiée n°{n}" for n in range(9, -1, -1)
    ]


def test_csv_export_follows_the_filters_and_writes_no_formula(changes, world, client_of):
    audit.record(
        "member.role_changed",
        '=HYPERLINK("http://x")',
        organisation=world.organisations["falaises"],
    )
    response = client_of(DIRECTION).get(
        JOURNAL + "export.csv",
        {"family": "indicateurs", "start": "2026-04-01", "end": "2026-04-30"},
    )
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Date", "Heure", "Qui", "Famille", "Quoi", "Détails"]
    assert [row[:2] for row in rows[1:]] == [["02/04/2026", "09:30"]]
    assert "champs modifiés : indicateur" in rows[1][5]
    everything = client_of(DIRECTION).get(JOURNAL + "export.csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in everything and ";=HYPERLINK" not in everything


def test_another_structures_events_never_show(world, client_of, user_of):
    moulin = world.organisations["moulin"]
    coordination = user_of(COORDINATION)
    audit.record(
        "organisation.updated", "Fiche du Moulin modifiée", actor=coordination, organisation=moulin
    )
    audit.record(
        "charter.updated", "Charte Bien Vieillir v9", actor=coordination, project="bien-vieillir"
    )
    bien_vieillir = framework_actions.framework_for(world.projects["bien-vieillir"])
    framework_actions.record_change(
        bien_vieillir, "Indicateur Bien Vieillir ajouté", by=coordination, model="indicator"
    )
    theirs = {
        "Fiche du Moulin modifiée",
        "Charte Bien Vieillir v9",
        "Indicateur Bien Vieillir ajouté",
    }
    falaises_page = client_of(DIRECTION).get(JOURNAL)
    seen = {line.summary for line in _page_lines(falaises_page)}
    page_count = falaises_page.context["page"].paginator.num_pages
    for number in range(2, page_count + 1):
        seen |= {
            x.summary for x in _page_lines(client_of(DIRECTION).get(JOURNAL, {"page": number}))
        }
    assert not seen & theirs
    assert "Nadia Ferrand" not in {line.who for line in _page_lines(falaises_page)}
    csv_text = client_of(DIRECTION).get(JOURNAL + "export.csv").content.decode("utf-8-sig")
    assert not any(summary in csv_text for summary in theirs)
    # Moulin, Bien Vieillir's lead, reads all three in its own journal.
    moulin_admin = OrganisationMember.objects.filter(organisation=moulin, role="admin").first()
    moulin_page = client_of(moulin_admin.user.email).get("/structures/moulin/journal/")
    assert theirs <= {line.summary for line in _page_lines(moulin_page)}


@pytest.mark.parametrize(
    "email, slug, expected",
    [
        (DIRECTION, "falaises", 200),
        (REFERENTE, "falaises", 403),
        (COORDINATION, "falaises", 403),
        (DIRECTION, "moulin", 403),
        (DIRECTION, "nulle-part", 404),
    ],
)
def test_only_the_structures_admins_read_it(email, slug, expected, client_of):
    client = client_of(email)
    assert client.get(f"/structures/{slug}/journal/").status_code == expected
    assert client.get(f"/structures/{slug}/journal/export.csv").status_code == expected


def test_the_structure_page_links_to_the_journal_for_admins_only(client_of):
    assert JOURNAL in client_of(DIRECTION).get("/structures/falaises/").content.decode()
    assert JOURNAL not in client_of(REFERENTE).get("/structures/falaises/").content.decode()
