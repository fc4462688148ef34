"""Rules of shared posts (postes mutualisés): how a post's FTE and cost are split between the
structures of a project, what each structure employs, lends and receives, and which value chains
may count a post as a resource.

Vocabulary of the split: the post's `employer` carries the post; an allocation marked
`co_employer` is a structure that holds its own contract with the person for its part (two
part-time contracts); every other allocation is time *received* from the employer (mise à
disposition, paid back through the cost share)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from maillage.core.templatetags.ui import euros, figure
from maillage.organisations.models import Organisation
from maillage.projects.models import Membership, Project, SharedPost, SharedPostAllocation

ONE = Decimal(1)
ZERO = Decimal(0)
# Hours of one full-time post over a year in France (durée légale : 1 607 heures), to show a
# post's time in the value chain in the same unit as the other staff and volunteer time.
HOURS_PER_FTE = Decimal(1607)


@dataclass(frozen=True)
class AllocationRow:
    """One line of a post's split, as entered: cost share between 0 and 1."""

    organisation: Organisation
    fte: Decimal
    cost_share: Decimal
    co_employer: bool = False


def percent(share: Decimal) -> str:
    """0.3333 → « 33,33 % »."""
    return f"{figure(share * 100, 2)} %"


def check_allocations(
    *,
    employer: Organisation | None,
    total_fte: Decimal | None,
    annual_cost: Decimal | None,
    rows: list[AllocationRow],
    members: set[int],
) -> list[tuple[str, str]]:
    """The errors of a split, as (field name, French message naming the field). Empty: valid.

    - at least one structure receives a part of the post;
    - every structure is a member of the project, and appears once;
    - the FTE given out do not exceed the post's total FTE (a remainder is allowed and shown);
    - when the cost is known, the cost shares add up to exactly 100 %: any gap or excess is
      stated in euros, never accepted silently; without a cost, shares may not exceed 100 %."""
    errors: list[tuple[str, str]] = []
    if not rows:
        errors.append(
            (
                "organisation",
                _("« Structure » : indiquez au moins une structure qui reçoit une part du poste."),
            )  # fmt: skip
        )
        return errors
    seen: set[int] = set()
    for row in rows:
        name = row.organisation.name
        if row.organisation.pk not in members:
            errors.append(
                (
                    "organisation",
                    _(
                        "« Structure » : %(name)s n'est pas membre de la communauté "
                        "d'action du projet."
                    )
                    % {"name": name},
                )  # fmt: skip
            )
        if row.organisation.pk in seen:
            errors.append(
                (
                    "organisation",
                    _(
                        "« Structure » : %(name)s apparaît deux fois ; regroupez ses "
                        "parts sur une seule ligne."
                    )
                    % {"name": name},
                )  # fmt: skip
            )
        seen.add(row.organisation.pk)
        if row.co_employer and employer is not None and row.organisation.pk == employer.pk:
            errors.append(
                (
                    "co_employer",
                    _("« Co-employeur » : %(name)s est déjà l'employeur du poste.")
                    % {"name": name},
                )  # fmt: skip
            )
    allocated_fte = sum((row.fte for row in rows), ZERO)
    if total_fte is not None and allocated_fte > total_fte:
        errors.append(
            ("fte", _("« ETP » : les parts réparties font %(allocated)s ETP, plus que l'ETP total "
                      "du poste (%(total)s ETP).")
             % {"allocated": figure(allocated_fte, 2), "total": figure(total_fte, 2)})
        )  # fmt: skip
    shares = sum((row.cost_share for row in rows), ZERO)
    if annual_cost is not None and shares != ONE:
        gap = abs(ONE - shares)
        values = {
            "shares": percent(shares), "gap": percent(gap),
            "euros": euros((annual_cost * gap).quantize(ONE)),
        }  # fmt: skip
        if shares < ONE:
            message = _("« Part du coût » : les parts font %(shares)s ; il reste %(gap)s "
                        "(%(euros)s par an) à attribuer à une structure.")  # fmt: skip
        else:
            message = _("« Part du coût » : les parts font %(shares)s, soit %(gap)s "
                        "(%(euros)s par an) de trop.")  # fmt: skip
        errors.append(("cost_share", message % values))
    elif annual_cost is None and shares > ONE:
        errors.append(
            (
                "cost_share",
                _("« Part du coût » : les parts font %(shares)s, plus de 100 %%.")
                % {"shares": percent(shares)},
            )  # fmt: skip
        )
    return errors


# --- a post as people read it -----------------------------------------------------------------


@dataclass
class SplitRow:
    allocation: SharedPostAllocation
    role: str  # « employeur », « co-employeur », « reçoit »
    cost: Decimal | None

    @property
    def share(self) -> str:
        return percent(self.allocation.cost_share)


@dataclass
class PostSplit:
    post: SharedPost
    rows: list[SplitRow]
    allocated_fte: Decimal
    allocated_share: Decimal
    allocated_cost: Decimal | None
    unallocated_fte: Decimal
    co_employers: list[Organisation] = field(default_factory=list)

    @property
    def share_label(self) -> str:
        return percent(self.allocated_share)


def role_of(allocation: SharedPostAllocation) -> str:
    if allocation.organisation_id == allocation.post.employer_id:
        return _("employeur")
    if allocation.co_employer:
        return _("co-employeur")
    return _("reçoit")


def post_split(post: SharedPost) -> PostSplit:
    """The split of one post with its totals; allocations should be prefetched."""
    allocations = sorted(
        post.allocations.all(),
        key=lambda a: (a.organisation_id != post.employer_id, not a.co_employer, -a.fte),
    )
    rows = [SplitRow(a, role_of(a), a.annual_cost) for a in allocations]
    allocated_fte = sum((a.fte for a in allocations), ZERO)
    allocated_share = sum((a.cost_share for a in allocations), ZERO)
    costs = [row.cost for row in rows if row.cost is not None]
    return PostSplit(
        post=post,
        rows=rows,
        allocated_fte=allocated_fte,
        allocated_share=allocated_share,
        allocated_cost=sum(costs, ZERO) if post.annual_cost is not None else None,
        unallocated_fte=max(post.total_fte - allocated_fte, ZERO),
        co_employers=[a.organisation for a in allocations if a.co_employer],
    )


def project_posts(project: Project) -> list[PostSplit]:
    posts = project.shared_posts.select_related("employer").prefetch_related(
        "allocations__organisation", "allocations__post"
    )
    return [post_split(post) for post in posts]


# --- a structure's figures ----------------------------------------------------------------------


@dataclass
class PostLine:
    """One post seen from one structure."""

    post: SharedPost
    role: str
    fte: Decimal  # the structure's own part
    cost: Decimal | None  # what that part costs it per year
    lent_fte: Decimal = ZERO  # for an employer: FTE received by the other structures
    lent_cost: Decimal | None = None  # and what they pay back per year


@dataclass
class StructurePosts:
    organisation: Organisation
    employed: list[PostLine]  # posts it employs (employer or co-employer)
    received: list[PostLine]  # parts of posts employed elsewhere that it receives
    received_fte: Decimal = ZERO
    received_cost: Decimal = ZERO
    provided_fte: Decimal = ZERO
    provided_cost: Decimal = ZERO

    @property
    def is_empty(self) -> bool:
        return not self.employed and not self.received


def _add(total: Decimal | None, value: Decimal | None) -> Decimal | None:
    if value is None:
        return total
    return (total or ZERO) + value


def structure_posts(organisation: Organisation) -> StructurePosts:
    """What a structure employs, provides and receives through shared posts, FTE and € per year.

    « Provided » counts the parts of the posts it carries (as employer) that go to structures
    that are not co-employers; « received » counts its parts of posts carried by another
    structure when it is not a co-employer. A co-employer's part is its own staff."""
    posts = (
        SharedPost.objects.filter(employer=organisation)
        | SharedPost.objects.filter(allocations__organisation=organisation)
    ).distinct().select_related("employer", "project").prefetch_related(
        "allocations__organisation", "allocations__post"
    )  # fmt: skip
    result = StructurePosts(organisation, employed=[], received=[])
    for post in posts.order_by("title"):
        allocations = list(post.allocations.all())
        mine = next((a for a in allocations if a.organisation_id == organisation.pk), None)
        own_fte = mine.fte if mine else ZERO
        own_cost = mine.annual_cost if mine else None
        if post.employer_id == organisation.pk:
            lent = [a for a in allocations if a.organisation_id != organisation.pk
                    and not a.co_employer]  # fmt: skip
            line = PostLine(post, _("employeur"), own_fte, own_cost)
            line.lent_fte = sum((a.fte for a in lent), ZERO)
            for allocation in lent:
                line.lent_cost = _add(line.lent_cost, allocation.annual_cost)
            result.employed.append(line)
            result.provided_fte += line.lent_fte
            result.provided_cost += line.lent_cost or ZERO
        elif mine is not None and mine.co_employer:
            result.employed.append(PostLine(post, _("co-employeur"), own_fte, own_cost))
        elif mine is not None:
            result.received.append(PostLine(post, _("reçoit"), own_fte, own_cost))
            result.received_fte += own_fte
            result.received_cost += own_cost or ZERO
    return result


# --- a post as a resource of value chains ------------------------------------------------------


def eligible_chains(post: SharedPost, projects):
    """Chains, among those of `projects`, whose project counts every structure of the post among
    its members: only members can carry a contribution in a chain."""
    from maillage.evaluation.models import ValueChain

    organisation_ids = set(post.allocations.values_list("organisation_id", flat=True))
    chains = []
    for chain in ValueChain.objects.filter(project__in=projects).select_related("project"):
        members = set(
            Membership.objects.filter(project=chain.project_id).values_list(
                "organisation_id", flat=True
            )
        )
        if organisation_ids and organisation_ids <= members:
            chains.append(chain)
    return chains


def chain_link_title(post: SharedPost) -> str:
    return (_("Poste mutualisé : %(title)s") % {"title": post.title})[:200]


def contribution_values(allocation: SharedPostAllocation) -> dict:
    """The cost contribution of one structure to the post's maillon: its cost share in euros,
    its FTE as hours a year, and both spelled out."""
    cost = allocation.annual_cost
    return {
        "quantity": (allocation.fte * HOURS_PER_FTE).quantize(ONE),
        "euro_value": cost,
        "description": (
            _("%(fte)s ETP (%(role)s), %(share)s du coût du poste")
            % {
                "fte": figure(allocation.fte, 2),
                "role": role_of(allocation),
                "share": percent(allocation.cost_share),
            }
        )[:250],  # fmt: skip
    }
