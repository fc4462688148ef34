"""A common indicator pooled over the structures of a network, or of the nation: the same numbers
as each structure's own computation put together, and only structures that share their values."""

import uuid
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from maillage.analysis import aggregates, tasks
from maillage.analysis.indicators import Period, compute
from maillage.analysis.models import IndicatorFigure
from maillage.analysis.statistics import wilson
from maillage.collection import records
from maillage.collection.models import Activity, Answer, Question, Response, Survey
from maillage.collection.models import Testimony as Quote  # not collected by pytest
from maillage.evaluation.models import Criterion, EvaluativeQuestion, Framework, Indicator
from maillage.organisations.models import Network, NetworkMembership, NetworkShare, Organisation
from maillage.organisations.network_dashboard import comparison
from maillage.projects.models import Membership, Project

pytestmark = pytest.mark.django_db
YEAR = 2025
# Names of no demo indicator: the demo world's networks are in the database too.
SHARE = "Essai — part des habitants qui disent avoir gagné en confiance"
MEAN = "Essai — confiance moyenne (sur 5)"
ATTENDANCES = "Essai — participations aux activités"
TESTIMONIES = "Essai — témoignages recueillis"
NAMES = [SHARE, MEAN, ATTENDANCES, TESTIMONIES]


def _indicators(framework, survey_code=None):
    question = EvaluativeQuestion.objects.create(
        framework=framework, text="Les habitants ont-ils gagné en confiance ?",
        criterion=Criterion.objects.first(),
    )  # fmt: skip
    survey = {"survey": survey_code, "question": "confiance"} if survey_code else {}
    specs = [
        (SHARE, "share", "survey_question", survey, "gte", "4"),
        (MEAN, "mean", "survey_question", survey, "", ""),
        (ATTENDANCES, "sum", "activity_records", {"measure": "attendances"}, "", ""),
        (TESTIMONIES, "count", "testimonies", {}, "", ""),
    ]
    for name, computation, source, params, operator, value in specs:
        Indicator.objects.create(
            framework=framework, question=question, name=name, computation=computation,
            source_type=source, source_params=params, condition_operator=operator,
            condition_value=value,
        )  # fmt: skip


def _answer(survey, when, group, note):
    response = Response.objects.create(
        survey=survey, submission_key=uuid.uuid4(), respondent_group=group,
        submitted_at=timezone.make_aware(datetime.combine(when, datetime.min.time())),
    )  # fmt: skip
    Answer.objects.create(response=response, question=survey.questions.get(code="confiance"),
                          choices=[str(note)], number=Decimal(note))  # fmt: skip


def make_network(slug, notes, sharing):
    """A network with one structure per list of `notes` (its survey's answers in 2025); the
    structures whose index is in `sharing` share their indicator values with it."""
    network = Network.objects.create(name=f"Réseau {slug}", slug=slug)
    common = Framework.objects.create(network=network, title="Socle commun")
    _indicators(common)
    structures = []
    for i, answers in enumerate(notes):
        org = Organisation.objects.create(name=f"Centre {slug} {i}", slug=f"{slug}-{i}",
                                          kind="centre_social")  # fmt: skip
        NetworkMembership.objects.create(network=network, organisation=org, role="accompanied")
        if i in sharing:
            NetworkShare.objects.create(network=network, organisation=org,
                                        scope=NetworkShare.Scope.INDICATOR_VALUES)  # fmt: skip
        project = Project.objects.create(
            title=f"Projet social {slug} {i}", slug=f"ps-{slug}-{i}",
            kind=Project.Kind.SOCIAL_PROJECT, period_start=date(2024, 1, 1),
            period_end=date(2027, 12, 31),
        )  # fmt: skip
        Membership.objects.create(project=project, organisation=org, role="porteur")
        copy = Framework.objects.create(project=project, copied_from=common)
        code = f"q-{slug}-{i}"
        survey = Survey.objects.create(organisation=org, project=project, code=code, title="Avis")
        Question.objects.create(survey=survey, code="confiance", type="scale", label="Confiance",
                                scale_max=5)  # fmt: skip
        _indicators(copy, code)
        for k, note in enumerate(answers):
            _answer(survey, date(YEAR, 3, 1), "habitant" if k % 2 else "benevole", note)
        _answer(survey, date(YEAR - 1, 3, 1), "habitant", 1)  # another year: never counted
        activity = Activity.objects.create(organisation=org, project=project, name="Atelier",
                                           code="atelier")  # fmt: skip
        for day in range(1, 2 + i):
            records.record_session(activity, on=date(YEAR, 2, day), duration=None,
                                   counts={"habitant": 3 + i, "benevole": 1})  # fmt: skip
        for _k in range(i + 1):
            Quote.objects.create(organisation=org, project=project, text="…",
                                 author_group="habitant", said_on=date(YEAR, 4, 1),
                                 consent_on=date(YEAR, 4, 1))  # fmt: skip
        structures.append(org)
    return network, structures


def own_values(structures, name):
    period = Period(date(YEAR, 1, 1), date(YEAR, 12, 31))
    copies = aggregates.structure_copies(name, [o.pk for o in structures])
    return [compute(copies[o.pk], period) for o in structures]


@pytest.fixture
def networks():
    north, north_orgs = make_network("nord", [[5, 4, 2], [4, 4], [1, 3, 5, 5]], sharing={0, 1, 2})
    south, south_orgs = make_network("sud", [[5, 5], [2], [3, 4]], sharing={0, 2})
    return north, north_orgs, south, south_orgs


def test_national_share_pools_the_people_of_every_sharing_structure(networks):
    north, north_orgs, south, south_orgs = networks
    aggregates.refresh(YEAR)
    kept = IndicatorFigure.objects.filter(indicator__name__in=NAMES, year=YEAR)
    assert kept.count() == 4 * 5  # 4 common indicators × 5 sharing structures
    national = aggregates.aggregate(SHARE, YEAR)
    sharing = north_orgs + [south_orgs[0], south_orgs[2]]
    values = own_values(sharing, SHARE)
    # The same people as each structure's own value: successes and answers add up.
    successes = round(sum(v.value * v.n / 100 for v in values))
    answers = sum(v.n for v in values)
    assert (national.n, answers, successes) == (13, 13, 9)
    expected = wilson(successes, answers)
    assert national.value == pytest.approx(expected.value * 100)
    assert (national.estimate.low, national.estimate.high) == pytest.approx(
        (expected.low * 100, expected.high * 100)
    )
    assert national.is_percent and national.structures == 5
    assert national.sharing == len(aggregates.sharing_ids())
    assert "5 structures" in national.rule and "Wilson" in national.rule


def test_national_mean_counts_and_sums_are_those_of_all_answers_sessions_and_testimonies(networks):
    north, north_orgs, south, south_orgs = networks
    aggregates.refresh(YEAR)
    sharing = north_orgs + [south_orgs[0], south_orgs[2]]
    mean = aggregates.aggregate(MEAN, YEAR)
    notes = [5, 4, 2, 4, 4, 1, 3, 5, 5, 5, 5, 3, 4]
    assert mean.n == len(notes) == 13
    assert mean.value == pytest.approx(sum(notes) / len(notes))
    assert mean.estimate.low < mean.value < mean.estimate.high
    attendances = aggregates.aggregate(ATTENDANCES, YEAR)
    assert attendances.value == sum(v.value for v in own_values(sharing, ATTENDANCES))
    testimonies = aggregates.aggregate(TESTIMONIES, YEAR)
    assert testimonies.value == 1 + 2 + 3 + 1 + 3


def test_structures_that_do_not_share_or_left_the_network_are_not_counted(networks):
    north, north_orgs, south, south_orgs = networks
    aggregates.refresh(YEAR)
    # South's second structure never shared: its single « 2 » is nowhere.
    assert aggregates.aggregate(MEAN, YEAR).n == 13
    # A share withdrawn after the values were kept stops counting at once.
    NetworkShare.objects.filter(organisation=north_orgs[2]).delete()
    assert aggregates.aggregate(MEAN, YEAR).n == 9
    # Leaving the network ends its shares too.
    NetworkMembership.objects.filter(organisation=south_orgs[0]).delete()
    national = aggregates.aggregate(MEAN, YEAR)
    assert (national.n, national.structures) == (7, 3)


def test_a_network_figure_counts_only_its_own_structures_and_matches_its_dashboard(networks):
    north, north_orgs, south, south_orgs = networks
    aggregates.refresh(YEAR)
    south_share = aggregates.aggregate(SHARE, YEAR, network=south)
    assert (south_share.n, south_share.structures) == (4, 2)
    assert south_share.value == pytest.approx(75.0)  # 5, 5, 3, 4: three of four at 4 or more
    # The dashboard pools the values it computes for each structure: the same figure, live.
    table = comparison(south, south_orgs, south.common_frameworks.get(), YEAR)
    row = next(r for r in table.rows if r.indicator.name == SHARE)
    pool, count = aggregates.pool_values(cell.value for _org, cell in row.cells)
    assert count == 2 and pool.estimate == south_share.estimate
    assert row.total.value.estimate == south_share.estimate and row.total.text == "75 %"


def test_refresh_if_stale_recomputes_in_the_background_only_when_needed(networks):
    kept = IndicatorFigure.objects.filter(indicator__name__in=NAMES, year=YEAR)
    assert not kept.exists()
    assert tasks.refresh_if_stale(YEAR) is True  # nothing kept: the worker computes it
    assert kept.count() == 20
    assert tasks.refresh_if_stale(YEAR) is False  # fresh: nothing to do
    assert aggregates.kept_since(YEAR) is not None


def test_the_worker_keeps_the_values_fresh_every_night(networks):
    kept = IndicatorFigure.objects.filter(indicator__name__in=NAMES, year=YEAR)
    # The tests' backend runs tasks at once and cannot defer one: nothing is queued for tomorrow.
    assert tasks.schedule_refresh() is False
    count = tasks.nightly_refresh.call(year=YEAR)
    assert count == IndicatorFigure.objects.filter(year=YEAR).count() and kept.count() == 20
