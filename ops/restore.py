"""Bring a backup archive (``ops/archive.py``) back into an empty database and media folder.

Order, so that a bad archive changes nothing: unpack next to the media folder, check every file
against the manifest's SHA-256, check the engine and that this code knows every migration the
archive's database had, check the database and the folders are empty (or ``force``); only then
restore the database (django-dbbackup's connector: the SQLite file copied back, or ``pg_restore`` in
one transaction), compare every table's row count with the manifest, move the files into place
and rebuild the derived data (the landscape full-text index, the trademark similarity index).
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import tarfile
import tempfile
import time
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

from audit.checkpoints import set_aside_beyond
from audit.models import AuditEvent, AuditHead
from landscape.corpus import store_dir
from ops.archive import (
    ENGINE_LABELS,
    BackupError,
    Say,
    connector,
    engine,
    files_under,
    live_snapshot,
    media_root,
    read_manifest,
    sha256_file,
)


def unpack(archive: Path, staging: Path) -> dict[str, Any]:
    """Extract the archive into staging and check it against its manifest; return the manifest."""
    if not archive.is_file():
        raise BackupError(f"{archive} does not exist.")
    try:
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(staging, filter="data")
    except (tarfile.TarError, EOFError, OSError) as error:
        raise BackupError(
            f"{archive} cannot be read as a .tar.gz archive ({error}); it is damaged or not a backup."
        ) from error
    manifest = read_manifest(staging)
    expected = {manifest["database"]["file"]: manifest["database"], **manifest["files"]}
    problems = []
    for name, entry in expected.items():
        path = staging / name
        if Path(name).is_absolute() or ".." in Path(name).parts:
            problems.append(f"outside the archive: {name}")
        elif not path.is_file():
            problems.append(f"missing: {name}")
        elif path.stat().st_size != entry["bytes"] or sha256_file(path) != entry["sha256"]:
            problems.append(f"changed: {name}")
    for _path, name in files_under(staging):
        if name not in expected and name != "manifest.json":
            problems.append(f"not in the manifest: {name}")
    if problems:
        listed = "\n  ".join(problems[:20])
        raise BackupError(
            f"The archive does not match its manifest ({len(problems)} problem(s)); nothing was restored:\n  {listed}"
        )
    return manifest


def _unknown_migrations(manifest: dict[str, Any]) -> list[str]:
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    applied = [(app, name) for app, names in manifest["migrations"].items() for name in names]
    return [f"{app}.{name}" for app, name in applied if (app, name) not in known]


def database_holds_data() -> bool:
    """An office's database holds data once it has a user or an audit event; `migrate` alone adds neither."""
    connection = connections[DEFAULT_DB_ALIAS]
    tables = set(connection.introspection.table_names())
    return any(model._meta.db_table in tables and model.objects.exists() for model in (get_user_model(), AuditEvent))


def _has_corpus(root: Path) -> bool:
    return any((root / "parts").glob("corpus-*")) if root.is_dir() else False


def _put_in_place(source: Path, target: Path, stamp: str, say: Say) -> None:
    """Move the restored folder to target; a folder already there is moved aside, never deleted, unless it
    holds no files at all."""
    if target.exists():
        if any(True for _ in files_under(target)):
            aside = target.with_name(f"{target.name}.before-restore-{stamp}")
            target.rename(aside)
            say(f"  the previous {target} was moved to {aside}; delete it once you have checked the restore")
        else:
            shutil.rmtree(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    if source.is_dir():
        shutil.move(str(source), str(target))
    else:
        target.mkdir()


def _restore_database(dump: Path) -> None:
    connections.close_all()
    restorer = connector()
    if engine() == "sqlite":
        path = Path(restorer.connection.settings_dict["NAME"])
        path.parent.mkdir(parents=True, exist_ok=True)
        # A journal left by the replaced database would be played back into the restored file.
        for leftover in ("-journal", "-wal", "-shm"):
            path.with_name(path.name + leftover).unlink(missing_ok=True)
    else:
        # Objects belong to whoever restores, so a dump made by another role restores too.
        restorer.pg_options = ["--no-owner", "--no-privileges"]
    try:
        with open(dump, "rb") as fh:
            restorer.restore_dump(fh)
    except Exception as error:  # CommandConnectorError from pg_restore, or an OS error writing the file
        raise BackupError(f"Restoring the database failed: {error}") from error
    finally:
        connections.close_all()


def _pending_migrations() -> int:
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def restore_archive(archive: Path, *, force: bool = False, check_only: bool = False, say: Say = print) -> None:
    started = time.monotonic()
    media, landscape = media_root(), store_dir()
    # Unpack next to the media folder: moving the files into place is then a rename on the same disk.
    media.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".ipcounty-restore-", dir=media.parent))
    try:
        say(f"Checking {archive} ...")
        manifest = unpack(archive, staging)
        totals = manifest["totals"]
        say(
            f"  made {manifest['created_at']} on {manifest['host']} by ipcounty {manifest['version']} "
            f"({ENGINE_LABELS.get(manifest['engine'], manifest['engine'])}): {totals['rows']} rows in "
            f"{totals['tables']} tables, {totals['media_files']} uploaded files, {totals['landscape_files']} "
            f"landscape files; every SHA-256 matches"
        )
        if check_only:
            say("The archive is intact. Nothing was restored (--check).")
            return
        _refuse_unless_possible(manifest, force=force, media=media, landscape=landscape)

        say(f"Restoring the {ENGINE_LABELS[engine()]} database ...")
        _restore_database(staging / manifest["database"]["file"])
        counts = live_snapshot().tables
        wrong = [
            f"{table}: {rows} in the archive, {counts.get(table, 'no table')} now"
            for table, rows in manifest["tables"].items()
            if counts.get(table) != rows
        ]
        if wrong:
            listed = "\n  ".join(wrong[:20])
            raise BackupError(
                f"The database was restored but {len(wrong)} table(s) do not hold the rows the manifest lists; "
                f"do not use it, and restore again from another archive:\n  {listed}"
            )
        say(f"  {totals['rows']} rows in {totals['tables']} tables, each table's count as in the manifest")
        head = AuditHead.objects.filter(pk=1).first()
        moved = set_aside_beyond(head.last_seq if head else 0)
        if moved:
            say(
                f"  {len(moved)} audit checkpoint(s) of events after this backup moved aside to "
                f"{moved[0].parent} (the restored trail ends before them)"
            )

        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        _put_in_place(staging / "media", media, stamp, say)
        say(f"  {totals['media_files']} uploaded files restored to {media}")
        if landscape.exists() and not _has_corpus(landscape):
            shutil.rmtree(landscape)  # only the district's own patents and indexes: derived, rebuilt below
        _put_in_place(staging / "landscape", landscape, stamp, say)
        say(f"  {totals['landscape_files']} landscape files restored to {landscape}")

        pending = _pending_migrations()
        if pending:
            say(
                f"This version has {pending} migration(s) the archive's database had not applied yet. Run "
                f"`python manage.py migrate`, then `python manage.py sync_landscape` and "
                f"`python manage.py build_mark_index` to rebuild the search indexes."
            )
        else:
            say("Rebuilding the landscape full-text index and the trademark similarity index ...")
            call_command("sync_landscape", verbosity=0, stdout=io.StringIO())
            call_command("build_mark_index", verbosity=0, stdout=io.StringIO())
        say(
            f"Restore finished in {time.monotonic() - started:.1f} s. Check it with `python manage.py verify_audit` "
            f"and `python manage.py verify_evidence`."
        )
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _refuse_unless_possible(manifest: dict[str, Any], *, force: bool, media: Path, landscape: Path) -> None:
    here, there = engine(), manifest["engine"]
    if here != there:
        raise BackupError(
            f"This archive holds a {ENGINE_LABELS.get(there, there)} database and this installation uses "
            f"{ENGINE_LABELS[here]}. A backup restores into the same engine only: set DATABASE_URL to an empty "
            f"{ENGINE_LABELS.get(there, there)} database and run restore again."
        )
    unknown = _unknown_migrations(manifest)
    if unknown:
        raise BackupError(
            f"The archive was made by a newer ipcounty ({manifest['version']}): this code does not know "
            f"{len(unknown)} of its migrations (first: {unknown[0]}). Install that version or a later one, "
            f"then restore."
        )
    if force:
        return
    occupied = []
    if database_holds_data():
        occupied.append("the database holds users or audit events")
    if any(True for _ in files_under(media)):
        occupied.append(f"the media folder {media} holds files")
    if _has_corpus(landscape):
        occupied.append(f"the landscape store {landscape} holds imported patent corpora")
    if occupied:
        raise BackupError(
            "Restore goes into an empty installation, but "
            + "; ".join(occupied)
            + ". Point DATABASE_URL and MEDIA_ROOT at an empty database and folder, or run restore again with "
            "--force to replace what is there (the database's tables are overwritten; the folders are moved "
            "aside, not deleted)."
        )
