"""Governance (issue 9): the figures on small hand-made bodies with known answers, the indicator
source through the engine, the pages' French refusals, the report part and the network view
(structures that do not share are hidden, names never shown)."""

from datetime import date

import pytest
from django.urls import reverse

from demo_people import CAF, DIRECTION, FEDERATION, REFERENTE
from maillage.analysis.indicators import Period, compute
from maillage.evaluation.indicator_sources import source_errors
from maillage.evaluation.models import Criterion, EvaluativeQuestion, Framework, Indicator
from maillage.organisations import governance
from maillage.organisations.models import (
    BodyMeeting,
    GoverningBody,
    Mandate,
    Organisation,
)
from maillage.projects.models import Membership, Project

TODAY = date(2026, 12, 2)


def _mandate(body, name, gender, group, start, end=None, role="membre"):
    return Mandate.objects.create(
        body=body, person_name=name, gender=gender, group=group, role=role,
        started_on=start, ended_on=end,
    )  # fmt: skip


@pytest.fixture
def small(db):
    """A board: on 1 January 2025 Anne (resident), Bruno (volunteer) and Denis (partner,
    co-president) sit; at the assembly of 20 June 2025 Bruno leaves, Anne is re-elected (a new
    mandate that continues hers), Chloé (resident) and Emma (volunteer, co-president) join."""
    organisation = Organisation.objects.create(name="Centre test", slug="centre-test",
                                               kind="centre_social")  # fmt: skip
    board = GoverningBody.objects.create(organisation=organisation, kind="conseil_administration")
    ag = date(2025, 6, 20)
    _mandate(board, "Anne Test", "femme", "habitant", date(2024, 1, 1), ag)
    _mandate(board, "anne test ", "femme", "habitant", ag)  # re-election: not a newcomer
    _mandate(board, "Bruno Test", "homme", "benevole", date(2024, 1, 1), ag)
    _mandate(board, "Chloé Test", "femme", "habitant", ag)
    _mandate(board, "Denis Test", "homme", "partenaire", date(2024, 1, 1), role="co_president")
    _mandate(board, "Emma Test", "femme", "benevole", ag, role="co_president")
    BodyMeeting.objects.create(body=board, held_on=date(2024, 11, 5), present=3)  # other year
    BodyMeeting.objects.create(body=board, held_on=date(2025, 3, 10), present=2)  # 2 of 3
    BodyMeeting.objects.create(body=board, held_on=date(2025, 9, 10), present=4)  # 4 of 4
    return organisation, board


def test_figures_of_a_small_board(small):
    _organisation, board = small
    f = governance.compute([board], date(2025, 1, 1), date(2025, 12, 31), today=TODAY)
    assert f.on == date(2025, 12, 31)
    assert f.members == 4  # Anne (new mandate), Chloé, Denis, Emma
    assert f.residents_share == pytest.approx(50.0)
    assert {g.group: g.count for g in f.groups} == {"habitant": 2, "benevole": 1, "partenaire": 1}
    assert f.women_share == pytest.approx(75.0) and f.parity is False
    assert f.co_presidents == 2 and f.co_presidency is True
    assert f.newcomers == 2  # Chloé and Emma; Anne's re-election is not a renewal
    assert f.renewal_base == 3  # no seats in the statutes: members in office on 1 January
    assert f.renewal_rate == pytest.approx(200 / 3)
    assert f.meetings == 2
    assert f.attendance_rate == pytest.approx(100 * (2 / 3 + 1) / 2)


def test_a_mandate_ended_on_a_day_no_longer_counts_that_day(small):
    _organisation, board = small
    on_assembly = governance.members_on(board.mandates.all(), date(2025, 6, 20))
    assert sorted(m.person_name for m in on_assembly) == [
        "Chloé Test", "Denis Test", "Emma Test", "anne test ",
    ]  # fmt: skip
    day_before = governance.members_on(board.mandates.all(), date(2025, 6, 19))
    assert len(day_before) == 3


def test_seats_are_the_renewal_base_and_parity_holds_between_40_and_60(small):
    _organisation, board = small
    board.seats = 5
    board.save()
    f = governance.compute([board], date(2025, 1, 1), date(2025, 12, 31), today=TODAY)
    assert f.renewal_rate == pytest.approx(40.0)
    # Mid-2024: Anne, Bruno, Denis → one woman in three, out of parity.
    f = governance.compute([board], date(2024, 1, 1), date(2024, 6, 30), today=TODAY)
    assert f.members == 3 and f.women_share == pytest.approx(100 / 3) and not f.parity
    Mandate.objects.filter(person_name="Bruno Test").update(gender="femme")
    f = governance.compute([board], date(2024, 1, 1), date(2024, 6, 30), today=TODAY)
    assert f.parity is False  # 2 of 3 = 66.7 %
    assert governance.Figures(start=TODAY, on=TODAY, members=5, women=2).parity is True


def _indicator(organisation, measure, computation="latest", kind=None):
    project = Project.objects.create(title="Projet social test", slug="ps-test",
                                     kind="projet_social", period_start=date(2024, 1, 1),
                                     period_end=date(2025, 12, 31))  # fmt: skip
    Membership.objects.create(project=project, organisation=organisation, role="porteur")
    framework = Framework.objects.create(project=project)
    question = EvaluativeQuestion.objects.create(
        framework=framework, text="La gouvernance s'ouvre-t-elle aux habitants ?",
        criterion=Criterion.objects.filter(project__isnull=True).first(),
    )  # fmt: skip
    return Indicator.objects.create(
        framework=framework, question=question, name="Gouvernance", computation=computation,
        source_type="governance", source_params={"measure": measure, "body_kind": kind},
    )  # fmt: skip


def test_the_engine_computes_governance_indicators(small):
    organisation, board = small
    # A residents' committee with one resident: left out when the body kind is the board.
    committee = GoverningBody.objects.create(organisation=organisation, kind="comite_habitants")
    _mandate(committee, "Farid Test", "homme", "habitant", date(2024, 1, 1))
    indicator = _indicator(organisation, "residents_share", kind="conseil_administration")
    value = compute(indicator, Period(date(2025, 1, 1), date(2025, 12, 31)))
    assert value.value == pytest.approx(50.0) and value.is_percent and value.n == 4
    assert {row.key: row.estimate.value for row in value.by_group} == pytest.approx(
        {"habitant": 50.0, "benevole": 25.0, "partenaire": 25.0}
    )
    assert "habitants en fonction" in value.rule
    assert "Test" not in value.rule  # no name in what an indicator says
    # All bodies pooled: 3 residents in 5 seats.
    indicator.source_params = {"measure": "residents_share"}
    assert compute(indicator, Period(date(2025, 1, 1), date(2025, 12, 31))).value == 60.0
    indicator.source_params = {"measure": "renewal_rate", "body_kind": "conseil_administration"}
    value = compute(indicator, Period(date(2025, 1, 1), date(2025, 12, 31)))
    assert value.value == pytest.approx(200 / 3)
    assert {row.key: row.estimate.n for row in value.by_group} == {"habitant": 1, "benevole": 1}
    indicator.source_params = {"measure": "attendance_rate"}
    value = compute(indicator, Period(date(2025, 1, 1), date(2025, 12, 31)))
    assert value.value == pytest.approx(100 * (2 / 3 + 1) / 2)
    assert value.records.count() == 2  # the meetings read, not the people
    indicator.computation = "count"
    indicator.source_params = {"measure": "meetings"}
    assert compute(indicator, Period(date(2024, 1, 1), date(2025, 12, 31))).value == 3
    # Mean of the yearly values: 2 co-presidents at the end of 2025, 1 at the end of 2024.
    indicator.computation = "mean"
    indicator.source_params = {"measure": "co_presidents"}
    assert compute(indicator, Period(date(2024, 1, 1), date(2025, 12, 31))).value == 1.5


def test_incomplete_definitions_are_refused_in_french():
    assert "gouvernance" in source_errors("governance", "latest", {})["measure"]
    assert "part" in source_errors("governance", "count", {"measure": "women_share"})["measure"]
    assert not source_errors("governance", "count", {"measure": "meetings"})
    errors = source_errors("governance", "latest", {"measure": "meetings", "body_kind": "x"})
    assert "Type d'instance inconnu" in errors["body_kind"]


def _board_url(world, name="governance_body", **extra):
    board = GoverningBody.objects.get(organisation__slug="falaises", kind="conseil_administration")
    return reverse(f"organisations:{name}", kwargs={"slug": "falaises", "body_id": board.pk},
                   **extra), board  # fmt: skip


def test_the_falaises_page_shows_the_co_presidency_and_the_rules(world, client_of):
    page = client_of(DIRECTION).get(reverse("organisations:governance", args=["falaises"]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Conseil d&#x27;administration" in html or "Conseil d'administration" in html
    assert "oui (2 co-président·es)" in html
    assert "Jean-Pierre Lemonnier" in html and "Nadège Letellier" in html  # its own people
    assert "ne compte plus ce jour-là" in html  # the rule of each figure


def test_refusals_name_the_field_and_keep_what_was_typed(world, client_of):
    client = client_of(REFERENTE)
    url, board = _board_url(world)
    mandate_url = reverse("organisations:governance_mandate_add",
                          kwargs={"slug": "falaises", "body_id": board.pk})  # fmt: skip
    typed = {"person_name": "Personne Fictive", "gender": "femme", "group": "habitant",
             "role": "membre", "started_on": "2026-10-01", "ended_on": "2026-09-01"}  # fmt: skip
    page = client.post(mandate_url, typed)
    html = page.content.decode()
    assert page.status_code == 400
    assert "La fin du mandat (01/09/2026) précède son début (01/10/2026)." in html
    assert 'value="Personne Fictive"' in html
    # The 28 seats of the board are taken.
    page = client.post(mandate_url, {"person_name": "Personne Fictive", "gender": "femme",
                                     "group": "habitant", "role": "membre",
                                     "started_on": "2026-10-01"})  # fmt: skip
    assert "les 28 sièges de l&#x27;instance sont déjà occupés" in page.content.decode()
    meeting_url = reverse("organisations:governance_meeting_add",
                          kwargs={"slug": "falaises", "body_id": board.pk})  # fmt: skip
    page = client.post(meeting_url, {"held_on": "2026-11-27", "present": "31"})
    assert page.status_code == 400
    assert "31 présents pour 28 membres en fonction le 27/11/2026" in page.content.decode()
    assert not BodyMeeting.objects.filter(body=board, held_on=date(2026, 11, 27)).exists()
    # A dissolved body takes no new mandate.
    board.dissolved_on = date(2026, 11, 30)
    board.save()
    page = client.post(mandate_url, {"person_name": "Autre Personne", "gender": "homme",
                                     "group": "benevole", "role": "membre",
                                     "started_on": "2026-12-01"})  # fmt: skip
    assert "l&#x27;instance est dissoute depuis le 30/11/2026" in page.content.decode()


def test_recording_a_meeting_and_ending_a_mandate(world, client_of):
    client = client_of(DIRECTION)
    _url, board = _board_url(world)
    meeting_url = reverse("organisations:governance_meeting_add",
                          kwargs={"slug": "falaises", "body_id": board.pk})  # fmt: skip
    response = client.post(meeting_url, {"held_on": "2026-11-27", "present": "21"}, follow=True)
    assert "21 présents sur 28 membres" in response.content.decode()
    mandate = board.mandates.filter(ended_on__isnull=True, role="membre").first()
    end_url = reverse("organisations:governance_mandate_end",
                      kwargs={"slug": "falaises", "mandate_id": mandate.pk})  # fmt: skip
    client.post(end_url, {"ended_on": "2026-11-28"})
    mandate.refresh_from_db()
    assert mandate.ended_on == date(2026, 11, 28)
    assert len(governance.members_on(board.mandates.all(), date(2026, 11, 28))) == 27


def test_the_network_view_hides_non_sharing_structures_and_every_name(world, client_of):
    url = reverse("organisations:network_governance", args=["reseau-causses"])
    for account in (FEDERATION, CAF):
        html = client_of(account).get(url + "?annee=2025").content.decode()
        assert "Gouvernance des structures accompagnées" in html
        assert html.count("non partagé") == len(world.extra["causses_not_sharing"])
        assert "Lou Cantou" in html and "Conseil d&#x27;administration" in html
        # L'Estive records its board but does not share: none of its figures appear.
        estive = GoverningBody.objects.get(
            organisation__slug="estive", kind="conseil_administration"
        )
        assert estive.mandates.exists()
        names = Mandate.objects.filter(
            body__organisation__slug__in=world.extra["causses_structures"]
        )
        for name in names.values_list("person_name", flat=True):
            assert name not in html
    board = governance.network_figures(world.networks["causses"], 2025)
    estive_row = next(s for s in board.structures if s.organisation.slug == "estive")
    assert not estive_row.shared and estive_row.rows == []
    boards = next(k for k in board.kinds if k.kind == "conseil_administration")
    assert boards.structures == 4 and boards.co_presidencies == 2


def test_the_projet_social_report_has_a_governance_part_without_names(world):
    from maillage.reports import content

    project = world.projects["projet-social-falaises-2023-2026"]
    period = Period(date(2026, 1, 1), date(2026, 12, 31))
    for audience in ("funders", "residents"):
        data = content.build(project, period, content.Options(audience=audience))
        rows = {row["body"]: row for row in data["governance"]["rows"]}
        assert rows["Conseil d'administration"]["members"] == "28"
        assert rows["Conseil d'administration"]["co_presidency"] == "oui (2)"
        text = str(data["governance"])
        assert "Lemonnier" not in text and "Letellier" not in text
    other = world.projects["bien-vieillir"]
    assert content.build(other, None).get("governance") is None


def test_the_indicator_form_offers_the_measure_and_the_body_kind(world):
    from maillage.evaluation.forms import IndicatorForm

    framework = world.projects["projet-social-falaises-2023-2026"].framework
    form = IndicatorForm(framework=framework)
    assert "women_share" in dict(form.fields["governance_measure"].choices)
    assert "bureau" in dict(form.fields["governance_body_kind"].choices)
    form.cleaned_data = {"source_type": "governance", "governance_measure": "women_share",
                         "governance_body_kind": "bureau"}  # fmt: skip
    assert form.source_params() == {"measure": "women_share", "body_kind": "bureau"}
