"""A structure's whole dataset, pseudonymised, for a researcher or the federation: a ZIP of CSV
files where no person appears under their name.

- Every person (named participant, volunteer, board member, respondent, testimony author) becomes
  a keyed pseudonym: HMAC-SHA256 of the structure's id and the person's name, with a key derived
  from the instance's SECRET_KEY. The same person keeps the same pseudonym from one export to the
  next and across the files of one export (a volunteer who also sits on the board is one `P-…`);
  the same name in another structure gives another pseudonym; without the secret nobody can
  recompute or reverse them. Changing SECRET_KEY changes every pseudonym.
- Free texts (testimonies, open answers, circumstances) are kept with every name known to the
  structure, every account's name, e-mail addresses and phone numbers removed. Staff notes
  (sessions, volunteering, reception follow-up) are not exported at all.
- Testimonies kept for the team only (`internal` scope) are left out: their authors did not agree
  to a use outside the structure. Media files never leave.
- Cells a spreadsheet would run as a formula are written as text (`exports.neutralise`).
"""

from __future__ import annotations

import csv
import functools
import hashlib
import hmac
import io
import re
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.collection.exports import _cell, _csv_value
from maillage.collection.models import (
    ActivitySession,
    Attendance,
    ConsentRecord,
    Participant,
    Question,
    ReceptionRequest,
    Response,
    Testimony,
    VolunteerTime,
)
from maillage.collection.models.surveys import Invitation as SurveyInvitation
from maillage.core import audit
from maillage.organisations.models import Mandate
from maillage.projects.models import Membership, SharedPost

NAME_GONE, EMAIL_GONE, PHONE_GONE = "[nom retiré]", "[e-mail retiré]", "[téléphone retiré]"
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE_RE = re.compile(r"(?<!\d)(?:\+33\s?|0)[1-9](?:[\s.-]?\d{2}){4}(?!\d)")
# Parts of names that are also ordinary words at the start of a sentence: never removed alone.
NOT_NAMES = {"les", "des", "van", "von", "saint", "sainte", "personne", "effacée", "effacé"}


def _key() -> bytes:
    # A key of its own, derived from the secret: the secret itself never signs exported data.
    return _derived(settings.SECRET_KEY)


@functools.cache
def _derived(secret: str) -> bytes:
    return hmac.new(secret.encode(), b"maillage:pseudonymes", hashlib.sha256).digest()


def _normal(identity: str) -> str:
    return " ".join(str(identity).split()).casefold()


def pseudonym(organisation, kind: str, value) -> str:
    """`P-…` for a person (keyed on the name), `R-…` a response, `T-…` a testimony."""
    message = f"{organisation.pk}:{kind}:{_normal(value)}".encode()
    return f"{kind[0].upper()}-{hmac.new(_key(), message, hashlib.sha256).hexdigest()[:12]}"


def person(organisation, identity: str) -> str:
    return pseudonym(organisation, "person", identity) if identity and identity.strip() else ""


# --- removing names from free texts ------------------------------------------------------------


def _words(words, flags=0) -> re.Pattern | None:
    """One pattern matching any of the words, whole words only, the longest first."""
    ordered = sorted(words, key=len, reverse=True)
    escaped = "|".join(re.escape(word) for word in ordered)
    return re.compile(rf"(?<!\w)(?:{escaped})(?!\w)", flags) if ordered else None


@dataclass
class Scrubber:
    names: set[str] = field(default_factory=set)

    def __post_init__(self):
        full = {n.strip() for n in self.names if len(n.strip()) >= 3}
        parts = {p.strip(".,;:()") for n in full if "@" not in n for p in n.split()}
        parts = {p for p in parts if len(p) >= 3 and p[0].isupper()}
        self._full = _words(full, re.IGNORECASE)
        # First or last names alone ("Jeanne m'a dit…"): capitalised, whole words only.
        self._parts = _words(p for p in parts if p.casefold() not in NOT_NAMES)

    def __call__(self, text: str) -> str:
        if not text:
            return ""
        text = EMAIL_RE.sub(EMAIL_GONE, text)
        text = PHONE_RE.sub(PHONE_GONE, text)
        if self._full:
            text = self._full.sub(NAME_GONE, text)
        if self._parts:
            text = self._parts.sub(NAME_GONE, text)
        return text


def known_names(organisation) -> set[str]:
    """Every name and address the structure recorded, and every account's name and address."""
    org = organisation
    names: set[str] = set()
    for queryset, columns in (
        (Participant.objects.filter(organisation=org), ["name"]),
        (Testimony.objects.filter(organisation=org), ["author_name"]),
        (Response.objects.filter(survey__organisation=org),
         ["respondent_name", "respondent_email"]),
        (SurveyInvitation.objects.filter(campaign__survey__organisation=org), ["email"]),
        (Mandate.objects.filter(body__organisation=org), ["person_name"]),
        (Membership.objects.filter(organisation=org), ["referent_name", "referent_email"]),
        (SharedPost.objects.filter(employer=org), ["holder_name"]),
        (ConsentRecord.objects.filter(organisation=org), ["subject_label"]),
        (VolunteerTime.objects.filter(organisation=org), ["group_label"]),
        (get_user_model().objects.all(), ["full_name", "email"]),
    ):  # fmt: skip
        for column in columns:
            names.update(v for v in queryset.values_list(column, flat=True).distinct() if v)
    return names


# --- the files ---------------------------------------------------------------------------------


def _csv(rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow([_csv_value(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _day(value) -> str:
    return value.isoformat() if value else ""


def _responses(org, scrub):
    responses = (
        Response.objects.filter(survey__organisation=org)
        .select_related("survey", "campaign")
        .prefetch_related("answers__question")
        .order_by("survey__code", "submitted_at", "pk")
    )
    head = [[_("reponse"), _("personne"), _("questionnaire"), _("campagne"), _("recue_le"),
             _("origine"), _("groupe")]]  # fmt: skip
    detail = [[_("reponse"), _("questionnaire"), _("question"), _("valeur")]]
    for response in responses.iterator(chunk_size=500):
        code = pseudonym(org, "response", response.pk)
        who = person(org, response.respondent_name or response.respondent_email)
        head.append([code, who, response.survey.code, response.campaign.title if response.campaign
                     else "", _day(timezone.localdate(response.submitted_at)), response.channel,
                     response.respondent_group])  # fmt: skip
        for answer in response.answers.all():
            value = _cell(answer.question, answer)
            if answer.question.type in Question.TEXT_TYPES:
                value = scrub(value)
            detail.append([code, response.survey.code, answer.question.code, value])
    questions = [[_("questionnaire"), _("question"), _("libelle"), _("type")]]
    for question in Question.objects.filter(survey__organisation=org).select_related("survey"):
        questions.append([question.survey.code, question.code, question.label, question.type])
    return {"reponses.csv": head, "reponses_detail.csv": detail, "questions.csv": questions}


def _testimonies(org, scrub):
    rows = [[_("temoignage"), _("personne"), _("date"), _("groupe"), _("usage"), _("projet"),
             _("circonstances"), _("mots_cles"), _("texte")]]  # fmt: skip
    quotable = (
        Testimony.objects.filter(organisation=org)
        .exclude(consent_scope=Testimony.Scope.INTERNAL)
        .select_related("project")
        .prefetch_related("tags")
        .order_by("said_on", "pk")
    )
    for item in quotable:
        rows.append([
            pseudonym(org, "testimony", item.pk), person(org, item.author_name),
            _day(item.said_on), item.author_group, item.consent_scope,
            item.project.title if item.project else "", scrub(item.context),
            ", ".join(tag.name for tag in item.tags.all()), scrub(item.text),
        ])  # fmt: skip
    return {"temoignages.csv": rows}


def _activities(org):
    sessions = [[_("seance"), _("activite"), _("date"), _("duree_heures"), _("groupe"),
                 _("nombre")]]  # fmt: skip
    # Plain rows, not model instances: a busy structure has thousands of sessions.
    for pk, activity, day, duration, group, count in (
        Attendance.objects.filter(session__activity__organisation=org)
        .order_by("session__date", "session__pk", "group")
        .values_list(
            "session__pk",
            "session__activity__code",
            "session__date",
            "session__duration",
            "group",
            "count",
        )  # fmt: skip
    ):
        sessions.append([pk, activity, _day(day), duration, group, count])
    presences = [[_("seance"), _("activite"), _("date"), _("personne"), _("groupe")]]
    through = ActivitySession.participants.through
    for pk, activity, day, name, group in (
        through.objects.filter(activitysession__activity__organisation=org)
        .order_by("activitysession__date", "activitysession__pk", "participant__name")
        .values_list(
            "activitysession__pk",
            "activitysession__activity__code",
            "activitysession__date",
            "participant__name",
            "participant__group",
        )  # fmt: skip
    ):
        presences.append([pk, activity, _day(day), person(org, name), group])
    volunteering = [[_("date"), _("activite"), _("personne"), _("groupe_de_benevoles"),
                     _("benevoles"), _("heures")]]  # fmt: skip
    for item in (
        VolunteerTime.objects.filter(organisation=org)
        .select_related("activity", "person")
        .order_by("date", "pk")
    ):
        volunteering.append([
            _day(item.date), item.activity.code if item.activity else "",
            person(org, item.person.name) if item.person else "",
            pseudonym(org, "group", item.group_label) if item.group_label else "",
            item.volunteers, item.hours,
        ])  # fmt: skip
    return {"seances.csv": sessions, "presences.csv": presences, "benevolat.csv": volunteering}


def _reception(org):
    rows = [[_("date"), _("canal"), _("groupe"), _("theme"), _("suite_donnee"),
             _("oriente_vers"), _("suivi_prevu")]]  # fmt: skip
    for day, channel, group, theme, outcome, oriented_to, follow_up in (
        ReceptionRequest.objects.filter(organisation=org)
        .order_by("received_on", "pk")
        .values_list(
            "received_on",
            "channel",
            "group",
            "theme",
            "outcome",
            "oriented_to__name",
            "follow_up",
        )  # fmt: skip
    ):
        rows.append([_day(day), channel, group, theme, outcome, oriented_to or "",
                     "oui" if follow_up else "non"])  # fmt: skip
    return {"accueil.csv": rows}


def _mandates(org):
    rows = [[_("instance"), _("personne"), _("genre"), _("college"), _("fonction"), _("debut"),
             _("fin")]]  # fmt: skip
    for item in (
        Mandate.objects.filter(body__organisation=org)
        .select_related("body")
        .order_by("body__pk", "started_on", "pk")
    ):
        rows.append([str(item.body), person(org, item.person_name), item.gender, item.group,
                     item.role, _day(item.started_on), _day(item.ended_on)])  # fmt: skip
    return {"mandats.csv": rows}


def _readme(organisation, files: dict[str, list]) -> str:
    lines = [
        f"Données de {organisation.name} exportées de Maillage le "
        f"{timezone.localtime():%d/%m/%Y à %H:%M}, pseudonymisées.",
        "",
        "Chaque personne est remplacée par un pseudonyme « P-… » : le même d'un fichier à "
        "l'autre et d'un export à l'autre sur cette instance, différent dans une autre "
        "structure ; il ne permet pas de retrouver le nom. Les réponses (« R-… ») et les "
        "témoignages (« T-… ») ont aussi un code stable.",
        "Les noms, adresses e-mail et numéros de téléphone sont retirés des textes libres ; les "
        "remarques de l'équipe ne sont pas exportées ; les témoignages à usage interne, les "
        "photos, sons et vidéos non plus.",
        "Fichiers CSV en UTF-8, séparateur point-virgule, une ligne d'en-tête :",
        "",
    ]
    lines += [f"- {name} : {len(rows) - 1} lignes" for name, rows in files.items()]
    return "\n".join(lines) + "\n"


def build(organisation, *, by=None) -> tuple[bytes, dict[str, int]]:
    """The ZIP of the structure's dataset and the number of rows of each file."""
    scrub = Scrubber(known_names(organisation))
    files: dict[str, list] = {}
    files.update(_responses(organisation, scrub))
    files.update(_testimonies(organisation, scrub))
    files.update(_activities(organisation))
    files.update(_reception(organisation))
    files.update(_mandates(organisation))
    counts = {name.removesuffix(".csv"): len(rows) - 1 for name, rows in files.items()}
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("LISEZMOI.txt", _readme(organisation, files))
        for name, rows in files.items():
            zf.writestr(name, _csv(rows))
    audit.record(
        "personal_data.pseudonymised_export",
        f"Export pseudonymisé des données de la structure ({sum(counts.values())} lignes)",
        actor=by,
        organisation=organisation,
        counts=counts,
    )
    return archive.getvalue(), counts
