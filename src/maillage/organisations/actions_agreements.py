"""State changes of a structure's agreements with its partners. Each writes the audit log."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from maillage.core import audit
from maillage.organisations.models import Agreement


@transaction.atomic
def add_agreement(agreement: Agreement, *, by) -> Agreement:
    agreement.save()
    audit.record(
        "agreement.added",
        _("Accord « %(kind)s » avec %(partner)s enregistré")
        % {"kind": agreement.get_kind_display(), "partner": agreement.partner.name},
        actor=by,
        organisation=agreement.organisation,
        agreement=agreement.pk,
        partner=agreement.partner.slug,
        kind=agreement.kind,
    )
    return agreement


@transaction.atomic
def delete_agreement(agreement: Agreement, *, by) -> None:
    summary = _("Accord « %(kind)s » avec %(partner)s supprimé") % {
        "kind": agreement.get_kind_display(),
        "partner": agreement.partner.name,
    }
    organisation, pk = agreement.organisation, agreement.pk
    agreement.delete()
    audit.record("agreement.deleted", summary, actor=by, organisation=organisation, agreement=pk)
