"""The `maillage` command and the production settings, run as a user would run them."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Variables of the test process that a command started by a user would not have.
PROCESS_ONLY_VARIABLES = {
    "MAILLAGE_MODE",
    "DATABASE_URL",
    "SECRET_KEY",
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def maillage(*args, cwd, env=None, timeout=120):
    full_env = {
        key: value for key, value in os.environ.items() if key not in PROCESS_ONLY_VARIABLES
    }
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "maillage.cli", *args],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_help_is_in_french(tmp_path):
    result = maillage("--help", cwd=tmp_path)
    assert result.returncode == 0
    assert "utilisation : maillage" in result.stdout
    for command in ("demo", "serve", "migrate", "createadmin", "worker"):
        assert command in result.stdout
        sub = maillage(command, "--help", cwd=tmp_path)
        assert sub.returncode == 0
        assert "afficher cette aide et quitter" in sub.stdout
    bad = maillage("demo", "--port", "abc", cwd=tmp_path)
    assert bad.returncode == 2
    assert "erreur" in bad.stderr and "valeur invalide" in bad.stderr


def test_demo_builds_its_database_and_prints_the_accounts(tmp_path):
    result = maillage("demo", "--no-serve", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / ".maillage-demo" / "maillage.sqlite3").exists()
    assert "http://127.0.0.1:8000/" in result.stdout
    for email in (
        "direction@falaises.demo",
        "referente@falaises.demo",
        "coordination@bienvieillir.demo",
        "federation@causses.demo",
        "caf@causses.demo",
        "partenaire@ccas.demo",
    ):
        assert email in result.stdout
    assert "demo-maillage" in result.stdout
    again = maillage("demo", "--no-serve", cwd=tmp_path)
    assert "déjà chargé" in again.stdout
    reset = maillage("demo", "--no-serve", "--reset", cwd=tmp_path)
    assert reset.returncode == 0, reset.stderr
    assert "Chargement du monde de démonstration" in reset.stdout


def test_serve_refuses_to_start_without_secret_key(tmp_path):
    result = maillage("serve", cwd=tmp_path, env={"DATABASE_URL": f"sqlite:///{tmp_path}/x.db"})
    assert result.returncode == 2
    assert "SECRET_KEY est obligatoire" in result.stderr


def test_serve_refuses_an_outdated_database(tmp_path):
    env = {"SECRET_KEY": "x" * 60, "DATABASE_URL": f"sqlite:///{tmp_path}/vide.db"}
    result = maillage("serve", cwd=tmp_path, env=env)
    assert result.returncode == 1
    assert "maillage migrate" in result.stderr


def test_migrate_then_createadmin(tmp_path):
    env = {"SECRET_KEY": "x" * 60, "DATABASE_URL": f"sqlite:///{tmp_path}/prod.db"}
    assert maillage("migrate", cwd=tmp_path, env=env).returncode == 0
    weak = maillage(
        "createadmin",
        "--email",
        "admin@exemple.fr",
        cwd=tmp_path,
        env=env | {"MAILLAGE_ADMIN_PASSWORD": "123"},
    )
    assert weak.returncode == 2
    assert "Mot de passe refusé" in weak.stderr
    ok = maillage(
        "createadmin",
        "--email",
        "admin@exemple.fr",
        "--name",
        "Admin",
        cwd=tmp_path,
        env=env | {"MAILLAGE_ADMIN_PASSWORD": "une-phrase-de-passe-longue"},
    )
    assert ok.returncode == 0, ok.stderr
    assert "admin@exemple.fr" in ok.stdout


def test_production_settings_pass_the_deployment_checks(tmp_path):
    env = {key: value for key, value in os.environ.items() if key not in PROCESS_ONLY_VARIABLES}
    env.update(
        {
            "SECRET_KEY": "k" * 30 + "Z9-_q" * 10,
            "ALLOWED_HOSTS": "maillage.exemple.fr",
            "DATABASE_URL": f"sqlite:///{tmp_path}/prod.db",
            "DJANGO_SETTINGS_MODULE": "maillage.config.settings",
        }
    )
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    hasher = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.PASSWORD_HASHERS[0]); print(settings.SESSION_COOKIE_SECURE, "
            "settings.CSRF_COOKIE_SECURE)",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert hasher.stdout.split() == [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "True",
        "True",
    ]


@pytest.mark.django_db
def test_pages_carry_strict_security_headers(client):
    response = client.get("/compte/connexion/")
    policy = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    assert "script-src 'self'" in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_export_and_import_from_the_command_line(tmp_path):
    assert maillage("demo", "--no-serve", cwd=tmp_path).returncode == 0
    survey = "benevoles-falaises-2025"
    for fmt in ("csv", "xlsx", "xlsform"):
        result = maillage("export", survey, "--format", fmt, "-o", f"out.{fmt}", "--demo",
                          cwd=tmp_path)  # fmt: skip
        assert result.returncode == 0, result.stderr
        assert (tmp_path / f"out.{fmt}").stat().st_size > 100
    csv_text = (tmp_path / "out.csv").read_text(encoding="utf-8-sig")
    assert csv_text.startswith("répondant;reçue le;origine;groupe;")

    created = maillage("import", "xlsform", "out.xlsform", "--structure", "falaises", "--demo",
                       cwd=tmp_path)  # fmt: skip
    assert created.returncode == 0, created.stderr
    assert "Questionnaire « Ce que le bénévolat vous apporte » créé (9 questions)" in created.stdout

    (tmp_path / "bad.csv").write_text("groupe;heures_mois\nbenevole;beaucoup\n", encoding="utf-8")
    refused = maillage("import", "responses", "bad.csv", "--survey", survey, "--demo",
                       cwd=tmp_path)  # fmt: skip
    assert refused.returncode == 1
    assert "ligne 2, colonne « heures_mois » : écrivez un nombre" in refused.stderr

    (tmp_path / "good.csv").write_text("groupe;heures_mois\nbenevole;6\nhabitant;2,5\n")
    imported = maillage("import", "responses", "good.csv", "--survey", survey, "--demo",
                        cwd=tmp_path)  # fmt: skip
    assert imported.returncode == 0, imported.stderr
    assert "2 réponses importées" in imported.stdout
    missing = maillage("export", "inconnu", "-o", "x.csv", "--demo", cwd=tmp_path)
    assert missing.returncode == 1 and "Aucun questionnaire" in missing.stderr

    (tmp_path / "seances.csv").write_text(
        "activite;date;habitants\nAtelier cuisine;08/01/2026;9\nAtelier cuisine;15/01/2026;7\n",
        encoding="cp1252",
    )
    sessions = maillage("import", "sessions", "seances.csv", "--structure", "falaises", "--demo",
                        cwd=tmp_path)  # fmt: skip
    assert sessions.returncode == 0, sessions.stderr
    assert "2 séances importées pour Centre social Les Falaises." in sessions.stdout
    assert "activités créées : Atelier cuisine" in sessions.stdout
    again = maillage("import", "sessions", "seances.csv", "--structure", "falaises", "--demo",
                     cwd=tmp_path)  # fmt: skip
    assert again.returncode == 1 and "déjà enregistrée" in again.stderr
    (tmp_path / "benevolat.csv").write_text("date;groupe;heures\n31/01/2026;Équipe fête;\n")
    hours = maillage("import", "volunteering", "benevolat.csv", "--structure", "falaises",
                     "--demo", cwd=tmp_path)  # fmt: skip
    assert hours.returncode == 1
    assert "ligne 2, colonne « heures » : la durée est vide" in hours.stderr


def test_report_from_the_command_line(tmp_path):
    assert maillage("demo", "--no-serve", cwd=tmp_path).returncode == 0
    project = "projet-social-falaises-2023-2026"
    for fmt in ("pdf", "html", "xlsx"):
        done = maillage("report", project, "--format", fmt, "-o", f"r.{fmt}", "--demo",
                        cwd=tmp_path)  # fmt: skip
        assert done.returncode == 0, done.stderr
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
    assert "Les résultats, objectif par objectif" in (tmp_path / "r.html").read_text()
    assert (tmp_path / "r.xlsx").read_bytes()[:2] == b"PK"
    missing = maillage("report", "inconnu", "-o", "x.pdf", "--demo", cwd=tmp_path)
    assert missing.returncode == 1 and "Aucun projet" in missing.stderr
