"""Who may see and change what. The one place that answers "may this user do this on that object?".

Every view and API endpoint asks here, through `can`, `require` or the `visible_*` querysets.
Rules, in short:
- a structure's people act in it according to their role: admin, contributor, reader;
- a network's advisors are the people of its animating structures (federation, CAF); they see an
  accompanied structure's identity, and its confidential data only where the structure shares it;
- a project is seen only by the people of its member structures; a structure that is only its
  funder (financeur) sees the project and its community, and reads its evaluation (framework,
  results, report) only through what the lead shares, like an advisor;
- platform superusers may do everything (they run the instance).

Sharing (`organisations.sharing` says what is shared by whom with whom; nothing by default):
- with a network, a structure it accompanies shares, for its advisors: KEY_FIGURES (its key
  figures); FRAMEWORK (read-only framework, value chains and pathways of the projects it leads);
  INDICATOR_VALUES (read-only results of those projects: values, intervals, charts, rules, never
  the rows, answers, testimonies behind them); REPORTS (the « financeurs » report, HTML and PDF,
  of those projects). Readers through a share never edit, never build nor export.
- with the partners of a project (its other member structures), a member shares: KEY_FIGURES
  (its latest figures on the community page and its own page); INDICATOR_VALUES (its rows in the
  traces of that project's indicators); FRAMEWORK / REPORTS (the framework / report of its own
  projet social, the projects of kind « projet social » it leads).
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from maillage.accounts.roles import Role
from maillage.collection.models import Activity, Survey, Testimony
from maillage.evaluation.models import Framework
from maillage.organisations import sharing
from maillage.organisations.models import (
    Network,
    NetworkMembership,
    NetworkShare,
    Organisation,
    OrganisationMember,
)
from maillage.projects.models import Membership, Project


class Action(StrEnum):
    ORGANISATION_VIEW = "organisation.view"
    ORGANISATION_VIEW_FIGURES = "organisation.view_figures"
    ORGANISATION_VIEW_MEMBERS = "organisation.view_members"
    ORGANISATION_EDIT = "organisation.edit"
    ORGANISATION_MANAGE_MEMBERS = "organisation.manage_members"
    ORGANISATION_MANAGE_SHARING = "organisation.manage_sharing"
    ORGANISATION_CONTRIBUTE = "organisation.contribute"
    ORGANISATION_CREATE_PROJECT = "organisation.create_project"
    PROJECT_VIEW = "project.view"
    PROJECT_EDIT = "project.edit"
    PROJECT_CONTRIBUTE = "project.contribute"
    PROJECT_VIEW_FRAMEWORK = "project.view_framework"
    PROJECT_VIEW_RESULTS = "project.view_results"
    PROJECT_VIEW_REPORT = "project.view_report"
    PROJECT_VIEW_INTERNAL = "project.view_internal"
    NETWORK_VIEW = "network.view"
    NETWORK_ADVISE = "network.advise"
    NETWORK_MANAGE = "network.manage"
    FRAMEWORK_VIEW = "framework.view"
    FRAMEWORK_EDIT = "framework.edit"
    SURVEY_VIEW = "survey.view"
    SURVEY_EDIT = "survey.edit"
    ACTIVITY_VIEW = "activity.view"
    ACTIVITY_EDIT = "activity.edit"
    TESTIMONY_VIEW = "testimony.view"
    TESTIMONY_EDIT = "testimony.edit"


ROLE_RANK = {Role.READER: 1, Role.CONTRIBUTOR: 2, Role.ADMIN: 3}


def _is_authenticated(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def role_in(user, organisation: Organisation) -> str | None:
    """The user's role in the structure, or None. Cached per request on the user object."""
    if not _is_authenticated(user):
        return None
    cache = getattr(user, "_maillage_roles", None)
    if cache is None:
        cache = dict(
            OrganisationMember.objects.filter(user=user).values_list("organisation_id", "role")
        )
        user._maillage_roles = cache
    return cache.get(organisation.pk)


def has_role(user, organisation: Organisation, minimum: Role) -> bool:
    role = role_in(user, organisation)
    return role is not None and ROLE_RANK[Role(role)] >= ROLE_RANK[minimum]


def user_organisation_ids(user) -> set[int]:
    if not _is_authenticated(user):
        return set()
    role_in(user, Organisation(pk=0))  # fills the cache
    return set(user._maillage_roles)


def advised_network_ids(user) -> set[int]:
    """Networks the user advises: those animated by a structure the user belongs to."""
    return set(
        NetworkMembership.objects.filter(
            role=NetworkMembership.Role.ANIMATOR,
            organisation_id__in=user_organisation_ids(user),
        ).values_list("network_id", flat=True)
    )


def shares_with_advisor(user, organisation: Organisation, scope: str) -> bool:
    """Has the structure shared `scope` with a network that this user advises?"""
    return sharing.shared_with_networks([organisation.pk], advised_network_ids(user), scope)


def _accompanied_by_advised_network(user, organisation: Organisation) -> bool:
    networks = advised_network_ids(user)
    return (
        bool(networks)
        and NetworkMembership.objects.filter(
            network_id__in=networks, organisation=organisation
        ).exists()
    )


def _shares_a_project(user, organisation: Organisation) -> bool:
    mine = user_organisation_ids(user)
    return (
        bool(mine)
        and Project.objects.filter(memberships__organisation_id__in=mine)
        .filter(memberships__organisation=organisation)
        .exists()
    )


# --- rules, one per action -------------------------------------------------------------------


def _organisation_view(user, organisation: Organisation) -> bool:
    return (
        role_in(user, organisation) is not None
        or _accompanied_by_advised_network(user, organisation)
        or _shares_a_project(user, organisation)
    )


def _organisation_view_figures(user, organisation: Organisation) -> bool:
    scope = NetworkShare.Scope.KEY_FIGURES
    return (
        role_in(user, organisation) is not None
        or shares_with_advisor(user, organisation, scope)
        or sharing.shared_with_partners([organisation.pk], user_organisation_ids(user), scope)
    )


def _organisation_member(user, organisation: Organisation) -> bool:
    return role_in(user, organisation) is not None


def _organisation_contributor(user, organisation: Organisation) -> bool:
    return has_role(user, organisation, Role.CONTRIBUTOR)


def _organisation_admin(user, organisation: Organisation) -> bool:
    return has_role(user, organisation, Role.ADMIN)


def _project_view(user, project: Project) -> bool:
    mine = user_organisation_ids(user)
    return bool(mine) and project.memberships.filter(organisation_id__in=mine).exists()


def _project_internal(user, project: Project) -> bool:
    """People of a member structure that works in the project (any role but funder only): the
    whole evaluation with the tools and rows its own structures bring."""
    mine = user_organisation_ids(user)
    return (
        bool(mine)
        and project.memberships.filter(organisation_id__in=mine)
        .exclude(role=Membership.Role.FUNDER)
        .exists()
    )


def _shared_by_lead(user, project: Project, scope: str) -> bool:
    """Has the project's lead shared `scope` with a network this user advises, or (for its
    projet social) with the partners of a project the user's structure is a member of?"""
    leads = list(
        project.memberships.filter(role=Membership.Role.LEAD).values_list(
            "organisation_id", flat=True
        )
    )
    if not leads:
        return False
    if sharing.shared_with_networks(leads, advised_network_ids(user), scope):
        return True
    return (
        scope in sharing.PROJECT_SOCIAL_SCOPES
        and project.kind == Project.Kind.SOCIAL_PROJECT
        and sharing.shared_with_partners(leads, user_organisation_ids(user), scope)
    )


def _project_view_framework(user, project: Project) -> bool:
    return _project_internal(user, project) or _shared_by_lead(
        user, project, NetworkShare.Scope.FRAMEWORK
    )


def _project_view_results(user, project: Project) -> bool:
    return _project_internal(user, project) or _shared_by_lead(
        user, project, NetworkShare.Scope.INDICATOR_VALUES
    )


def _project_view_report(user, project: Project) -> bool:
    return _project_internal(user, project) or _shared_by_lead(
        user, project, NetworkShare.Scope.REPORTS
    )


def _project_edit(user, project: Project) -> bool:
    """Contributors and admins of the lead structure (porteur) edit the shared project."""
    lead_ids = project.memberships.filter(role="porteur").values_list("organisation_id", flat=True)
    return any(has_role(user, Organisation(pk=org_id), Role.CONTRIBUTOR) for org_id in lead_ids)


def _project_contribute(user, project: Project) -> bool:
    """Contributors and admins of any member structure add what their structure brings."""
    member_ids = project.memberships.values_list("organisation_id", flat=True)
    return any(has_role(user, Organisation(pk=org_id), Role.CONTRIBUTOR) for org_id in member_ids)


def _network_manage(user, network: Network) -> bool:
    """Contributors and admins of an animating structure run the network's common work."""
    animator_ids = network.memberships.filter(role=NetworkMembership.Role.ANIMATOR).values_list(
        "organisation_id", flat=True
    )
    return any(has_role(user, Organisation(pk=org_id), Role.CONTRIBUTOR) for org_id in animator_ids)


def _network_view(user, network: Network) -> bool:
    return network.memberships.filter(organisation_id__in=user_organisation_ids(user)).exists()


def _network_advise(user, network: Network) -> bool:
    return network.pk in advised_network_ids(user)


def _framework_view(user, framework) -> bool:
    if framework.project_id:
        return _project_view_framework(user, framework.project)
    return _network_view(user, framework.network)


def _framework_edit(user, framework) -> bool:
    if framework.project_id:
        return _project_edit(user, framework.project)
    return _network_manage(user, framework.network)


def _survey_view(user, survey) -> bool:
    """A survey and its answers are the structure's own: its people see them, nobody else."""
    return _organisation_member(user, survey.organisation)


def _survey_edit(user, survey) -> bool:
    return _organisation_contributor(user, survey.organisation)


def _structure_record_view(user, record) -> bool:
    """Activity records and testimonies are the structure's own, like its surveys. Reports will
    quote testimonies through their own sharing rules, never through these pages."""
    return _organisation_member(user, record.organisation)


def _structure_record_edit(user, record) -> bool:
    return _organisation_contributor(user, record.organisation)


RULES: dict[Action, tuple[type, Callable[..., bool]]] = {
    Action.ORGANISATION_VIEW: (Organisation, _organisation_view),
    Action.ORGANISATION_VIEW_FIGURES: (Organisation, _organisation_view_figures),
    Action.ORGANISATION_VIEW_MEMBERS: (Organisation, _organisation_member),
    Action.ORGANISATION_CONTRIBUTE: (Organisation, _organisation_contributor),
    Action.ORGANISATION_EDIT: (Organisation, _organisation_admin),
    Action.ORGANISATION_MANAGE_MEMBERS: (Organisation, _organisation_admin),
    Action.ORGANISATION_MANAGE_SHARING: (Organisation, _organisation_admin),
    Action.ORGANISATION_CREATE_PROJECT: (Organisation, _organisation_contributor),
    Action.PROJECT_VIEW: (Project, _project_view),
    Action.PROJECT_EDIT: (Project, _project_edit),
    Action.PROJECT_CONTRIBUTE: (Project, _project_contribute),
    Action.PROJECT_VIEW_FRAMEWORK: (Project, _project_view_framework),
    Action.PROJECT_VIEW_RESULTS: (Project, _project_view_results),
    Action.PROJECT_VIEW_REPORT: (Project, _project_view_report),
    Action.PROJECT_VIEW_INTERNAL: (Project, _project_internal),
    Action.NETWORK_VIEW: (Network, _network_view),
    Action.NETWORK_ADVISE: (Network, _network_advise),
    Action.NETWORK_MANAGE: (Network, _network_manage),
    Action.FRAMEWORK_VIEW: (Framework, _framework_view),
    Action.FRAMEWORK_EDIT: (Framework, _framework_edit),
    Action.SURVEY_VIEW: (Survey, _survey_view),
    Action.SURVEY_EDIT: (Survey, _survey_edit),
    Action.ACTIVITY_VIEW: (Activity, _structure_record_view),
    Action.ACTIVITY_EDIT: (Activity, _structure_record_edit),
    Action.TESTIMONY_VIEW: (Testimony, _structure_record_view),
    Action.TESTIMONY_EDIT: (Testimony, _structure_record_edit),
}


def can(user, action: Action | str, obj) -> bool:
    """May `user` do `action` on `obj`? Unknown actions are refused, never allowed."""
    action = Action(action)
    expected_type, rule = RULES[action]
    if not isinstance(obj, expected_type):
        raise TypeError(f"{action} porte sur {expected_type.__name__}, pas {type(obj).__name__}")
    if not _is_authenticated(user):
        return False
    if user.is_superuser:
        return True
    return rule(user, obj)


def require(user, action: Action | str, obj) -> None:
    """Raise PermissionDenied (HTTP 403) unless `can(user, action, obj)`."""
    if not can(user, action, obj):
        raise PermissionDenied


# --- what a user may list ----------------------------------------------------------------------


def visible_organisations(user) -> QuerySet[Organisation]:
    if not _is_authenticated(user):
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    mine = user_organisation_ids(user)
    return Organisation.objects.filter(
        Q(pk__in=mine)
        | Q(network_memberships__network_id__in=advised_network_ids(user))
        | Q(project_memberships__project__memberships__organisation_id__in=mine)
    ).distinct()


def visible_projects(user) -> QuerySet[Project]:
    if not _is_authenticated(user):
        return Project.objects.none()
    if user.is_superuser:
        return Project.objects.all()
    return Project.objects.filter(
        memberships__organisation_id__in=user_organisation_ids(user)
    ).distinct()


def record_organisation_ids(user, project: Project) -> set[int] | None:
    """Whose rows (answers, records, testimonies) behind the project's figures this user sees:
    their own structures', plus, for people working in the project, those of members that share
    their indicator values with its partners. None means every row (superusers)."""
    if not _is_authenticated(user):
        return set()
    if user.is_superuser:
        return None
    mine = user_organisation_ids(user)
    if _project_internal(user, project):
        return mine | sharing.partner_shared_ids(project, NetworkShare.Scope.INDICATOR_VALUES)
    return set()


def visible_projects_of(user, organisation: Organisation) -> QuerySet[Project]:
    """The projects a structure takes part in that this user sees (to link records to one)."""
    return visible_projects(user).filter(memberships__organisation=organisation)


def readable_frameworks(user, frameworks: QuerySet[Framework]) -> QuerySet[Framework]:
    """The frameworks of `frameworks` whose content this user may read (framework.view): a
    funder sees a project, not its framework unless the lead shares it."""
    allowed = [
        framework.pk
        for framework in frameworks.select_related("project", "network")
        if can(user, Action.FRAMEWORK_VIEW, framework)
    ]
    return frameworks.filter(pk__in=allowed)


def visible_networks(user) -> QuerySet[Network]:
    if not _is_authenticated(user):
        return Network.objects.none()
    if user.is_superuser:
        return Network.objects.all()
    return Network.objects.filter(
        memberships__organisation_id__in=user_organisation_ids(user)
    ).distinct()
