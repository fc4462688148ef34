"""A structure's journal des modifications (issue 8), for its admins only; rules in `audit_log`."""

from datetime import date
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from maillage import access
from maillage.access import Action
from maillage.core import audit_log
from maillage.core.forms import PeriodFilterMixin
from maillage.organisations.models import Organisation

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AuditFilterForm(PeriodFilterMixin, forms.Form):
    """The journal's filters, read from the address (GET): all are optional."""

    family = forms.ChoiceField(label=_("Famille"), required=False)
    person = forms.TypedChoiceField(label=_("Personne"), required=False, coerce=int)
    start = forms.DateField(label=_("Du"), required=False, widget=DATE_WIDGET)
    end = forms.DateField(label=_("Au"), required=False, widget=DATE_WIDGET)

    def __init__(self, data, *, organisation):
        super().__init__(data)
        self.fields["family"].choices = [
            ("", _("toutes")),
            *[(key, label) for key, label, _prefixes in audit_log.FAMILIES],
            (audit_log.OTHER, _("autre")),
        ]
        self.fields["person"].choices = [
            ("", _("toutes")),
            *[(user.pk, str(user)) for user in audit_log.actors(organisation)],
        ]
        self.fields["person"].empty_value = None

    def filters(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "family": data["family"],
            "actor_id": data["person"],
            "start": data["start"],
            "end": data["end"],
        }


def _journal(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    access.require(request.user, Action.ORGANISATION_MANAGE_MEMBERS, organisation)
    form = AuditFilterForm(request.GET or None, organisation=organisation)
    return organisation, form, audit_log.lines(organisation, **form.filters())


@login_required
@require_http_methods(["GET", "HEAD"])
def audit_journal(request: HttpRequest, slug: str) -> HttpResponse:
    organisation, form, rows = _journal(request, slug)
    page = Paginator(rows, audit_log.PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode({k: v for k, v in request.GET.items() if k != "page" and v})
    return render(
        request,
        "core/audit_log.html",
        {
            "organisation": organisation,
            "form": form,
            "page": page,
            "lines": audit_log.present(page.object_list),
            "total": page.paginator.count,
            "query": query,
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def audit_journal_csv(request: HttpRequest, slug: str) -> HttpResponse:
    organisation, _form, rows = _journal(request, slug)
    response = HttpResponse(audit_log.to_csv(rows), content_type="text/csv; charset=utf-8")
    name = f"journal-modifications-{organisation.slug}-{date.today():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
