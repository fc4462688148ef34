"""State changes of structures, their members and what they share. Each writes the audit log."""

from django.db import transaction
from django.utils.translation import gettext as _

from maillage.accounts.roles import Role
from maillage.core import audit
from maillage.organisations.models import (
    KeyFigures,
    Network,
    NetworkShare,
    Organisation,
    OrganisationMember,
)
from maillage.projects.models import Project, ProjectShare


class MembershipError(Exception):
    """Raised with a French message a user can read."""


@transaction.atomic
def update_organisation(organisation: Organisation, *, changed_fields: list[str], by) -> None:
    organisation.save()
    audit.record(
        "organisation.updated",
        _("Fiche de la structure modifiée"),
        actor=by,
        organisation=organisation,
        fields=changed_fields,
    )


@transaction.atomic
def save_key_figures(figures: KeyFigures, *, changed_fields: list[str], by) -> None:
    figures.save()
    audit.record(
        "organisation.key_figures",
        _("Chiffres clés %(year)s modifiés") % {"year": figures.year},
        actor=by,
        organisation=figures.organisation,
        fields=changed_fields,
    )


def _other_admins(member: OrganisationMember) -> int:
    return (
        OrganisationMember.objects.filter(organisation=member.organisation, role=Role.ADMIN)
        .exclude(pk=member.pk)
        .count()
    )


@transaction.atomic
def change_role(member: OrganisationMember, role: str, *, by) -> None:
    if member.role == Role.ADMIN and role != Role.ADMIN and _other_admins(member) == 0:
        raise MembershipError(
            _("%(person)s est le dernier administrateur : nommez d'abord un autre administrateur.")
            % {"person": member.user}
        )
    previous = member.get_role_display()
    member.role = role
    member.save(update_fields=["role"])
    audit.record(
        "member.role_changed",
        _("Rôle de %(person)s : %(before)s → %(after)s")
        % {"person": member.user, "before": previous, "after": member.get_role_display()},
        actor=by,
        organisation=member.organisation,
    )


@transaction.atomic
def remove_member(member: OrganisationMember, *, by) -> None:
    if member.role == Role.ADMIN and _other_admins(member) == 0:
        raise MembershipError(
            _(
                "%(person)s est le dernier administrateur : la structure ne peut pas rester sans "
                "administrateur."
            )
            % {"person": member.user}
        )
    member.delete()
    audit.record(
        "member.removed",
        _("%(person)s ne fait plus partie de la structure") % {"person": member.user},
        actor=by,
        organisation=member.organisation,
    )


def _apply_scopes(shares, scopes: set[str], **fields) -> tuple[set[str], set[str]]:
    """Make the share rows of `shares` (a queryset of one sharer and one audience) match
    `scopes`; returns the scopes added and removed."""
    current = set(shares.values_list("scope", flat=True))
    removed, added = current - scopes, scopes - current
    shares.filter(scope__in=removed).delete()
    for scope in added:
        shares.model.objects.create(scope=scope, **fields)
    return added, removed


@transaction.atomic
def set_network_sharing(
    organisation: Organisation, network: Network, scopes: set[str], *, by
) -> None:
    added, removed = _apply_scopes(
        NetworkShare.objects.filter(organisation=organisation, network=network),
        scopes,
        organisation=organisation,
        network=network,
        shared_by=by,
    )
    if added or removed:
        audit.record(
            "sharing.changed",
            _("Partage avec %(network)s modifié") % {"network": network.name},
            actor=by,
            organisation=organisation,
            added=sorted(added),
            removed=sorted(removed),
        )


@transaction.atomic
def set_project_sharing(
    organisation: Organisation, project: Project, scopes: set[str], *, by
) -> None:
    """What a member structure shares with the other members of one project."""
    if not project.memberships.filter(organisation=organisation).exists():
        raise MembershipError(
            _("%(name)s n'est pas membre de « %(project)s ».")
            % {"name": organisation.name, "project": project.title}
        )
    added, removed = _apply_scopes(
        ProjectShare.objects.filter(organisation=organisation, project=project),
        scopes,
        organisation=organisation,
        project=project,
        shared_by=by,
    )
    if added or removed:
        audit.record(
            "sharing.project_changed",
            _("Partage avec les partenaires de « %(project)s » modifié")
            % {"project": project.title},
            actor=by,
            organisation=organisation,
            project=project.slug,
            added=sorted(added),
            removed=sorted(removed),
        )
