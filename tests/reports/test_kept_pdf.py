"""A project report's PDF is kept while nothing it shows has changed (reports/kept_pdf.py): the
second download is the same file without a new build, and any change to a row the report reads,
even one written without Django's signals (`QuerySet.update()`), gives a new PDF at once.

Row versions are PostgreSQL's: on SQLite every PDF is made afresh, which the last test checks."""

import re
import shutil
import subprocess
from datetime import date

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from demo_people import DIRECTION
from maillage.analysis.indicators import project_period
from maillage.collection.models import Testimony as Quote
from maillage.organisations.models import Organisation
from maillage.reports import content, kept_pdf

pytestmark = pytest.mark.django_db
FALAISES = "projet-social-falaises-2023-2026"
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row versions (xmin) are PostgreSQL's"
)
needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None,
    reason="pdftotext absent : installez poppler-utils (sudo apt-get install poppler-utils)",
)
TABLE = re.compile(r'(?:FROM|JOIN)\s+"(\w+)"')


def _pdf_text(pdf: bytes) -> str:
    done = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(done.stdout.decode().split())


def _key(project, options=None):
    options = options or content.Options()
    return kept_pdf.key(project, project_period(project), options, date.today())


def _tables(queries) -> set[str]:
    return {table for query in queries for table in TABLE.findall(query["sql"])}


def _builds(monkeypatch) -> list:
    """Records each content.build that kept_pdf makes (the real one runs)."""
    calls = []
    real = content.build

    def counted(*args, **kwargs):
        calls.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(content, "build", counted)
    return calls


@postgresql_only
def test_every_table_a_report_reads_is_in_its_stamp(world):
    """If the report comes to read a new table, its rows must enter the stamp, or an edit there
    would leave an old PDF in the cache."""
    checked = 0
    for project in world.projects.values():
        period = project_period(project)
        content.build(project, period)  # indicators computed and kept: the engine's reads done
        with CaptureQueriesContext(connection) as built:
            content.build(project, period)
        with CaptureQueriesContext(connection) as stamped:
            kept_pdf.key(project, period, content.Options(), date.today())
        missing = _tables(built) - _tables(stamped)
        assert not missing, (project.slug, missing)
        checked += 1
    assert checked >= 3


@postgresql_only
def test_the_second_download_is_the_kept_pdf(world, client_of, monkeypatch):
    project = world.projects[FALAISES]
    builds = _builds(monkeypatch)
    url = reverse("reports:report_pdf", args=[project.slug])
    client = client_of(DIRECTION)
    first = client.get(url)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(url)
    assert first.status_code == second.status_code == 200
    assert second.content == first.content and first.content.startswith(b"%PDF")
    assert len(builds) == 1
    # The session, the rights, the stamps: no more than a score of queries.
    assert len(queries) < 25
    # Another audience is another PDF.
    residents = client.get(url + "?public=residents")
    assert residents.content != first.content and len(builds) == 2


@postgresql_only
def test_touching_any_row_the_report_reads_changes_the_key(world):
    """An update that changes no value still writes a new row version: each scope of the stamp,
    touched through QuerySet.update() (no signal), gives a new key."""
    project = world.projects[FALAISES]
    touched: set[tuple[str, int]] = set()
    for queryset in kept_pdf.content_querysets(project):
        model = queryset.model
        # A row not touched yet: within one transaction (each test's), a second write of a row
        # keeps its version. Requests write in transactions of their own.
        done = [pk for name, pk in touched if name == model._meta.label]
        pk = queryset.order_by().exclude(pk__in=done).values_list("pk", flat=True).first()
        if pk is None:
            continue
        before = _key(project)
        column = model._meta.pk.attname
        model.objects.filter(pk=pk).update(**{column: F(column)})
        assert _key(project) != before, model.__name__
        touched.add((model._meta.label, pk))
    assert len(touched) >= 15  # the demo's projet social has rows in most of them


@postgresql_only
@needs_poppler
def test_a_withdrawn_consent_leaves_the_next_pdf_at_once(world, client_of):
    project = world.projects[FALAISES]
    url = reverse("reports:report_pdf", args=[project.slug])
    client = client_of(DIRECTION)
    data = content.build(project, project_period(project))
    quote = next(q["text"] for goal in data["objectives"] for q in goal["quotes"])
    words = " ".join(quote.split()[:6])
    assert words in _pdf_text(client.get(url).content)

    # As another process would, without a signal.
    Quote.objects.filter(text=quote).update(consent_scope=Quote.Scope.INTERNAL)
    Organisation.objects.filter(pk=project.lead.pk).update(name="Centre social Les Hautes Falaises")

    text = _pdf_text(client.get(url).content)
    assert words not in text
    assert "Les Hautes Falaises" in text


def test_without_row_versions_each_pdf_is_made_afresh(world, monkeypatch):
    if connection.vendor == "postgresql":
        pytest.skip("PostgreSQL keeps PDFs")
    project = world.projects[FALAISES]
    builds = _builds(monkeypatch)
    first = kept_pdf.project_pdf(project, project_period(project), content.Options())
    second = kept_pdf.project_pdf(project, project_period(project), content.Options())
    assert first.startswith(b"%PDF") and second.startswith(b"%PDF")
    assert len(builds) == 2
