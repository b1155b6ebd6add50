"""Running an import: read, check every row, and write only a file without errors."""

from __future__ import annotations

import datetime as dt
import gc
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.utils import timezone
from django.utils.translation import gettext as _

from core.actions import require
from portfolio.importing import exports, legal_status, patents, trademarks
from portfolio.importing.columns import RowError, map_headers, used_and_ignored
from portfolio.importing.patents import WriteResult
from portfolio.importing.readers import UnreadableFile, read_table
from portfolio.models import ImportJob
from portfolio.permissions import can_import, can_import_official_data, import_scope

log = logging.getLogger(__name__)
IMPORTERS = {
    "patents": patents,
    "trademarks": trademarks,
    "patent_export": exports,
    "legal_status": legal_status,
}
# The office's official data (databases' exports, legal-status lists): owners by name, the
# source kept on each record.
OFFICIAL_KINDS = {"patent_export", "legal_status"}
# Importers other apps register at start-up (``register_importer``), with who may run them.
_PERMISSIONS: dict[str, Callable[[Any], Any]] = {}


def register_importer(kind: str, importer: Any, permission: Callable[[Any], Any]) -> None:
    """Let another app import its own records through this machinery (the upload page, the
    template, the job and its progress, all or nothing with every bad row listed): ``importer``
    has ``COLUMNS`` and ``import_rows(rows, mapping, *, owner_scope, actor, progress)``, ``kind``
    is one of ``ImportJob.Kind``, ``permission(user)`` answers a ``Decision``. The exchange
    registers the university's list of offered patents this way; portfolio imports no exchange
    code."""
    IMPORTERS[kind] = importer
    _PERMISSIONS[kind] = permission


def import_permission(kind: str) -> Callable[[Any], Any]:
    """Who may start an import of this kind."""
    if kind in _PERMISSIONS:
        return _PERMISSIONS[kind]
    return can_import_official_data if kind in OFFICIAL_KINDS else can_import


@dataclass
class ImportOutcome:
    total: int = 0
    file_errors: list[str] = field(default_factory=list)
    row_errors: list[RowError] = field(default_factory=list)
    result: WriteResult | None = None
    columns_used: list[list[str]] = field(default_factory=list)
    columns_ignored: list[str] = field(default_factory=list)
    owners_waiting: int = 0

    @property
    def ok(self) -> bool:
        return self.result is not None


_gc_lock = threading.Lock()
_gc_pauses = 0


@contextmanager
def garbage_collection_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while an import runs.

    An import builds a few million small dicts, lists and tuples that all stay alive until it
    ends; each full collection walks every one of them, and at 100,000 rows those walks took
    more time than the parsing itself. Nothing an import builds is a reference cycle, so
    nothing is lost by waiting. Counted, so that two imports in one process (a command and a
    test thread, say) do not turn it back on under each other."""
    global _gc_pauses
    with _gc_lock:
        if _gc_pauses == 0:
            gc.disable()
        _gc_pauses += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pauses -= 1
            if _gc_pauses == 0:
                gc.enable()


def import_file(
    kind: str,
    data: bytes,
    filename: str,
    *,
    actor,
    progress: Callable[[int, int], object] | None = None,
    job: ImportJob | None = None,
    source: tuple[str, dt.date | None] | None = None,
) -> ImportOutcome:
    require(import_permission(kind)(actor))
    with garbage_collection_paused():
        return _import(kind, data, filename, actor=actor, progress=progress, job=job, source=source)


def _import(
    kind: str,
    data: bytes,
    filename: str,
    *,
    actor: Any,
    progress: Callable[[int, int], object] | None,
    job: ImportJob | None = None,
    source: tuple[str, dt.date | None] | None = None,
) -> ImportOutcome:
    importer: Any = IMPORTERS[kind]
    outcome = ImportOutcome()
    try:
        table = read_table(data, filename)
    except UnreadableFile as exc:
        outcome.file_errors.append(str(exc))
        return outcome
    outcome.total = len(table.rows)
    mapping, missing = map_headers(table.headers, importer.COLUMNS)
    outcome.columns_used, outcome.columns_ignored = used_and_ignored(table.headers, mapping, importer.COLUMNS)
    if missing:
        outcome.file_errors.extend(missing)
        return outcome
    report = (lambda done: progress(done, outcome.total)) if progress else None
    if kind == "patent_export":
        if source is None:
            source = (filename[:200], None)
        result, errors, outcome.owners_waiting = importer.import_rows(
            table.rows, mapping, actor=actor, progress=report, job=job, source=source
        )
    elif kind == "legal_status":
        result, errors, outcome.owners_waiting = importer.import_rows(
            table.rows, mapping, actor=actor, progress=report, job=job, source=source or (filename[:200], None)
        )
    else:
        result, errors = importer.import_rows(
            table.rows, mapping, owner_scope=import_scope(actor), actor=actor, progress=report
        )
    if errors:
        outcome.row_errors = sorted(errors, key=lambda e: e.row)
        return outcome
    outcome.result = result
    return outcome


@contextmanager
def progress_updates(job_id: int) -> Iterator[Callable[[int, int], object]]:
    """How a running import reports its progress to the page that polls it. The patent
    importer checks and writes inside one transaction, with this thread's connection busy
    streaming COPY; on PostgreSQL the progress therefore goes through a second connection of
    its own, which shows it at once. SQLite updates in line (seen when the import ends)."""
    if connection.vendor != "postgresql":
        yield lambda done, total: ImportJob.objects.filter(pk=job_id).update(processed_rows=done, total_rows=total)
        return
    side = connections.create_connection(DEFAULT_DB_ALIAS)
    table = side.ops.quote_name(ImportJob._meta.db_table)

    def report(done: int, total: int) -> None:
        with side.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET processed_rows = %s, total_rows = %s WHERE id = %s",  # noqa: S608
                [done, total, job_id],
            )

    try:
        yield report
    finally:
        side.close()


def run_job(job_id: int) -> str:
    """Run an uploaded import, keeping its progress up to date for the page that polls it.
    Safe to run again: a job already finished is left as it is, and one whose worker died half
    way simply starts over (the import writes in one transaction, so nothing of it was kept)."""
    job = ImportJob.objects.select_related("created_by", "created_by__organisation").get(pk=job_id)
    if job.status in (ImportJob.Status.DONE, ImportJob.Status.FAILED):
        return _("Already finished.")
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING, processed_rows=0)
    try:
        with job.file.open("rb") as fh:
            data = fh.read()
        source = (job.source or job.file_name, job.source_date)
        with progress_updates(job.pk) as progress:
            outcome = import_file(
                job.kind, data, job.file_name, actor=job.created_by, progress=progress, job=job, source=source
            )
    except PermissionDenied as exc:
        outcome = ImportOutcome(file_errors=[str(exc)])
    except Exception:
        log.exception("import %s failed", job.pk)
        outcome = ImportOutcome(
            file_errors=[_("The import failed unexpectedly; nothing was imported. Tell the office.")]
        )
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.DONE if outcome.ok else ImportJob.Status.FAILED,
        total_rows=outcome.total,
        processed_rows=outcome.total,
        created_count=outcome.result.created if outcome.result else 0,
        updated_count=outcome.result.updated if outcome.result else 0,
        unchanged_count=outcome.result.unchanged if outcome.result else 0,
        file_errors=outcome.file_errors,
        row_errors=[e.__dict__ for e in outcome.row_errors],
        columns_used=outcome.columns_used,
        columns_ignored=outcome.columns_ignored,
        owners_waiting=outcome.owners_waiting,
        finished_at=timezone.now(),
    )
    if outcome.result is None:
        return _("Rejected: %(files)d file errors, %(rows)d bad rows; nothing imported.") % {
            "files": len(outcome.file_errors),
            "rows": len(outcome.row_errors),
        }
    return _("%(created)d created, %(updated)d updated, %(unchanged)d unchanged.") % {
        "created": outcome.result.created,
        "updated": outcome.result.updated,
        "unchanged": outcome.result.unchanged,
    }


def give_up_job(job_id: int, message: str) -> None:
    """The job's run was given up (its worker died): the clerk sees why and what to do."""
    ImportJob.objects.filter(pk=job_id).exclude(status=ImportJob.Status.DONE).update(
        status=ImportJob.Status.FAILED, file_errors=[message], finished_at=timezone.now()
    )


def start_job(job: ImportJob) -> None:
    """Queue the import; a worker runs it while the page shows its progress."""
    from core import jobs

    jobs.submit("portfolio.import", f"import:{job.pk}", {"import_job": job.pk, "user_id": job.created_by_id})
