"""What collected evidence counts in the step tracker (evaluation/steps.py, step 6): survey
answers, activity sessions, volunteer time and testimonies."""

from django.db.models import Count, Sum
from django.utils.translation import ngettext

from maillage.collection import records
from maillage.collection.models import Answer
from maillage.collection.testimonies import project_testimonies
from maillage.evaluation.steps import Evidence, register_evidence_counter


@register_evidence_counter
def survey_answers(project, framework) -> list[Evidence]:
    """Answers to the survey questions that the framework's indicators designate."""
    wanted: dict[tuple[str, str], list[int]] = {}
    for pk, params in framework.indicators.filter(source_type="survey_question").values_list(
        "pk", "source_params"
    ):
        survey, question = (params or {}).get("survey"), (params or {}).get("question")
        if survey and question:
            wanted.setdefault((survey, question), []).append(pk)
    if not wanted:
        return []
    codes = {survey for survey, _question in wanted}
    rows = (
        Answer.objects.filter(question__survey__code__in=codes)
        .values_list("question__survey__code", "question__code")
        .annotate(n=Count("pk"))
    )
    count, fed = 0, set()
    for survey, question, n in rows:
        if (survey, question) in wanted:
            count += n
            fed.update(wanted[(survey, question)])
    text = ngettext(
        "%(count)s réponse à un questionnaire", "%(count)s réponses aux questionnaires", count
    ) % {"count": count}
    return [Evidence(text, count, fed)]


def _ids(framework, source_type: str) -> set[int]:
    return set(framework.indicators.filter(source_type=source_type).values_list("pk", flat=True))


@register_evidence_counter
def activity_sessions(project, framework) -> list[Evidence]:
    """Sessions of the project's activities (records.project_activity_scope) feed every indicator
    whose source is activity records."""
    count = records.project_sessions(project).count()
    if not count:
        return []
    text = ngettext(
        "%(count)s séance d'activité relevée", "%(count)s séances d'activité relevées", count
    ) % {"count": count}
    return [Evidence(text, count, _ids(framework, "activity_records"))]


@register_evidence_counter
def volunteer_time(project, framework) -> list[Evidence]:
    entries = records.project_volunteer_time(project)
    count = entries.count()
    if not count:
        return []
    hours = entries.aggregate(total=Sum("hours"))["total"] or 0
    text = ngettext(
        "%(count)s saisie de temps bénévole (%(hours)s h)",
        "%(count)s saisies de temps bénévole (%(hours)s h)",
        count,
    ) % {"count": count, "hours": f"{hours:.0f}"}
    return [Evidence(text, count, _ids(framework, "volunteer_time"))]


@register_evidence_counter
def testimonies_collected(project, framework) -> list[Evidence]:
    count = project_testimonies(project).count()
    if not count:
        return []
    text = ngettext("%(count)s témoignage recueilli", "%(count)s témoignages recueillis", count) % {
        "count": count
    }
    return [Evidence(text, count, _ids(framework, "testimonies"))]


@register_evidence_counter
def meetings(project, framework) -> list[Evidence]:
    count = project.meetings.count()
    if not count:
        return []
    text = ngettext("%(count)s rencontre consignée", "%(count)s rencontres consignées", count) % {
        "count": count
    }
    return [Evidence(text, count, _ids(framework, "meetings"))]
