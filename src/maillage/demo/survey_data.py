"""Helpers of the demo steps that build surveys: questions and choices written as the builder
would, each question checked by `full_clean()`."""

from maillage.collection.models import Choice, Question, Survey


def add_survey(organisation, project, author, code, title, introduction) -> Survey:
    survey = Survey(
        organisation=organisation, project=project, code=code, title=title,
        introduction=introduction, created_by=author,
    )  # fmt: skip
    survey.full_clean()
    survey.save()
    return survey


def add_question(survey, section, order, code, kind, label, **fields) -> Question:
    question = Question(
        survey=survey, section=section, order=order, code=code, type=kind, label=label, **fields
    )
    question.full_clean()
    question.save()
    return question


def add_choices(question, rows) -> None:
    Choice.objects.bulk_create(
        Choice(question=question, value=v, label=label, order=i)
        for i, (v, label) in enumerate(rows)
    )
