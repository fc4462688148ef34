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
