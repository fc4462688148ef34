"""Personal data pages of a structure: the register (every member reads it), and for its admins
the search, export and erasure of one person's data. Rules live in `personal_data.py`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from maillage import access
from maillage.access import Action
from maillage.collection import personal_data
from maillage.organisations.models import Organisation

GET_POST = ["GET", "HEAD", "POST"]


def _organisation(request, slug: str, action: Action) -> Organisation:
    organisation = get_object_or_404(Organisation, slug=slug)
    access.require(request.user, action, organisation)
    return organisation


@login_required
@require_http_methods(["GET", "HEAD"])
def register(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(request, slug, Action.ORGANISATION_VIEW_MEMBERS)
    return render(
        request,
        "collection/personal_data_register.html",
        {
            "organisation": organisation,
            "register": personal_data.REGISTER,
            "is_admin": access.can(request.user, Action.ORGANISATION_MANAGE_MEMBERS, organisation),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def search(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(request, slug, Action.ORGANISATION_MANAGE_MEMBERS)
    query = request.GET.get("q", "").strip()
    identity = request.GET.get("personne", "").strip()
    error = ""
    if "q" in request.GET and len(query) < personal_data.MIN_QUERY:
        error = _("Tapez au moins deux lettres du nom ou de l'adresse e-mail.")
    return render(
        request,
        "collection/personal_data.html",
        {
            "organisation": organisation,
            "query": query,
            "error": error,
            "candidates": personal_data.candidates(organisation, query) if not error else [],
            "person": personal_data.find_person(organisation, identity) if identity else None,
        },
        status=400 if error else 200,
    )


@login_required
@require_POST
def export(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(request, slug, Action.ORGANISATION_MANAGE_MEMBERS)
    person = personal_data.find_person(organisation, request.POST.get("personne", ""))
    if not person.found:
        messages.error(request, _("Aucune donnée enregistrée sous ce nom ou cette adresse."))
        return redirect("collection:personal_data", slug=organisation.slug)
    data = personal_data.export_person(organisation, person, by=request.user)
    response = HttpResponse(data, content_type="application/zip")
    name = slugify(person.identity.replace("@", "-")) or "personne"
    response["Content-Disposition"] = f'attachment; filename="donnees-{name}.zip"'
    return response


@login_required
@require_http_methods(GET_POST)
def erase(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(request, slug, Action.ORGANISATION_MANAGE_MEMBERS)
    identity = (request.POST if request.method == "POST" else request.GET).get("personne", "")
    person = personal_data.find_person(organisation, identity)
    back = reverse("collection:personal_data", kwargs={"slug": organisation.slug})
    if not person.total:
        messages.error(request, _("Aucune donnée à effacer sous ce nom ou cette adresse."))
        return redirect(back)
    if request.method == "POST" and request.POST.get("confirmer") == "oui":
        counts = personal_data.erase_person(organisation, person.identity, by=request.user)
        messages.success(
            request,
            _("Les données de la personne sont effacées (%(count)s éléments).")
            % {"count": sum(counts.values())},
        )
        return redirect(back)
    return render(
        request,
        "collection/personal_data_erase.html",
        {
            "organisation": organisation,
            "person": person,
            "back": f"{back}?{urlencode({'personne': person.identity})}",
        },
    )
