"""The network report: its page and its PDF, for the network's advisors. Every view asks
`access.py`."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from maillage import access
from maillage.access import Action
from maillage.organisations.models import Network
from maillage.organisations.views import _year
from maillage.reports import network as content


def _network(request, slug: str) -> Network:
    network = get_object_or_404(Network.objects.select_related("department"), slug=slug)
    access.require(request.user, Action.NETWORK_ADVISE, network)
    return network


@login_required
@require_safe
def network_report(request: HttpRequest, slug: str) -> HttpResponse:
    network = _network(request, slug)
    year = _year(request.GET.get("annee"))
    return render(
        request,
        "reports/network_report.html",
        {
            "network": network,
            "data": content.build(network, year),
            "is_advisor": True,
            "query": request.GET.urlencode(),
        },
    )


@login_required
@require_safe
def network_report_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    network = _network(request, slug)
    pdf = content.render_pdf(content.build(network, _year(request.GET.get("annee"))))
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"rapport-reseau-{slugify(network.name)[:60]}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
