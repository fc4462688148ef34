"""What the step tracker counts of deliberation (evaluation/steps.py, step 8): evaluative
questions that have a written answer."""

from django.db.models import Count

from maillage.analysis.models import QuestionAnswer
from maillage.evaluation.steps import Judgements, reads_rows, register_judgement_batch


@register_judgement_batch
@reads_rows(lambda ids: [QuestionAnswer.objects.filter(question__framework__project_id__in=ids)])
def answered_questions(pairs) -> dict[int, Judgements]:
    """For many projects at once (pairs of project and framework): one query."""
    projects = {framework.pk: project.pk for project, framework in pairs}
    rows = (
        QuestionAnswer.objects.filter(question__framework_id__in=projects)
        .exclude(text="")
        .values("question__framework_id")
        .annotate(n=Count("pk"))
        .values_list("question__framework_id", "n")
        .order_by()
    )
    return {projects[framework_id]: Judgements(questions_judged=n) for framework_id, n in rows}
