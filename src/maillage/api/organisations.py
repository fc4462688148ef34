"""Read endpoints for structures: those the user sees, with their key figures only where the
structure shares them with this user."""

from __future__ import annotations

from ninja import Path, Router
from ninja.pagination import paginate

from maillage import access
from maillage.access import Action
from maillage.api.common import number, visible
from maillage.api.pagination import LazyList, Pagination
from maillage.api.schemas import ERRORS, MAX_ID, ActivityOut, Error, OrganisationOut
from maillage.organisations.figures import FIGURE_FIELDS
from maillage.organisations.models import Organisation

router = Router(tags=["Structures"])


def organisation_out(user, organisation: Organisation) -> dict:
    figures = None
    if access.can(user, Action.ORGANISATION_VIEW_FIGURES, organisation):
        figures = [
            {
                "year": row.year,
                **{
                    name: number(getattr(row, name))
                    if name in ("staff_fte", "annual_budget")
                    else getattr(row, name)
                    for name in FIGURE_FIELDS
                },
            }
            for row in organisation.key_figures.order_by("-year")
        ]
    return {
        "id": organisation.pk,
        "slug": organisation.slug,
        "name": organisation.name,
        "kind": organisation.kind,
        "kind_label": organisation.get_kind_display(),
        "commune": organisation.commune,
        "postal_code": organisation.postal_code,
        "key_figures": figures,
    }


@router.get(
    "/organisations",
    response={200: list[OrganisationOut], **ERRORS},
    summary="Structures que vous voyez",
    url_name="organisation_list",
)
@paginate(Pagination)
def organisation_list(request):
    """Les structures visibles depuis votre compte, comme la page « Structures », par nom."""
    organisations = access.visible_organisations(request.auth).order_by("name", "pk")
    user = request.auth
    return LazyList(organisations, lambda org: organisation_out(user, org))


@router.get(
    "/organisations/{organisation_id}",
    response={200: OrganisationOut, 404: Error, **ERRORS},
    summary="Une structure",
    url_name="organisation_detail",
)
def organisation_detail(request, organisation_id: int = Path(..., ge=1, le=MAX_ID)):
    organisation = visible(
        request,
        Action.ORGANISATION_VIEW,
        Organisation.objects.filter(pk=organisation_id).first(),
    )
    return organisation_out(request.auth, organisation)


@router.get(
    "/organisations/{organisation_id}/activities",
    response={200: list[ActivityOut], 404: Error, **ERRORS},
    summary="Activités d'une structure (pour y saisir des séances)",
    url_name="activity_list",
)
@paginate(Pagination)
def activity_list(request, organisation_id: int = Path(..., ge=1, le=MAX_ID)):
    """Réservé aux personnes de la structure, comme ses pages d'activités."""
    organisation = visible(
        request,
        Action.ORGANISATION_VIEW_MEMBERS,
        Organisation.objects.filter(pk=organisation_id).first(),
    )
    return organisation.activities.order_by("name", "pk")
