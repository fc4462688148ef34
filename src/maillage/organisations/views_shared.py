"""What an accompanied structure shares with a network, seen by the network's advisors: one page
per structure, with a link to each shared item and a plain list of what stays private."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from maillage import access
from maillage.access import Action
from maillage.organisations import sharing
from maillage.organisations.models import Network, NetworkMembership, Organisation


@login_required
@require_safe
def shared_with_network(request: HttpRequest, slug: str, org_slug: str) -> HttpResponse:
    network = get_object_or_404(Network, slug=slug)
    if not access.can(request.user, Action.NETWORK_ADVISE, network):
        raise Http404  # the page says who the network accompanies: not for outsiders
    organisation = get_object_or_404(
        Organisation,
        slug=org_slug,
        network_memberships__network=network,
        network_memberships__role=NetworkMembership.Role.ACCOMPANIED,
    )
    shared = sharing.shared_with_network(organisation, network)
    figures = (
        organisation.latest_key_figures()
        if access.can(request.user, Action.ORGANISATION_VIEW_FIGURES, organisation)
        and shared.shares(sharing.Scope.KEY_FIGURES)
        else None
    )
    return render(
        request,
        "organisations/shared_with_network.html",
        {
            "network": network,
            "organisation": organisation,
            "shared": shared,
            "figures": figures,
            "Scope": {scope.name: scope.value for scope in sharing.Scope},
        },
    )
