"""The restitution: what each audience reads, the PDF's text and qualities (read with pdftotext),
the indicators workbook, and the command line."""

import io
import shutil
import subprocess
from html import unescape
from types import SimpleNamespace

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from demo_people import DIRECTION, REFERENTE
from maillage.analysis.indicators import project_period
from maillage.reports import content
from maillage.reports.pdf import french_spacing, render_pdf
from maillage.reports.spreadsheet import indicators_xlsx

pytestmark = pytest.mark.django_db
FALAISES = "projet-social-falaises-2023-2026"
needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None,
    reason="pdftotext absent : installez poppler-utils (sudo apt-get install poppler-utils)",
)


def pdf_text(pdf: bytes) -> str:
    done = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True)
    assert done.returncode == 0
    return done.stdout.decode()


def build(world, audience="funders"):
    project = world.projects[FALAISES]
    return content.build(project, project_period(project), content.Options(audience=audience))


def test_funders_get_every_part_and_residents_a_plain_version(world):
    funders, residents = build(world), build(world, "residents")
    assert funders["cooperation"] and funders["volunteering"]["rows"]
    assert "cooperation" not in residents and "volunteering" not in residents
    first = funders["objectives"][0]["questions"][0]["indicators"][0]
    assert first["interval"] and first["rule"]
    plain = residents["objectives"][0]["questions"][0]["indicators"][0]
    assert "interval" not in plain and "rule" not in plain and plain["value"] == first["value"]


def test_quotes_follow_consent(world):
    from maillage.collection.models import Testimony as Quote

    def quoted(data):
        return {q["text"] for goal in data["objectives"] for q in goal["quotes"]}

    funders, residents = quoted(build(world)), quoted(build(world, "residents"))
    internal = set(Quote.objects.filter(consent_scope="internal").values_list("text", flat=True))
    public = set(Quote.objects.filter(consent_scope="public").values_list("text", flat=True))
    assert funders and not funders & internal
    assert residents and residents <= public


def test_french_typography():
    assert french_spacing("Cible : 70 ; atteinte ? « oui »") == (
        "Cible\u00a0: 70\u202f; atteinte\u202f? «\u00a0oui\u00a0»"
    )


@needs_poppler
def test_the_pdf_reads_as_the_report(world, tmp_path):
    pdf = render_pdf(build(world))
    text = pdf_text(pdf)
    for expected in (
        "Sommaire", "Le projet et sa communauté d’action", "La chaîne de valeur",
        "Les parents se sentent plus sûrs d'eux", "Évolution de la confiance en soi",
        "Le bénévolat valorisé", "Note de méthode", "intervalle de confiance",
        "Centre social Les Falaises",
    ):  # fmt: skip
        assert expected in text, expected
    assert "1 / " in text  # page numbers
    (tmp_path / "r.pdf").write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(tmp_path / "r.pdf")], capture_output=True, text=True)
    assert "Title:           Projet social 2023-2026 des Falaises" in info.stdout
    fonts = subprocess.run(["pdffonts", str(tmp_path / "r.pdf")], capture_output=True, text=True)
    rows = [line for line in fonts.stdout.splitlines()[2:] if line.strip()]
    assert rows and all(" yes " in line for line in rows)  # every font embedded


@needs_poppler
def test_the_residents_pdf_has_no_internal_figures(world):
    text = pdf_text(render_pdf(build(world, "residents")))
    assert "habitants (version en langage simple)" in text
    assert "Le bénévolat valorisé" not in text and "intervalle de confiance à 95" not in text


def test_the_report_page_and_its_downloads(world, client_of):
    client = client_of(REFERENTE)
    url = reverse("reports:report", kwargs={"slug": FALAISES})
    html = unescape(client.get(url + "?public=partners&section=objectives").content.decode())
    assert "Les résultats, objectif par objectif" in html and 'id="r-methode"' not in html
    pdf = client.get(reverse("reports:report_pdf", kwargs={"slug": FALAISES}) + "?public=residents")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert "habitants" in pdf["Content-Disposition"]


def test_the_workbook_holds_every_indicator_with_its_breakdowns(world, client_of):
    response = client_of(DIRECTION).get(reverse("reports:report_xlsx", kwargs={"slug": FALAISES}))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Objectif", "Question évaluative", "Indicateur")
    confidence = [r for r in rows if r[2] == "Évolution de la confiance en soi des bénévoles"]
    kinds = {r[4] for r in confidence}
    assert {"ensemble", "groupe"} <= kinds
    whole = next(r for r in confidence if r[3] == "2023–2026" and r[4] == "ensemble")
    assert whole[6] == pytest.approx(1.19, abs=0.01) and whole[9] == 37
    assert indicators_xlsx(world.projects[FALAISES])[:2] == b"PK"


def test_the_pdf_is_made_with_its_progress_then_downloaded(world, client_of):
    from maillage.reports.models import ReportBuild

    client = client_of(REFERENTE)
    url = reverse("reports:build_report", kwargs={"slug": FALAISES})
    made = client.post(url, {"public": "residents", "section": ["objectives", "method"]})
    build = ReportBuild.objects.get()
    assert made["Location"] == reverse("reports:build", kwargs={"slug": FALAISES,
                                                                "build_id": build.pk})  # fmt: skip
    assert (build.status, build.percent, build.audience) == ("done", 100, "residents")
    page = unescape(client.get(made["Location"]).content.decode())
    assert "Le rapport est prêt." in page and 'http-equiv="refresh"' not in page
    pdf = client.get(reverse("reports:build_pdf", kwargs={"slug": FALAISES, "build_id": build.pk}))
    assert pdf.content.startswith(b"%PDF") and "habitants" in pdf["Content-Disposition"]


def test_a_large_report_goes_to_the_worker_and_shows_where_it_is(world, client_of, monkeypatch):
    from maillage.reports import tasks
    from maillage.reports.models import ReportBuild

    queued = []
    monkeypatch.setattr(tasks, "IN_REQUEST_INDICATORS", 0)
    # The worker is another process: here the task is only noted, as the queue would hold it.
    monkeypatch.setattr(tasks, "run_build", SimpleNamespace(enqueue=queued.append))
    client = client_of(REFERENTE)
    made = client.post(reverse("reports:build_report", kwargs={"slug": FALAISES}), {})
    build = ReportBuild.objects.get()
    assert queued == [build.pk] and build.status == "queued"
    page = unescape(client.get(made["Location"]).content.decode())
    assert 'http-equiv="refresh"' in page and "attend son tour" in page
    tasks.execute(build)  # what the worker does
    build.refresh_from_db()
    assert build.status == "done" and build.step == "Prêt"


def test_volunteer_time_can_be_valued_at_a_chosen_rate(world, client_of):
    project = world.projects[FALAISES]
    smic = content.build(project, project_period(project), content.Options())["volunteering"]
    chosen = content.build(
        project, project_period(project), content.Options(hourly_rate=content.parse_rate("20"))
    )["volunteering"]
    assert "SMIC" in smic["note"] and "20,00 € de l'heure" in chosen["note"]
    hours = int(chosen["total_hours"].replace("\u202f", "").replace("\xa0", ""))
    value = int(chosen["total_value"][:-2].replace("\u202f", "").replace("\xa0", ""))
    assert value == hours * 20
    assert content.parse_rate("abc") is None and content.parse_rate("15,5") == 15.5
    page = client_of(REFERENTE).get(reverse("reports:report", kwargs={"slug": FALAISES})
                                     + "?taux=20")  # fmt: skip
    assert "20,00 € de l'heure" in unescape(page.content.decode())
