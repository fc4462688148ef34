from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maillage import access
from maillage.access import Action
from maillage.accounts import actions as account_actions
from maillage.accounts.models import Invitation
from maillage.accounts.roles import Role
from maillage.organisations import actions, network_dashboard, sharing
from maillage.organisations.forms import (
    FiguresYearForm,
    InviteForm,
    KeyFiguresForm,
    MemberRoleForm,
    NetworkShareForm,
    OrganisationForm,
    ProjectShareForm,
)
from maillage.organisations.models import (
    KeyFigures,
    Network,
    NetworkMembership,
    Organisation,
    OrganisationMember,
)
from maillage.projects.shared_posts import structure_posts


def _organisation(request, slug: str, action: Action) -> Organisation:
    organisation = get_object_or_404(Organisation.objects.select_related("department"), slug=slug)
    access.require(request.user, action, organisation)
    return organisation


@login_required
@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    organisations = access.visible_organisations(request.user).select_related("department")
    return render(request, "organisations/list.html", {"organisations": organisations})


@login_required
@require_GET
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(request, slug, Action.ORGANISATION_VIEW)
    user = request.user
    can_figures = access.can(user, Action.ORGANISATION_VIEW_FIGURES, organisation)
    figures = list(organisation.key_figures.all()) if can_figures else []
    is_member = access.can(user, Action.ORGANISATION_VIEW_MEMBERS, organisation)
    context = {
        "organisation": organisation,
        "figures": figures[0] if figures else None,
        "figures_history": figures[1:],
        "can_view_figures": can_figures,
        "can_edit": access.can(user, Action.ORGANISATION_EDIT, organisation),
        "can_create_project": access.can(user, Action.ORGANISATION_CREATE_PROJECT, organisation),
        "can_view_members": is_member,
        "can_manage_sharing": access.can(user, Action.ORGANISATION_MANAGE_SHARING, organisation),
        "networks": organisation.network_memberships.select_related("network"),
        "projects": access.visible_projects(user).filter(memberships__organisation=organisation),
        # Posts it employs, lends and receives: its own people see them, like its figures.
        "shared_posts": structure_posts(organisation) if is_member else None,
        "role_label": Role(role).label if (role := access.role_in(user, organisation)) else None,
    }
    return render(request, "organisations/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(request, slug, Action.ORGANISATION_EDIT)
    year_form = FiguresYearForm(request.POST or request.GET or None)
    year = (
        year_form.cleaned_data["year"]
        if year_form.is_bound and year_form.is_valid()
        else getattr(organisation.latest_key_figures(), "year", timezone.localdate().year)
    )
    if not year_form.is_bound or not year_form.is_valid():
        year_form = FiguresYearForm(initial={"year": year})
    figures = KeyFigures.objects.filter(organisation=organisation, year=year).first() or KeyFigures(
        organisation=organisation, year=year
    )
    saving = request.method == "POST"
    form = OrganisationForm(request.POST if saving else None, instance=organisation)
    figures_form = KeyFiguresForm(request.POST if saving else None, instance=figures, prefix="kf")
    if saving and form.is_valid() and figures_form.is_valid():
        if form.has_changed():
            actions.update_organisation(
                form.save(commit=False), changed_fields=form.changed_data, by=request.user
            )
        if figures_form.has_changed():
            actions.save_key_figures(
                figures_form.save(commit=False),
                changed_fields=figures_form.changed_data,
                by=request.user,
            )
        messages.success(request, _("La fiche de la structure a été enregistrée."))
        return redirect(organisation.get_absolute_url())
    if saving:
        messages.error(
            request, _("La fiche n'a pas été enregistrée : corrigez les champs signalés.")
        )
    return render(
        request,
        "organisations/edit.html",
        {
            "organisation": organisation,
            "form": form,
            "figures_form": figures_form,
            "year_form": year_form,
            "year": year,
        },
        status=400 if saving else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_members(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(request, slug, Action.ORGANISATION_VIEW_MEMBERS)
    can_manage = access.can(request.user, Action.ORGANISATION_MANAGE_MEMBERS, organisation)
    invite_form = InviteForm(request.POST or None) if can_manage else None
    status = 200
    if request.method == "POST":
        access.require(request.user, Action.ORGANISATION_MANAGE_MEMBERS, organisation)
        if invite_form.is_valid():
            try:
                invitation = account_actions.invite(
                    organisation=organisation,
                    invited_by=request.user,
                    **invite_form.cleaned_data,
                )
            except account_actions.InvitationError as error:
                invite_form.add_error("email", str(error))
            else:
                messages.success(
                    request,
                    _("Invitation envoyée à %(email)s. Le lien est valable 14 jours.")
                    % {"email": invitation.email},
                )
                return redirect("organisations:members", slug=organisation.slug)
        status = 400
    members = organisation.members.select_related("user").order_by("user__full_name")
    invitations = (
        organisation.invitations.pending().select_related("invited_by") if can_manage else []
    )
    return render(
        request,
        "organisations/members.html",
        {
            "organisation": organisation,
            "members": members,
            "invitations": invitations,
            "invite_form": invite_form,
            "can_manage": can_manage,
            "role_choices": Role.choices,
        },
        status=status,
    )


@login_required
@require_POST
def member_role(request: HttpRequest, slug: str, member_id: int) -> HttpResponse:
    organisation = _organisation(request, slug, Action.ORGANISATION_MANAGE_MEMBERS)
    member = get_object_or_404(
        OrganisationMember.objects.select_related("user"), pk=member_id, organisation=organisation
    )
    form = MemberRoleForm(request.POST)
    if form.is_valid():
        try:
            actions.change_role(member, form.cleaned_data["role"], by=request.user)
        except actions.MembershipError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Rôle de %(person)s modifié.") % {"person": member.user})
    else:
        messages.error(request, _("Choisissez un rôle dans la liste."))
    return redirect("organisations:members", slug=organisation.slug)


@login_required
@require_POST
def member_remove(request: HttpRequest, slug: str, member_id: int) -> HttpResponse:
    organisation = _organisation(request, slug, Action.ORGANISATION_MANAGE_MEMBERS)
    member = get_object_or_404(
        OrganisationMember.objects.select_related("user"), pk=member_id, organisation=organisation
    )
    try:
        actions.remove_member(member, by=request.user)
    except actions.MembershipError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("%(person)s a été retiré de la structure.") % {"person": member.user}
        )
    if member.user_id == request.user.pk:
        return redirect("core:home")
    return redirect("organisations:members", slug=organisation.slug)


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, slug: str, invitation_id: int) -> HttpResponse:
    organisation = _organisation(request, slug, Action.ORGANISATION_MANAGE_MEMBERS)
    invitation = get_object_or_404(Invitation, pk=invitation_id, organisation=organisation)
    if invitation.is_pending:
        account_actions.revoke_invitation(invitation, by=request.user)
        messages.success(request, _("Invitation annulée."))
    return redirect("organisations:members", slug=organisation.slug)


@login_required
@require_http_methods(["GET", "POST"])
def organisation_sharing(request: HttpRequest, slug: str) -> HttpResponse:
    """What the structure shares with each network that accompanies it and with the partners
    of each project it is a member of: four boxes each, saved together."""
    organisation = _organisation(request, slug, Action.ORGANISATION_MANAGE_SHARING)
    shares = sharing.shares_of(organisation)
    data = request.POST if request.method == "POST" else None
    forms = [
        (network, NetworkShareForm(data, prefix=f"n{network.pk}", initial={"scopes": scopes}))
        for network, scopes in shares.networks
    ]
    project_forms = [
        (project, ProjectShareForm(data, prefix=f"p{project.pk}", initial={"scopes": scopes}))
        for project, scopes in shares.projects
    ]
    every_form = [form for _item, form in forms + project_forms]
    if request.method == "POST" and all(form.is_valid() for form in every_form):
        for network, form in forms:
            actions.set_network_sharing(
                organisation, network, set(form.cleaned_data["scopes"]), by=request.user
            )
        for project, form in project_forms:
            actions.set_project_sharing(
                organisation, project, set(form.cleaned_data["scopes"]), by=request.user
            )
        messages.success(request, _("Vos choix de partage ont été enregistrés."))
        return redirect(organisation.get_absolute_url())
    return render(
        request,
        "organisations/sharing.html",
        {
            "organisation": organisation,
            "forms": forms,
            "project_forms": project_forms,
            "social_projects": list(sharing.social_projects(organisation)),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def network_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The network's dashboard. Advisors see every accompanied structure's progress through the
    method and what each shares; a structure's people see the network and their own progress."""
    network = get_object_or_404(Network.objects.select_related("department"), slug=slug)
    access.require(request.user, Action.NETWORK_VIEW, network)
    user = request.user
    is_advisor = access.can(user, Action.NETWORK_ADVISE, network)
    memberships = network.memberships.select_related(
        "organisation", "organisation__department"
    ).order_by("organisation__name")
    accompanied = [m for m in memberships if m.role == NetworkMembership.Role.ACCOMPANIED]
    context = {
        "network": network,
        "animators": [m for m in memberships if m.role == NetworkMembership.Role.ANIMATOR],
        "accompanied": accompanied,
        "is_advisor": is_advisor,
        "can_manage": access.can(user, Action.NETWORK_MANAGE, network),
        "figures": None,
    }
    sessions = network_dashboard.sessions_summary(network, [m.organisation for m in accompanied])
    context["next_session"] = network_dashboard.next_session(sessions.sessions)
    context["session_count"] = len(sessions.sessions)
    if is_advisor:
        year = _year(request.GET.get("annee"))
        board = network_dashboard.dashboard(network, year)
        context.update(
            board=board,
            figures=board.figures,
            progress=board.progress,
            comparison=board.comparison,
            years=range(network_dashboard.default_year() - 2, network_dashboard.default_year() + 1),
        )
    else:
        mine = access.user_organisation_ids(user)
        own = [m.organisation for m in accompanied if m.organisation_id in mine]
        common = network_dashboard.common_framework(network)
        context["progress"] = network_dashboard.progress(network, own, common)
    return render(request, "organisations/network.html", context)


def _year(text) -> int | None:
    """The year asked for in the address (« ?annee=2025 »), if it is a plausible one."""
    if text and str(text).isdigit() and 2000 <= int(text) <= 2100:
        return int(text)
    return None
