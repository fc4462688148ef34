"""State changes of projects and their communauté d'action. Each writes the audit log."""

from __future__ import annotations

import unicodedata
from datetime import date

from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from maillage.core import audit
from maillage.organisations.models import Organisation, Territory
from maillage.projects.models import Membership, Project

# Paths under /projets/ that a project slug must never take.
RESERVED_SLUGS = {"nouveau"}


class CommunityError(Exception):
    """Raised with a French message a user can read."""


# --- helpers -----------------------------------------------------------------------------------


def fold(text: str) -> str:
    """Lower case without accents or punctuation, to compare what people type with names."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join("".join(c if c.isalnum() else " " for c in bare.casefold()).split())


def unique_slug(model: type[models.Model], text: str, *, fallback: str, max_length: int = 80):
    """slugify(text), then -2, -3… until no row of `model` uses it."""
    base = slugify(text)[: max_length - 4].strip("-") or fallback
    slug, number = base, 1
    while slug in RESERVED_SLUGS or model.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def search_directory(query: str, *, limit: int = 20) -> list[Organisation]:
    """Structures whose name or commune holds every word of `query`, accents ignored.

    The directory (names and communes) is open to logged-in people so they can build a
    community; callers must show nothing else of the structures found."""
    words = fold(query).split()
    if not words:
        return []
    found = []
    # Folding happens in Python: it behaves the same on SQLite and PostgreSQL.
    for organisation in Organisation.objects.only("pk", "name", "commune", "postal_code"):
        haystack = fold(f"{organisation.name} {organisation.commune}")
        if all(word in haystack for word in words):
            found.append(organisation)
            if len(found) >= limit:
                break
    return found


def _department_for(postal_code: str) -> Territory | None:
    if len(postal_code) != 5:
        return None
    code = postal_code[:3] if postal_code.startswith("97") else postal_code[:2]
    return Territory.objects.filter(kind=Territory.Kind.DEPARTMENT, code=code).first()


def _lead_of(project: Project) -> Organisation | None:
    return project.lead


def _other_leads(membership: Membership) -> int:
    return (
        Membership.objects.filter(project=membership.project_id, role=Membership.Role.LEAD)
        .exclude(pk=membership.pk)
        .count()
    )


# --- the project -------------------------------------------------------------------------------


@transaction.atomic
def create_project(
    *,
    organisation: Organisation,
    by,
    title: str,
    kind: str,
    description: str = "",
    territory: Territory | None = None,
    territory_label: str = "",
    period_start: date | None = None,
    period_end: date | None = None,
) -> Project:
    """Create a project; the creating structure becomes its porteur, the creator its referent."""
    project = Project.objects.create(
        title=title,
        slug=unique_slug(Project, title, fallback="projet"),
        kind=kind,
        description=description,
        territory=territory,
        territory_label=territory_label,
        period_start=period_start,
        period_end=period_end,
    )
    Membership.objects.create(
        project=project,
        organisation=organisation,
        role=Membership.Role.LEAD,
        referent=by if by is not None and by.is_authenticated else None,
        joined_on=timezone.localdate(),
    )
    audit.record(
        "project.created",
        _("Projet « %(title)s » créé") % {"title": project.title},
        actor=by,
        organisation=organisation,
        project=project.slug,
    )
    return project


@transaction.atomic
def update_project(project: Project, *, changed_fields: list[str], by) -> None:
    project.save()
    audit.record(
        "project.updated",
        _("Projet « %(title)s » modifié") % {"title": project.title},
        actor=by,
        organisation=_lead_of(project),
        project=project.slug,
        fields=changed_fields,
    )


# --- the communauté d'action -------------------------------------------------------------------


@transaction.atomic
def add_member(
    project: Project,
    organisation: Organisation,
    *,
    role: str,
    referent_name: str = "",
    referent_email: str = "",
    by,
) -> Membership:
    if Membership.objects.filter(project=project, organisation=organisation).exists():
        raise CommunityError(
            _("%(name)s fait déjà partie de la communauté d'action.") % {"name": organisation.name}
        )
    membership = Membership.objects.create(
        project=project,
        organisation=organisation,
        role=role,
        referent_name=referent_name,
        referent_email=referent_email,
        joined_on=timezone.localdate(),
    )
    audit.record(
        "project.member_added",
        _("%(name)s rejoint le projet « %(title)s » (%(role)s)")
        % {
            "name": organisation.name,
            "title": project.title,
            "role": membership.get_role_display(),
        },
        actor=by,
        organisation=_lead_of(project),
        project=project.slug,
        member=organisation.slug,
    )
    return membership


def _same_structure_exists(name: str, commune: str) -> Organisation | None:
    folded_name, folded_commune = fold(name), fold(commune)
    for organisation in Organisation.objects.only("pk", "name", "commune"):
        if fold(organisation.name) == folded_name and fold(organisation.commune) == folded_commune:
            return organisation
    return None


@transaction.atomic
def create_partner_and_add(
    project: Project,
    *,
    name: str,
    kind: str,
    commune: str = "",
    postal_code: str = "",
    role: str,
    referent_name: str = "",
    referent_email: str = "",
    by,
) -> Membership:
    """Create a structure missing from the directory and add it, in one transaction."""
    existing = _same_structure_exists(name, commune)
    if existing is not None:
        raise CommunityError(
            _(
                "%(name)s existe déjà dans l'annuaire : cherchez-la pour l'ajouter, plutôt que "
                "d'en créer une seconde fiche."
            )
            % {"name": existing.name}
        )
    organisation = Organisation.objects.create(
        name=name.strip(),
        slug=unique_slug(Organisation, name, fallback="structure"),
        kind=kind,
        commune=commune.strip(),
        postal_code=postal_code,
        department=_department_for(postal_code),
    )
    audit.record(
        "organisation.created",
        _("Structure créée comme partenaire du projet « %(title)s »") % {"title": project.title},
        actor=by,
        organisation=organisation,
        project=project.slug,
    )
    return add_member(
        project,
        organisation,
        role=role,
        referent_name=referent_name,
        referent_email=referent_email,
        by=by,
    )


@transaction.atomic
def change_member(
    membership: Membership, *, role: str, referent_name: str, referent_email: str, by
) -> None:
    """Change a member's role and referent. A name or an e-mail replaces an account referent."""
    if (
        membership.role == Membership.Role.LEAD
        and role != Membership.Role.LEAD
        and _other_leads(membership) == 0
    ):
        raise CommunityError(
            _("%(name)s est le seul porteur du projet : désignez d'abord un autre porteur.")
            % {"name": membership.organisation.name}
        )
    before = membership.get_role_display()
    membership.role = role
    if referent_name or referent_email:
        membership.referent = None
    membership.referent_name = referent_name
    membership.referent_email = referent_email
    membership.save(update_fields=["role", "referent", "referent_name", "referent_email"])
    audit.record(
        "project.member_changed",
        _("%(name)s dans « %(title)s » : %(before)s → %(after)s")
        % {
            "name": membership.organisation.name,
            "title": membership.project.title,
            "before": before,
            "after": membership.get_role_display(),
        },
        actor=by,
        organisation=_lead_of(membership.project),
        project=membership.project.slug,
        member=membership.organisation.slug,
    )


@transaction.atomic
def remove_member(membership: Membership, *, by) -> None:
    if membership.role == Membership.Role.LEAD and _other_leads(membership) == 0:
        raise CommunityError(
            _(
                "%(name)s est le seul porteur du projet : il ne peut pas être retiré de la "
                "communauté d'action."
            )
            % {"name": membership.organisation.name}
        )
    project, organisation = membership.project, membership.organisation
    membership.delete()
    audit.record(
        "project.member_removed",
        _("%(name)s ne fait plus partie du projet « %(title)s »")
        % {"name": organisation.name, "title": project.title},
        actor=by,
        organisation=_lead_of(project),
        project=project.slug,
        member=organisation.slug,
    )


# --- shared posts ------------------------------------------------------------------------------


@transaction.atomic
def save_shared_post(project: Project, post, rows, *, by) -> list:
    """Save a shared post of the project with its whole split (the rows replace the previous
    allocations), after `shared_posts.check_allocations` accepted them. The value-chain maillons
    drawn from the post follow the new split; returns the chains that could not follow it."""
    from maillage.projects.models import SharedPostAllocation

    created = post.pk is None
    post.project = project
    post.save()
    post.allocations.all().delete()
    SharedPostAllocation.objects.bulk_create(
        SharedPostAllocation(
            post=post, organisation=row.organisation, fte=row.fte,
            cost_share=row.cost_share, co_employer=row.co_employer,
        )
        for row in rows
    )  # fmt: skip
    audit.record(
        "shared_post.created" if created else "shared_post.updated",
        (_("Poste mutualisé « %(title)s » créé") if created
         else _("Poste mutualisé « %(title)s » modifié")) % {"title": post.title},
        actor=by,
        organisation=post.employer,
        project=project.slug,
        post=post.pk,
        split=[[row.organisation.slug, str(row.fte), str(row.cost_share)] for row in rows],
    )  # fmt: skip
    left_behind = []
    for link in post.chain_links.select_related("chain"):
        try:
            add_post_to_chain(post, link.chain, by=by)
        except CommunityError:
            left_behind.append(link.chain)
    return left_behind


@transaction.atomic
def delete_shared_post(post, *, by) -> None:
    """Delete a post; maillons drawn from it stay in their chains as ordinary resources."""
    title, project, employer = post.title, post.project, post.employer
    post.delete()
    audit.record(
        "shared_post.deleted",
        _("Poste mutualisé « %(title)s » supprimé") % {"title": title},
        actor=by,
        organisation=employer,
        project=project.slug if project else "",
    )


@transaction.atomic
def add_post_to_chain(post, chain, *, by):
    """Make the post a *ressource* maillon of `chain`, with one cost contribution per structure
    of its split. Idempotent: the maillon already drawn from this post is updated (its cost
    contributions replaced, the rest kept), never duplicated. Returns (maillon, created)."""
    from maillage.evaluation import actions as chain_actions
    from maillage.evaluation.models import ChainLink, Contribution
    from maillage.projects import shared_posts

    allocations = list(post.allocations.select_related("organisation", "post"))
    members = set(chain.project.memberships.values_list("organisation_id", flat=True))
    outsiders = [a.organisation.name for a in allocations if a.organisation_id not in members]
    if not allocations or outsiders:
        raise CommunityError(
            _("La chaîne « %(chain)s » appartient à un projet dont %(names)s ne sont pas membres : "
              "le poste ne peut pas y figurer.")
            % {"chain": chain.title, "names": ", ".join(outsiders) or _("les structures")}
        )  # fmt: skip
    link = ChainLink.objects.filter(chain=chain, shared_post=post).first()
    created = link is None
    if created:
        link = ChainLink(
            chain=chain, kind=ChainLink.Kind.RESOURCE, shared_post=post,
            resource_type=ChainLink.ResourceType.STAFF_TIME,
            order=chain.links.filter(kind=ChainLink.Kind.RESOURCE).count(),
        )  # fmt: skip
    link.title = shared_posts.chain_link_title(post)
    employer = _("employé par %(name)s") % {"name": post.employer.name}
    co = [a.organisation.name for a in allocations if a.co_employer]
    if co:
        employer += _(" et %(names)s") % {"names": ", ".join(co)}
    link.description = _("%(holder)s%(fte)s ETP %(employer)s.") % {
        "holder": f"{post.holder_name}, " if post.holder_name else "",
        "fte": shared_posts.figure(post.total_fte, 2),
        "employer": employer,
    }
    chain_actions.save_chain_item(chain, link, by=by)
    link.contributions.filter(direction=Contribution.Direction.COST).delete()
    for allocation in allocations:
        Contribution.objects.create(
            link=link, organisation=allocation.organisation,
            direction=Contribution.Direction.COST, nature=Contribution.Nature.HOURS,
            **shared_posts.contribution_values(allocation),
        )  # fmt: skip
    chain_actions.record_change(
        chain_actions.framework_for(chain.project),
        _("Chaîne « %(chain)s » — répartition du poste mutualisé « %(post)s » reportée : "
          "%(count)s contributions")
        % {"chain": chain.title, "post": post.title, "count": len(allocations)},
        by=by,
        model="contribution",
    )  # fmt: skip
    return link, created


# --- the charter -------------------------------------------------------------------------------


@transaction.atomic
def save_charter(project: Project, *, values: str, goals: str, commitments: str, by):
    """Write the charter. A change of its text makes a new version, which every member agrees to
    again. Returns (charter, changed: bool)."""
    from maillage.projects.models import Charter

    charter = Charter.objects.filter(project=project).first()
    text = (values.strip(), goals.strip(), commitments.strip())
    if charter is not None and (charter.values, charter.goals, charter.commitments) == text:
        return charter, False
    actor = by if by is not None and by.is_authenticated else None
    if charter is None:
        charter = Charter(project=project, version=1)
        verb, summary = "charter.created", _("Charte du projet « %(title)s » écrite (version 1)")
    else:
        charter.version += 1
        verb = "charter.revised"
        summary = _("Charte du projet « %(title)s » modifiée : version %(version)s")
    charter.values, charter.goals, charter.commitments = text
    charter.updated_by = actor
    charter.save()
    audit.record(
        verb,
        summary % {"title": project.title, "version": charter.version},
        actor=by,
        organisation=_lead_of(project),
        project=project.slug,
        version=charter.version,
    )
    return charter, True


@transaction.atomic
def record_charter_agreement(charter, organisation: Organisation, *, agreed_on, signed_by, by):
    """Record that a member agreed to the current version of the charter on a date."""
    from maillage.projects.models import CharterAgreement

    if not charter.project.memberships.filter(organisation=organisation).exists():
        raise CommunityError(
            _("%(name)s n'est pas membre de la communauté d'action.") % {"name": organisation.name}
        )
    if agreed_on > timezone.localdate():
        raise CommunityError(_("« Date » : la date d'approbation ne peut pas être à venir."))
    actor = by if by is not None and by.is_authenticated else None
    agreement, _created = CharterAgreement.objects.update_or_create(
        charter=charter,
        organisation=organisation,
        defaults={"version": charter.version, "agreed_on": agreed_on,
                  "signed_by": signed_by.strip(), "recorded_by": actor},
    )  # fmt: skip
    audit.record(
        "charter.agreed",
        _("%(name)s approuve la charte (version %(version)s) le %(date)s")
        % {"name": organisation.name, "version": charter.version,
           "date": agreed_on.strftime("%d/%m/%Y")},
        actor=by,
        organisation=organisation,
        project=charter.project.slug,
        version=charter.version,
        signed_by=agreement.signed_by,
    )  # fmt: skip
    return agreement
