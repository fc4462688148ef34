"""`maillage backup` and `maillage restore`: a round trip gives back the same data, row for row,
and a bad archive is refused before anything is touched.

The suite runs on SQLite and on PostgreSQL, so the same round trip proves both."""

import hashlib
import json
import shutil
import sqlite3
import zipfile
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command

from maillage.core import backup
from maillage.organisations.models import Territory
from test_cli_and_settings import maillage


def _normalised(value):
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(value, Decimal):
        return str(value.normalize())
    if isinstance(value, memoryview | bytes):
        return bytes(value).hex()
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, default=str)
    return repr(value)


def fingerprint() -> dict[str, tuple[int, str]]:
    """For every table: its row count and a hash of all its rows, ordered by primary key."""
    prints = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        names = [field.attname for field in model._meta.concrete_fields]
        digest = hashlib.sha256()
        count = 0
        for row in model._base_manager.order_by("pk").values_list(*names).iterator():
            digest.update(repr([_normalised(value) for value in row]).encode())
            count += 1
        prints[model._meta.label_lower] = (count, digest.hexdigest())
    return prints


@pytest.fixture
def media_file():
    path = Path(settings.MEDIA_ROOT) / "temoignages" / "photo-essai.jpg"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\xff\xd8\xff\xe0 photo " * 100)
    yield path
    path.unlink(missing_ok=True)


def _with_manifest(source: Path, target: Path, change) -> Path:
    """A copy of the archive whose manifest `change` has altered (data files untouched)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for name in old.namelist():
            if name != backup.MANIFEST:
                new.writestr(name, old.read(name))
        manifest = json.loads(old.read(backup.MANIFEST))
        change(manifest)
        new.writestr(backup.MANIFEST, json.dumps(manifest))
    return target


def test_round_trip_gives_back_every_row_and_file(world, tmp_path, media_file):
    before = fingerprint()
    assert before["accounts.user"][0] > 5 and before["collection.response"][0] > 100
    old_max = Territory.objects.order_by("-pk").values_list("pk", flat=True).first()
    archive = tmp_path / "maillage.zip"
    lines = []
    manifest = backup.backup(archive, progress=lines.append)
    assert any(line.startswith("  collection.response : ") for line in lines)
    assert manifest["migrations"] == backup.applied_migrations()
    counts = {table["model"]: table["rows"] for table in manifest["tables"]}
    assert counts == {label: count for label, (count, _hash) in before.items()}

    call_command("flush", interactive=False, verbosity=0)
    media_file.unlink()
    assert fingerprint()["accounts.user"][0] == 0

    # Only what `migrate` writes itself is left: the database counts as empty.
    backup.restore(archive, progress=lines.append)
    assert fingerprint() == before
    assert media_file.read_bytes().startswith(b"\xff\xd8\xff\xe0 photo")
    # The id sequences were moved past the restored rows.
    fresh = Territory.objects.create(name="Nouveau quartier", kind="neighbourhood")
    assert fresh.pk > old_max

    # A second restore over data needs --remplacer, then gives back the archive again.
    with pytest.raises(backup.BackupError, match="ajoutez --remplacer"):
        backup.restore(archive)
    backup.restore(archive, replace=True)
    assert fingerprint() == before


def test_a_damaged_or_foreign_archive_is_refused_and_nothing_changes(world, tmp_path):
    archive = tmp_path / "maillage.zip"
    backup.backup(archive)
    before = fingerprint()
    with pytest.raises(backup.BackupError, match="existe déjà"):
        backup.backup(archive)
    with pytest.raises(backup.BackupError, match="Fichier introuvable"):
        backup.restore(tmp_path / "absente.zip")

    damaged = tmp_path / "abimee.zip"
    data = bytearray(archive.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 64] = bytes(64)
    damaged.write_bytes(bytes(data))
    with pytest.raises(backup.BackupError, match="endommagée"):
        backup.restore(damaged, replace=True)

    truncated = tmp_path / "tronquee.zip"
    truncated.write_bytes(archive.read_bytes()[:-5000])
    with pytest.raises(backup.BackupError, match="endommagée"):
        backup.restore(truncated, replace=True)

    foreign = tmp_path / "autre.zip"
    with zipfile.ZipFile(foreign, "w") as other:
        other.writestr("photo.jpg", b"rien")
    with pytest.raises(backup.BackupError, match="n'est pas une sauvegarde de Maillage"):
        backup.restore(foreign, replace=True)

    def other_migrations(manifest):
        manifest["migrations"].remove("organisations.0001_initial")
        manifest["migrations"].append("organisations.9999_venue_du_futur")

    wrong = _with_manifest(archive, tmp_path / "migrations.zip", other_migrations)
    with pytest.raises(backup.BackupError) as refused:
        backup.restore(wrong, replace=True)
    message = str(refused.value)
    assert "d'autres migrations" in message
    assert "absentes de la base" in message and "organisations.9999_venue_du_futur" in message
    assert "absentes de la sauvegarde" in message and "organisations.0001_initial" in message

    def lying_count(manifest):
        manifest["tables"][-1]["rows"] += 1

    lying = _with_manifest(archive, tmp_path / "compte.zip", lying_count)
    with pytest.raises(backup.BackupError, match="rien n'est restauré"):
        backup.restore(lying, replace=True)

    assert fingerprint() == before


def test_backup_and_restore_from_the_command_line(tmp_path):
    """On a fresh SQLite database, as an administrator would run them."""
    secret = {"SECRET_KEY": "x" * 60}
    first = secret | {
        "DATABASE_URL": f"sqlite:///{tmp_path}/a.db",
        "MEDIA_ROOT": str(tmp_path / "media-a"),
    }
    second = secret | {
        "DATABASE_URL": f"sqlite:///{tmp_path}/b.db",
        "MEDIA_ROOT": str(tmp_path / "media-b"),
    }
    help_text = maillage("restore", "--help", cwd=tmp_path)
    assert "--remplacer" in help_text.stdout and "afficher cette aide" in help_text.stdout

    assert maillage("migrate", cwd=tmp_path, env=first).returncode == 0
    shutil.copy(tmp_path / "a.db", tmp_path / "b.db")  # migrated, empty
    password = {"MAILLAGE_ADMIN_PASSWORD": "une-phrase-de-passe-longue"}
    admin = ("createadmin", "--email", "admin@exemple.fr")
    assert maillage(*admin, cwd=tmp_path, env=first | password).returncode == 0
    (tmp_path / "media-a" / "sons").mkdir(parents=True)
    (tmp_path / "media-a" / "sons" / "temoignage.ogg").write_bytes(b"OggS son")

    saved = maillage("backup", "sauvegarde.zip", cwd=tmp_path, env=first)
    assert saved.returncode == 0, saved.stderr
    assert "accounts.user : 1 ligne(s)" in saved.stderr
    assert "Sauvegarde écrite dans sauvegarde.zip" in saved.stdout

    restored = maillage("restore", "sauvegarde.zip", cwd=tmp_path, env=second)
    assert restored.returncode == 0, restored.stderr
    assert "restaurée" in restored.stdout
    assert (tmp_path / "media-b" / "sons" / "temoignage.ogg").read_bytes() == b"OggS son"
    with sqlite3.connect(tmp_path / "b.db") as restored_db:
        emails = restored_db.execute("SELECT email FROM accounts_user").fetchall()
    assert emails == [("admin@exemple.fr",)]

    refused = maillage("restore", "sauvegarde.zip", cwd=tmp_path, env=second)
    assert refused.returncode == 1
    assert "contient déjà des données" in refused.stderr and "--remplacer" in refused.stderr
