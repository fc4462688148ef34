"""Rules of a community's charter: where each member stands, and who may record its agreement."""

from __future__ import annotations

from dataclasses import dataclass

from maillage import access
from maillage.access import Action
from maillage.core.models import AuditEvent
from maillage.organisations.models import Organisation
from maillage.projects.models import Charter, CharterAgreement, Membership, Project

CURRENT, EARLIER, NONE = "current", "earlier", "none"


@dataclass
class MemberAgreement:
    membership: Membership
    agreement: CharterAgreement | None
    state: str  # CURRENT: agreed to this version; EARLIER: to an earlier one; NONE: not yet

    @property
    def organisation(self) -> Organisation:
        return self.membership.organisation


def member_agreements(project: Project, charter: Charter | None) -> list[MemberAgreement]:
    """Every member of the community with its agreement to the charter, if any."""
    agreements = {}
    if charter is not None:
        agreements = {a.organisation_id: a for a in charter.agreements.all()}
    rows = []
    for membership in project.memberships.select_related("organisation").order_by(
        "organisation__name"
    ):
        agreement = agreements.get(membership.organisation_id)
        if agreement is None:
            state = NONE
        elif agreement.version == charter.version:
            state = CURRENT
        else:
            state = EARLIER
        rows.append(MemberAgreement(membership, agreement, state))
    return rows


def must_agree_again(project: Project, charter: Charter) -> list[Organisation]:
    """Members whose agreement is to an earlier version than the charter's."""
    return [row.organisation for row in member_agreements(project, charter) if row.state == EARLIER]


def may_record_agreement(user, project: Project, organisation: Organisation) -> bool:
    """The lead's contributors record any member's agreement (a signature on paper); a member's
    contributors record their own structure's agreement, and only theirs."""
    if not project.memberships.filter(organisation=organisation).exists():
        return False
    return access.can(user, Action.PROJECT_EDIT, project) or access.can(
        user, Action.ORGANISATION_CONTRIBUTE, organisation
    )


def history(project: Project, *, limit: int = 50):
    """The charter's audit trail: versions written and agreements recorded."""
    return (
        AuditEvent.objects.filter(verb__startswith="charter.", details__project=project.slug)
        .select_related("actor")
        .order_by("-at", "-pk")[:limit]
    )
