"""Personal data of one structure: the register of what is stored and why, and the export and
erasure of one person's data (RGPD articles 15, 17 and 20).

A person is identified by the exact name or e-mail address under which the structure recorded
them (case does not matter): `candidates` lists those identities from a few typed letters,
`find_person` gathers every record of one identity by kind, `export_person` packs them in a ZIP,
`erase_person` removes the name, the address and the media while keeping the structure's counts
(an anonymous participant still counts once, an answer's content stays without its author).
Everything is scoped to one structure: another structure's rows are never read nor touched.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from maillage.accounts.models import Invitation as AccountInvitation
from maillage.collection import consents
from maillage.collection.models import (
    ActivitySession,
    Answer,
    ConsentRecord,
    Participant,
    Response,
    ResponseImport,
    Testimony,
    VolunteerTime,
)
from maillage.collection.models.surveys import Invitation as SurveyInvitation
from maillage.core import audit, scheduling
from maillage.core.models import AuditEvent
from maillage.organisations.models import BodyMeeting, Mandate, Organisation, OrganisationMember
from maillage.projects.models import Membership, SharedPost

ERASED = "[nom effacé]"
MIN_QUERY = 2

# --- the register ------------------------------------------------------------------------------

# What Maillage stores about people, one entry per model; `fields` names every model field that
# holds personal data (tests check that no such field is left undescribed).
REGISTER = [
    {
        "model": "collection.Participant",
        "fields": ["name"],
        "what": _(
            "Personnes nommées dans les relevés d'activité : le nom tapé par l'équipe "
            "(souvent prénom et initiale) et le groupe (habitant, bénévole…)."
        ),
        "why": _(
            "Compter les personnes différentes venues aux activités, et pas seulement les "
            "participations ; relever le temps de chaque bénévole."
        ),
        "basis": _("Intérêt légitime de la structure (évaluer son projet social)."),
        "who": _("L'équipe de la structure (administrateurs et contributeurs)."),
        "retention": _(
            "4 ans après sa dernière présence ou heure de bénévolat enregistrée ; ensuite le "
            "nom est remplacé par « Personne effacée » (les présences restent comptées)."
        ),
    },
    {
        "model": "collection.VolunteerTime",
        "fields": ["person", "group_label", "notes"],
        "what": _("Heures données par un ou une bénévole nommé(e), ou par un groupe."),
        "why": _("Valoriser le bénévolat (contributions volontaires en nature, comptes 86/87)."),
        "basis": _("Intérêt légitime ; obligation comptable pour la valorisation."),
        "who": _("L'équipe de la structure."),
        "retention": _("Les heures restent ; le nom suit la règle des personnes nommées."),
    },
    {
        "model": "collection.Testimony",
        "fields": ["author_name", "text", "media", "name_consent", "consent_scope", "consent_on"],
        "what": _(
            "Témoignages mot pour mot ; le nom de l'auteur seulement s'il a accepté d'être "
            "nommé ; photo, son ou vidéo éventuels ; l'étendue et la date du consentement."
        ),
        "why": _("Illustrer les effets du projet dans l'évaluation et les rapports."),
        "basis": _("Consentement de la personne, recueilli à une date et pour un usage donnés."),
        "who": _("L'équipe de la structure ; les lecteurs des rapports si l'usage le permet."),
        "retention": _("Tant que le consentement tient, au plus 5 ans après le témoignage."),
    },
    {
        "model": "collection.Response",
        "fields": ["respondent_name", "respondent_email", "consent_at"],
        "what": _(
            "Réponses aux questionnaires : anonymes par défaut ; nom et e-mail seulement "
            "dans une campagne nominative, avec la date du consentement."
        ),
        "why": _(
            "Mesurer les indicateurs du cadre d'évaluation ; recontacter la personne si "
            "elle l'a demandé."
        ),
        "basis": _("Consentement (campagnes nominatives) ; intérêt légitime (réponses anonymes)."),
        "who": _(
            "L'équipe de la structure ; les partenaires du projet ne voient que des "
            "résultats agrégés."
        ),
        "retention": _(
            "Durée de la campagne, plus 4 ans pour comparer avec l'évaluation suivante."
        ),
    },
    {
        "model": "collection.ConsentRecord",
        "fields": ["subject_label", "response", "testimony", "text", "withdrawn_at"],
        "what": _(
            "Preuves de consentement : qui a accepté (nom donné, réponse ou témoignage "
            "concerné), quoi (objet et phrase acceptée, telle quelle), comment, quand, noté "
            "par qui ; et son retrait éventuel."
        ),
        "why": _("Pouvoir montrer l'accord sur lequel la structure s'appuie, et son retrait."),
        "basis": _("Obligation de prouver le consentement (RGPD, article 7)."),
        "who": _("Les administrateurs de la structure."),
        "retention": _(
            "Le nom part avec celui de la réponse ou du témoignage, ou 5 ans après le "
            "retrait ; la preuve sans nom (date, objet, retrait) reste."
        ),
    },
    {
        "model": "collection.Invitation",
        "fields": ["email"],
        "what": _("Adresses e-mail des personnes invitées à répondre à un questionnaire."),
        "why": _("Envoyer un lien personnel et ne compter qu'une réponse par personne."),
        "basis": _("Intérêt légitime de la structure."),
        "who": _("L'équipe de la structure."),
        "retention": _("Jusqu'à la clôture de la campagne, plus 1 an."),
    },
    {
        "model": "organisations.Mandate",
        "fields": ["person_name", "gender"],
        "what": _(
            "Membres des instances (conseil d'administration, bureau…) : nom, genre, "
            "collège, fonction, dates du mandat."
        ),
        "why": _("Suivre la gouvernance et la parité des instances."),
        "basis": _("Intérêt légitime ; la composition des instances est souvent publique."),
        "who": _("L'équipe de la structure."),
        "retention": _("Durée du mandat, plus 4 ans."),
    },
    {
        "model": "projects.Membership",
        "fields": ["referent", "referent_name", "referent_email"],
        "what": _(
            "Référent ou référente de la structure dans un projet : compte, ou nom et "
            "e-mail d'une personne sans compte."
        ),
        "why": _("Savoir qui joindre pour la coopération."),
        "basis": _("Intérêt légitime des membres du projet."),
        "who": _("Les membres de la communauté d'action du projet."),
        "retention": _("Tant que la structure est membre du projet."),
    },
    {
        "model": "projects.SharedPost",
        "fields": ["holder_name"],
        "what": _("Nom de la personne qui occupe un poste mutualisé."),
        "why": _("Répartir le coût et le temps du poste entre les structures."),
        "basis": _("Intérêt légitime des employeurs."),
        "who": _("Les structures qui partagent le poste."),
        "retention": _("Durée du poste, plus 4 ans."),
    },
    {
        "model": "accounts.User",
        "fields": ["email", "full_name"],
        "what": _(
            "Comptes des personnes qui utilisent Maillage : nom, e-mail, mot de passe chiffré."
        ),
        "why": _("Se connecter ; savoir qui a saisi ou modifié quoi."),
        "basis": _("Exécution du service demandé par la structure."),
        "who": _("Les membres des structures dont la personne fait partie."),
        "retention": _("Tant que le compte est actif."),
    },
    {
        "model": "accounts.Invitation",
        "fields": ["email"],
        "what": _("Adresses e-mail des personnes invitées à rejoindre la structure."),
        "why": _("Envoyer l'invitation et la rattacher au compte créé."),
        "basis": _("Intérêt légitime de la structure."),
        "who": _("Les administrateurs de la structure."),
        "retention": _("Jusqu'à l'acceptation ou l'expiration, plus 1 an."),
    },
    {
        "model": "organisations.OrganisationMember",
        "fields": ["user", "job_title"],
        "what": _("Appartenance d'un compte à la structure : rôle et fonction."),
        "why": _("Décider qui peut voir et modifier quoi."),
        "basis": _("Exécution du service demandé par la structure."),
        "who": _("Les membres de la structure."),
        "retention": _("Tant que la personne est membre."),
    },
]


def register_fields() -> set[tuple[str, str]]:
    """(model label, field name) pairs the register describes."""
    return {(entry["model"], name) for entry in REGISTER for name in entry["fields"]}


# --- finding a person --------------------------------------------------------------------------


@dataclass
class Kind:
    key: str
    label: str
    on_erase: str
    records: list = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)

    @property
    def columns(self) -> list[str]:
        """Every column of the rows (answers to different surveys have different questions)."""
        names: list[str] = []
        for row in self.rows:
            names += [str(key) for key in row if str(key) not in names]
        return names

    @property
    def table(self) -> list[list[str]]:
        columns = self.columns
        return [
            [_fmt({str(k): v for k, v in row.items()}.get(name, "")) for name in columns]
            for row in self.rows
        ]


@dataclass
class Person:
    identity: str
    kinds: list[Kind]
    members: list = field(default_factory=list)  # accounts: shown and exported, never erased here
    mentions: list[tuple[str, object, str]] = field(default_factory=list)  # (label, obj, attr)
    media: list[Testimony] = field(default_factory=list)
    # Other names or addresses the same person gave in an identified answer: erased with it.
    linked: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(len(kind.records) for kind in self.kinds) + len(self.mentions)

    @property
    def found(self) -> bool:
        return bool(self.total or self.members)


def _fmt(value) -> str:
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal):  # French decimals: « 12,5 », not « 12.50 »
        return f"{value.normalize():f}".replace(".", ",")
    return "" if value is None else str(value)


def candidates(organisation, query: str) -> list[str]:
    """The names and e-mail addresses recorded by the structure that contain `query`."""
    query = (query or "").strip()
    if len(query) < MIN_QUERY:
        return []
    org = organisation
    found: set[str] = set()
    for queryset, fields in (
        (Participant.objects.filter(organisation=org), ["name"]),
        (Testimony.objects.filter(organisation=org), ["author_name"]),
        (
            Response.objects.filter(survey__organisation=org),
            ["respondent_name", "respondent_email"],
        ),
        (SurveyInvitation.objects.filter(campaign__survey__organisation=org), ["email"]),
        (Mandate.objects.filter(body__organisation=org), ["person_name"]),
        (Membership.objects.filter(organisation=org), ["referent_name", "referent_email"]),
        (SharedPost.objects.filter(employer=org), ["holder_name"]),
        (AccountInvitation.objects.filter(organisation=org), ["email"]),
        (OrganisationMember.objects.filter(organisation=org), ["user__full_name", "user__email"]),
        (ConsentRecord.objects.filter(organisation=org), ["subject_label"]),
    ):
        for name in fields:
            found.update(
                queryset.filter(**{f"{name}__icontains": query}).values_list(name, flat=True)
            )
    return sorted((value for value in found if value), key=str.casefold)


def _text_mentions(organisation, identity: str) -> list[tuple[str, object, str]]:
    """Free-text fields of the structure's rows that quote the name or address."""
    org, q = organisation, identity
    sources = [
        (_("Remarque d'une séance"), ActivitySession.objects.filter(activity__organisation=org),
         ["notes"]),
        (_("Remarque de bénévolat"), VolunteerTime.objects.filter(organisation=org),
         ["notes", "group_label"]),
        (_("Texte d'un témoignage"), Testimony.objects.filter(organisation=org),
         ["text", "context"]),
        (_("Réponse à une question"), Answer.objects.filter(response__survey__organisation=org),
         ["text"]),
        (_("Notes d'une réunion d'instance"), BodyMeeting.objects.filter(body__organisation=org),
         ["notes"]),
        (_("Journal des modifications"), AuditEvent.objects.filter(organisation=org),
         ["summary"]),
    ]  # fmt: skip
    mentions = []
    for label, queryset, fields in sources:
        for name in fields:
            for obj in queryset.filter(**{f"{name}__icontains": q}):
                mentions.append((str(label), obj, name))
    for event in AuditEvent.objects.filter(organisation=org).exclude(details={}):
        if q.casefold() in json.dumps(event.details, ensure_ascii=False).casefold():
            mentions.append((str(_("Journal des modifications")), event, "details"))
    return mentions


def find_person(organisation, identity: str) -> Person:
    """Every record of the structure under this exact name or e-mail address, by kind."""
    org, q = organisation, (identity or "").strip()
    person = Person(identity=q, kinds=[])
    if len(q) < MIN_QUERY:
        return person

    participants = list(Participant.objects.filter(organisation=org, name__iexact=q))
    kind = Kind("participants", _("Personne nommée dans les relevés"),
                _("Le nom est remplacé par « Personne effacée » et un numéro : les présences "
                  "restent comptées, sans nom."))  # fmt: skip
    for item in participants:
        kind.records.append(item)
        kind.rows.append({
            _("nom"): item.name, _("groupe"): item.get_group_display(),
            _("séances"): item.sessions.count(), _("enregistrée le"): _fmt(item.created_at),
        })  # fmt: skip
    person.kinds.append(kind)

    kind = Kind("volunteer_time", _("Temps bénévole"),
                _("Les heures restent, rattachées à la personne devenue anonyme."))  # fmt: skip
    times = (
        VolunteerTime.objects.filter(organisation=org)
        .filter(Q(person__in=participants) | Q(group_label__iexact=q))
        .select_related("activity")
    )
    for item in times:
        kind.records.append(item)
        kind.rows.append({
            _("date"): _fmt(item.date), _("activité"): item.activity.name if item.activity else "",
            _("heures"): _fmt(item.hours), _("bénévoles"): item.volunteers,
            _("remarque"): item.notes,
        })  # fmt: skip
    person.kinds.append(kind)

    kind = Kind("testimonies", _("Témoignage signé"),
                _("Le nom et le fichier (photo, son, vidéo) sont supprimés ; le texte reste, "
                  "sans auteur, le nom y est remplacé par « [nom effacé] »."))  # fmt: skip
    for item in Testimony.objects.filter(organisation=org, author_name__iexact=q):
        kind.records.append(item)
        if item.media:
            person.media.append(item)
        kind.rows.append({
            _("date"): _fmt(item.said_on), _("texte"): item.text, _("nom"): item.author_name,
            _("usage accepté"): item.get_consent_scope_display(),
            _("consentement le"): _fmt(item.consent_on), _("circonstances"): item.context,
            _("fichier"): item.get_media_kind_display() if item.media else "",
        })  # fmt: skip
    person.kinds.append(kind)

    kind = Kind("responses", _("Réponse nominative à un questionnaire"),
                _("Le nom et l'e-mail sont retirés ; les réponses restent, anonymes, et "
                  "comptent toujours dans les indicateurs."))  # fmt: skip
    responses = (
        Response.objects.filter(survey__organisation=org)
        .select_related("invitation")
        .filter(
            Q(respondent_name__iexact=q)
            | Q(respondent_email__iexact=q)
            | Q(invitation__email__iexact=q)
        )
        .select_related("survey")
        .prefetch_related("answers__question")
    )
    for item in responses:
        kind.records.append(item)
        for other in (
            item.respondent_name,
            item.respondent_email,
            getattr(item.invitation, "email", ""),
        ):
            if other and other.casefold() != q.casefold() and other not in person.linked:
                person.linked.append(other)
        row = {
            _("questionnaire"): item.survey.title, _("reçue le"): _fmt(item.submitted_at),
            _("nom"): item.respondent_name, _("e-mail"): item.respondent_email,
            _("consentement le"): _fmt(item.consent_at),
        }  # fmt: skip
        for answer in item.answers.all():
            value = answer.text or (answer.number if answer.number is not None else "")
            value = value or ", ".join(answer.choices or []) or _fmt(answer.date)
            row[answer.question.label] = _fmt(value)
        kind.rows.append(row)
    person.kinds.append(kind)

    kind = Kind("consents", _("Consentement enregistré"),
                _("La preuve reste sans le nom : date, objet, phrase acceptée, retrait "
                  "éventuel."))  # fmt: skip
    for item in consents.of_person(org, q):
        kind.records.append(item)
        kind.rows.append({
            _("objet"): item.get_purpose_display(), _("phrase acceptée"): item.text,
            _("recueilli"): item.get_channel_display(), _("donné le"): _fmt(item.given_on),
            _("état"): item.status_label, _("retiré le"): _fmt(item.withdrawn_at),
        })  # fmt: skip
    person.kinds.append(kind)

    kind = Kind("survey_invitations", _("Invitation à répondre"),
                _("L'adresse est remplacée par une adresse neutre : le taux de réponse ne "
                  "change pas."))  # fmt: skip
    for item in SurveyInvitation.objects.filter(
        campaign__survey__organisation=org, email__iexact=q
    ).select_related("campaign"):
        kind.records.append(item)
        kind.rows.append({
            _("campagne"): item.campaign.title, _("e-mail"): item.email,
            _("envoyée le"): _fmt(item.sent_at), _("répondu le"): _fmt(item.answered_at),
        })  # fmt: skip
    person.kinds.append(kind)

    kind = Kind("mandates", _("Mandat dans une instance"),
                _("Le nom est remplacé par « Personne effacée » ; genre, collège et dates "
                  "restent pour les chiffres de gouvernance."))  # fmt: skip
    for item in Mandate.objects.filter(body__organisation=org, person_name__iexact=q):
        kind.records.append(item)
        kind.rows.append({
            _("instance"): str(item.body), _("nom"): item.person_name,
            _("fonction"): item.get_role_display(), _("collège"): item.get_group_display(),
            _("début"): _fmt(item.started_on), _("fin"): _fmt(item.ended_on),
        })  # fmt: skip
    person.kinds.append(kind)

    kind = Kind("referents", _("Référent ou référente dans un projet"),
                _("Le nom et l'e-mail (ou le compte) du référent sont retirés."))  # fmt: skip
    for item in Membership.objects.filter(organisation=org).filter(
        Q(referent_name__iexact=q) | Q(referent_email__iexact=q)
        | Q(referent__email__iexact=q) | Q(referent__full_name__iexact=q)
    ).select_related("project", "referent"):  # fmt: skip
        kind.records.append(item)
        kind.rows.append({_("projet"): item.project.name, _("référent"): item.referent_label})
    person.kinds.append(kind)

    kind = Kind("shared_posts", _("Personne en poste mutualisé"),
                _("Le nom de la personne en poste est retiré ; le poste reste."))  # fmt: skip
    for item in SharedPost.objects.filter(employer=org, holder_name__iexact=q):
        kind.records.append(item)
        kind.rows.append({_("poste"): item.title, _("nom"): item.holder_name})
    person.kinds.append(kind)

    kind = Kind("account_invitations", _("Invitation à rejoindre la structure"),
                _("L'invitation est supprimée."))  # fmt: skip
    for item in AccountInvitation.objects.filter(organisation=org, email__iexact=q):
        kind.records.append(item)
        kind.rows.append({
            _("e-mail"): item.email, _("rôle"): item.get_role_display(),
            _("envoyée le"): _fmt(item.created_at), _("état"): item.status_label,
        })  # fmt: skip
    person.kinds.append(kind)

    imports = [
        item
        for item in ResponseImport.objects.filter(survey__organisation=org).exclude(data=b"")
        if item.status in (ResponseImport.Status.DONE, ResponseImport.Status.FAILED)
        and q.casefold() in bytes(item.data).decode("utf-8", "replace").casefold()
    ]
    kind = Kind("imports", _("Fichier de réponses importé"),
                _("Le fichier gardé après l'import est vidé ; les réponses importées "
                  "restent."))  # fmt: skip
    for item in imports:
        kind.records.append(item)
        kind.rows.append({_("fichier"): item.filename, _("importé le"): _fmt(item.created_at)})
    person.kinds.append(kind)

    person.members = list(
        OrganisationMember.objects.filter(organisation=org)
        .filter(Q(user__email__iexact=q) | Q(user__full_name__iexact=q))
        .select_related("user")
    )
    person.mentions = _text_mentions(org, q)
    return person


# --- export ------------------------------------------------------------------------------------


def _csv(rows: list[dict]) -> bytes:
    headers = Kind("", "", "", rows=rows).columns
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(headers)
    for row in rows:
        values = {str(key): value for key, value in row.items()}
        writer.writerow([_fmt(values.get(name, "")) for name in headers])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: Excel reads the accents


def export_person(organisation, person: Person, by=None) -> bytes:
    """A ZIP: `donnees.json` with every record, one CSV per kind, and the testimonies' media."""
    data = {
        "structure": organisation.name,
        "personne": person.identity,
        "exporte_le": _fmt(timezone.now()),
        "donnees": {},
    }
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for kind in person.kinds:
            if not kind.rows:
                continue
            rows = [{str(k): _fmt(v) for k, v in row.items()} for row in kind.rows]
            data["donnees"][str(kind.label)] = rows
            zf.writestr(f"{kind.key}.csv", _csv(kind.rows))
        if person.members:
            rows = [
                {"nom": m.user.full_name, "e-mail": m.user.email, "rôle": m.get_role_display(),
                 "fonction": getattr(m, "job_title", "")}
                for m in person.members
            ]  # fmt: skip
            data["donnees"][str(_("Compte membre de la structure"))] = rows
            zf.writestr("compte.csv", _csv(rows))
        if person.mentions:
            rows = [
                {"où": label, "texte": _fmt(getattr(obj, attr))}
                for label, obj, attr in person.mentions
            ]
            data["donnees"][str(_("Mentions dans des textes"))] = rows
            zf.writestr("mentions.csv", _csv(rows))
        for testimony in person.media:
            name = f"fichiers/temoignage-{testimony.pk}-{testimony.media_kind or 'fichier'}"
            with testimony.media.open("rb") as handle:
                zf.writestr(name, handle.read())
        zf.writestr("donnees.json", json.dumps(data, ensure_ascii=False, indent=2))
        zf.writestr("LISEZMOI.txt", _readme(organisation, person))
    audit.record(
        "personal_data.export",
        f"Export des données d'une personne ({person.total} éléments)",
        actor=by,
        organisation=organisation,
        counts=_counts(person),
    )
    return archive.getvalue()


def _readme(organisation, person: Person) -> str:
    return (
        f"Données personnelles enregistrées par {organisation.name} dans Maillage\n"
        f"pour « {person.identity} », exportées le {_fmt(timezone.now())}.\n\n"
        "donnees.json : toutes les données ; un fichier CSV par type d'enregistrement "
        "(séparateur point-virgule) ; fichiers/ : photos, sons et vidéos des témoignages.\n"
    )


def _counts(person: Person) -> dict[str, int]:
    # The audit line keeps what kinds of records and how many, never the name.
    counts = {kind.key: len(kind.records) for kind in person.kinds if kind.records}
    if person.mentions:
        counts["mentions"] = len(person.mentions)
    return counts


# --- erasure -----------------------------------------------------------------------------------


def _scrub(text: str, identity: str) -> str:
    return re.sub(re.escape(identity), ERASED, text, flags=re.IGNORECASE)


@transaction.atomic
def erase_person(organisation, identity: str, by=None) -> dict[str, int]:
    """Remove every name, address and media of the person from the structure's data, keeping
    the figures; the other name or address given in the same identified answers goes too.
    Returns what was done by kind (the same counts go to the audit log, never the name)."""
    person = find_person(organisation, identity)
    counts: dict[str, int] = {}
    for other in [None, *person.linked]:
        current = person if other is None else find_person(organisation, other)
        for key, value in _counts(current).items():
            counts[key] = counts.get(key, 0) + value
        _erase(organisation, current)
    audit.record(
        "personal_data.erase",
        f"Effacement des données d'une personne ({sum(counts.values())} éléments)",
        actor=by,
        organisation=organisation,
        counts=counts,
    )
    return counts


def _erase(organisation, person: Person) -> None:
    q = person.identity
    records = {kind.key: kind.records for kind in person.kinds}
    for item in records["participants"]:
        item.name = f"Personne effacée {item.pk}"
        item.save(update_fields=["name"])
    for item in records["volunteer_time"]:
        if item.group_label.casefold() == q.casefold():
            item.group_label = f"Bénévole effacé(e) {item.pk}"
            item.save(update_fields=["group_label"])
    for item in records["testimonies"]:
        if item.media:
            item.media.delete(save=False)
        item.author_name, item.name_consent = "", False
        item.media_kind = item.media_type = item.media_token = ""
        item.save(update_fields=["author_name", "name_consent", "media", "media_kind",
                                 "media_type", "media_token"])  # fmt: skip
    for item in records["responses"]:
        item.respondent_name = item.respondent_email = ""
        item.save(update_fields=["respondent_name", "respondent_email"])
    consents.forget(records["consents"])
    for item in records["survey_invitations"]:
        item.email = f"personne-effacee-{item.pk}@invalid.invalid"
        item.save(update_fields=["email"])
    for item in records["mandates"]:
        item.person_name = f"Personne effacée {item.pk}"
        item.save(update_fields=["person_name"])
    for item in records["referents"]:
        if item.referent and q.casefold() in (
            item.referent.email.casefold(),
            item.referent.full_name.casefold(),
        ):
            item.referent = None
        if q.casefold() in (item.referent_name.casefold(), item.referent_email.casefold()):
            item.referent_name = item.referent_email = ""
        item.save(update_fields=["referent", "referent_name", "referent_email"])
    for item in records["shared_posts"]:
        item.holder_name = ""
        item.save(update_fields=["holder_name"])
    for item in records["account_invitations"]:
        item.delete()
    for item in records["imports"]:
        item.data = b""
        item.save(update_fields=["data"])
    # Free texts last: names typed in notes, answers and the audit log itself.
    for _label, obj, attr in _text_mentions(organisation, q):
        if attr == "details":
            obj.details = json.loads(_scrub(json.dumps(obj.details, ensure_ascii=False), q))
        else:
            setattr(obj, attr, _scrub(getattr(obj, attr), q))
        obj.save(update_fields=[attr])


def volunteer_hours(organisation) -> float:
    """Total volunteer hours of the structure (a figure erasure must not change)."""
    total = VolunteerTime.objects.filter(organisation=organisation).aggregate(h=Sum("hours"))
    return float(total["h"] or 0)


# --- retention: the automatic purge ------------------------------------------------------------

# Years (or days) after which names and addresses go, the same periods as the register says.
TESTIMONY_YEARS = 5  # after the testimony was given
RESPONSE_YEARS = 4  # after the campaign closed (or the answer came, without a campaign)
RECORDS_YEARS = 4  # after a named person's last session or volunteer time, a mandate's end
INVITATION_YEARS = 1  # after a campaign closed; after a membership invitation ended
CONSENT_YEARS = 5  # a withdrawn consent's proof keeps the name that long


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def purge_expired(today: date | None = None) -> dict[str, int]:
    """Anonymise, in every structure, the personal data kept longer than the register says.
    Figures stay as after an erasure: only names, addresses and media go. Returns counts."""
    today = today or timezone.localdate()
    counts: dict[str, int] = {}
    with transaction.atomic():
        by_org: dict[int, dict[str, int]] = {}

        def done(org_id, key, n=1):
            by_org.setdefault(org_id, {}).setdefault(key, 0)
            by_org[org_id][key] += n

        limit = _years_before(today, TESTIMONY_YEARS)
        for item in Testimony.objects.filter(said_on__lt=limit).filter(
            ~Q(author_name="") | ~Q(media="")
        ):
            if item.media:
                item.media.delete(save=False)
            item.author_name, item.name_consent = "", False
            item.media_kind = item.media_type = item.media_token = ""
            item.save()
            done(item.organisation_id, "testimonies")

        limit = _years_before(today, RESPONSE_YEARS)
        responses = Response.objects.filter(
            Q(campaign__closes_on__lt=limit)
            | Q(campaign__isnull=True, submitted_at__date__lt=limit)
        ).filter(~Q(respondent_name="") | ~Q(respondent_email=""))
        for org_id in responses.values_list("survey__organisation_id", flat=True):
            done(org_id, "responses")
        responses.update(respondent_name="", respondent_email="")

        limit = _years_before(today, INVITATION_YEARS)
        invitations = SurveyInvitation.objects.filter(campaign__closes_on__lt=limit).exclude(
            email__endswith="@invalid.invalid"
        )
        for item in invitations.select_related("campaign__survey"):
            item.email = f"personne-effacee-{item.pk}@invalid.invalid"
            item.save(update_fields=["email"])
            done(item.campaign.survey.organisation_id, "survey_invitations")
        old_invitations = AccountInvitation.objects.filter(
            Q(accepted_at__date__lt=limit)
            | Q(revoked_at__date__lt=limit)
            | Q(expires_at__date__lt=limit)
        )
        for org_id in old_invitations.values_list("organisation_id", flat=True):
            done(org_id, "account_invitations")
        old_invitations.delete()

        limit = _years_before(today, RECORDS_YEARS)
        recent = Q(sessions__date__gte=limit) | Q(volunteer_times__date__gte=limit)
        stale = (
            Participant.objects.exclude(name__startswith="Personne effacée")
            .filter(created_at__date__lt=limit)
            .exclude(pk__in=Participant.objects.filter(recent).values("pk"))
        )
        for item in stale:
            item.name = f"Personne effacée {item.pk}"
            item.save(update_fields=["name"])
            done(item.organisation_id, "participants")
        mandates = Mandate.objects.filter(ended_on__lt=limit).exclude(
            person_name__startswith="Personne effacée"
        )
        for item in mandates.select_related("body"):
            item.person_name = f"Personne effacée {item.pk}"
            item.save(update_fields=["person_name"])
            done(item.body.organisation_id, "mandates")

        for org_id, n in consents.purge_labels(_years_before(today, CONSENT_YEARS)).items():
            done(org_id, "consents", n)

        for org_id, org_counts in by_org.items():
            audit.record(
                "personal_data.purge",
                f"Purge des données personnelles arrivées à échéance "
                f"({sum(org_counts.values())} éléments)",
                organisation=Organisation.objects.get(pk=org_id),
                counts=org_counts,
            )
            for key, value in org_counts.items():
                counts[key] = counts.get(key, 0) + value
    return counts


@task()
def purge_task() -> dict[str, int]:
    """Run by `maillage worker`: purge, then come back tomorrow."""
    counts = purge_expired()
    schedule_purge(after=timezone.now() + timedelta(days=1))
    return counts


def schedule_purge(after: datetime | None = None) -> bool:
    """Queue the daily purge unless one is already waiting."""
    return scheduling.queue_once(purge_task, after)
