"""What collected evidence counts in the step tracker (evaluation/steps.py, step 6): survey
answers, activity sessions, volunteer time and testimonies.

One batch reads many projects at once (the network dashboard shows the steps of a hundred
structures), in a number of queries that does not grow with them; `pairs` is
[(project, framework)] and the result maps a project's pk to its evidence."""

from collections import Counter, defaultdict
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Count, Max, Q, Sum
from django.db.models.fields.json import KeyTextTransform
from django.utils.translation import ngettext

from maillage.collection.models import (
    Activity,
    ActivitySession,
    Answer,
    Question,
    Response,
    Survey,
    Testimony,
    VolunteerTime,
)
from maillage.core.stamps import digest
from maillage.evaluation.models import Indicator
from maillage.evaluation.steps import (
    CountedRows,
    Evidence,
    reads_rows,
    register_evidence_batch,
)
from maillage.projects.models import Meeting, Membership, Project


class _Scope:
    """What every counter needs of the projects, read once: their indicators by source, the
    lead structures of each projet social (whose everyday records count for it), and the
    projects each activity counts for (records.project_activity_scope, for many)."""

    def __init__(self, pairs):
        self.ids = [p.pk for p, _f in pairs]
        projects = {framework.pk: project.pk for project, framework in pairs}
        # (project, indicator, source, survey code, question code): the two codes read out of
        # the parameters by the database, not each indicator's JSON decoded here (1,100
        # indicators on a network dashboard: 4.6 ms of decoding).
        self.indicators: list[tuple[int, int, str, str | None, str | None]] = [
            (projects[framework_id], pk, source, survey, question)
            for framework_id, pk, source, survey, question in Indicator.objects.filter(
                framework_id__in=projects
            ).values_list(
                "framework_id", "pk", "source_type",
                KeyTextTransform("survey", "source_params"),
                KeyTextTransform("question", "source_params"),
            )
        ]  # fmt: skip
        social = [p.pk for p, _f in pairs if p.kind == Project.Kind.SOCIAL_PROJECT]
        # Organisation pk -> the projets sociaux it leads.
        self.by_lead: dict[int, set[int]] = defaultdict(set)
        rows = Membership.objects.filter(project_id__in=social, role=Membership.Role.LEAD)
        for project_id, organisation_id in rows.values_list(
            "project_id", "organisation_id"
        ).order_by():
            self.by_lead[organisation_id].add(project_id)
        self.activities: dict[int, set[int]] = defaultdict(set)
        activities = Activity.objects.filter(project_id__in=self.ids)
        if self.by_lead:
            activities = activities | Activity.objects.filter(
                project__isnull=True, organisation_id__in=self.by_lead
            )
        for pk, project_id, organisation_id in activities.values_list(
            "pk", "project_id", "organisation_id"
        ):
            if project_id is None:
                self.activities[pk] |= self.by_lead[organisation_id]
            else:
                self.activities[pk].add(project_id)

    def ids_by_source(self, source_type: str) -> dict[int, set[int]]:
        found: dict[int, set[int]] = {pk: set() for pk in self.ids}
        for project_id, pk, source, _survey, _question in self.indicators:
            if source == source_type:
                found[project_id].add(pk)
        return found


def rows_read(ids: list[int]) -> list:
    """Every row `collected` reads of these projects (pks), for the step tracker's stamp
    (steps._kept_key), in the scopes of `_Scope` and the counters below. Answers are counted
    under their surveys' responses, as in `_answer_counts`: an answer is only ever stored or
    deleted with its response, whose count and latest pk then change."""
    leads = Membership.objects.filter(
        project_id__in=ids, project__kind=Project.Kind.SOCIAL_PROJECT, role=Membership.Role.LEAD
    ).values("organisation_id")
    codes = Indicator.objects.filter(
        framework__project_id__in=ids, source_type="survey_question"
    ).values(code=KeyTextTransform("survey", "source_params"))
    # Each scope in two parts, the project's own rows and the lead structures' rows linked to no
    # project, so that each part is read through its index (as one OR, PostgreSQL hashed the
    # nation's 2.4 million sessions: 190 ms).
    own, led = Q(project_id__in=ids), Q(project__isnull=True, organisation_id__in=leads)
    own_activity = Q(activity__project_id__in=ids)
    led_activity = Q(activity__project__isnull=True, activity__organisation_id__in=leads)
    return [
        Membership.objects.filter(project_id__in=ids),
        Indicator.objects.filter(framework__project_id__in=ids),
        Activity.objects.filter(own),
        Activity.objects.filter(led),
        CountedRows(ActivitySession.objects.filter(own_activity)),
        CountedRows(ActivitySession.objects.filter(led_activity)),
        VolunteerTime.objects.filter(own_activity),
        VolunteerTime.objects.filter(led_activity),
        VolunteerTime.objects.filter(activity__isnull=True, organisation_id__in=leads),
        Testimony.objects.filter(own),
        Testimony.objects.filter(led),
        Testimony.goals.through.objects.filter(transformationgoal__framework__project_id__in=ids),
        Survey.objects.filter(code__in=codes),
        Question.objects.filter(survey__code__in=codes),
        CountedRows(Response.objects.filter(survey__code__in=codes)),
        Meeting.objects.filter(project_id__in=ids),
    ]


@register_evidence_batch
@reads_rows(rows_read)
def collected(pairs) -> dict[int, list[Evidence]]:
    """Every kind of collected evidence, in the order the step tracker states them."""
    scope = _Scope(pairs)
    result: dict[int, list[Evidence]] = defaultdict(list)
    for counter in (survey_answers, activity_sessions, volunteer_time, testimonies_collected,
                    meetings):  # fmt: skip
        for project_id, items in counter(scope).items():
            result[project_id].extend(items)
    return result


def survey_answers(scope: _Scope) -> dict[int, list[Evidence]]:
    """Answers to the survey questions that the framework's indicators designate."""
    wanted: dict[tuple[str, str], list[tuple[int, int]]] = {}  # -> [(project, indicator)]
    for project_id, pk, source, survey, question in scope.indicators:
        if source != "survey_question":
            continue
        if survey and question:
            wanted.setdefault((survey, question), []).append((project_id, pk))
    if not wanted:
        return {}
    codes = {survey for survey, _question in wanted}
    # Counted by question id: the answers' own index, no join (a hundred structures' surveys
    # hold some 750,000 answers on the national dataset).
    # The surveys as a subquery: joined by code, PostgreSQL hashed every question of the nation
    # that bears one of these codes (16,000 rows, 8 ms); through the subquery it reads each
    # survey's questions by its index (2.5 ms). No ordering: the survey's default one sorts.
    questions = {
        pk: (survey, code)
        for pk, survey, code in Question.objects.filter(
            survey__in=Survey.objects.filter(code__in=codes),
            code__in={question for _survey, question in wanted},
        )
        .order_by()
        .values_list("pk", "survey__code", "code")
        if (survey, code) in wanted
    }
    counts = [
        (*questions[question_id], n) for question_id, n in _answer_counts(questions, codes).items()
    ]
    count: Counter = Counter()
    fed: dict[int, set[int]] = defaultdict(set)
    counted: set[tuple[int, str, str]] = set()
    for survey, question, n in counts:
        for project_id, indicator_id in wanted.get((survey, question), []):
            # A question designated by two indicators of one project counts once for it.
            if (project_id, survey, question) not in counted:
                counted.add((project_id, survey, question))
                count[project_id] += n
            fed[project_id].add(indicator_id)
    result = {}
    for project_id in {project_id for items in wanted.values() for project_id, _i in items}:
        text = ngettext(
            "%(count)s réponse à un questionnaire",
            "%(count)s réponses aux questionnaires",
            count[project_id],
        ) % {"count": count[project_id]}
        result[project_id] = [Evidence(text, count[project_id], fed[project_id])]
    return result


ANSWER_COUNTS_TIMEOUT = 10 * 60  # seconds


def _answer_counts(questions, codes) -> dict[int, int]:
    """Answers by question id, kept in the cache under a stamp of the surveys' responses.

    Counting them reads every answer of a hundred structures' surveys (750,000 on the national
    dataset) at each reading of the network dashboard. Answers are only ever stored with their
    response (collection.surveys), so the surveys' number of responses and latest response pk
    change whenever an answer comes or goes: the next reading counts afresh."""
    ids = sorted(questions)
    marker = (
        Response.objects.filter(survey__code__in=codes)
        .order_by()
        .aggregate(n=Count("pk"), last=Max("pk"))
    )
    key = f"evidence-answers:1:{digest([ids, marker['n'], marker['last']])}"
    found = cache.get(key)
    if found is None:
        found = dict(
            Answer.objects.filter(question_id__in=ids)
            .values("question_id")
            .annotate(n=Count("*"))
            .values_list("question_id", "n")
            .order_by()
        )
        cache.set(key, found, ANSWER_COUNTS_TIMEOUT)
    return found


def activity_sessions(scope: _Scope) -> dict[int, list[Evidence]]:
    """Sessions of the project's activities (records.project_activity_scope) feed every indicator
    whose source is activity records."""
    activities = scope.activities
    count: Counter = Counter()
    if activities:
        rows = (
            ActivitySession.objects.filter(activity_id__in=activities)
            .values("activity_id")
            .annotate(n=Count("*"))
            .values_list("activity_id", "n")
            .order_by()
        )
        for activity_id, n in rows:
            for project_id in activities[activity_id]:
                count[project_id] += n
    indicators = scope.ids_by_source("activity_records")
    result = {}
    for project_id, n in count.items():
        text = ngettext(
            "%(count)s séance d'activité relevée", "%(count)s séances d'activité relevées", n
        ) % {"count": n}
        result[project_id] = [Evidence(text, n, indicators[project_id])]
    return result


def volunteer_time(scope: _Scope) -> dict[int, list[Evidence]]:
    """Volunteer time of the project's activities, and for a projet social the lead
    structure's time given to no activity (records.project_volunteer_time, for many)."""
    activities, by_lead = scope.activities, scope.by_lead
    count: Counter = Counter()
    hours: dict[int, Decimal] = defaultdict(Decimal)

    def add(projects, n, total):
        for project_id in projects:
            count[project_id] += n
            hours[project_id] += total or 0

    if activities:
        rows = (
            VolunteerTime.objects.filter(activity_id__in=activities)
            .values("activity_id")
            .annotate(n=Count("pk"), h=Sum("hours"))
            .values_list("activity_id", "n", "h")
            .order_by()
        )
        for activity_id, n, total in rows:
            add(activities[activity_id], n, total)
    if by_lead:
        rows = (
            VolunteerTime.objects.filter(activity__isnull=True, organisation_id__in=by_lead)
            .values("organisation_id")
            .annotate(n=Count("pk"), h=Sum("hours"))
            .values_list("organisation_id", "n", "h")
            .order_by()
        )
        for organisation_id, n, total in rows:
            add(by_lead[organisation_id], n, total)
    indicators = scope.ids_by_source("volunteer_time")
    result = {}
    for project_id, n in count.items():
        if not n:
            continue
        text = ngettext(
            "%(count)s saisie de temps bénévole (%(hours)s h)",
            "%(count)s saisies de temps bénévole (%(hours)s h)",
            n,
        ) % {"count": n, "hours": f"{hours[project_id]:.0f}"}
        result[project_id] = [Evidence(text, n, indicators[project_id])]
    return result


def testimonies_collected(scope: _Scope) -> dict[int, list[Evidence]]:
    """Testimonies linked to the project or to one of its objectives; for a projet social, also
    the lead structures' testimonies linked to no project (testimonies.project_testimonies)."""
    ids, by_lead = scope.ids, scope.by_lead
    found: dict[int, set[int]] = defaultdict(set)
    for pk, project_id in Testimony.objects.filter(project_id__in=ids).values_list(
        "pk", "project_id"
    ):
        found[project_id].add(pk)
    through = Testimony.goals.through.objects.filter(
        transformationgoal__framework__project_id__in=ids
    ).values_list("testimony_id", "transformationgoal__framework__project_id")
    for pk, project_id in through:
        found[project_id].add(pk)
    if by_lead:
        rows = Testimony.objects.filter(project__isnull=True, organisation_id__in=by_lead)
        for pk, organisation_id in rows.values_list("pk", "organisation_id"):
            for project_id in by_lead[organisation_id]:
                found[project_id].add(pk)
    indicators = scope.ids_by_source("testimonies")
    result = {}
    for project_id, testimonies in found.items():
        n = len(testimonies)
        text = ngettext("%(count)s témoignage recueilli", "%(count)s témoignages recueillis", n) % {
            "count": n
        }
        result[project_id] = [Evidence(text, n, indicators[project_id])]
    return result


def meetings(scope: _Scope) -> dict[int, list[Evidence]]:
    rows = (
        Meeting.objects.filter(project_id__in=scope.ids)
        .values("project_id")
        .annotate(n=Count("pk"))
        .values_list("project_id", "n")
        .order_by()
    )
    count = dict(rows)
    indicators = scope.ids_by_source("meetings")
    result = {}
    for project_id, n in count.items():
        text = ngettext("%(count)s rencontre consignée", "%(count)s rencontres consignées", n) % {
            "count": n
        }
        result[project_id] = [Evidence(text, n, indicators[project_id])]
    return result
