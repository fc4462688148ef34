"""What the step tracker counts of deliberation (evaluation/steps.py, step 8): evaluative
questions that have a written answer."""

from maillage.analysis.models import QuestionAnswer
from maillage.evaluation.steps import Judgements, register_judgement_counter


@register_judgement_counter
def answered_questions(project, framework) -> Judgements:
    answered = QuestionAnswer.objects.filter(question__framework=framework).exclude(text="")
    return Judgements(questions_judged=answered.count())
