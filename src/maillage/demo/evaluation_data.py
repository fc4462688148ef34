"""Helpers that turn the compact descriptions of the demo's frameworks and chains into rows.

Every object goes through `full_clean()` before it is stored, so the demo never holds what the
pages would refuse. Rows are written in bulk where the framework history would only get noise:
the history receives one line per working session instead, as a team would remember it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from maillage.evaluation.actions import record_change
from maillage.evaluation.models import (
    ChainEdge,
    ChainLink,
    ChangePathway,
    Contribution,
    Criterion,
    EvaluativeQuestion,
    Framework,
    Indicator,
    ManualValue,
    PathwayStep,
    TransformationGoal,
    ValueChain,
)


@dataclass
class Ind:
    """An indicator: name, computation, source type and parameters, then the optional fields."""

    key: str
    name: str
    computation: str
    source_type: str
    params: dict = field(default_factory=dict)
    unit: str = ""
    nature: str = "quantitative"
    description: str = ""
    condition: tuple[str, str] = ("", "")
    baseline: str | None = None
    baseline_note: str = ""
    target: str | None = None
    target_note: str = ""
    direction: str = "increase"
    breakdowns: tuple[str, ...] = ()
    values: dict[int, str] = field(default_factory=dict)  # year -> value, for manual sources


@dataclass
class Q:
    text: str
    criterion: str
    written_with: tuple[str, ...]
    about: str = "results"
    indicators: list[Ind] = field(default_factory=list)


@dataclass
class Goal:
    key: str
    target: str
    title: str
    description: str = ""
    questions: list[Q] = field(default_factory=list)


@dataclass
class FrameworkContent:
    goals: dict[str, TransformationGoal]
    questions: list[EvaluativeQuestion]
    indicators: dict[str, Indicator]


def _criteria() -> dict[str, Criterion]:
    return {c.code: c for c in Criterion.objects.filter(project=None)}


def _indicator(framework, question, spec: Ind, order: int, period: tuple[date, date]) -> Indicator:
    indicator = Indicator(
        framework=framework,
        question=question,
        name=spec.name,
        description=spec.description,
        nature=spec.nature,
        unit=spec.unit,
        computation=spec.computation,
        source_type=spec.source_type,
        source_params=spec.params,
        condition_operator=spec.condition[0],
        condition_value=spec.condition[1],
        baseline=Decimal(spec.baseline) if spec.baseline is not None else None,
        baseline_note=spec.baseline_note,
        target_value=Decimal(spec.target) if spec.target is not None else None,
        target_note=spec.target_note,
        direction=spec.direction,
        period_start=period[0],
        period_end=period[1],
        breakdowns=list(spec.breakdowns),
        order=order,
    )
    indicator.full_clean()
    return indicator


def add_indicator(framework, question, spec: Ind, period, *, order=0, by=None) -> Indicator:
    """One indicator with its manual values (used for changes made after validation)."""
    indicator = _indicator(framework, question, spec, order, period)
    indicator.save()
    _manual_values(indicator, spec, by)
    return indicator


def _manual_values(indicator: Indicator, spec: Ind, by) -> None:
    add_manual_values(indicator, spec.values, by)


def add_manual_values(indicator: Indicator, values: dict[int, str], by) -> None:
    """One value per calendar year, as typed from the annual activity report."""
    rows = []
    for year, value in values.items():
        row = ManualValue(
            indicator=indicator,
            period_start=date(year, 1, 1),
            period_end=date(year, 12, 31),
            value=Decimal(value),
            note="Bilan annuel d'activité",
            entered_by=by,
        )
        row.full_clean()
        rows.append(row)
    ManualValue.objects.bulk_create(rows)


def fill_framework(
    framework: Framework,
    goals: list[Goal],
    *,
    transversal: list[Q] = (),
    period: tuple[date, date],
    by,
    session: str,
) -> FrameworkContent:
    """Create goals, questions and indicators, then one history line for the whole session."""
    criteria = _criteria()
    content = FrameworkContent(goals={}, questions=[], indicators={})
    pending: list[tuple[Q, TransformationGoal | None]] = []
    for order, spec in enumerate(goals):
        goal = TransformationGoal(
            framework=framework,
            target=spec.target,
            title=spec.title,
            description=spec.description,
            order=order,
        )
        goal.full_clean()
        goal.save()
        content.goals[spec.key] = goal
        pending += [(q, goal) for q in spec.questions]
    pending += [(q, None) for q in transversal]
    for order, (spec, goal) in enumerate(pending):
        question = EvaluativeQuestion(
            framework=framework,
            goal=goal,
            criterion=criteria[spec.criterion],
            text=spec.text,
            about=spec.about,
            written_with=list(spec.written_with),
            order=order,
        )
        question.full_clean()
        question.save()
        content.questions.append(question)
        for position, ind in enumerate(spec.indicators):
            indicator = _indicator(framework, question, ind, order * 10 + position, period)
            indicator.save()
            _manual_values(indicator, ind, by)
            content.indicators[ind.key] = indicator
    record_change(
        framework,
        session
        % {
            "goals": len(content.goals),
            "questions": len(content.questions),
            "indicators": len(content.indicators),
        },
        by=by,
    )
    return content


@dataclass
class Link:
    key: str
    kind: str
    title: str
    resource_type: str = ""
    target: str = ""
    description: str = ""
    goals: tuple[str, ...] = ()  # goal keys
    indicators: tuple[str, ...] = ()  # indicator keys


def build_chain(
    project,
    title: str,
    description: str,
    links: list[Link],
    edges: list[tuple[str, str, str]],
    contributions: list[tuple],
    *,
    goals: dict | None = None,
    indicators: dict | None = None,
    organisations: dict,
    by,
) -> tuple[ValueChain, dict[str, ChainLink]]:
    """A value chain from compact rows.

    `edges`: (source key, target key, label); `contributions`: (link key, organisation slug,
    direction, nature, quantity, euro value, description)."""
    chain = ValueChain(project=project, title=title, description=description)
    chain.full_clean()
    chain.save()
    created: dict[str, ChainLink] = {}
    for order, spec in enumerate(links):
        link = ChainLink(
            chain=chain,
            kind=spec.kind,
            title=spec.title,
            description=spec.description,
            resource_type=spec.resource_type,
            target=spec.target,
            order=order,
        )
        link.full_clean()
        link.save()
        if spec.goals:
            link.goals.set([goals[key] for key in spec.goals])
        if spec.indicators:
            link.indicators.set([indicators[key] for key in spec.indicators])
        created[spec.key] = link
    ChainEdge.objects.bulk_create(
        ChainEdge(chain=chain, source=created[a], target=created[b], label=label)
        for a, b, label in edges
    )
    rows = []
    for key, slug, direction, nature, quantity, euros, text in contributions:
        row = Contribution(
            link=created[key],
            organisation=organisations[slug],
            direction=direction,
            nature=nature,
            quantity=Decimal(quantity) if quantity is not None else None,
            euro_value=Decimal(euros) if euros is not None else None,
            description=text,
        )
        row.full_clean()
        rows.append(row)
    Contribution.objects.bulk_create(rows)
    record_change(
        project.framework,
        f"Chaîne « {title} » dessinée : {len(created)} maillons, {len(edges)} liens, "
        f"{len(rows)} contributions",
        by=by,
    )
    return chain, created


def add_pathway(goal, title: str, horizon: str, steps: list[tuple], links=None) -> ChangePathway:
    """`steps`: (expected effect, assumption, chain link key or None)."""
    pathway = ChangePathway(goal=goal, title=title, horizon=horizon)
    pathway.full_clean()
    pathway.save()
    PathwayStep.objects.bulk_create(
        PathwayStep(
            pathway=pathway,
            order=order,
            effect=effect,
            assumption=assumption,
            chain_link=(links or {}).get(key) if key else None,
        )
        for order, (effect, assumption, key) in enumerate(steps, start=1)
    )
    return pathway
