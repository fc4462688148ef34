"""The network report: page, PDF (read back with pdftotext) and the `maillage report --reseau`
command, with only what the structures share."""

import shutil
import subprocess

import pytest
from django.urls import reverse

from demo_people import CAF, FEDERATION
from maillage.organisations.models import KeyFigures, Organisation
from maillage.reports import network as report

pytestmark = pytest.mark.django_db
SLUG = "reseau-causses"


def _sharing_volunteers(world):
    sharing = [s for s in world.extra["causses_structures"]
               if s not in world.extra["causses_not_sharing"]]  # fmt: skip
    return sum(
        KeyFigures.objects.filter(organisation__slug=s).latest("year").volunteers for s in sharing
    )


def _pdf_text(pdf: bytes, tmp_path) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) n'est pas installé")
    path = tmp_path / "reseau.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_report_data_counts_only_what_is_shared(world):
    data = report.build(world.networks["causses"], 2026)
    volunteers = next(c for c in data["figures"]["cards"] if c["label"] == "bénévoles")
    assert volunteers["value"] == str(_sharing_volunteers(world))
    assert (volunteers["coverage"], volunteers["out_of"]) == (6, 8)
    shown = {v["structure"] for item in data["indicators"]["items"] for v in item["values"]}
    assert shown == {
        Organisation.objects.get(slug=s).name for s in world.extra["causses_sharing_all"]
    }
    assert "Espace de vie sociale L'Estive" in data["indicators"]["not_shared"]
    assert [m["kind"] for m in data["milestones"]] == [
        "Revue à mi-parcours", "Rencontre de clôture",
    ]  # fmt: skip
    assert any("Ne partagent pas leurs chiffres clés" in note for note in data["method"])


def test_report_page_and_pdf_show_the_figures(world, client_of, tmp_path):
    client = client_of(CAF)
    page = client.get(reverse("reports:network_report", kwargs={"slug": SLUG}))
    text = page.content.decode()
    assert page.status_code == 200
    assert str(_sharing_volunteers(world)) in text and "6 sur 8" in text
    assert "Revue à mi-parcours" in text and "Note de méthode" in text
    response = client_of(FEDERATION).get(
        reverse("reports:network_report_pdf", kwargs={"slug": SLUG})
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = _pdf_text(response.content, tmp_path)
    assert "Rapport du réseau" in pdf.replace("\n", " ") or "RAPPORT DU RÉSEAU" in pdf
    assert "Réseau des Causses" in pdf
    assert str(_sharing_volunteers(world)) in pdf
    assert "Revue à mi-parcours" in pdf and "Rencontre de clôture" in pdf
    assert "Non partagé" in pdf and "Note de méthode" in pdf


def test_cli_writes_the_network_report(world, tmp_path, monkeypatch):
    from maillage import cli

    monkeypatch.setattr(cli, "_data_setup", lambda args: None)  # the test database is ready
    output = tmp_path / "causses.pdf"
    assert cli.main(["report", "--reseau", SLUG, "-o", str(output)]) == 0
    assert output.read_bytes().startswith(b"%PDF")
    html = tmp_path / "causses.html"
    assert cli.main(["report", "--reseau", SLUG, "--format", "html", "-o", str(html)]) == 0
    assert "Chiffres clés du réseau" in html.read_text(encoding="utf-8")
    assert cli.main(["report", "--reseau", "inconnu", "-o", str(output)]) == 1
