"""The library (bibliothèque): reusable objectives, evaluative questions and indicators.

`ensure_library()` fills the catalogue of `library_catalogue.py`; `search()` finds entries in it;
`add_to_framework()` copies an entry into a framework, written to the framework's history.
Questions store what they are about in `indicator_fields["about"]` ("results" or "process").
"""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from maillage.evaluation import actions, indicator_sources
from maillage.evaluation.criteria import ensure_default_criteria
from maillage.evaluation.library_catalogue import ENTRIES, THEMES
from maillage.evaluation.models import (
    Criterion,
    EvaluativeQuestion,
    Framework,
    Indicator,
    LibraryEntry,
    Target,
    TransformationGoal,
)

KIND_ORDER = [LibraryEntry.Kind.GOAL, LibraryEntry.Kind.QUESTION, LibraryEntry.Kind.INDICATOR]

# The fields of Indicator an indicator entry may set.
INDICATOR_FIELDS = (
    "nature",
    "unit",
    "computation",
    "source_type",
    "source_params",
    "condition_operator",
    "condition_value",
    "direction",
    "granularity",
    "breakdowns",
)


def ensure_library(entry_model=None) -> int:
    """Create the catalogue's missing entries (never changes existing ones). Returns how many
    were created. The data migration passes its historical model."""
    model = entry_model or LibraryEntry
    existing = set(model.objects.values_list("kind", "text"))
    missing = [
        model(
            kind=item["kind"],
            theme=item["theme"],
            text=item["text"],
            description=item.get("description", ""),
            target=item.get("target", ""),
            criterion_code=item.get("criterion_code", ""),
            indicator_fields=item.get("indicator_fields", {}),
            keywords=item.get("keywords", ""),
        )
        for item in ENTRIES
        if (item["kind"], item["text"]) not in existing
    ]
    model.objects.bulk_create(missing)
    return len(missing)


def normalise(text: str) -> str:
    """Lower case, without accents, apostrophes and punctuation: « Accès » → « acces »."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return " ".join(re.split(r"[^\w]+", plain))


def _theme_rank(theme: str) -> tuple[int, str]:
    return (THEMES.index(theme) if theme in THEMES else len(THEMES), normalise(theme))


def _sort_key(entry: LibraryEntry):
    kind = KIND_ORDER.index(entry.kind) if entry.kind in KIND_ORDER else len(KIND_ORDER)
    return (*_theme_rank(entry.theme), kind, normalise(entry.text))


def search(query: str = "", kind: str = "", target: str = "", theme: str = "") -> list:
    """Entries matching every word of `query` (accents and case ignored) in their text,
    description, keywords or theme, and the filters; ordered by theme then kind."""
    entries = LibraryEntry.objects.all()
    if kind:
        entries = entries.filter(kind=kind)
    if target:
        entries = entries.filter(target=target)
    if theme:
        entries = entries.filter(theme=theme)
    words = normalise(query).split()
    found = []
    # The catalogue is small: matching in Python is simpler than accent-free SQL.
    for entry in entries:
        haystack = normalise(" ".join([entry.text, entry.description, entry.keywords, entry.theme]))
        if all(word in haystack for word in words):
            found.append(entry)
    return sorted(found, key=_sort_key)


def themes() -> list[str]:
    return sorted(set(LibraryEntry.objects.values_list("theme", flat=True)), key=_theme_rank)


def describe(entry: LibraryEntry) -> list[str]:
    """Short French facts about an entry, for the library page."""
    facts = []
    fields = entry.indicator_fields or {}
    if entry.kind == LibraryEntry.Kind.GOAL and entry.target:
        facts.append(_("Cible : %(target)s") % {"target": Target(entry.target).label})
    if entry.kind == LibraryEntry.Kind.QUESTION:
        criterion = Criterion.objects.filter(project=None, code=entry.criterion_code).first()
        if criterion:
            facts.append(_("Critère : %(criterion)s") % {"criterion": criterion.name})
        about = fields.get("about")
        if about in EvaluativeQuestion.About.values:
            facts.append(
                _("Porte sur %(about)s") % {"about": EvaluativeQuestion.About(about).label}
            )
    if entry.kind == LibraryEntry.Kind.INDICATOR:
        probe = Indicator(**{key: fields[key] for key in INDICATOR_FIELDS if key in fields})
        computation = probe.get_computation_display()
        facts.append(_("Calcul : %(computation)s") % {"computation": computation})
        if probe.source_type == Indicator.Source.SURVEY_QUESTION:
            # The survey is chosen once the indicator is in a framework.
            source = _("question d'un questionnaire, à choisir (code suggéré : %(code)s)") % {
                "code": probe.source_params.get("question", "")
            }
        else:
            source = indicator_sources.describe_source(probe)
        facts.append(_("Source : %(source)s") % {"source": source})
        if probe.condition_operator:
            operator = probe.get_condition_operator_display()
            facts.append(
                _("Condition : réponse %(operator)s %(value)s")
                % {"operator": operator, "value": probe.condition_value}
            )
        if probe.unit:
            facts.append(_("Unité : %(unit)s") % {"unit": probe.unit})
    return facts


def _next_order(queryset) -> int:
    return queryset.count()


@transaction.atomic
def add_to_framework(
    entry: LibraryEntry,
    framework: Framework,
    *,
    by,
    goal: TransformationGoal | None = None,
    question: EvaluativeQuestion | None = None,
):
    """Copy a library entry into the framework as a goal, a question or an indicator.

    An indicator needs a question of that framework; a question may hang on one of its goals.
    Raises ValidationError (French messages) and stores nothing when the copy would be invalid."""
    if goal is not None and goal.framework_id != framework.pk:
        raise ValidationError(_("Cet objectif appartient à un autre cadre."))
    if question is not None and question.framework_id != framework.pk:
        raise ValidationError(_("Cette question appartient à un autre cadre."))
    fields = entry.indicator_fields or {}
    if entry.kind == LibraryEntry.Kind.GOAL:
        item = TransformationGoal(
            framework=framework,
            target=entry.target or Target.RESIDENTS,
            title=entry.text,
            description=entry.description,
            order=_next_order(framework.goals.all()),
        )
    elif entry.kind == LibraryEntry.Kind.QUESTION:
        ensure_default_criteria()
        criterion = Criterion.objects.filter(project=None, code=entry.criterion_code).first()
        if criterion is None:
            raise ValidationError(_("Le critère de cette question n'existe plus."))
        about = fields.get("about", EvaluativeQuestion.About.RESULTS)
        item = EvaluativeQuestion(
            framework=framework,
            goal=goal,
            criterion=criterion,
            text=entry.text,
            about=about,
            order=_next_order(framework.questions.all()),
        )
    elif entry.kind == LibraryEntry.Kind.INDICATOR:
        if question is None:
            raise ValidationError(
                _("Un indicateur répond à une question évaluative : choisissez-la.")
            )
        values = {key: fields[key] for key in INDICATOR_FIELDS if key in fields}
        # Copies, so the entry's JSON is never shared with the indicator.
        values["source_params"] = dict(values.get("source_params") or {})
        values["breakdowns"] = list(values.get("breakdowns") or [])
        item = Indicator(
            framework=framework,
            question=question,
            name=entry.text,
            description=entry.description,
            order=_next_order(framework.indicators.all()),
            **values,
        )
    else:
        raise ValidationError(_("Type d'entrée inconnu."))
    item.full_clean()
    item.save()
    # One history line that says where the item comes from (save_item's wording cannot).
    actions.record_change(
        framework,
        _("%(kind)s ajouté depuis la bibliothèque : %(item)s")
        % {"kind": str(item._meta.verbose_name).capitalize(), "item": item},
        by=by,
        model=item._meta.model_name,
        library_entry=entry.pk,
    )
    return item
