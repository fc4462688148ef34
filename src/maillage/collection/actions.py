"""State changes of collection that matter (DESIGN §4): each goes through one function here,
which also writes the audit log."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.collection.models import Campaign, Invitation
from maillage.core import audit


def close_campaign(campaign: Campaign, *, by) -> None:
    campaign.closed_at = timezone.now()
    campaign.save(update_fields=["closed_at"])
    audit.record(
        "campaign.closed",
        _("Campagne « %(campaign)s » clôturée") % {"campaign": campaign},
        actor=by,
        organisation=campaign.survey.organisation,
    )


def reopen_campaign(campaign: Campaign, *, by) -> None:
    campaign.closed_at = None
    campaign.save(update_fields=["closed_at"])
    audit.record(
        "campaign.reopened",
        _("Campagne « %(campaign)s » rouverte") % {"campaign": campaign},
        actor=by,
        organisation=campaign.survey.organisation,
    )


@transaction.atomic
def invite(campaign: Campaign, emails: list[str], *, by) -> tuple[int, int]:
    """Send each address its personal link (one answer each). Returns (sent, already invited)."""
    sent = skipped = 0
    for email in emails:
        invitation, created = Invitation.objects.get_or_create(campaign=campaign, email=email)
        if not created:
            skipped += 1
            continue
        link = settings.SITE_URL + invitation_url(invitation)
        send_mail(
            _("Votre avis compte : %(survey)s") % {"survey": campaign.survey.title},
            _(
                "Bonjour,\n\n%(organisation)s vous invite à répondre au questionnaire "
                "« %(survey)s » jusqu'au %(date)s.\n\n"
                "Votre lien personnel (une seule réponse) :\n%(link)s\n\n"
                "Merci !"
            )
            % {
                "organisation": campaign.survey.organisation.name,
                "survey": campaign.survey.title,
                "date": campaign.closes_on.strftime("%d/%m/%Y"),
                "link": link,
            },
            None,
            [email],
        )
        invitation.sent_at = timezone.now()
        invitation.save(update_fields=["sent_at"])
        sent += 1
    audit.record(
        "campaign.invitations",
        _("%(count)s invitations envoyées pour « %(campaign)s »")
        % {"count": sent, "campaign": campaign},
        actor=by,
        organisation=campaign.survey.organisation,
    )
    return sent, skipped


def invitation_url(invitation: Invitation) -> str:
    return reverse("collection:invitation", kwargs={"token": invitation.token})


# --- reception log ------------------------------------------------------------------------------


def delete_reception_request(entry, *, by) -> None:
    """Remove a request typed by mistake: the log's figures change, so the audit log says so."""
    summary = _("Demande du %(date)s retirée du journal d'accueil (%(theme)s)") % {
        "date": entry.received_on.strftime("%d/%m/%Y"),
        "theme": entry.get_theme_display(),
    }
    organisation = entry.organisation
    entry.delete()
    audit.record("reception.deleted", summary, actor=by, organisation=organisation)


def export_reception_log(organisation, *, by, fmt: str, count: int) -> None:
    """The log leaves Maillage as a file: say who took it."""
    audit.record(
        "reception.exported",
        _("Journal d'accueil exporté (%(format)s, %(count)s demandes)")
        % {"format": fmt.upper(), "count": count},
        actor=by,
        organisation=organisation,
    )
