"""What collected evidence counts in the step tracker (evaluation/steps.py, step 6)."""

from django.db.models import Count
from django.utils.translation import ngettext

from maillage.collection.models import Answer
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
