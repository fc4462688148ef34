"""Meetings of a communauté d'action: quick entry with the attendance grid, and their use by the
framework's « rencontres » indicators."""

from html import unescape

import pytest
from django.urls import reverse

from demo_people import COORDINATION
from maillage.analysis.indicators import compute
from maillage.evaluation.models import Indicator
from maillage.projects.models import Meeting

pytestmark = pytest.mark.django_db


def test_a_monthly_meeting_is_recorded_with_who_came(world, client_of):
    project = world.projects["bien-vieillir"]
    url = reverse("projects:meetings", kwargs={"slug": "bien-vieillir"})
    moulin, ccas = world.organisations["moulin"], world.organisations["ccas-bellerive"]
    client = client_of(COORDINATION)
    refused = client.post(url, {"kind": "reunion_mensuelle", "held_on": "2026-11-05",
                                f"att-{moulin.pk}-salarie": "deux"})  # fmt: skip
    assert refused.status_code == 400
    page = unescape(refused.content.decode())
    assert "nombres entiers" in page and 'value="deux"' in page
    before = Meeting.objects.filter(project=project).count()
    done = client.post(url, {
        "kind": "reunion_mensuelle", "held_on": "2026-11-05", "decisions": "Lancer les visites.",
        f"att-{moulin.pk}-salarie": "2", f"att-{ccas.pk}-salarie": "1",
        f"att-{moulin.pk}-benevole": "0",
    })  # fmt: skip
    assert done.status_code == 302
    meeting = Meeting.objects.filter(project=project).latest("pk")
    assert Meeting.objects.filter(project=project).count() == before + 1
    assert sorted((a.organisation.slug, a.count) for a in meeting.attendances.all()) == [
        ("ccas-bellerive", 1), ("moulin", 2)
    ]  # fmt: skip
    listing = unescape(client.get(url).content.decode())
    row = listing[listing.index("05/11/2026") :].split("</tr>")[0]
    assert row.count("Centre social du Moulin") == 1 and "CCAS de Bellerive" in row
    indicator = Indicator.objects.get(framework__project=project, source_type="meetings")
    assert compute(indicator).value is not None
