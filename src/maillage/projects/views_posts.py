"""Shared posts of a project (postes mutualisés): the list with each split, the form that edits a
post and its split together, deletion, and counting a post as a resource of a value chain.
Every view asks `access.py`; the rules live in `shared_posts.py`, the changes in `actions.py`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maillage import access
from maillage.access import Action
from maillage.evaluation.models import ChainLink, Framework
from maillage.organisations.models import Organisation
from maillage.projects import actions, shared_posts
from maillage.projects.forms_posts import (
    AllocationFormSet,
    ChainChoiceForm,
    SharedPostForm,
    allocation_initial,
)
from maillage.projects.models import Project, SharedPost


def _project(request: HttpRequest, slug: str, action: Action) -> Project:
    project = get_object_or_404(Project, slug=slug)
    access.require(request.user, action, project)
    return project


def _post(project: Project, post_id: int) -> SharedPost:
    # The post must belong to the project in the address, else 404.
    return get_object_or_404(SharedPost.objects.select_related("employer"), pk=post_id,
                             project=project)  # fmt: skip


def _members(project: Project):
    return Organisation.objects.filter(project_memberships__project=project).order_by("name")


def chains_for(user, post: SharedPost) -> list:
    """The value chains this user may count the post in: chains of projects whose framework
    the user edits, and whose members include every structure of the post."""
    editable = [
        project
        for project in access.visible_projects(user)
        if access.can(
            user,
            Action.FRAMEWORK_EDIT,
            Framework.objects.filter(project=project).first() or Framework(project=project),
        )
    ]
    return shared_posts.eligible_chains(post, editable)


@login_required
@require_GET
def post_list(request: HttpRequest, slug: str) -> HttpResponse:
    project = _project(request, slug, Action.PROJECT_VIEW)
    can_edit = access.can(request.user, Action.PROJECT_EDIT, project)
    splits = shared_posts.project_posts(project)
    links = {}
    for link in ChainLink.objects.filter(shared_post__project=project).select_related(
        "chain__project"
    ):
        links.setdefault(link.shared_post_id, []).append(link)
    for split in splits:
        split.chain_links = links.get(split.post.pk, [])
        if can_edit:
            chains = chains_for(request.user, split.post)
            split.chain_form = ChainChoiceForm(chains=chains, prefix=f"poste-{split.post.pk}")
    # Posts of other projects counted as resources in this project's chains.
    elsewhere = (
        ChainLink.objects.filter(chain__project=project, shared_post__isnull=False)
        .exclude(shared_post__project=project)
        .select_related("chain", "shared_post__employer", "shared_post__project")
    )
    return render(
        request,
        "projects/shared_posts.html",
        {"project": project, "splits": splits, "elsewhere": elsewhere, "can_edit": can_edit},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def post_edit(request: HttpRequest, slug: str, post_id: int | None = None) -> HttpResponse:
    project = _project(request, slug, Action.PROJECT_EDIT)
    post = _post(project, post_id) if post_id is not None else SharedPost(project=project)
    members = _members(project)
    member_ids = set(members.values_list("pk", flat=True))
    data = request.POST if request.method == "POST" else None
    form = SharedPostForm(data, instance=post, members=members)
    formset = AllocationFormSet(
        data,
        initial=allocation_initial(post),
        prefix="repartition",
        post_form=form,
        member_ids=member_ids,
        form_kwargs={"members": members},
    )
    status = 200
    if data is not None:
        if form.is_valid() and formset.is_valid():
            with transaction.atomic():
                left = actions.save_shared_post(
                    project, form.save(commit=False), formset.rows(), by=request.user
                )
            messages.success(request, _("Le poste mutualisé est enregistré."))
            for chain in left:
                messages.warning(
                    request,
                    _("La chaîne « %(chain)s » n'a pas suivi la nouvelle répartition : une des "
                      "structures n'est pas membre de son projet.") % {"chain": chain.title},
                )  # fmt: skip
            return redirect("projects:shared_posts", slug=project.slug)
        status = 400
    return render(
        request,
        "projects/shared_post_form.html",
        {"project": project, "post": post, "form": form, "formset": formset},
        status=status,
    )


@login_required
@require_POST
def post_delete(request: HttpRequest, slug: str, post_id: int) -> HttpResponse:
    project = _project(request, slug, Action.PROJECT_EDIT)
    post = _post(project, post_id)
    actions.delete_shared_post(post, by=request.user)
    messages.success(
        request,
        _("Le poste « %(title)s » est supprimé. Les maillons qu'il a créés restent dans les "
          "chaînes de valeur comme ressources ordinaires.") % {"title": post.title},
    )  # fmt: skip
    return redirect("projects:shared_posts", slug=project.slug)


@login_required
@require_POST
def post_to_chain(request: HttpRequest, slug: str, post_id: int) -> HttpResponse:
    project = _project(request, slug, Action.PROJECT_EDIT)
    post = _post(project, post_id)
    chains = chains_for(request.user, post)
    form = ChainChoiceForm(request.POST, chains=chains, prefix=f"poste-{post.pk}")
    if not form.is_valid():
        if request.POST.get(f"poste-{post.pk}-chain"):
            raise PermissionDenied  # a chain the user may not change, or that cannot take it
        messages.error(request, _("« Chaîne de valeur » : choisissez une chaîne."))
        return redirect("projects:shared_posts", slug=project.slug)
    chain = form.chosen()
    try:
        link, created = actions.add_post_to_chain(post, chain, by=request.user)
    except actions.CommunityError as error:
        messages.error(request, str(error))
        return redirect("projects:shared_posts", slug=project.slug)
    if created:
        message = _("Le poste figure maintenant dans la chaîne « %(chain)s » comme ressource.")
    else:
        message = _("Le maillon du poste dans la chaîne « %(chain)s » est mis à jour.")
    messages.success(request, message % {"chain": chain.title})
    return redirect(chain.get_absolute_url() + f"#maillon-{link.pk}")
