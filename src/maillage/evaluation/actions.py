"""State changes of frameworks and value chains. Each one is written to the framework's history
(and the audit log for the ones that matter to funders: validation, copies, proposals)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Model, Q
from django.utils.text import slugify
from django.utils.translation import gettext as _

from maillage.core import audit
from maillage.evaluation.models import (
    ChainEdge,
    ChainLink,
    ChangePathway,
    Contribution,
    Criterion,
    EvaluativeQuestion,
    Framework,
    FrameworkChange,
    Indicator,
    PathwayStep,
    TransformationGoal,
    ValueChain,
)
from maillage.organisations.models import Network, NetworkMembership
from maillage.projects.models import Membership, Project


def framework_for(project: Project) -> Framework:
    """The project's framework, created empty on first use."""
    framework, _created = Framework.objects.get_or_create(project=project)
    return framework


def record_change(framework: Framework, summary: str, *, by, **details) -> FrameworkChange:
    actor = by if by is not None and by.is_authenticated else None
    return FrameworkChange.objects.create(
        framework=framework,
        actor=actor,
        summary=summary[:300],
        after_validation=framework.is_validated,
        details=details,
    )


def _label(instance: Model) -> str:
    return str(instance._meta.verbose_name)


@transaction.atomic
def save_item(framework: Framework, item: Model, *, by, changed: list[str] | None = None) -> Model:
    """Save a goal, question, indicator or pathway of the framework and log it."""
    created = item.pk is None
    item.save()
    if created:
        summary = _("Ajout : %(kind)s « %(item)s »") % {"kind": _label(item), "item": item}
    else:
        summary = _("Modification : %(kind)s « %(item)s »") % {"kind": _label(item), "item": item}
    record_change(framework, summary, by=by, fields=changed or [], model=item._meta.model_name)
    return item


@transaction.atomic
def delete_item(framework: Framework, item: Model, *, by) -> None:
    summary = _("Suppression : %(kind)s « %(item)s »") % {"kind": _label(item), "item": item}
    item.delete()
    record_change(framework, summary, by=by, model=item._meta.model_name)


@transaction.atomic
def validate_framework(framework: Framework, *, on, participants: str, by) -> None:
    framework.status = Framework.Status.VALIDATED
    framework.validated_on = on
    framework.validated_by = by
    framework.validation_participants = participants
    framework.save()
    summary = _("Cadre validé le %(date)s") % {"date": on.strftime("%d/%m/%Y")}
    record_change(framework, summary, by=by, participants=participants)
    organisation = framework.project.lead if framework.project_id else None
    audit.record("framework.validated", summary, actor=by, organisation=organisation)


@transaction.atomic
def reopen_framework(framework: Framework, *, by) -> None:
    """Back to draft, for a new round of work; the validation stays in the history."""
    framework.status = Framework.Status.DRAFT
    framework.save(update_fields=["status"])
    record_change(framework, _("Cadre rouvert pour modification"), by=by)


# --- copies -------------------------------------------------------------------------------------


def _copy_criterion(criterion: Criterion, project: Project | None) -> Criterion:
    if criterion.project_id is None:
        return criterion
    copy, _created = Criterion.objects.get_or_create(
        project=project,
        code=criterion.code,
        defaults={"name": criterion.name, "description": criterion.description},
    )
    return copy


# Source parameters that mean the same in any project (what is counted), as opposed to those that
# point at one project's data (a survey, an activity, coding themes): only these survive a copy.
PORTABLE_SOURCE_PARAMS = {"measure", "meeting_types", "network_sessions"}
# Sources whose every parameter is a category of Maillage's own (a measure, a body kind, a
# reception theme or channel), never one project's data: copied whole.
PORTABLE_SOURCES = {
    Indicator.Source.MEETINGS,
    Indicator.Source.GOVERNANCE,
    Indicator.Source.RECEPTION,
}


@transaction.atomic
def copy_framework_content(source: Framework, target: Framework, *, by) -> dict[str, int]:
    """Copy goals, questions, indicators and pathways of `source` into `target`.

    The copy then lives its own life: nothing links the copied items back. Indicator source
    parameters that point at data of the source project (a survey, an activity, themes) are kept
    only when the target belongs to the same project; elsewhere they are left to be chosen again,
    while what is counted (the measure, the meeting types) is kept."""
    goal_map: dict[int, TransformationGoal] = {}
    question_map: dict[int, EvaluativeQuestion] = {}
    counts = {"goals": 0, "questions": 0, "indicators": 0, "pathways": 0}
    offset = target.goals.count()
    for goal in source.goals.all():
        new_goal = TransformationGoal.objects.create(
            framework=target,
            target=goal.target,
            title=goal.title,
            description=goal.description,
            order=goal.order + offset,
        )
        goal_map[goal.pk] = new_goal
        counts["goals"] += 1
        for pathway in goal.pathways.all():
            new_pathway = ChangePathway.objects.create(
                goal=new_goal, title=pathway.title, horizon=pathway.horizon
            )
            PathwayStep.objects.bulk_create(
                PathwayStep(
                    pathway=new_pathway, order=s.order, effect=s.effect, assumption=s.assumption
                )
                for s in pathway.steps.all()
            )
            counts["pathways"] += 1
    for question in source.questions.select_related("criterion"):
        new_question = EvaluativeQuestion.objects.create(
            framework=target,
            goal=goal_map.get(question.goal_id),
            criterion=_copy_criterion(question.criterion, target.project),
            text=question.text,
            about=question.about,
            written_with=list(question.written_with),
            order=question.order,
        )
        question_map[question.pk] = new_question
        counts["questions"] += 1
    same_project = source.project_id is not None and source.project_id == target.project_id
    for indicator in source.indicators.all():
        params = dict(indicator.source_params)
        if not same_project and indicator.source_type not in PORTABLE_SOURCES:
            params = {k: v for k, v in params.items() if k in PORTABLE_SOURCE_PARAMS}
        Indicator.objects.create(
            framework=target,
            question=question_map[indicator.question_id],
            name=indicator.name,
            description=indicator.description,
            nature=indicator.nature,
            unit=indicator.unit,
            computation=indicator.computation,
            source_type=indicator.source_type,
            source_params=params,
            condition_operator=indicator.condition_operator,
            condition_value=indicator.condition_value,
            baseline=indicator.baseline,
            baseline_note=indicator.baseline_note,
            target_value=indicator.target_value,
            target_note=indicator.target_note,
            direction=indicator.direction,
            period_start=indicator.period_start,
            period_end=indicator.period_end,
            granularity=indicator.granularity,
            breakdowns=list(indicator.breakdowns),
            order=indicator.order,
        )
        counts["indicators"] += 1
    if target.copied_from_id is None:
        target.copied_from = source
        target.save(update_fields=["copied_from"])
    record_change(
        target,
        _(
            "Copié depuis « %(source)s » : %(goals)s objectifs, %(questions)s questions, "
            "%(indicators)s indicateurs"
        )
        % {"source": source, **counts},
        by=by,
        source_framework=source.pk,
    )
    return counts


@dataclass
class ProposalReport:
    copied: list[Project] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (structure, reason)


def current_social_project(organisation) -> Project | None:
    """The structure's most recent projet social that it carries."""
    return (
        Project.objects.filter(
            kind=Project.Kind.SOCIAL_PROJECT,
            memberships__organisation=organisation,
            memberships__role=Membership.Role.LEAD,
        )
        .order_by("-period_start", "-pk")
        .first()
    )


@transaction.atomic
def propose_to_network(framework: Framework, *, by) -> ProposalReport:
    """Copy a network's common framework into each accompanied structure's projet social.

    A structure whose projet social already has goals is left untouched (its own work is never
    overwritten); the report says so, as it does for structures with no projet social yet."""
    network: Network = framework.network
    report = ProposalReport()
    memberships = network.memberships.filter(
        role=NetworkMembership.Role.ACCOMPANIED
    ).select_related("organisation")
    for membership in memberships.order_by("organisation__name"):
        organisation = membership.organisation
        project = current_social_project(organisation)
        if project is None:
            report.skipped.append((organisation.name, _("aucun projet social enregistré")))
            continue
        target = framework_for(project)
        if target.goals.exists():
            report.skipped.append((organisation.name, _("son cadre a déjà des objectifs")))
            continue
        copy_framework_content(framework, target, by=by)
        report.copied.append(project)
    audit.record(
        "framework.proposed",
        _("Cadre commun « %(framework)s » proposé : %(count)s copies")
        % {"framework": framework, "count": len(report.copied)},
        actor=by,
        network=framework.network.slug,  # the animating structures' journal shows it
    )
    return report


# --- value chain ----------------------------------------------------------------------------------


def _chain_framework(chain: ValueChain) -> Framework:
    return framework_for(chain.project)


@transaction.atomic
def save_chain_item(chain: ValueChain, item: Model, *, by) -> Model:
    created = item.pk is None
    item.save()
    # Nouns, not past participles: "ajout" agrees with a maillon and a contribution alike.
    verb = _("ajout") if created else _("modification")
    record_change(
        _chain_framework(chain),
        _("Chaîne « %(chain)s » — %(verb)s : %(kind)s « %(item)s »")
        % {"chain": chain, "kind": _label(item), "verb": verb, "item": item},
        by=by,
        model=item._meta.model_name,
    )
    return item


@transaction.atomic
def delete_chain_item(chain: ValueChain, item: Model, *, by) -> None:
    summary = _("Chaîne « %(chain)s » — suppression : %(kind)s « %(item)s »") % {
        "chain": chain,
        "kind": _label(item),
        "item": item,
    }
    item.delete()
    record_change(_chain_framework(chain), summary, by=by, model=item._meta.model_name)


def add_edge(chain: ValueChain, source: ChainLink, target: ChainLink, *, label="", by) -> ChainEdge:
    edge = ChainEdge(chain=chain, source=source, target=target, label=label)
    return save_chain_item(chain, edge, by=by)


def add_contribution(link: ChainLink, contribution: Contribution, *, by) -> Contribution:
    contribution.link = link
    return save_chain_item(link.chain, contribution, by=by)


# --- criteria, network frameworks ---------------------------------------------------------------


@transaction.atomic
def add_criterion(framework: Framework, data: dict, *, by) -> Criterion:
    """A criterion of the project's own, beside the six usual ones."""
    base = slugify(data["name"])[:36] or "critere"
    code, n = base, 2
    while Criterion.objects.filter(
        Q(project=framework.project) | Q(project__isnull=True), code=code
    ).exists():
        code, n = f"{base}-{n}", n + 1
    criterion = Criterion.objects.create(
        project=framework.project,
        code=code,
        name=data["name"],
        description=data.get("description", ""),
    )
    record_change(framework, _("Critère ajouté : %(name)s") % {"name": criterion.name}, by=by)
    return criterion


@transaction.atomic
def create_network_framework(network: Network, title: str, *, by) -> Framework:
    framework = Framework.objects.create(network=network, title=title)
    record_change(framework, _("Cadre commun créé : %(title)s") % {"title": title}, by=by)
    audit.record(
        "framework.network_created",
        _("Cadre commun « %(title)s » créé pour %(network)s")
        % {"title": title, "network": network},
        actor=by,
        network=network.slug,
    )
    return framework


def proposal_plan(framework: Framework) -> list[tuple[str, str]]:
    """What propose_to_network would do for each accompanied structure, before it is done."""
    plan = []
    memberships = framework.network.memberships.filter(
        role=NetworkMembership.Role.ACCOMPANIED
    ).select_related("organisation")
    for membership in memberships.order_by("organisation__name"):
        project = current_social_project(membership.organisation)
        if project is None:
            outcome = _("aucun projet social enregistré : rien ne sera copié")
        elif Framework.objects.filter(project=project, goals__isnull=False).exists():
            outcome = _("son cadre a déjà des objectifs : il ne sera pas modifié")
        else:
            outcome = _("le cadre commun sera copié dans « %(project)s »") % {"project": project}
        plan.append((membership.organisation.name, outcome))
    return plan
