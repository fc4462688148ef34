"""Consent records of a structure (list, detail, withdrawal) and its pseudonymised dataset export,
for the structure's admins only. Rules live in `consents.py` and `pseudonymised.py`."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from maillage import access
from maillage.access import Action
from maillage.collection import consents, pseudonymised
from maillage.collection.models import ConsentRecord
from maillage.organisations.models import Organisation

GET_POST = ["GET", "HEAD", "POST"]
# How a person may take their consent back (the other values are written by the app itself).
WITHDRAWAL_WAYS = [
    ConsentRecord.Withdrawal.ONLINE,
    ConsentRecord.Withdrawal.PAPER,
    ConsentRecord.Withdrawal.ORAL,
]


def _organisation(request, slug: str) -> Organisation:
    organisation = get_object_or_404(Organisation, slug=slug)
    access.require(request.user, Action.ORGANISATION_MANAGE_MEMBERS, organisation)
    return organisation


def _record(request, slug: str, record_id: int) -> ConsentRecord:
    organisation = _organisation(request, slug)
    # Another structure's record is not found here, whoever asks.
    return get_object_or_404(
        ConsentRecord.objects.select_related(
            "organisation", "testimony", "response__survey", "recorded_by", "withdrawn_by"
        ),
        pk=record_id,
        organisation=organisation,
    )


@login_required
@require_safe
def consent_list(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(request, slug)
    filters = {"objet": request.GET.get("objet", ""), "etat": request.GET.get("etat", "")}
    records = consents.listing(organisation, purpose=filters["objet"], status=filters["etat"])
    page = Paginator(records, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "collection/consent_list.html",
        {
            "organisation": organisation,
            "records": page,
            "filters": filters,
            "filtered": any(filters.values()),
            "purposes": ConsentRecord.Purpose.choices,
            "statuses": consents.STATUSES.items(),
            "total": ConsentRecord.objects.filter(organisation=organisation).count(),
            "query": urlencode({key: value for key, value in filters.items() if value}),
        },
    )


@login_required
@require_safe
def consent_detail(request: HttpRequest, slug: str, record_id: int) -> HttpResponse:
    record = _record(request, slug, record_id)
    return render(
        request,
        "collection/consent_detail.html",
        {"organisation": record.organisation, "record": record},
    )


@login_required
@require_http_methods(GET_POST)
def consent_withdraw(request: HttpRequest, slug: str, record_id: int) -> HttpResponse:
    record = _record(request, slug, record_id)
    if not record.active:
        messages.info(request, _("Ce consentement est déjà retiré."))
        return redirect(record.get_absolute_url())
    error, status = "", 200
    how = request.POST.get("comment", "")
    if request.method == "POST":
        if how in WITHDRAWAL_WAYS:
            consents.withdraw(record, by=request.user, how=how, note=request.POST.get("note", ""))
            messages.success(request, _("Le consentement est retiré ; ses effets sont appliqués."))
            return redirect(record.get_absolute_url())
        error, status = _("Indiquez comment la personne a retiré son consentement."), 400
    return render(
        request,
        "collection/consent_withdraw.html",
        {
            "organisation": record.organisation,
            "record": record,
            "ways": [(way.value, way.label) for way in WITHDRAWAL_WAYS],
            "how": how,
            "note": request.POST.get("note", ""),
            "effect": consents.EFFECTS.get(record.purpose, ""),
            "error": error,
        },
        status=status,
    )


@login_required
@require_http_methods(GET_POST)
def pseudonymised_export(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(request, slug)
    if request.method == "POST":
        data, _counts = pseudonymised.build(organisation, by=request.user)
        response = HttpResponse(data, content_type="application/zip")
        name = f"{organisation.slug}-pseudonymise-{timezone.localdate():%Y-%m-%d}.zip"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return render(request, "collection/pseudonymised_export.html", {"organisation": organisation})
