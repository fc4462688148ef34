"""State changes of accounts, invitations and API tokens. Each writes the audit log."""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.accounts.models import ApiToken, Invitation, User
from maillage.core import audit
from maillage.organisations.models import OrganisationMember


class InvitationError(Exception):
    """Raised with a French message a user can read."""


class ApiTokenError(Exception):
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


# --- API tokens ----------------------------------------------------------------------------------

TOKEN_PREFIX = "mlg"
# Writing last_used_at on every request would turn each API read into a write.
LAST_USED_PRECISION = timedelta(minutes=1)


def _hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def create_api_token(user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for `user`. Returns the stored token and its full text, which is never stored
    and so can be shown only this once."""
    name = " ".join(name.split())[:100]
    if not name:
        raise ApiTokenError(_("Donnez un nom au jeton (ex. : logiciel d'adhésions)."))
    prefix = secrets.token_hex(4)
    while ApiToken.objects.filter(prefix=prefix).exists():
        prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, prefix=prefix, secret_hash=_hash_secret(secret)
    )
    audit.record(
        "api_token.created",
        _("Jeton d'accès à l'API « %(name)s » créé (mlg_%(prefix)s)")
        % {"name": name, "prefix": prefix},
        actor=user,
        token_id=token.pk,
    )
    return token, f"{TOKEN_PREFIX}_{prefix}_{secret}"


@transaction.atomic
def revoke_api_token(token: ApiToken, *, by) -> None:
    if token.revoked_at is not None:
        return
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.record(
        "api_token.revoked",
        _("Jeton d'accès à l'API « %(name)s » révoqué (mlg_%(prefix)s)")
        % {"name": token.name, "prefix": token.prefix},
        actor=by,
        token_id=token.pk,
    )


def authenticate_api_token(text: str) -> ApiToken | None:
    """The active token written as `text`, or None; marks it used (at most once a minute)."""
    parts = text.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX or not parts[1] or not parts[2]:
        return None
    token = (
        ApiToken.objects.active()
        .select_related("user")
        .filter(prefix=parts[1], user__is_active=True)
        .first()
    )
    if token is None or not hmac.compare_digest(token.secret_hash, _hash_secret(parts[2])):
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
