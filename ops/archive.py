"""One backup archive of an installation, and what both `backup` and `restore` need to know about it.

The database dump is made (and restored, see ``ops/restore.py``) by django-dbbackup's connectors:
SQLite's online-backup API (a consistent copy while the site runs) and ``pg_dump --format=custom`` /
``pg_restore`` for PostgreSQL. What we add around them is one file to carry away and a manifest to
trust it by. Layout of ``ipcounty-backup-<UTC time>.tar.gz``:

    database/db.sqlite3 or database/db.pgdump   the dump
    media/...                                   every file under MEDIA_ROOT (evidence, imports, reports, marks)
    landscape/...                               the landscape store (imported patent corpora), without its
                                                full-text index, which restore rebuilds
    manifest.json                               written last: version, date, engine, applied migrations,
                                                rows per table, SHA-256 and size of every file above

The trademark similarity index (var/index/) is not archived: it is built from the database
(`build_mark_index`), and restore rebuilds it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import logging
import os
import shutil
import socket
import sqlite3
import tarfile
import time
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from landscape.corpus import store_dir

FORMAT = 1
MANIFEST = "manifest.json"
DUMP_NAMES = {"sqlite": "database/db.sqlite3", "postgresql": "database/db.pgdump"}
ENGINE_LABELS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
# The landscape store's full-text index is rebuilt from the corpus after a restore.
LANDSCAPE_SKIPPED = ("fts",)
CHUNK = 1024 * 1024

Say = Callable[[str], None]


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says what to do."""


def app_version() -> str:
    with open(Path(settings.BASE_DIR) / "pyproject.toml", "rb") as fh:
        return str(tomllib.load(fh)["project"]["version"])


def engine() -> str:
    vendor = connections[DEFAULT_DB_ALIAS].vendor
    if vendor not in DUMP_NAMES:
        raise BackupError(f"Backups cover SQLite and PostgreSQL; this database is {vendor}.")
    return vendor


def media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def files_under(root: Path, skip: tuple[str, ...] = ()) -> Iterator[tuple[Path, str]]:
    """(path, name relative to root) of every file under root, in a stable order."""
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if path.is_file() and relative.parts[0] not in skip:
            yield path, relative.as_posix()


@dataclass
class Snapshot:
    """What the database held at the moment of the dump."""

    tables: dict[str, int]
    migrations: dict[str, list[str]]

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


def _migrations(rows: list[tuple[str, str]]) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in rows:
        applied.setdefault(app, []).append(name)
    return applied


def _snapshot_of_sqlite_file(path: Path) -> Snapshot:
    """Count the rows in the dumped file itself, so the counts are those of the dump exactly."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as con:
        names = [
            row[0]
            for row in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        if "django_migrations" not in names:
            raise BackupError("The database has no tables yet (run `python manage.py migrate`): nothing to back up.")
        tables = {name: con.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for name in names}  # noqa: S608
        migrations = con.execute("SELECT app, name FROM django_migrations ORDER BY id").fetchall()
    con.close()
    return Snapshot(tables, _migrations(migrations))


def live_snapshot() -> Snapshot:
    """Rows per table and applied migrations of the configured database, as it is now."""
    connection = connections[DEFAULT_DB_ALIAS]
    with connection.cursor() as cursor:
        names = sorted(connection.introspection.table_names(cursor))
        tables = {}
        for name in names:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(name)}")  # noqa: S608
            tables[name] = cursor.fetchone()[0]
        migrations: list[tuple[str, str]] = []
        if "django_migrations" in tables:
            cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
            migrations = cursor.fetchall()
    return Snapshot(tables, _migrations(migrations))


def connector():
    """django-dbbackup's connector for the configured engine (SqliteBackupConnector, PgDumpBinaryConnector)."""
    from dbbackup.db.base import get_connector

    # dbbackup logs each pg_dump/pg_restore command line at DEBUG; our commands say what they do.
    logging.getLogger("dbbackup.command").setLevel(logging.WARNING)
    return get_connector(DEFAULT_DB_ALIAS)


def dump_database(target: Path) -> tuple[Snapshot, str]:
    """Write the dump to target; return what it holds and the connector that made it."""
    kind = engine()
    made_by = connector()
    label = f"{type(made_by).__module__}.{type(made_by).__name__}"
    if kind == "sqlite":
        dump = made_by.create_dump()
        with open(target, "wb") as fh:
            shutil.copyfileobj(dump, fh, CHUNK)
        return _snapshot_of_sqlite_file(target), label
    # PostgreSQL: count the rows in a repeatable-read transaction and let pg_dump share its snapshot,
    # so the manifest's counts are those of the dump even while the office keeps working.
    connection = connections[DEFAULT_DB_ALIAS]
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot_id = cursor.fetchone()[0]
        snapshot = live_snapshot()
        if not snapshot.migrations:
            raise BackupError("The database has no tables yet (run `python manage.py migrate`): nothing to back up.")
        made_by.dump_suffix = f"--snapshot={snapshot_id}"
        try:
            dump = made_by.create_dump()
        except Exception as error:  # CommandConnectorError, or pg_dump missing
            raise BackupError(f"pg_dump failed: {error}") from error
        with open(target, "wb") as fh:
            shutil.copyfileobj(dump, fh, CHUNK)
    return snapshot, label


class _HashingReader(io.RawIOBase):
    """Hands a file to tarfile and takes its SHA-256 on the way, so each file is read once."""

    def __init__(self, fh: IO[bytes]) -> None:
        self.fh = fh
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.fh.read(size)
        self.digest.update(data)
        return data


def _add_file(tar: tarfile.TarFile, path: Path, name: str) -> dict[str, Any]:
    info = tar.gettarinfo(str(path), arcname=name)
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    with open(path, "rb") as fh:
        reader = _HashingReader(fh)
        tar.addfile(info, reader)
    return {"sha256": reader.digest.hexdigest(), "bytes": info.size}


def default_directory() -> Path:
    return Path(settings.BACKUP_DIR)


def _write_archive(partial: Path, target: Path, kind: str, now: dt.datetime, say: Say) -> dict[str, Any]:
    files: dict[str, dict[str, Any]] = {}
    with tarfile.open(partial, "w:gz", compresslevel=6) as tar:
        dump_path = target.with_name(f".{target.name}.dump")
        try:
            snapshot, made_by = dump_database(dump_path)
            database = {"file": DUMP_NAMES[kind], "connector": made_by, **_add_file(tar, dump_path, DUMP_NAMES[kind])}
        finally:
            dump_path.unlink(missing_ok=True)
        say(f"Adding the uploaded files under {media_root()} ...")
        for path, name in files_under(media_root()):
            files[f"media/{name}"] = _add_file(tar, path, f"media/{name}")
        media_count = len(files)
        for path, name in files_under(store_dir(), skip=LANDSCAPE_SKIPPED):
            files[f"landscape/{name}"] = _add_file(tar, path, f"landscape/{name}")
        manifest = {
            "format": FORMAT,
            "product": "ipcounty",
            "version": app_version(),
            "created_at": now.isoformat(timespec="seconds"),
            "host": socket.gethostname(),
            "engine": kind,
            "database": database,
            "migrations": snapshot.migrations,
            "tables": snapshot.tables,
            "files": files,
            "totals": {
                "tables": len(snapshot.tables),
                "rows": snapshot.rows,
                "media_files": media_count,
                "landscape_files": len(files) - media_count,
                "bytes": database["bytes"] + sum(f["bytes"] for f in files.values()),
            },
        }
        data = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size, info.mtime = len(data), int(now.timestamp())
        tar.addfile(info, io.BytesIO(data))
    return manifest


def make_backup(output: Path | None = None, *, say: Say = print) -> tuple[Path, dict[str, Any]]:
    """Write one archive (into output, a directory or a file name); return its path and manifest."""
    started = time.monotonic()
    kind = engine()
    now = dt.datetime.now(dt.UTC)
    output = output or default_directory()
    if output.suffixes[-2:] == [".tar", ".gz"]:
        target = output
    else:
        target = output / f"ipcounty-backup-{now:%Y%m%dT%H%M%SZ}.tar.gz"
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        raise BackupError(f"{target} already exists; choose another name or directory.")
    partial = target.with_name(target.name + ".partial")
    say(f"Dumping the {ENGINE_LABELS[kind]} database ...")
    try:
        manifest = _write_archive(partial, target, kind, now, say)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, target)
    totals = manifest["totals"]
    say(
        f"Backup written: {target} ({target.stat().st_size / 1e6:.1f} MB) in {time.monotonic() - started:.1f} s — "
        f"{totals['rows']} rows in {totals['tables']} tables, {totals['media_files']} uploaded files, "
        f"{totals['landscape_files']} landscape files."
    )
    say("Copy it off this machine (see docs/backup.md); a backup kept next to the database is lost with it.")
    return target, manifest


def read_manifest(staging: Path) -> dict[str, Any]:
    try:
        manifest = json.loads((staging / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError("The archive has no readable manifest.json: it is not an ipcounty backup.") from error
    if manifest.get("product") != "ipcounty" or manifest.get("format") != FORMAT:
        raise BackupError(
            f"The archive's manifest is format {manifest.get('format')!r} of {manifest.get('product')!r}; "
            f"this version reads format {FORMAT} of ipcounty."
        )
    return manifest
