"""Each kind of indicator computed on small hand-made data, with its breakdowns and its trace."""

import uuid
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from maillage.analysis.indicators import Period, compute, trend
from maillage.collection import records
from maillage.collection.models import (
    Activity,
    Answer,
    Choice,
    Question,
    Response,
    Survey,
    VolunteerTime,
)
from maillage.collection.models import Testimony as Quote  # not collected by pytest
from maillage.collection.testimonies import set_tags
from maillage.evaluation.actions import framework_for
from maillage.evaluation.models import Criterion, EvaluativeQuestion, Indicator, ManualValue
from maillage.projects.models import Membership, Project

pytestmark = pytest.mark.django_db
YEAR = Period(date(2025, 1, 1), date(2025, 12, 31))


@pytest.fixture
def project(world):
    item = Project.objects.create(
        title="Essai", slug="essai", kind=Project.Kind.COOPERATION,
        period_start=date(2024, 1, 1), period_end=date(2026, 12, 31),
    )  # fmt: skip
    for slug, role in (("falaises", Membership.Role.LEAD), ("moulin", Membership.Role.PARTNER)):
        Membership.objects.create(project=item, organisation=world.organisations[slug], role=role)
    return item


def indicator(project, computation, source, params, **fields):
    framework = framework_for(project)
    question = framework.questions.first() or EvaluativeQuestion.objects.create(
        framework=framework, text="Question ?", criterion=Criterion.objects.first()
    )
    return Indicator.objects.create(
        framework=framework, question=question, name="indicateur", computation=computation,
        source_type=source, source_params=params, **fields,
    )  # fmt: skip


@pytest.fixture
def survey(project, world):
    item = Survey.objects.create(
        organisation=world.organisations["falaises"], project=project, code="essai-2025",
        title="Essai",
    )  # fmt: skip
    kinds = {"groupe": "group", "note": "scale", "venu": "yes_no", "avant": "scale",
             "apres": "scale", "besoin": "single"}  # fmt: skip
    for order, (code, kind) in enumerate(kinds.items()):
        Question.objects.create(survey=item, code=code, type=kind, label=code, order=order,
                                scale_max=5 if kind == "scale" else None)  # fmt: skip
    besoin = item.questions.get(code="besoin")
    for value in ("lien", "droits"):
        Choice.objects.create(question=besoin, value=value, label=value.capitalize())
    return item


def respond(survey, when, group, **answers):
    response = Response.objects.create(
        survey=survey, submission_key=uuid.uuid4(), respondent_group=group,
        submitted_at=timezone.make_aware(datetime.combine(when, datetime.min.time())),
    )  # fmt: skip
    for code, value in answers.items():
        question = survey.questions.get(code=code)
        answer = Answer(response=response, question=question)
        if question.type == "scale":
            answer.choices, answer.number = [str(value)], Decimal(value)
        else:
            answer.choices = [value]
        answer.save()


def test_share_of_answers_with_wilson_interval_and_breakdown_by_group(project, survey):
    day = date(2025, 3, 1)
    for note, group in [(5, "habitant"), (4, "habitant"), (2, "habitant"), (4, "benevole"),
                        (1, "benevole")]:  # fmt: skip
        respond(survey, day, group, note=note)
    respond(survey, date(2024, 3, 1), "habitant", note=5)  # another year
    params = {"survey": "essai-2025", "question": "note"}
    item = indicator(project, "share", "survey_question", params,
                     condition_operator="gte", condition_value="4")  # fmt: skip
    value = compute(item, YEAR)
    assert value.is_percent and value.n == 5
    assert value.value == pytest.approx(60.0)
    assert (value.estimate.low, value.estimate.high) == pytest.approx((23.07, 88.24), abs=0.01)
    assert value.small_sample
    groups = {row.key: row.estimate.value for row in value.by_group}
    assert groups == {"habitant": pytest.approx(200 / 3), "benevole": pytest.approx(50.0)}
    assert value.records.count() == 5  # the rows behind the figure
    assert "Wilson" in value.rule
    assert [point.n for point in trend(item)] == [1, 5, 0]  # 2024, 2025, 2026: one point a year


def test_mean_and_distribution_of_choices(project, survey):
    for note, besoin in [(3, "lien"), (4, "lien"), (5, "droits")]:
        respond(survey, date(2025, 5, 1), "habitant", note=note, besoin=besoin)
    mean = compute(indicator(project, "mean", "survey_question",
                             {"survey": "essai-2025", "question": "note"}), YEAR)  # fmt: skip
    assert mean.value == pytest.approx(4.0) and mean.estimate.low < 4 < mean.estimate.high
    count = compute(indicator(project, "count", "survey_question",
                              {"survey": "essai-2025", "question": "besoin"}), YEAR)  # fmt: skip
    assert count.value == 3
    assert [(row.label, row.estimate.value) for row in count.distribution] == [
        ("Lien", 2),
        ("Droits", 1),
    ]


def test_before_after_change_on_the_same_people(project, survey):
    for before, after in [(3, 4), (2, 4), (4, 4), (2, 3), (3, 5)]:
        respond(survey, date(2025, 6, 1), "benevole", avant=before, apres=after)
    respond(survey, date(2025, 6, 1), "benevole", apres=5)  # no « before »: not paired
    item = indicator(project, "change", "survey_question", {"survey": "essai-2025",
                     "question": "apres", "before_question": "avant"})  # fmt: skip
    value = compute(item, YEAR)
    assert value.n == 5
    assert value.change.before == pytest.approx(2.8) and value.change.after == pytest.approx(4.0)
    assert value.change.t_test_p == pytest.approx(0.0327, abs=1e-4)
    assert value.change.effect_label == "grand"
    # Records are the « after » answers, built when listed.
    assert value.records.count() == 6


def test_change_against_a_before_question_that_does_not_exist(project, survey):
    respond(survey, date(2025, 6, 1), "benevole", avant=2, apres=4)
    item = indicator(project, "change", "survey_question", {"survey": "essai-2025",
                     "question": "apres", "before_question": "disparue"})  # fmt: skip
    value = compute(item, YEAR)
    assert value.n == 0 and value.value is None
    assert [point.value for point in trend(item)] == [None, None, None]


def test_activity_records_count_sessions_attendances_people_and_hours(project, world):
    falaises = world.organisations["falaises"]
    workshop = Activity.objects.create(organisation=falaises, project=project, name="Essai",
                                       code="essai", default_duration=Decimal("2"))  # fmt: skip
    other = Activity.objects.create(organisation=falaises, name="Hors projet", code="hors")
    records.record_session(workshop, on=date(2025, 2, 1), duration=None,
                           counts={"habitant": 5, "benevole": 1}, names=["Ana", "Bo"])  # fmt: skip
    records.record_session(workshop, on=date(2025, 2, 8), duration=Decimal("1.5"),
                           counts={"habitant": 3}, names=["Ana"])  # fmt: skip
    records.record_session(other, on=date(2025, 2, 8), duration=None, counts={"habitant": 9})
    params = {"activity": "essai"}
    figures = {
        measure: compute(indicator(project, "count", "activity_records",
                                   {**params, "measure": measure}), YEAR).value
        for measure in ("sessions", "attendances", "participants", "hours")
    }  # fmt: skip
    assert figures == {"sessions": 2, "attendances": 9, "participants": 2, "hours": 3.5}
    per_session = compute(indicator(project, "mean", "activity_records",
                                    {**params, "measure": "attendances"}), YEAR)  # fmt: skip
    assert per_session.value == pytest.approx(4.5)
    groups = {row.key: row.estimate.value for row in per_session.by_group}
    assert groups == {"habitant": 8, "benevole": 1}


def test_volunteer_time_valued_at_the_smic_or_a_chosen_rate(project, world):
    falaises, moulin = world.organisations["falaises"], world.organisations["moulin"]
    workshop = Activity.objects.create(organisation=falaises, project=project, name="E", code="e")
    shared = Activity.objects.create(organisation=moulin, project=project, name="M", code="m")
    VolunteerTime.objects.create(organisation=falaises, activity=workshop, date=date(2025, 3, 31),
                                 group_label="Équipe", hours=Decimal("10"))  # fmt: skip
    VolunteerTime.objects.create(organisation=moulin, activity=shared, date=date(2024, 10, 31),
                                 group_label="Équipe", hours=Decimal("4"))  # fmt: skip
    whole = Period(date(2024, 1, 1), date(2025, 12, 31))
    hours = compute(indicator(project, "sum", "volunteer_time", {"measure": "hours"}), whole)
    assert hours.value == 14
    assert {row.label: row.estimate.value for row in hours.by_member} == {
        "Centre social Les Falaises": 10, "Centre social du Moulin": 4,
    }  # fmt: skip
    assert {row.label: row.estimate.value for row in hours.by_activity} == {"E": 10, "M": 4}
    euros = compute(indicator(project, "sum", "volunteer_time", {"measure": "value_eur"}), whole)
    assert euros.value == pytest.approx(10 * 11.88 + 4 * 11.65)  # SMIC of each date
    chosen = compute(indicator(project, "sum", "volunteer_time",
                               {"measure": "value_eur", "hourly_rate": "20"}), whole)  # fmt: skip
    assert chosen.value == pytest.approx(280.0) and "20 €" in chosen.rule


def test_manual_values_latest_sum_and_mean(project, world):
    for computation, expected in (("latest", 30.0), ("sum", 50.0), ("mean", 25.0)):
        item = indicator(project, computation, "manual", {})
        for year, value in ((2024, 20), (2025, 30)):
            ManualValue.objects.create(indicator=item, period_start=date(year, 1, 1),
                                       period_end=date(year, 12, 31), value=value)  # fmt: skip
        assert compute(item, Period(date(2024, 1, 1), date(2025, 12, 31))).value == expected


def test_testimonies_by_theme(project, world):
    falaises = world.organisations["falaises"]
    for tags in (["entraide"], ["entraide", "transmission"], ["couture"]):
        testimony = Quote.objects.create(
            organisation=falaises, project=project, text="…", author_group="habitant",
            said_on=date(2025, 4, 1), consent_on=date(2025, 4, 1),
        )  # fmt: skip
        set_tags(testimony, tags)
    item = indicator(project, "themes", "testimonies", {"themes": ["Entraide", "transmission"]})
    value = compute(item, YEAR)
    assert (value.value, value.n) == (2, 3)
    assert [(row.label, row.estimate.value) for row in value.distribution] == [
        ("Entraide", 2),
        ("transmission", 1),
    ]


def test_meetings_count_meetings_structures_and_attendances(project, world):
    from maillage.projects.models import Meeting, MeetingAttendance

    falaises, moulin = world.organisations["falaises"], world.organisations["moulin"]
    for day, present in ((date(2025, 1, 9), [(falaises, 3), (moulin, 2)]),
                         (date(2025, 2, 6), [(falaises, 4)])):  # fmt: skip
        meeting = Meeting.objects.create(project=project, kind="reunion_mensuelle", held_on=day)
        for organisation, count in present:
            MeetingAttendance.objects.create(
                meeting=meeting, organisation=organisation, group="salarie", count=count
            )
    Meeting.objects.create(project=project, kind="comite_pilotage", held_on=date(2025, 3, 1))
    monthly = {"meeting_types": ["reunion_mensuelle"]}
    assert compute(indicator(project, "count", "meetings", {**monthly, "measure": "meetings"}),
                   YEAR).value == 2  # fmt: skip
    per_meeting = compute(indicator(project, "mean", "meetings",
                                    {**monthly, "measure": "organisations"}), YEAR)  # fmt: skip
    assert per_meeting.value == pytest.approx(1.5)
    people = compute(indicator(project, "sum", "meetings", {"measure": "attendances"}), YEAR)
    assert people.value == 9
    assert {row.label: row.estimate.value for row in people.by_member} == {
        "Centre social Les Falaises": 7, "Centre social du Moulin": 2,
    }  # fmt: skip


def test_meetings_may_count_the_networks_sessions_the_members_attended(project, world):
    from maillage.organisations.models import (
        Network,
        NetworkSession,
        NetworkSessionAttendance,
        Organisation,
    )

    falaises, moulin = world.organisations["falaises"], world.organisations["moulin"]
    outsider = Organisation.objects.create(name="Autre EVS", slug="autre-evs", kind="evs")
    network = Network.objects.create(name="Réseau test", slug="reseau-test-ateliers")
    attended = NetworkSession.objects.create(
        network=network, kind="atelier_collectif", held_on=date(2025, 4, 3)
    )
    for organisation, group, count in [(falaises, "salarie", 2), (falaises, "habitant", 3),
                                       (outsider, "salarie", 10)]:  # fmt: skip
        NetworkSessionAttendance.objects.create(
            session=attended, organisation=organisation, group=group, count=count
        )
    nobody_came = NetworkSession.objects.create(
        network=network, kind="atelier_collectif", held_on=date(2025, 5, 3)
    )
    NetworkSessionAttendance.objects.create(
        session=nobody_came, organisation=outsider, group="salarie", count=4
    )
    params = {"meeting_types": ["atelier_collectif"], "network_sessions": True}
    people = compute(indicator(project, "sum", "meetings", {**params, "measure": "attendances"}),
                     YEAR)  # fmt: skip
    assert people.value == 5  # the project's members only, never the outsider's ten
    assert list(people.records) == [attended]
    assert "séances collectives des réseaux" in people.rule
    sessions = compute(indicator(project, "count", "meetings", {**params, "measure": "meetings"}),
                       YEAR)  # fmt: skip
    assert sessions.value == 1
    assert moulin.pk not in {int(row.key) for row in people.by_member}


def test_the_demo_frameworks_compute_from_their_data(world):
    falaises = Indicator.objects.filter(framework__project__slug="projet-social-falaises-2023-2026")
    values = {item.name: compute(item) for item in falaises}
    confidence = next(v for name, v in values.items() if "confiance en soi" in name)
    assert confidence.n == 37 and confidence.change.change.value > 0
    hours = next(v for name, v in values.items() if name == "Heures de bénévolat")
    assert hours.value > 10_000
    computed = [v for v in values.values() if v.value is not None]
    assert len(computed) == len(values)  # every indicator has a value, none is invented
