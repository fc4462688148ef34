"""Sharing a report with a chosen account: read-only, dated openings, revocable."""

from html import unescape

import pytest
from django.urls import reverse

from demo_people import CAF, FEDERATION, REFERENTE
from maillage.core.models import AuditEvent
from maillage.reports.models import ReportShare

pytestmark = pytest.mark.django_db
FALAISES = "projet-social-falaises-2023-2026"


def test_a_report_shared_with_the_caf_advisor(world, client_of):
    url = reverse("reports:shares", kwargs={"slug": FALAISES})
    referente = client_of(REFERENTE)
    unknown = referente.post(url, {"email": "personne@nulle-part.fr", "public": "funders"})
    assert unknown.status_code == 400
    assert "Aucun compte Maillage" in unescape(unknown.content.decode())
    made = referente.post(url, {"email": CAF, "public": "partners", "section": ["objectives"]})
    assert made.status_code == 302
    share = ReportShare.objects.get(recipient__email=CAF)
    assert (share.audience, share.sections) == ("partners", ["objectives"])
    assert AuditEvent.objects.filter(verb="report.shared").exists()

    caf = client_of(CAF)
    assert share.get_absolute_url() in caf.get(reverse("core:home")).content.decode()
    page = unescape(caf.get(share.get_absolute_url()).content.decode())
    assert "Les résultats, objectif par objectif" in page and 'id="r-methode"' not in page
    caf.get(share.get_absolute_url())
    share.refresh_from_db()
    assert share.open_count == 2 and share.first_opened_at <= share.last_opened_at
    listing = unescape(referente.get(url).content.decode())
    assert "2 fois, du" in listing

    # Someone else, even an advisor of the same network, cannot open it.
    assert client_of(FEDERATION).get(share.get_absolute_url()).status_code == 403

    referente.post(reverse("reports:share_revoke", kwargs={"slug": FALAISES,
                                                           "share_id": share.pk}))  # fmt: skip
    gone = caf.get(share.get_absolute_url())
    assert gone.status_code == 410 and "Ce lien a été retiré" in unescape(gone.content.decode())
    assert caf.get(reverse("reports:shared_pdf", kwargs={"token": share.token})).status_code == 410
    assert share.get_absolute_url() not in caf.get(reverse("core:home")).content.decode()
