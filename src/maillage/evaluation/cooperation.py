"""What each member of a communauté d'action gives to and gains from a value chain."""

from decimal import Decimal

from maillage.evaluation.models import Contribution, ValueChain
from maillage.organisations.models import Organisation
from maillage.projects.models import Project


def member_summary(project: Project, chain: ValueChain) -> list[dict]:
    """Per member: the sum of euro costs and benefits on the chain (None when none is known)."""
    rows = {}
    members = Organisation.objects.filter(project_memberships__project=project).order_by("name")
    for organisation in members:
        rows[organisation.pk] = {"organisation": organisation, "cost": None, "benefit": None}
    contributions = Contribution.objects.filter(link__chain=chain).select_related("organisation")
    for contribution in contributions:
        row = rows.setdefault(
            contribution.organisation_id,
            {"organisation": contribution.organisation, "cost": None, "benefit": None},
        )
        if contribution.euro_value is None:
            continue
        key = "cost" if contribution.direction == Contribution.Direction.COST else "benefit"
        row[key] = (row[key] or Decimal(0)) + contribution.euro_value
    return list(rows.values())
