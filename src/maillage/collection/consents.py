"""Rules of consent records: written when a person agrees (an identified survey answer, a
testimony signed or cleared for reports), withdrawn with its effects, forgotten on erasure.

- An identified answer given with its box ticked records the campaign's consent text as shown.
- A testimony has up to two consents, each withdrawable alone: being named (`testimony_name`) and
  being quoted outside the team (`testimony_use`, with the scope agreed). Editing the testimony
  keeps its records in step: a new scope replaces the old record, an unticked name withdraws it.
- `withdraw` applies the effects: an identified answer loses its name and address (as erasure
  does), a testimony falls back to anonymous or to internal use. It writes the audit log.
- `forget` (erasure of the person) keeps a nameless proof: date, purpose, text, withdrawn or not.
"""

from __future__ import annotations

import re

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maillage.collection.models import ConsentRecord, Response, Testimony
from maillage.core import audit

Purpose, Channel, Withdrawal = (
    ConsentRecord.Purpose,
    ConsentRecord.Channel,
    ConsentRecord.Withdrawal,
)

# The sentence next to the box on the public answer page (templates/collection/answer.html).
SURVEY_CHECKBOX = "J'accepte que mon nom soit associé à mes réponses, comme expliqué ci-dessus."


# --- the texts agreed to -----------------------------------------------------------------------


def survey_text(response: Response) -> str:
    campaign_text = response.campaign.consent_text.strip() if response.campaign else ""
    return f"{campaign_text}\n\n[x] {_(SURVEY_CHECKBOX)}".strip()


def testimony_texts(organisation_name: str, said_on) -> dict[str, str]:
    """The sentences read to (or signed by) the author, one per consent; staff see them on the
    testimony form, and the record keeps the one agreed to."""
    day = date_format(said_on, "j F Y") if said_on else "…"
    values = {"organisation": organisation_name, "date": day}
    return {
        Purpose.TESTIMONY_NAME: _(
            "J'accepte que mon nom accompagne mon témoignage du %(date)s, recueilli par "
            "%(organisation)s."
        )
        % values,
        Testimony.Scope.REPORTS: _(
            "J'accepte que %(organisation)s cite mon témoignage du %(date)s dans ses rapports "
            "aux financeurs et aux partenaires."
        )
        % values,
        Testimony.Scope.PUBLIC: _(
            "J'accepte que %(organisation)s diffuse mon témoignage du %(date)s publiquement "
            "(rapports, dépliants, site internet…)."
        )
        % values,
    }


# --- recording ---------------------------------------------------------------------------------


def record_response_consent(response: Response, *, by=None) -> ConsentRecord | None:
    """Called when an identified answer is stored with its consent box ticked."""
    if response.consent_at is None or not (response.respondent_name or response.respondent_email):
        return None
    channel = Channel.ONLINE if response.channel == Response.Channel.WEB else Channel.PAPER
    return ConsentRecord.objects.create(
        organisation_id=response.survey.organisation_id,
        purpose=Purpose.SURVEY_IDENTIFIED,
        text=survey_text(response),
        channel=channel,
        given_on=timezone.localdate(response.consent_at),
        response=response,
        subject_label=(response.respondent_name or response.respondent_email)[:200],
        recorded_by=by if by is not None and by.is_authenticated else None,
    )


@transaction.atomic
def sync_testimony(testimony: Testimony, *, by=None, channel: str = Channel.ORAL) -> None:
    """Bring the testimony's consent records in line with its consent fields, after it was
    created or edited: create what is new, close what the edit took back."""
    user = by if by is not None and by.is_authenticated else None
    texts = testimony_texts(testimony.organisation.name, testimony.said_on)
    active = {r.purpose: r for r in testimony.consent_records.filter(withdrawn_at__isnull=True)}

    def create(purpose, scope=""):
        ConsentRecord.objects.create(
            organisation_id=testimony.organisation_id,
            purpose=purpose,
            scope=scope,
            text=texts[scope or purpose],
            channel=channel,
            given_on=testimony.consent_on,
            testimony=testimony,
            subject_label=testimony.author_name,
            recorded_by=user,
        )

    def close(record, how):
        record.withdrawn_at, record.withdrawn_by, record.withdrawal_channel = (
            timezone.now(),
            user,
            how,
        )
        record.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_channel"])

    named = testimony.name_consent and bool(testimony.author_name)
    current = active.get(Purpose.TESTIMONY_NAME)
    if named and current is None:
        create(Purpose.TESTIMONY_NAME)
    elif not named and current is not None:
        close(current, Withdrawal.EDIT)
    current = active.get(Purpose.TESTIMONY_USE)
    quoted = testimony.consent_scope != Testimony.Scope.INTERNAL
    if current is not None and (not quoted or current.scope != testimony.consent_scope):
        close(current, Withdrawal.REPLACED if quoted else Withdrawal.EDIT)
        current = None
    if quoted and current is None:
        create(Purpose.TESTIMONY_USE, testimony.consent_scope)
    # A corrected spelling of the name follows on the records still in force.
    testimony.consent_records.filter(withdrawn_at__isnull=True, erased_at__isnull=True).exclude(
        subject_label=testimony.author_name
    ).update(subject_label=testimony.author_name)


# --- withdrawal --------------------------------------------------------------------------------


@transaction.atomic
def withdraw(record: ConsentRecord, *, by=None, how: str, note: str = "") -> None:
    """Record the withdrawal and apply its effect on the data it covered."""
    if record.withdrawn_at is not None:
        return
    record.withdrawn_at = timezone.now()
    record.withdrawn_by = by if by is not None and by.is_authenticated else None
    record.withdrawal_channel = how
    record.withdrawal_note = note.strip()[:300]
    record.save(
        update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_channel", "withdrawal_note"]
    )
    effect = ""
    if record.purpose == Purpose.SURVEY_IDENTIFIED and record.response_id:
        _pseudonymise_response(record.response)
        effect = "response_pseudonymised"
    elif record.purpose == Purpose.TESTIMONY_NAME and record.testimony_id:
        testimony = record.testimony
        testimony.author_name, testimony.name_consent = "", False
        testimony.save(update_fields=["author_name", "name_consent"])
        # The testimony's other consents in force now belong to an anonymous author.
        testimony.consent_records.filter(withdrawn_at__isnull=True).update(subject_label="")
        effect = "testimony_anonymous"
    elif record.purpose == Purpose.TESTIMONY_USE and record.testimony_id:
        testimony = record.testimony
        testimony.consent_scope = Testimony.Scope.INTERNAL
        testimony.save(update_fields=["consent_scope"])
        effect = "testimony_internal"
    audit.record(
        "consent.withdrawn",
        f"Consentement n° {record.pk} retiré ({record.get_purpose_display()})",
        actor=by,
        organisation=record.organisation,
        record=record.pk,
        purpose=record.purpose,
        how=how,
        effect=effect,
    )


def _pseudonymise_response(response: Response) -> None:
    """What erasure does to an identified answer: no name, no address, answers kept."""
    identities = [v for v in (response.respondent_name, response.respondent_email) if v]
    invitation = response.invitation
    if invitation is not None:
        identities.append(invitation.email)
        invitation.email = f"personne-effacee-{invitation.pk}@invalid.invalid"
        invitation.save(update_fields=["email"])
    for answer in response.answers.exclude(text=""):
        text = answer.text
        for identity in identities:
            text = re.sub(re.escape(identity), "[nom effacé]", text, flags=re.IGNORECASE)
        if text != answer.text:
            answer.text = text
            answer.save(update_fields=["text"])
    response.respondent_name = response.respondent_email = ""
    response.save(update_fields=["respondent_name", "respondent_email"])


# --- erasure and retention ---------------------------------------------------------------------


def of_person(organisation, identity: str) -> QuerySet[ConsentRecord]:
    """The structure's consent records of the person known under this exact name or address."""
    q = identity
    return (
        ConsentRecord.objects.filter(organisation=organisation, erased_at__isnull=True)
        .filter(
            Q(subject_label__iexact=q)
            | Q(response__respondent_name__iexact=q)
            | Q(response__respondent_email__iexact=q)
            | Q(testimony__author_name__iexact=q)
        )
        .select_related("response", "testimony")
    )


def forget(records) -> int:
    """Erasure: keep a nameless proof (date, purpose, text, channel, withdrawal)."""
    count = 0
    for record in records:
        record.subject_label = ""
        record.response = record.testimony = None
        record.erased_at = timezone.now()
        record.save(update_fields=["subject_label", "response", "testimony", "erased_at"])
        count += 1
    return count


def purge_labels(limit) -> dict[int, int]:
    """Retention: the name leaves the proof once its subject lost it (purge, erasure of the
    subject, deleted testimony) or five years after the withdrawal. Returns counts by structure."""
    stale = ConsentRecord.objects.exclude(subject_label="").filter(
        Q(withdrawn_at__date__lt=limit)
        | Q(withdrawn_at__isnull=True, response__isnull=True, testimony__isnull=True)
        | Q(withdrawn_at__isnull=True, testimony__isnull=False, testimony__author_name="")
        | Q(
            withdrawn_at__isnull=True,
            response__isnull=False,
            response__respondent_name="",
            response__respondent_email="",
        )
    )
    counts: dict[int, int] = {}
    for org_id in stale.values_list("organisation_id", flat=True):
        counts[org_id] = counts.get(org_id, 0) + 1
    stale.update(subject_label="")
    return counts


# --- listing -----------------------------------------------------------------------------------

STATUSES = {"en-cours": gettext_lazy("en cours"), "retire": gettext_lazy("retiré ou remplacé")}


def listing(organisation, *, purpose: str = "", status: str = "") -> QuerySet[ConsentRecord]:
    records = ConsentRecord.objects.filter(organisation=organisation).select_related(
        "testimony", "response__survey", "recorded_by", "withdrawn_by"
    )
    if purpose in Purpose.values:
        records = records.filter(purpose=purpose)
    if status == "en-cours":
        records = records.filter(withdrawn_at__isnull=True)
    elif status == "retire":
        records = records.filter(withdrawn_at__isnull=False)
    return records


# What withdrawing does, as the confirmation page says it.
EFFECTS = {
    Purpose.SURVEY_IDENTIFIED: gettext_lazy(
        "Le nom et l'adresse e-mail sont retirés de la réponse (et de l'invitation) ; les "
        "réponses restent, anonymes, et comptent toujours dans les indicateurs."
    ),
    Purpose.TESTIMONY_NAME: gettext_lazy(
        "Le nom est retiré du témoignage : il devient anonyme, seul le groupe de la personne "
        "reste affiché."
    ),
    Purpose.TESTIMONY_USE: gettext_lazy(
        "Le témoignage repasse en usage interne à l'équipe : il ne sera plus cité dans les "
        "rapports ni diffusé."
    ),
}
