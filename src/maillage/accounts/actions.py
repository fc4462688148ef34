"""State changes of accounts and invitations. Each writes the audit log."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.accounts.models import Invitation, User
from maillage.core import audit
from maillage.organisations.models import OrganisationMember


class InvitationError(Exception):
    """Raised with a French message a user can read."""


def invitation_url(invitation: Invitation) -> str:
    return settings.SITE_URL + reverse("accounts:invitation", kwargs={"token": invitation.token})


@transaction.atomic
def invite(*, organisation, email: str, role: str, job_title: str = "", invited_by) -> Invitation:
    email = email.strip().lower()
    if OrganisationMember.objects.filter(organisation=organisation, user__email=email).exists():
        raise InvitationError(_("Cette personne est déjà membre de la structure."))
    # A new invitation replaces any pending one for the same address.
    Invitation.objects.pending().filter(organisation=organisation, email=email).update(
        revoked_at=timezone.now()
    )
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        role=role,
        job_title=job_title,
        invited_by=invited_by,
    )
    context = {"invitation": invitation, "url": invitation_url(invitation)}
    send_mail(
        subject=_("Invitation à rejoindre %(structure)s sur Maillage")
        % {"structure": organisation.name},
        message=render_to_string("accounts/email/invitation.txt", context),
        from_email=None,
        recipient_list=[email],
    )
    audit.record(
        "invitation.sent",
        _("Invitation envoyée à %(email)s (%(role)s)")
        % {"email": email, "role": invitation.get_role_display()},
        actor=invited_by,
        organisation=organisation,
    )
    return invitation


@transaction.atomic
def revoke_invitation(invitation: Invitation, *, by) -> None:
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    audit.record(
        "invitation.revoked",
        _("Invitation de %(email)s annulée") % {"email": invitation.email},
        actor=by,
        organisation=invitation.organisation,
    )


@transaction.atomic
def accept_invitation(invitation: Invitation, user: User) -> OrganisationMember:
    """Join the structure with the invited role. The invitation must still be pending."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_pending:
        raise InvitationError(
            _("Cette invitation n'est plus valable (%(status)s).")
            % {"status": invitation.status_label}
        )
    member, created = OrganisationMember.objects.get_or_create(
        user=user,
        organisation=invitation.organisation,
        defaults={"role": invitation.role, "job_title": invitation.job_title},
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit.record(
        "invitation.accepted",
        _("%(person)s a rejoint la structure") % {"person": user},
        actor=user,
        organisation=invitation.organisation,
        created=created,
    )
    return member


@transaction.atomic
def create_account_from_invitation(
    invitation: Invitation, *, full_name: str, password: str
) -> User:
    if User.objects.filter(email=invitation.email).exists():
        raise InvitationError(_("Un compte existe déjà pour cette adresse : connectez-vous."))
    user = User.objects.create_user(invitation.email, password, full_name=full_name)
    accept_invitation(invitation, user)
    return user
