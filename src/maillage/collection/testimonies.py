"""Rules of testimonies: tags, links to objectives, media, and open survey answers turned into
testimonies."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q, QuerySet

from maillage.collection import consents
from maillage.collection.media import CheckedMedia
from maillage.collection.models import Answer, Question, Survey, Testimony, TestimonyTag
from maillage.collection.records import lead_structure_ids
from maillage.evaluation.models import TransformationGoal
from maillage.organisations.models import Organisation
from maillage.projects.models import Project

OPEN_TYPES = (Question.Type.SHORT_TEXT, Question.Type.LONG_TEXT)
MIN_QUOTE_LENGTH = 15  # shorter open answers ("oui", "rien") are not testimonies


def parse_tags(text: str) -> list[str]:
    """'couture, confiance ; lien social' → ['couture', 'confiance', 'lien social']."""
    seen, tags = set(), []
    for part in str(text).replace(";", ",").split(","):
        tag = " ".join(part.split())[:60].lower()
        if tag and tag not in seen:
            seen.add(tag)
            tags.append(tag)
    return tags


def set_tags(testimony: Testimony, names: list[str]) -> None:
    tags = [
        TestimonyTag.objects.get_or_create(organisation_id=testimony.organisation_id, name=name)[0]
        for name in names
    ]
    testimony.tags.set(tags)


def goal_choices(organisation: Organisation, projects: QuerySet[Project]) -> QuerySet:
    """Objectives a structure's testimonies may illustrate: those of the frameworks of its projects
    that the user sees."""
    return (
        TransformationGoal.objects.filter(
            framework__project__in=projects,
            framework__project__memberships__organisation=organisation,
        )
        .select_related("framework__project")
        .distinct()
        .order_by("framework__project__title", "order", "pk")
    )


def attach_media(testimony: Testimony, checked: CheckedMedia) -> None:
    remove_media(testimony, save=False)
    testimony.media_token = checked.token
    testimony.media_kind = checked.kind
    testimony.media_type = checked.mime
    testimony.media.save(checked.token, checked.content, save=False)
    testimony.save(update_fields=["media", "media_kind", "media_type", "media_token"])


def remove_media(testimony: Testimony, *, save: bool = True) -> None:
    if testimony.media:
        testimony.media.delete(save=False)
    testimony.media_kind = testimony.media_type = testimony.media_token = ""
    testimony.media = ""
    if save:
        testimony.save(update_fields=["media", "media_kind", "media_type", "media_token"])


def delete_testimony(testimony: Testimony) -> None:
    with transaction.atomic():
        remove_media(testimony, save=False)
        # The consent proofs stay, without the name of a testimony that no longer exists.
        consents.forget(testimony.consent_records.all())
        testimony.delete()


# --- from open answers --------------------------------------------------------------------------


def open_answers(survey: Survey) -> QuerySet[Answer]:
    """Open-ended answers long enough to be a testimony, not yet turned into one."""
    return (
        Answer.objects.filter(question__survey=survey, question__type__in=OPEN_TYPES)
        .exclude(text="")
        .filter(testimony__isnull=True)
        .select_related("question", "response")
        .order_by("question__order", "question__pk", "-response__submitted_at")
    )


def initial_from_answer(answer: Answer) -> dict:
    response = answer.response
    return {
        "text": answer.text,
        "author_group": response.respondent_group or "habitant",
        "said_on": response.submitted_at.date(),
        "consent_on": response.submitted_at.date(),
        "context": f"Questionnaire « {answer.question.survey.title} » — {answer.question.label}"[
            :200
        ],
        "project": answer.question.survey.project_id,
    }


def project_testimonies(project: Project) -> QuerySet[Testimony]:
    """Testimonies that count for a project: linked to it or to one of its objectives; for a
    projet social, also the lead structures' testimonies linked to no project."""
    # Ids read first: an OR across the goals join (or over subqueries) makes PostgreSQL scan
    # every testimony of the nation; plain lists let it use an index for each branch.
    linked = Testimony.goals.through.objects.filter(transformationgoal__framework__project=project)
    scope = Q(project=project) | Q(pk__in=list(linked.values_list("testimony_id", flat=True)))
    if project.kind == Project.Kind.SOCIAL_PROJECT:
        scope |= Q(project__isnull=True, organisation_id__in=lead_structure_ids(project))
    return Testimony.objects.filter(scope).distinct()
