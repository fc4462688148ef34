"""Where a project stands in the eight steps of the method (DESIGN §2), computed from its data.

Each step gets a state (done, in progress, to do), a French sentence that sums up what exists,
and the list of what remains. Nothing is typed in by hand: the tracker only reads.

Collection (step 6) and deliberation (step 8) read data that other parts of Maillage store
(surveys, activity records, testimonies, judgements). Those parts register a counter here
(`register_evidence_counter`, `register_judgement_counter`), so this module never imports them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from maillage.core.stamps import digest
from maillage.evaluation.actions import framework_for
from maillage.evaluation.indicator_sources import source_errors
from maillage.evaluation.models import (
    ChainEdge,
    ChainLink,
    Contribution,
    EvaluativeQuestion,
    Framework,
    Indicator,
    ManualValue,
    Target,
    TransformationGoal,
    ValueChain,
)
from maillage.organisations.comparison_cache import _marker, markers_of, versioned
from maillage.projects.models import Membership, Project

DONE, IN_PROGRESS, TODO = "done", "in_progress", "todo"
STATE_LABELS = {
    DONE: gettext_lazy("terminée"),
    IN_PROGRESS: gettext_lazy("en cours"),
    TODO: gettext_lazy("à faire"),
}
STEP_TITLES = {
    1: gettext_lazy("Cadrage"),
    2: gettext_lazy("Objectifs de transformation"),
    3: gettext_lazy("Questions évaluatives"),
    4: gettext_lazy("Indicateurs"),
    5: gettext_lazy("Chaîne de valeur"),
    6: gettext_lazy("Collecte"),
    7: gettext_lazy("Analyse"),
    8: gettext_lazy("Délibération et restitution"),
}


@dataclass
class StepStatus:
    number: int
    state: str
    summary: str
    todo: list[str] = field(default_factory=list)
    url: str = ""
    link_label: str = ""

    @property
    def title(self) -> str:
        return str(STEP_TITLES[self.number])

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def is_done(self) -> bool:
        return self.state == DONE


# --- what other parts register ---------------------------------------------------------------


@dataclass
class Evidence:
    """Pieces of evidence of one kind for a project, and the indicators they feed."""

    text: str  # French, with its number: « 12 valeurs saisies par période »
    count: int
    indicator_ids: set[int] = field(default_factory=set)


@dataclass
class Judgements:
    """Evaluative questions judged together, and reports handed over, for a project."""

    questions_judged: int = 0
    reports: int = 0


EvidenceCounter = Callable[[Project, Framework], list[Evidence]]
JudgementCounter = Callable[[Project, Framework], Judgements]
# Batch counters read many projects in a fixed number of queries (the network dashboard shows
# the steps of a hundred structures): they get [(project, framework)] and return, by project pk,
# what the per-project counters return for that project.
EvidenceBatch = Callable[[list[tuple[Project, Framework]]], dict[int, list[Evidence]]]
JudgementBatch = Callable[[list[tuple[Project, Framework]]], dict[int, Judgements]]
_EVIDENCE_COUNTERS: list[EvidenceCounter] = []
_JUDGEMENT_COUNTERS: list[JudgementCounter] = []
_EVIDENCE_BATCHES: list[EvidenceBatch] = []
_JUDGEMENT_BATCHES: list[JudgementBatch] = []


def register_evidence_counter(counter: EvidenceCounter) -> EvidenceCounter:
    if counter not in _EVIDENCE_COUNTERS:
        _EVIDENCE_COUNTERS.append(counter)
    return counter


def register_judgement_counter(counter: JudgementCounter) -> JudgementCounter:
    if counter not in _JUDGEMENT_COUNTERS:
        _JUDGEMENT_COUNTERS.append(counter)
    return counter


def register_evidence_batch(counter: EvidenceBatch) -> EvidenceBatch:
    if counter not in _EVIDENCE_BATCHES:
        _EVIDENCE_BATCHES.append(counter)
    return counter


def register_judgement_batch(counter: JudgementBatch) -> JudgementBatch:
    if counter not in _JUDGEMENT_BATCHES:
        _JUDGEMENT_BATCHES.append(counter)
    return counter


# What a batch counter reads, as querysets over the projects' rows (given their pks): with them,
# the steps of many projects are kept under a stamp of those rows (`_kept_key`). A counter that
# does not declare its rows is read afresh at each reading, and so are the steps.
RowsRead = Callable[[list[int]], list]
_ROWS_READ: dict[Callable, RowsRead] = {}


@dataclass(frozen=True)
class CountedRows:
    """Rows whose number only the steps say (tens of thousands of answers or sessions for a
    hundred structures): stamped by their count and latest pk, read through the index, rather
    than by their row versions, read in the table (three times as long). A row moved from one
    project's scope to another within the stamp shows when the steps are kept no longer
    (`STEPS_TIMEOUT`)."""

    queryset: object


def reads_rows(rows: RowsRead):
    """Declares every row a batch counter reads of the given projects (applied under its
    `register_…_batch`). tests/evaluation/test_kept_steps.py checks that no table is left out."""

    def declare(counter):
        _ROWS_READ[counter] = rows
        return counter

    return declare


def _framework_ids(pairs) -> dict[int, int]:
    """Framework pk -> project pk, for batch counters."""
    return {framework.pk: project.pk for project, framework in pairs}


@register_evidence_batch
@reads_rows(lambda ids: [ManualValue.objects.filter(indicator__framework__project_id__in=ids)])
def manual_values(pairs: list[tuple[Project, Framework]]) -> dict[int, list[Evidence]]:
    projects = _framework_ids(pairs)
    counts: Counter = Counter()
    fed: dict[int, set[int]] = {pk: set() for pk in projects.values()}
    rows = (
        ManualValue.objects.filter(indicator__framework_id__in=projects)
        .values_list("indicator__framework_id", "indicator_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for framework_id, indicator_id, n in rows:
        counts[projects[framework_id]] += n
        fed[projects[framework_id]].add(indicator_id)
    result = {}
    for pk in projects.values():
        text = ngettext(
            "%(count)s valeur saisie par période",
            "%(count)s valeurs saisies par période",
            counts[pk],
        ) % {"count": counts[pk]}
        result[pk] = [Evidence(text, counts[pk], fed[pk])]
    return result


# --- helpers -------------------------------------------------------------------------------------


def _state(done: bool, started: bool) -> str:
    if done:
        return DONE
    return IN_PROGRESS if started else TODO


def _join(items: list[str]) -> str:
    """« a », « a et b », « a, b et c »."""
    items = [str(item) for item in items]
    if len(items) <= 1:
        return "".join(items)
    return _("%(first)s et %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


@dataclass
class _Facts:
    """Everything the eight steps read, gathered in a bounded number of queries."""

    project: Project
    framework: Framework
    roles: Counter
    goals_by_target: Counter
    goals_without_question: int
    questions: list
    indicators: list
    chain_count: int
    links_by_kind: Counter
    effects_without_goal: int
    edges: int
    feedback_edges: int
    members: int
    contributing_members: int
    evidence: list[Evidence]
    judgements: Judgements


def _frameworks(projects: list[Project]) -> dict[int, Framework]:
    """Each project's framework (created empty on first use, as framework_for does)."""
    ids = [p.pk for p in projects]  # plain ids: one array parameter (core/lookups.py)
    found = {f.project_id: f for f in Framework.objects.filter(project_id__in=ids)}
    for project in projects:
        if project.pk not in found:
            found[project.pk] = framework_for(project)
    return found


def _by_project(rows, key_index: int = 0) -> dict[int, list]:
    grouped: dict[int, list] = {}
    for row in rows:
        grouped.setdefault(row[key_index], []).append(row)
    return grouped


def _related_count(model, column: str):
    """How many `model` rows point at the outer row, as a correlated subquery: the same number
    as Count() across the join, but read through the foreign key's index (the join's hash
    read every indicator of the national dataset, 45,000 rows, 35 ms)."""
    rows = model.objects.filter(**{column: OuterRef("pk")}).order_by().values(column)
    return Coalesce(Subquery(rows.annotate(c=Count("*")).values("c")), 0)


def _facts_for(projects: list[Project]) -> dict[int, _Facts]:
    """The facts of many projects, in a number of queries that does not grow with them."""
    projects = list({p.pk: p for p in projects}.values())
    if not projects:
        return {}
    ids = [p.pk for p in projects]
    frameworks = _frameworks(projects)
    to_project = {f.pk: pk for pk, f in frameworks.items()}
    roles = _by_project(  # unsorted: the default order joins the projects and structures
        Membership.objects.filter(project_id__in=ids).values_list("project_id", "role").order_by()
    )
    goals = _by_project(
        TransformationGoal.objects.filter(framework_id__in=to_project)
        .annotate(n=_related_count(EvaluativeQuestion, "goal_id"))
        .values_list("framework_id", "target", "n")
        .order_by()
    )
    questions: dict[int, list] = {}
    for row in (
        EvaluativeQuestion.objects.filter(framework_id__in=to_project)
        .annotate(n=_related_count(Indicator, "question_id"))
        .values("framework_id", "about", "n", "criterion_id")
        .order_by("pk")
    ):
        questions.setdefault(row.pop("framework_id"), []).append(row)
    indicators: dict[int, list] = {}
    for row in Indicator.objects.filter(framework_id__in=to_project).values(
        "framework_id", "pk", "source_type", "computation", "source_params", "baseline",
        "baseline_note", "target_value", "target_note",
    ).order_by("pk"):  # fmt: skip
        indicators.setdefault(row.pop("framework_id"), []).append(row)
    chains = Counter(
        ValueChain.objects.filter(project_id__in=ids).values_list("project_id", flat=True)
    )
    links = _by_project(
        ChainLink.objects.filter(chain__project_id__in=ids).values_list("chain__project_id", "kind")
    )
    effects_without_goal = dict(
        ChainLink.objects.filter(
            chain__project_id__in=ids, kind=ChainLink.Kind.EFFECT, goals__isnull=True
        )
        .values("chain__project_id")
        .annotate(n=Count("pk", distinct=True))
        .values_list("chain__project_id", "n")
        .order_by()
    )
    edges = _by_project(
        ChainEdge.objects.filter(chain__project_id__in=ids).values_list(
            "chain__project_id", "source__kind", "target__kind"
        )
    )
    # Members that give or receive something in one of their own project's chains.
    contributing = dict(
        Contribution.objects.filter(
            link__chain__project_id__in=ids,
            organisation__project_memberships__project_id=F("link__chain__project_id"),
        )
        .values("link__chain__project_id")
        .annotate(n=Count("organisation", distinct=True))
        .values_list("link__chain__project_id", "n")
        .order_by()
    )
    pairs = [(p, frameworks[p.pk]) for p in projects]
    evidence: dict[int, list[Evidence]] = {p.pk: [] for p in projects}
    for batch in _EVIDENCE_BATCHES:
        for pk, items in batch(pairs).items():
            evidence[pk].extend(items)
    for counter in _EVIDENCE_COUNTERS:  # counters without a batch form: one call per project
        for project, framework in pairs:
            evidence[project.pk].extend(counter(project, framework))
    judgements = {p.pk: Judgements() for p in projects}
    found_judgements = [batch(pairs) for batch in _JUDGEMENT_BATCHES] + [
        {project.pk: counter(project, framework) for project, framework in pairs}
        for counter in _JUDGEMENT_COUNTERS
    ]
    for found in found_judgements:
        for pk, item in found.items():
            judgements[pk].questions_judged += item.questions_judged
            judgements[pk].reports += item.reports
    order = {kind: position for position, kind in enumerate(ChainLink.KIND_ORDER)}
    result = {}
    for project in projects:
        framework = frameworks[project.pk]
        project_goals = goals.get(framework.pk, [])
        edge_kinds = edges.get(project.pk, [])
        project_roles = Counter(role for _pk, role in roles.get(project.pk, []))
        result[project.pk] = _Facts(
            project=project,
            framework=framework,
            roles=project_roles,
            goals_by_target=Counter(target for _f, target, _n in project_goals),
            goals_without_question=sum(1 for _f, _t, n in project_goals if n == 0),
            questions=questions.get(framework.pk, []),
            indicators=indicators.get(framework.pk, []),
            chain_count=chains[project.pk],
            links_by_kind=Counter(kind for _pk, kind in links.get(project.pk, [])),
            effects_without_goal=effects_without_goal.get(project.pk, 0),
            edges=len(edge_kinds),
            feedback_edges=sum(1 for _pk, s, t in edge_kinds if order[t] <= order[s]),
            members=sum(project_roles.values()),
            contributing_members=contributing.get(project.pk, 0),
            evidence=evidence[project.pk],
            judgements=judgements[project.pk],
        )
    return result


def _framework_url(facts: _Facts, anchor: str = "") -> str:
    url = reverse("evaluation:framework", kwargs={"slug": facts.project.slug})
    return f"{url}#{anchor}" if anchor else url


# --- the eight steps ---------------------------------------------------------------------------


def _framing(facts: _Facts) -> StepStatus:
    project = facts.project
    role_labels = dict(Membership.Role.choices)
    # Every role label (porteur, partenaire, financeur…) takes an "s" in the plural.
    parts = [
        f"{count} {str(role_labels.get(role, role))}{'s' if count > 1 else ''}"
        for role, count in sorted(
            facts.roles.items(), key=lambda item: list(role_labels).index(item[0])
        )
    ]
    members = sum(facts.roles.values())
    summary = ngettext("%(count)s membre", "%(count)s membres", members) % {"count": members}
    if parts:
        summary += f" ({', '.join(parts)})"
    has_territory = bool(project.territory_id or project.territory_label)
    has_period = bool(project.period_start and project.period_end)
    if has_period:
        summary += " · " + _("du %(start)s au %(end)s") % {
            "start": date_format(project.period_start, "SHORT_DATE_FORMAT"),
            "end": date_format(project.period_end, "SHORT_DATE_FORMAT"),
        }
    todo = []
    if not has_territory:
        todo.append(_("Préciser le territoire du projet."))
    if not has_period:
        todo.append(_("Préciser la période du projet (début et fin)."))
    if members < 2:
        todo.append(_("Réunir la communauté d'action : ajouter au moins un partenaire."))
    if not project.description:
        todo.append(_("Décrire le projet en quelques lignes."))
    done = has_territory and has_period and members >= 2
    return StepStatus(
        1,
        _state(done, True),
        summary,
        todo,
        reverse("projects:community", args=[project.slug]),
        _("Voir la communauté d'action"),
    )


def _goals(facts: _Facts) -> StepStatus:
    total = sum(facts.goals_by_target.values())
    missing = [label for value, label in Target.choices if not facts.goals_by_target[value]]
    summary = ngettext("%(count)s objectif", "%(count)s objectifs", total) % {"count": total}
    if total and not missing:
        summary += _(", les trois cibles couvertes")
    elif missing:
        summary += " ; " + _("aucun pour : %(targets)s") % {"targets": _join(missing)}
    todo = [
        _("Écrire au moins un objectif pour la cible « %(target)s ».") % {"target": label}
        for label in missing
    ]
    return StepStatus(
        2,
        _state(total > 0 and not missing, total > 0),
        summary,
        todo,
        _framework_url(facts),
        _("Ouvrir le cadre d'évaluation"),
    )


def _questions(facts: _Facts) -> StepStatus:
    total = len(facts.questions)
    process = sum(1 for q in facts.questions if q["about"] == EvaluativeQuestion.About.PROCESS)
    criteria = len({q["criterion_id"] for q in facts.questions})
    summary = ngettext("%(count)s question", "%(count)s questions", total) % {"count": total}
    if total:
        summary += " " + ngettext(
            "(%(count)s sur la manière de faire)",
            "(%(count)s sur la manière de faire)",
            process,
        ) % {"count": process}
        summary += ", " + ngettext("%(count)s critère", "%(count)s critères", criteria) % {
            "count": criteria
        }
    todo = []
    if facts.goals_without_question:
        todo.append(
            ngettext(
                "%(count)s objectif n'a pas encore de question évaluative.",
                "%(count)s objectifs n'ont pas encore de question évaluative.",
                facts.goals_without_question,
            )
            % {"count": facts.goals_without_question}
        )
    if total and not process:
        todo.append(
            _("Poser au moins une question sur la manière de faire ensemble (la coopération).")
        )
    if not total:
        todo.append(_("Écrire les questions évaluatives avec les habitants et les partenaires."))
    done = total > 0 and process > 0 and not facts.goals_without_question
    return StepStatus(
        3, _state(done, total > 0), summary, todo, _framework_url(facts), _("Ouvrir le cadre")
    )


def _indicators(facts: _Facts) -> StepStatus:
    total = len(facts.indicators)
    without = sum(1 for q in facts.questions if q["n"] == 0)
    incomplete = sum(
        1
        for i in facts.indicators
        if source_errors(i["source_type"], i["computation"], i["source_params"])
    )
    no_reference = sum(
        1
        for i in facts.indicators
        if i["baseline"] is None
        and not i["baseline_note"]
        and i["target_value"] is None
        and not i["target_note"]
    )
    framework = facts.framework
    parts = [ngettext("%(count)s indicateur", "%(count)s indicateurs", total) % {"count": total}]
    if without:
        parts.append(
            ngettext(
                "%(count)s question sans indicateur",
                "%(count)s questions sans indicateur",
                without,
            )
            % {"count": without}
        )
    if incomplete:
        parts.append(
            ngettext(
                "%(count)s définition à compléter",
                "%(count)s définitions à compléter",
                incomplete,
            )
            % {"count": incomplete}
        )
    if framework.is_validated and framework.validated_on:
        parts.append(
            _("cadre validé le %(date)s")
            % {"date": date_format(framework.validated_on, "SHORT_DATE_FORMAT")}
        )
    else:
        parts.append(_("cadre pas encore validé"))
    todo = []
    if without:
        todo.append(_("Donner au moins un indicateur à chaque question évaluative."))
    if incomplete:
        todo.append(
            _("Compléter la source des indicateurs signalés (questionnaire, question, mesure…).")
        )
    if no_reference:
        todo.append(
            ngettext(
                "%(count)s indicateur n'a ni référence ni cible : à fixer si possible.",
                "%(count)s indicateurs n'ont ni référence ni cible : à fixer si possible.",
                no_reference,
            )
            % {"count": no_reference}
        )
    if not framework.is_validated:
        todo.append(_("Faire valider le cadre par la communauté d'action."))
    done = total > 0 and not without and not incomplete and framework.is_validated
    return StepStatus(
        4,
        _state(done, total > 0),
        " ; ".join(parts),
        todo,
        _framework_url(facts, "etat"),
        _("Ouvrir le cadre"),
    )


def _chain(facts: _Facts) -> StepStatus:
    links = sum(facts.links_by_kind.values())
    missing = [label for value, label in ChainLink.Kind.choices if not facts.links_by_kind[value]]
    if not facts.chain_count:
        summary = _("Aucune chaîne de valeur")
    else:
        summary = (
            ngettext("%(count)s chaîne", "%(count)s chaînes", facts.chain_count)
            % {"count": facts.chain_count}
            + ", "
            + ngettext("%(count)s maillon", "%(count)s maillons", links) % {"count": links}
            + ", "
            + ngettext("%(count)s lien", "%(count)s liens", facts.edges) % {"count": facts.edges}
            + " "
            + ngettext("dont %(count)s retour", "dont %(count)s retours", facts.feedback_edges)
            % {"count": facts.feedback_edges}
            + " ; "
            + ngettext(
                "%(contributing)s membre sur %(members)s y contribue",
                "%(contributing)s membres sur %(members)s y contribuent",
                facts.contributing_members,
            )
            % {"contributing": facts.contributing_members, "members": facts.members}
        )
    todo = []
    if not facts.chain_count:
        todo.append(_("Dessiner la chaîne de valeur du projet avec ses membres."))
    elif missing:
        todo.append(_("Ajouter des maillons de type : %(kinds)s.") % {"kinds": _join(missing)})
    if facts.chain_count and not facts.feedback_edges:
        todo.append(_("Montrer comment les communs renouvellent les ressources (un lien retour)."))
    if facts.effects_without_goal:
        todo.append(
            ngettext(
                "Rattacher %(count)s effet à un objectif.",
                "Rattacher %(count)s effets à un objectif.",
                facts.effects_without_goal,
            )
            % {"count": facts.effects_without_goal}
        )
    silent = facts.members - facts.contributing_members
    if facts.chain_count and silent > 0:
        todo.append(
            ngettext(
                "%(count)s membre n'a encore rien apporté ni reçu dans la chaîne.",
                "%(count)s membres n'ont encore rien apporté ni reçu dans la chaîne.",
                silent,
            )
            % {"count": silent}
        )
    done = (
        facts.chain_count > 0
        and not missing
        and facts.feedback_edges > 0
        and facts.contributing_members > 0
    )
    return StepStatus(
        5,
        _state(done, links > 0),
        summary,
        todo,
        reverse("evaluation:chains", args=[facts.project.slug]),
        _("Voir les chaînes de valeur"),
    )


def _fed_indicators(facts: _Facts) -> set[int]:
    known = {i["pk"] for i in facts.indicators}
    return {pk for item in facts.evidence for pk in item.indicator_ids} & known


def _collection(facts: _Facts) -> StepStatus:
    total = len(facts.indicators)
    fed = len(_fed_indicators(facts))
    counted = [item for item in facts.evidence if item.count]
    summary = _join([item.text for item in counted]) if counted else _("Aucune donnée recueillie")
    summary += " ; " + ngettext(
        "%(fed)s indicateur sur %(total)s a des données",
        "%(fed)s indicateurs sur %(total)s ont des données",
        fed,
    ) % {"fed": fed, "total": total}
    todo = []
    if total - fed:
        todo.append(
            ngettext(
                "Recueillir les données de %(count)s indicateur.",
                "Recueillir les données de %(count)s indicateurs.",
                total - fed,
            )
            % {"count": total - fed}
        )
    return StepStatus(
        6,
        _state(total > 0 and fed == total, fed > 0),
        summary,
        todo,
        _framework_url(facts),
        _("Voir les indicateurs"),
    )


def _analysis(facts: _Facts) -> StepStatus:
    fed = _fed_indicators(facts)
    total = len(facts.indicators)
    comparable = sum(
        1
        for i in facts.indicators
        if i["pk"] in fed and (i["baseline"] is not None or i["target_value"] is not None)
    )
    summary = ngettext(
        "%(fed)s indicateur peut être calculé",
        "%(fed)s indicateurs peuvent être calculés",
        len(fed),
    ) % {"fed": len(fed)}
    summary += ", " + ngettext(
        "%(count)s comparé à sa référence ou à sa cible",
        "%(count)s comparés à leur référence ou à leur cible",
        comparable,
    ) % {"count": comparable}
    todo = []
    if not fed:
        todo.append(_("L'analyse commence quand les premières données sont recueillies."))
    elif len(fed) < total:
        todo.append(_("Analyser les indicateurs au fur et à mesure que leurs données arrivent."))
    return StepStatus(
        7,
        _state(total > 0 and len(fed) == total and facts.framework.is_validated, bool(fed)),
        summary,
        todo,
        _framework_url(facts),
        _("Voir les indicateurs"),
    )


def _deliberation(facts: _Facts) -> StepStatus:
    judgements = facts.judgements
    total = len(facts.questions)
    judged = min(judgements.questions_judged, total)
    summary = ngettext(
        "%(judged)s question sur %(total)s a reçu un jugement partagé",
        "%(judged)s questions sur %(total)s ont reçu un jugement partagé",
        judged,
    ) % {"judged": judged, "total": total}
    summary += " ; " + ngettext(
        "%(count)s restitution remise", "%(count)s restitutions remises", judgements.reports
    ) % {"count": judgements.reports}
    todo = []
    if judged < total:
        todo.append(_("Réunir les parties prenantes pour porter un jugement sur chaque question."))
    if not judgements.reports:
        todo.append(
            _("Remettre une restitution argumentée aux financeurs, partenaires et habitants.")
        )
    done = total > 0 and judged == total and judgements.reports > 0
    return StepStatus(8, _state(done, judged > 0 or judgements.reports > 0), summary, todo)


def _steps(facts: _Facts) -> list[StepStatus]:
    return [
        _framing(facts),
        _goals(facts),
        _questions(facts),
        _indicators(facts),
        _chain(facts),
        _collection(facts),
        _analysis(facts),
        _deliberation(facts),
    ]


STEPS_TIMEOUT = 10 * 60  # seconds; the key holds every fact, nothing can go stale


def _facts_key(facts: _Facts) -> str:
    """Everything `_steps` reads of these facts (and the language of its sentences)."""
    project, framework = facts.project, facts.framework
    facts_digest = digest(
        [
            get_language(),
            [project.pk, project.slug, project.territory_id, project.territory_label,
             project.period_start, project.period_end, bool(project.description)],
            [framework.pk, framework.is_validated, framework.validated_on],
            sorted(facts.roles.items()), sorted(facts.goals_by_target.items()),
            facts.goals_without_question, facts.questions, facts.indicators, facts.chain_count,
            sorted(facts.links_by_kind.items()), facts.effects_without_goal, facts.edges,
            facts.feedback_edges, facts.members, facts.contributing_members,
            [(e.text, e.count, sorted(e.indicator_ids)) for e in facts.evidence],
            [facts.judgements.questions_judged, facts.judgements.reports],
        ]
    )  # fmt: skip
    return f"project-steps:1:{facts_digest}"


KEPT_VERSION = 1  # bump when StepStatus or what the steps say changes shape


def _rows_read(ids: list[int]) -> list:
    """Every row `_facts_for` reads itself of these projects (the projects' own fields come from
    the objects given, and go into the key as they are)."""
    return [
        Framework.objects.filter(project_id__in=ids),
        Membership.objects.filter(project_id__in=ids),
        TransformationGoal.objects.filter(framework__project_id__in=ids),
        EvaluativeQuestion.objects.filter(framework__project_id__in=ids),
        Indicator.objects.filter(framework__project_id__in=ids),
        ValueChain.objects.filter(project_id__in=ids),
        ChainLink.objects.filter(chain__project_id__in=ids),
        ChainLink.goals.through.objects.filter(chainlink__chain__project_id__in=ids),
        ChainEdge.objects.filter(chain__project_id__in=ids),
        Contribution.objects.filter(link__chain__project_id__in=ids),
    ]


def _kept_key(projects: list[Project]) -> str | None:
    """The key of these projects' steps, from a stamp of every row their facts read: for each
    table, the rows' count, latest pk and row versions (comparison_cache.versioned), all in one
    statement compiled once per process for the same projects. None where the steps must be
    read afresh: a database without row versions (SQLite: one structure, a few milliseconds),
    or a registered counter that has not declared the rows it reads."""
    batches = [*_EVIDENCE_BATCHES, *_JUDGEMENT_BATCHES]
    if connection.vendor != "postgresql" or _EVIDENCE_COUNTERS or _JUDGEMENT_COUNTERS:
        return None
    if not projects or any(batch not in _ROWS_READ for batch in batches):
        return None
    ids = sorted(p.pk for p in projects)

    def build():
        scopes = _rows_read(ids) + [rows for batch in batches for rows in _ROWS_READ[batch](ids)]
        markers = [
            _marker(rows.queryset) if isinstance(rows, CountedRows) else versioned(rows)
            for rows in scopes
        ]
        # Two counters reading the same rows (the indicators, the members): stamped once.
        return list({str(marker.query): marker for marker in markers}.values())

    names = tuple(f"{batch.__module__}.{batch.__qualname__}" for batch in batches)
    stamp = markers_of(("project-steps", names, tuple(ids)), build)
    described = [
        [p.pk, p.slug, p.kind, p.territory_id, p.territory_label, p.period_start, p.period_end,
         bool(p.description)]
        for p in sorted(projects, key=lambda p: p.pk)
    ]  # fmt: skip
    return f"project-steps-kept:{KEPT_VERSION}:{digest([get_language(), described, stamp])}"


def projects_steps(projects) -> dict[int, list[StepStatus]]:
    """The eight steps of many projects, by project pk, in a number of queries that does not
    grow with the projects (the network dashboard reads a hundred of them).

    On PostgreSQL the steps of these projects are kept under a stamp of every row their facts
    read (`_kept_key`): a hundred structures' facts (25 queries, a hundred milliseconds on the
    national dataset) are read again only when one of those rows changed. The stamp is read
    before the facts, so steps are never kept under a stamp older than what they say.
    Otherwise the steps are a pure function of the facts read afresh: they are kept under a
    digest of those facts, so a hundred projects' sentences are not written again at each
    reading while nothing changed, and any change of a fact gives a new digest."""
    projects = list({p.pk: p for p in projects}.values())
    kept_key = _kept_key(projects)
    if kept_key is not None:
        kept = cache.get(kept_key)
        if kept is not None:
            return kept
    result = _fresh_steps(projects)
    if kept_key is not None:
        cache.set(kept_key, result, STEPS_TIMEOUT)
    return result


def _fresh_steps(projects: list[Project]) -> dict[int, list[StepStatus]]:
    facts = _facts_for(projects)
    keys = {pk: _facts_key(item) for pk, item in facts.items()}
    kept = cache.get_many(list(keys.values()))
    result, missing = {}, {}
    for pk, item in facts.items():
        steps = kept.get(keys[pk])
        if steps is None:
            steps = missing[keys[pk]] = _steps(item)
        result[pk] = steps
    if missing:
        cache.set_many(missing, STEPS_TIMEOUT)
    return result


def project_steps(project: Project) -> list[StepStatus]:
    """The eight steps of the method for this project, each computed from its data."""
    return projects_steps([project])[project.pk]


def current_step(steps: list[StepStatus]) -> StepStatus | None:
    """The first step that is not done: where the project's work stands."""
    return next((step for step in steps if not step.is_done), None)


def done_count(steps: list[StepStatus]) -> int:
    return sum(1 for step in steps if step.is_done)


@dataclass
class CopyProgress:
    framework: Framework
    done: int
    current: StepStatus | None


def copies_progress(common: Framework) -> list[CopyProgress]:
    """For a network's common framework: where each structure that copied it stands.

    Only the state of the method is shown to the network, never the content of the copies."""
    copies = [
        copy
        for copy in common.copies.select_related("project").order_by("project__title")
        if copy.project_id is not None
    ]
    steps = projects_steps([copy.project for copy in copies])
    return [
        CopyProgress(copy, done_count(steps[copy.project_id]), current_step(steps[copy.project_id]))
        for copy in copies
    ]
