"""Backup and restore of a whole Maillage instance: every table and the media files.

The archive is a zip file, readable on SQLite and on PostgreSQL alike:
- `manifest.json`: format marker and version, Maillage version, creation date, the migrations
  applied to the database, and for each table its row count and the SHA-256 of its file;
- `donnees/<app>.<model>.jsonl`: one table, one row per line, written by Django's JSON Lines
  serializer (primary keys kept, so links between rows survive), streamed per model;
- `medias/<path>`: the files under MEDIA_ROOT.

Restore checks the whole archive before touching anything, then replaces every table in one
transaction (all or nothing), resets the id sequences, then writes the media files.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, time
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.jsonl import Serializer as JsonlSerializer
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.migrations.recorder import MigrationRecorder

FORMAT = "maillage-sauvegarde"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATA_DIR = "donnees/"
MEDIA_DIR = "medias/"
BATCH = 500

# Tables that `maillage migrate` fills by itself (content types, permissions, reference data of
# data migrations): a database holding only these counts as empty for a restore.
FILLED_BY_MIGRATIONS = {
    "contenttypes.contenttype",
    "auth.permission",
    "organisations.territory",
    "evaluation.criterion",
    "evaluation.libraryentry",
}

Progress = Callable[[str], None]


class BackupError(Exception):
    """A backup or restore refused; the message is in French and says why."""


class _RowSerializer(JsonlSerializer):
    """JSON Lines without many-to-many lists: their tables are saved as models of their own."""

    def handle_m2m_field(self, obj, field):
        pass

    def _value_from_field(self, obj, field):
        # Django's JSON encoder cuts times to the millisecond; keep every microsecond.
        value = field.value_from_object(obj)
        if isinstance(value, datetime | time):
            return value.isoformat()
        return super()._value_from_field(obj, field)


class _HashingWriter:
    """Text stream encoding to UTF-8 into a binary stream, keeping a SHA-256 of what it wrote."""

    def __init__(self, raw):
        self.raw = raw
        self.sha256 = hashlib.sha256()
        self.buffer: list[str] = []
        self.size = 0

    def write(self, text: str) -> None:
        self.buffer.append(text)
        self.size += len(text)
        if self.size > 1 << 16:
            self.flush()

    def flush(self) -> None:
        data = "".join(self.buffer).encode()
        self.sha256.update(data)
        self.raw.write(data)
        self.buffer, self.size = [], 0


# --- what is in the database -------------------------------------------------------------------


def models_in_order() -> list:
    """Every table's model, each after the models its foreign keys point to (cycles broken by
    name: the foreign keys are checked at the end of the transaction, not row by row)."""
    candidates = sorted(
        (
            model
            for model in apps.get_models(include_auto_created=True)
            if model._meta.managed and not model._meta.proxy
        ),
        key=lambda model: model._meta.label_lower,
    )
    depends = {
        model: {
            field.related_model._meta.concrete_model
            for field in model._meta.concrete_fields
            if field.is_relation and field.related_model is not None
        }
        - {model}
        for model in candidates
    }
    ordered: list = []
    done: set = set()
    while len(ordered) < len(candidates):
        ready = [m for m in candidates if m not in done and depends[m] <= done]
        if not ready:  # a cycle: take the first remaining model by name
            ready = [next(m for m in candidates if m not in done)]
        for model in ready:
            ordered.append(model)
            done.add(model)
    return ordered


def applied_migrations() -> list[str]:
    recorder = MigrationRecorder(connection)
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def non_empty_tables() -> list[str]:
    """Tables holding rows that `migrate` did not write itself."""
    return [
        model._meta.label_lower
        for model in models_in_order()
        if model._meta.label_lower not in FILLED_BY_MIGRATIONS and model._base_manager.exists()
    ]


def _maillage_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("maillage")
    except PackageNotFoundError:
        return "inconnue"


def _say(progress: Progress | None, message: str) -> None:
    if progress is not None:
        progress(message)


# --- backup -------------------------------------------------------------------------------------


def _media_files(skip: Path) -> Iterator[tuple[Path, str]]:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        # `skip`: the archive being written, should it be under MEDIA_ROOT.
        if path.is_file() and not path.is_symlink() and path.resolve() != skip:
            yield path, path.relative_to(root).as_posix()


def backup(target: str | Path, progress: Progress | None = None) -> dict:
    """Write the whole database and the media files into the archive `target`.

    The archive is written beside the target then renamed, so that a failed backup leaves no
    half-written file. Returns the manifest."""
    target = Path(target)
    if target.exists():
        raise BackupError(f"Le fichier {target} existe déjà : choisissez un autre nom.")
    if not target.parent.is_dir():
        raise BackupError(f"Le dossier {target.parent} n'existe pas.")
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "maillage_version": _maillage_version(),
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": connection.vendor,
        "migrations": [],
        "tables": [],
        "media": [],
    }
    handle, temporary = tempfile.mkstemp(prefix=".sauvegarde-", dir=target.parent)
    os.close(handle)
    try:
        with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as archive:
            # One transaction: every table is read from the same state of the database.
            outermost = not connection.in_atomic_block
            with transaction.atomic():
                if outermost and connection.vendor == "postgresql":
                    with connection.cursor() as cursor:
                        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                manifest["migrations"] = applied_migrations()
                for model in models_in_order():
                    manifest["tables"].append(_write_table(archive, model))
                    entry = manifest["tables"][-1]
                    _say(progress, f"  {entry['model']} : {entry['rows']} ligne(s)")
            for path, name in _media_files(skip=Path(temporary).resolve()):
                manifest["media"].append(_write_media(archive, path, name))
            if manifest["media"]:
                _say(progress, f"  fichiers envoyés : {len(manifest['media'])}")
            archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return manifest


def _write_table(archive: zipfile.ZipFile, model) -> dict:
    label = model._meta.label_lower
    name = f"{DATA_DIR}{label}.jsonl"
    counted = 0

    def rows():
        nonlocal counted
        for row in model._base_manager.order_by("pk").iterator(chunk_size=2000):
            counted += 1
            yield row

    with archive.open(name, "w", force_zip64=True) as raw:
        writer = _HashingWriter(raw)
        _RowSerializer().serialize(rows(), stream=writer)
        writer.flush()
    return {
        "model": label,
        "table": model._meta.db_table,
        "rows": counted,
        "file": name,
        "sha256": writer.sha256.hexdigest(),
    }


def _write_media(archive: zipfile.ZipFile, path: Path, name: str) -> dict:
    digest = hashlib.sha256()
    with path.open("rb") as source, archive.open(MEDIA_DIR + name, "w", force_zip64=True) as out:
        while chunk := source.read(1 << 20):
            digest.update(chunk)
            out.write(chunk)
    return {"path": name, "size": path.stat().st_size, "sha256": digest.hexdigest()}


# --- restore ------------------------------------------------------------------------------------


def read_manifest(source: str | Path) -> dict:
    """The archive's manifest, after checking that the archive is Maillage's and whole, and
    that it was made with the migrations this database has. Raises BackupError otherwise."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"Fichier introuvable : {source}")
    damaged = f"L'archive {source.name} est endommagée ou incomplète"
    try:
        with zipfile.ZipFile(source) as archive:
            try:
                manifest = json.loads(archive.read(MANIFEST))
            except KeyError:
                raise BackupError(
                    f"{source.name} n'est pas une sauvegarde de Maillage (aucun manifeste)."
                ) from None
            _check_manifest(manifest, source.name)
            members = set(archive.namelist())
            expected = [(t["file"], t["sha256"]) for t in manifest["tables"]] + [
                (MEDIA_DIR + m["path"], m["sha256"]) for m in manifest["media"]
            ]
            for name, sha256 in expected:
                if name not in members:
                    raise BackupError(f"{damaged} : « {name} » manque.")
                if _sha256(archive, name) != sha256:
                    raise BackupError(f"{damaged} : « {name} » a été modifié.")
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,
        ValueError,
        KeyError,
        TypeError,
    ) as error:
        raise BackupError(f"{damaged} ({error}).") from error
    _check_migrations(manifest)
    return manifest


def _check_manifest(manifest, name: str) -> None:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{name} n'est pas une sauvegarde de Maillage.")
    version = manifest.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise BackupError(
            f"{name} est au format de sauvegarde {version}, plus récent que celui de cette "
            f"version de Maillage ({FORMAT_VERSION}) : mettez Maillage à jour."
        )
    media_root = Path(settings.MEDIA_ROOT).resolve()
    for entry in manifest.get("media", []):
        path = PurePosixPath(entry["path"])
        if path.is_absolute() or ".." in path.parts:
            raise BackupError(f"{name} contient un chemin de fichier refusé : {entry['path']}")
        if not (media_root / path).resolve().is_relative_to(media_root):
            raise BackupError(f"{name} contient un chemin de fichier refusé : {entry['path']}")
    known = {model._meta.label_lower for model in models_in_order()}
    unknown = [t["model"] for t in manifest["tables"] if t["model"] not in known]
    if unknown:
        raise BackupError(
            f"{name} contient des tables que cette version de Maillage ne connaît pas : "
            f"{', '.join(unknown)}."
        )


def _check_migrations(manifest: dict) -> None:
    archived = set(manifest.get("migrations", []))
    here = set(applied_migrations())
    if archived == here:
        return
    if not here:
        raise BackupError("La base n'a pas encore de tables : lancez d'abord « maillage migrate ».")
    lines = ["La sauvegarde a été faite avec d'autres migrations que celles de cette base."]
    if missing := sorted(archived - here):
        lines.append(
            "Migrations de la sauvegarde absentes de la base (mettez Maillage à jour puis "
            f"lancez « maillage migrate ») : {_some(missing)}."
        )
    if extra := sorted(here - archived):
        lines.append(
            "Migrations de la base absentes de la sauvegarde (base plus récente que la "
            f"sauvegarde) : {_some(extra)}."
        )
    raise BackupError("\n".join(lines))


def _some(names: list[str], shown: int = 12) -> str:
    if len(names) <= shown:
        return ", ".join(names)
    return ", ".join(names[:shown]) + f"… ({len(names)} en tout)"


def _sha256(archive: zipfile.ZipFile, name: str) -> str:
    digest = hashlib.sha256()
    with archive.open(name) as member:
        while chunk := member.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def restore(source: str | Path, replace: bool = False, progress: Progress | None = None) -> dict:
    """Replace the whole database (and write the media files) with the archive `source`.

    Refuses a damaged or foreign archive, another set of migrations, and a database that already
    holds data unless `replace`. All tables are restored in one transaction. Returns the
    manifest."""
    manifest = read_manifest(source)
    if not replace and (filled := non_empty_tables()):
        raise BackupError(
            "La base contient déjà des données (" + ", ".join(filled[:5])
            + (", …" if len(filled) > 5 else "")
            + ") : ajoutez --remplacer pour les effacer et les remplacer par la sauvegarde."
        )  # fmt: skip
    models = {model._meta.label_lower: model for model in models_in_order()}
    try:
        with zipfile.ZipFile(source) as archive, transaction.atomic():
            _empty_all_tables(list(models.values()))
            for entry in manifest["tables"]:
                model = models[entry["model"]]
                count = _load_table(archive, entry["file"], model)
                if count != entry["rows"]:
                    raise BackupError(
                        f"La table {entry['model']} devait contenir {entry['rows']} ligne(s), "
                        f"l'archive en donne {count} : rien n'est restauré."
                    )
                _say(progress, f"  {entry['model']} : {count} ligne(s)")
            connection.check_constraints()
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), list(models.values())):
                    cursor.execute(sql)
    except (IntegrityError, DatabaseError, DeserializationError) as error:
        raise BackupError(
            f"La sauvegarde n'a pas pu être chargée ({error}) : rien n'est restauré."
        ) from error
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    _restore_media(source, manifest, progress)
    return manifest


def _empty_all_tables(models: list) -> None:
    tables = [model._meta.db_table for model in models]
    # PostgreSQL refuses to TRUNCATE a table with deferred foreign-key checks still pending in
    # this transaction (rows written earlier in it): run them now, then defer again.
    connection.check_constraints()
    with connection.cursor() as cursor:
        for sql in connection.ops.sql_flush(no_style(), tables, allow_cascade=False):
            cursor.execute(sql)


def _load_table(archive: zipfile.ZipFile, name: str, model) -> int:
    fields = model._meta.local_concrete_fields
    manager = model._base_manager
    count = 0
    batch: list = []
    with archive.open(name) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8")
        for item in serializers.deserialize("jsonl", text):
            if type(item.object) is not model:
                raise BackupError(f"« {name} » contient des lignes d'une autre table.")
            batch.append(item.object)
            if len(batch) >= BATCH:
                count += _insert(manager, fields, batch)
                batch = []
        if batch:
            count += _insert(manager, fields, batch)
    return count


def _insert(manager, fields, objects: list) -> int:
    # raw=True: values are stored as they were saved (auto_now dates are not set to now).
    size = max(connection.ops.bulk_batch_size(fields, objects), 1)
    for start in range(0, len(objects), size):
        manager._insert(objects[start : start + size], fields=fields, raw=True)
    return len(objects)


def _restore_media(source: Path, manifest: dict, progress: Progress | None) -> None:
    root = Path(settings.MEDIA_ROOT)
    with zipfile.ZipFile(source) as archive:
        for entry in manifest["media"]:
            target = root / entry["path"]
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(f".{target.name}.restauration")
            with archive.open(MEDIA_DIR + entry["path"]) as member, temporary.open("wb") as out:
                while chunk := member.read(1 << 20):
                    out.write(chunk)
            os.replace(temporary, target)
    if manifest["media"]:
        _say(progress, f"  fichiers envoyés : {len(manifest['media'])}")
