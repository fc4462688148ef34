"""A structure's journal des modifications: who changed what and when, read by its admins.

Two stored sources make one list, newest first:

- `core.AuditEvent`, written by every app's `actions` module;
- `evaluation.FrameworkChange`, the framework's own history (goals, questions, indicators, value
  chains…), which the framework pages already show to the project's members.

Which lines belong to a structure's journal (the rule the page and its CSV follow):

1. an event whose `organisation` is the structure;
2. an event with no `organisation` whose details name a project the structure leads
   (`details["project"]` is the slug of a project where it is « porteur »), or a network it
   animates (`details["network"]`);
3. every change of the framework of a project the structure leads, and of the common frameworks
   of the networks it animates.

An event tied to another structure never shows, even about a project the structure leads (a
partner's agreement to the charter is the partner's own line). Events that name neither a
structure, nor a project, nor a network (a network's common framework proposed to its members)
stay out of every structure's journal: only the site's administrators see them.

A framework's validation is written to both sources (`framework.validated` and the framework's
history, with who took part): the journal shows it once, from the framework's history.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import CharField, F, Q, QuerySet, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.collection.exports import neutralise
from maillage.core.models import AuditEvent
from maillage.evaluation.models import Framework, FrameworkChange
from maillage.organisations.models import NetworkMembership, Organisation
from maillage.projects.models import Membership

PAGE_SIZE = 50

# A change of the framework's history is not an AuditEvent: it is shown under this verb.
FRAMEWORK_CHANGE = "framework.change"
VALIDATION_ALSO_IN_HISTORY = "framework.validated"

# Families, in the order the filter offers them: (key, label, verb prefixes).
FAMILIES: list[tuple[str, object, tuple[str, ...]]] = [
    ("cadre", _("cadre d'évaluation"), ("framework.",)),
    ("indicateurs", _("indicateurs"), ()),
    ("chaine", _("chaîne de valeur"), ()),
    ("collecte", _("collecte"), ("campaign.", "survey.", "reception.")),
    ("partage", _("partage"), ("sharing.", "report.", "api_token.")),
    ("membres", _("membres"), ("member.", "invitation.")),
    ("structure", _("fiche de la structure"), ("organisation.", "agreement.")),
    ("projets", _("projets"), ("project.", "charter.", "shared_post.")),
    ("gouvernance", _("gouvernance et réseau"), ("governance.", "network.")),
    ("donnees", _("données personnelles"), ("personal_data.",)),
]
FAMILY_LABELS = {key: label for key, label, _prefixes in FAMILIES}
OTHER = "autre"

# FrameworkChange.details["model"] → family; other framework changes are « cadre ».
INDICATOR_MODELS = ("indicator",)
CHAIN_MODELS = ("valuechain", "chainlink", "chainedge", "contribution")

# Known keys of the details, in French; others are shown as they are.
DETAIL_LABELS = {
    "fields": _("champs modifiés"),
    "model": _("élément"),
    "participants": _("qui a validé"),
    "project": _("projet"),
    "network": _("réseau"),
    "member": _("structure membre"),
    "role": _("rôle"),
    "previous_role": _("rôle précédent"),
    "version": _("version"),
    "signed_by": _("signé par"),
    "post": _("poste"),
    "split": _("répartition"),
    "session": _("séance"),
    "people": _("personnes"),
    "count": _("nombre"),
    "fmt": _("format"),
    "format": _("format"),
    "email": _("adresse"),
    "scope": _("portée"),
    "scopes": _("portées"),
    "year": _("année"),
    "campaign": _("campagne"),
    "survey": _("questionnaire"),
    "rows": _("lignes"),
    "sent": _("envois"),
    "user": _("personne"),
}
MODEL_LABELS = {
    "indicator": _("indicateur"),
    "transformationgoal": _("objectif de transformation"),
    "evaluativequestion": _("question évaluative"),
    "criterion": _("critère"),
    "changepathway": _("chemin de changement"),
    "pathwaystep": _("étape du chemin"),
    "valuechain": _("chaîne de valeur"),
    "chainlink": _("maillon"),
    "chainedge": _("lien entre maillons"),
    "contribution": _("contribution"),
}


def family_of(verb: str, details: dict | None = None) -> str:
    if verb == FRAMEWORK_CHANGE:
        model = (details or {}).get("model")
        if model in INDICATOR_MODELS:
            return "indicateurs"
        if model in CHAIN_MODELS:
            return "chaine"
        return "cadre"
    for key, _label, prefixes in FAMILIES:
        if prefixes and verb.startswith(prefixes):
            return key
    return OTHER


def _led_project_slugs(organisation: Organisation):
    return Membership.objects.filter(
        organisation=organisation, role=Membership.Role.LEAD
    ).values_list("project__slug", flat=True)


def _animated_network_slugs(organisation: Organisation):
    return NetworkMembership.objects.filter(
        organisation=organisation, role=NetworkMembership.Role.ANIMATOR
    ).values_list("network__slug", flat=True)


def structure_events(organisation: Organisation) -> QuerySet[AuditEvent]:
    """Rules 1 and 2 of the module's docstring."""
    about = Q(pk__in=[])
    if projects := list(_led_project_slugs(organisation)):
        about |= Q(details__project__in=projects)
    if networks := list(_animated_network_slugs(organisation)):
        about |= Q(details__network__in=networks)
    orphan = Q(organisation__isnull=True) & about
    events = AuditEvent.objects.filter(Q(organisation=organisation) | orphan)
    return events.exclude(verb=VALIDATION_ALSO_IN_HISTORY)


def structure_framework_changes(organisation: Organisation) -> QuerySet[FrameworkChange]:
    """Rule 3 of the module's docstring."""
    frameworks = Framework.objects.filter(
        Q(
            project__memberships__organisation=organisation,
            project__memberships__role=Membership.Role.LEAD,
        )
        | Q(
            network__memberships__organisation=organisation,
            network__memberships__role=NetworkMembership.Role.ANIMATOR,
        )
    ).values("pk")
    return FrameworkChange.objects.filter(framework__in=frameworks)


def _family_filters(family: str) -> tuple[Q | None, Q | None]:
    """The filter of one family on (AuditEvent, FrameworkChange); None: that source is empty."""
    if family in ("indicateurs", "chaine"):
        models = INDICATOR_MODELS if family == "indicateurs" else CHAIN_MODELS
        return None, Q(details__model__in=models)
    prefixes = next((p for key, _label, p in FAMILIES if key == family), ())
    if family == "cadre":
        others = INDICATOR_MODELS + CHAIN_MODELS
        framework_q = Q(details__model__isnull=True) | ~Q(details__model__in=others)
    else:
        framework_q = None
    if family == OTHER:
        every = [p for _key, _label, ps in FAMILIES for p in ps]
        event_q = ~Q(verb__startswith=every[0])
        for prefix in every[1:]:
            event_q &= ~Q(verb__startswith=prefix)
        return event_q, None
    event_q = Q(pk__in=[])
    for prefix in prefixes:
        event_q |= Q(verb__startswith=prefix)
    return event_q, framework_q


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def lines(
    organisation: Organisation,
    *,
    family: str = "",
    actor_id: int | None = None,
    start: date | None = None,
    end: date | None = None,
):
    """The structure's journal, filtered, newest first: a queryset of dicts (id, at, actor_id,
    summary, details, event_verb), ready to paginate. Dates are days of the local calendar."""
    events = structure_events(organisation)
    changes = structure_framework_changes(organisation)
    if family:
        event_q, change_q = _family_filters(family)
        events = events.filter(event_q) if event_q is not None else events.none()
        changes = changes.filter(change_q) if change_q is not None else changes.none()
    period = Q()
    if actor_id:
        period &= Q(actor_id=actor_id)
    if start:
        period &= Q(at__gte=_day_start(start))
    if end:
        period &= Q(at__lt=_day_start(end) + timedelta(days=1))
    # One shape for both sources (model fields, then the annotation), so that they unite.
    fields = ("id", "at", "actor_id", "summary", "details", "event_verb")
    events = events.filter(period).order_by().annotate(event_verb=F("verb")).values(*fields)
    changes = (
        changes.filter(period)
        .order_by()
        .annotate(event_verb=Value(FRAMEWORK_CHANGE, output_field=CharField()))
        .values(*fields)
    )
    return events.union(changes, all=True).order_by("-at", "-id")


def actors(organisation: Organisation):
    """The people who appear in the structure's journal, for the « personne » filter."""
    ids = set(structure_events(organisation).values_list("actor_id", flat=True))
    ids |= set(structure_framework_changes(organisation).values_list("actor_id", flat=True))
    ids.discard(None)
    return get_user_model().objects.filter(pk__in=ids).order_by("full_name", "email")


@dataclass
class Line:
    at: datetime
    who: str
    summary: str
    family: str
    family_label: object
    details: list[tuple[object, str]]


def _value_text(key: str, value) -> str:
    if key == "model":
        return str(MODEL_LABELS.get(value, value))
    if isinstance(value, bool):
        return str(_("oui") if value else _("non"))
    if isinstance(value, list | tuple):
        return ", ".join(_value_text(key, v) for v in value) or "–"
    if isinstance(value, dict):
        return ", ".join(f"{k} : {_value_text(k, v)}" for k, v in value.items()) or "–"
    return "–" if value in (None, "") else str(value)


# The model whose field names `details["fields"]` lists, by verb, when the details do not say.
FIELDS_MODEL = {
    "organisation.updated": "organisations.Organisation",
    "organisation.key_figures": "organisations.KeyFigures",
    "project.updated": "projects.Project",
}


def _field_labels(verb: str, details: dict) -> dict:
    """Field name → its French label, from the changed model's verbose names."""
    label = FIELDS_MODEL.get(verb)
    if label is None and details.get("model"):
        label = f"evaluation.{details['model']}"
    try:
        model = apps.get_model(label) if label else None
    except LookupError:
        model = None
    if model is None:
        return {}
    return {
        f.name: str(f.verbose_name) for f in model._meta.get_fields() if hasattr(f, "verbose_name")
    }


def readable_details(details: dict | None, verb: str = "") -> list[tuple[object, str]]:
    """The details of a line as (label, text) pairs: keys, elements and fields in French where
    known, so that no one reads raw JSON."""
    details = details or {}
    fields = _field_labels(verb, details)
    pairs = []
    for key, value in details.items():
        if key == "fields" and isinstance(value, list):
            value = [fields.get(name, name) for name in value]
        pairs.append((DETAIL_LABELS.get(key, key.replace("_", " ")), _value_text(key, value)))
    return pairs


def present(rows) -> list[Line]:
    """Rows of `lines` (one page of them) as lines to show, with the authors' names."""
    rows = list(rows)
    users = get_user_model().objects.in_bulk({r["actor_id"] for r in rows if r["actor_id"]})
    result = []
    for row in rows:
        actor = users.get(row["actor_id"])
        family = family_of(row["event_verb"], row["details"])
        result.append(
            Line(
                at=row["at"],
                who=str(actor) if actor else str(_("système")),
                summary=row["summary"],
                family=family,
                family_label=FAMILY_LABELS.get(family, _("autre")),
                details=readable_details(row["details"], row["event_verb"]),
            )
        )
    return result


def to_csv(rows) -> bytes:
    """The filtered journal for a spreadsheet: UTF-8 with a BOM, semicolons, no formulas."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([_("Date"), _("Heure"), _("Qui"), _("Famille"), _("Quoi"), _("Détails")])
    for line in present(rows):
        local = timezone.localtime(line.at)
        details = " ; ".join(f"{label} : {text}" for label, text in line.details)
        cells = [local.strftime("%d/%m/%Y"), local.strftime("%H:%M"), line.who]
        cells += [line.family_label, line.summary, details]
        writer.writerow([neutralise(str(cell)) for cell in cells])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
