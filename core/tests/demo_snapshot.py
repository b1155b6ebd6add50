"""The demo district seeded once per test process, then put back from memory.

`seed_demo` goes through the actions (audit events, the mark index, the landscape store) and takes
20–50 s; a dozen test classes seed the same demo district. The first class in a test process that
asks for it runs `seed_demo` for real and keeps every row the command wrote (the difference between
the database before and after, table by table, by primary key) and a copy of the mark index it
built. A later class asks again inside its own transaction: when the database is exactly as it was
before the first seeding (the test case's rollback put it back), the kept rows are written back
with `bulk_create` (the same primary keys and values), the index is copied in and the landscape
store is synced again — the same database the command would have written, in well under a second.
When anything differs (a transactional test flushed the database in between, so even the content
types may have other ids), the command runs for real again and its result is kept instead.

Under pytest-xdist the processes of one test run share it too: the first process to seed writes
the kept rows (by model label), the files the command put in MEDIA_ROOT (the marks' logos, a deal's
contract) and the index copy to a folder of the run (named by xdist's run id), under a file lock; a
process that gets there later, or waited on the lock while another seeded, restores from that folder
on the same condition (its database exactly as the seeding one's was before), so a CI pass seeds
the demo once instead of once per process.

Reference tables (refdata) are left out: nothing in the demo writes them and they are loaded once
per test database (conftest.py)."""

from __future__ import annotations

import contextlib
import fcntl
import io
import os
import pickle
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, models

Rows = dict[Any, tuple[Any, ...]]


@dataclass
class _Snapshot:
    before: dict[type[models.Model], Rows]
    added: dict[type[models.Model], Rows] = field(default_factory=dict)
    removed: dict[type[models.Model], set[Any]] = field(default_factory=dict)
    index_copy: Path | None = None
    # The files the seeding added under MEDIA_ROOT (relative paths) and a copy of them.
    media: list[str] = field(default_factory=list)
    media_copy: Path | None = None


_snapshots: dict[tuple[str, int], _Snapshot] = {}


def _shared_dir() -> Path | None:
    """The folder the processes of this xdist run share (None outside xdist)."""
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    if not run:
        return None
    folder = Path(tempfile.gettempdir()) / f"ipcounty-demo-{run}"
    folder.mkdir(exist_ok=True)
    return folder


@contextlib.contextmanager
def _shared_lock(key: tuple[str, int]) -> Iterator[None]:
    """One process of the run seeds at a time; the others wait and restore what it kept."""
    folder = _shared_dir()
    if folder is None:
        yield
        return
    with open(folder / f"{key[0]}-{key[1]}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _save_shared(key: tuple[str, int], snapshot: _Snapshot) -> None:
    folder = _shared_dir()
    if folder is None:
        return
    # Auto-created many-to-many models cannot be pickled by reference: they are named by label.
    data = {
        "before": {model._meta.label: rows for model, rows in snapshot.before.items()},
        "added": {model._meta.label: rows for model, rows in snapshot.added.items()},
        "removed": {model._meta.label: pks for model, pks in snapshot.removed.items()},
        "index_copy": str(snapshot.index_copy) if snapshot.index_copy else None,
        "media": snapshot.media,
        "media_copy": str(snapshot.media_copy) if snapshot.media_copy else None,
    }
    path = folder / f"{key[0]}-{key[1]}.pickle"
    partial = path.with_suffix(f".{os.getpid()}")
    partial.write_bytes(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
    partial.replace(path)


def _load_shared(key: tuple[str, int]) -> _Snapshot | None:
    folder = _shared_dir()
    path = folder / f"{key[0]}-{key[1]}.pickle" if folder else None
    if path is None or not path.is_file():
        return None
    # A file this run's own processes wrote, in a folder named by the run.
    data = pickle.loads(path.read_bytes())  # noqa: S301
    return _Snapshot(
        before={apps.get_model(label): rows for label, rows in data["before"].items()},
        added={apps.get_model(label): rows for label, rows in data["added"].items()},
        removed={apps.get_model(label): pks for label, pks in data["removed"].items()},
        index_copy=Path(data["index_copy"]) if data["index_copy"] else None,
        media=data["media"],
        media_copy=Path(data["media_copy"]) if data["media_copy"] else None,
    )


def _is_stamped(f: models.Field) -> bool:
    return bool(getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False))


def _unstamped(state: dict[type[models.Model], Rows]) -> dict[type[models.Model], Rows]:
    """`state` with the values of `auto_now`/`auto_now_add` fields left out."""
    result: dict[type[models.Model], Rows] = {}
    for model, rows in state.items():
        stamped = {i for i, f in enumerate(model._meta.concrete_fields) if _is_stamped(f)}
        result[model] = (
            {pk: tuple(None if i in stamped else v for i, v in enumerate(row)) for pk, row in rows.items()}
            if stamped
            else rows
        )
    return result


def _media_files() -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    return {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()} if root.is_dir() else set()


def _models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label != "refdata" and model._meta.managed and not model._meta.proxy
    ]


def _rows(model: type[models.Model]) -> Rows:
    names = [f.attname for f in model._meta.concrete_fields]
    position = names.index(model._meta.pk.attname)
    return {row[position]: row for row in model._base_manager.values_list(*names)}


def _state() -> dict[type[models.Model], Rows]:
    return {model: _rows(model) for model in _models()}


def seed_demo_once(enterprises: int, index_dir: str | Path) -> None:
    """Leave the database and `index_dir` as `seed_demo --enterprises N` run now would."""
    key = (connection.vendor, enterprises)
    with _shared_lock(key):
        before = _state()
        kept = _snapshots.get(key)
        if kept is not None and before == kept.before:
            _restore(kept, Path(index_dir))
            return
        # Another process migrated its database at another moment: the rows the migrations wrote
        # (the district, the rules) differ in their creation stamps alone.
        kept = _load_shared(key)
        if kept is not None and _unstamped(before) == _unstamped(kept.before):
            _restore(kept, Path(index_dir))
            return
        media_before = _media_files()
        call_command("seed_demo", enterprises=enterprises, stdout=io.StringIO())
        after = _state()
        snapshot = _Snapshot(before=before)
        for model, rows in after.items():
            old = before.get(model, {})
            added = {pk: row for pk, row in rows.items() if old.get(pk) != row}
            removed = {pk for pk, row in old.items() if rows.get(pk) != row}
            if added:
                snapshot.added[model] = added
            if removed:
                snapshot.removed[model] = removed
        scratch = _shared_dir() or Path(tempfile.gettempdir())
        if Path(index_dir).is_dir():
            snapshot.index_copy = Path(tempfile.mkdtemp(prefix="ipcounty-demo-index-", dir=scratch))
            shutil.copytree(index_dir, snapshot.index_copy, dirs_exist_ok=True)
        snapshot.media = sorted(_media_files() - media_before)
        if snapshot.media:
            snapshot.media_copy = Path(tempfile.mkdtemp(prefix="ipcounty-demo-media-", dir=scratch))
            for name in snapshot.media:
                (snapshot.media_copy / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(Path(settings.MEDIA_ROOT) / name, snapshot.media_copy / name)
        _snapshots[key] = snapshot
        _save_shared(key, snapshot)


def _restore(snapshot: _Snapshot, index_dir: Path) -> None:
    for model, pks in snapshot.removed.items():
        model._base_manager.filter(pk__in=list(pks)).delete()
    # `auto_now` fields would stamp the rows with the time of writing back: they keep the
    # seeding's time, as every other value.
    stamped = [
        (f, f.auto_now, f.auto_now_add)  # type: ignore[attr-defined]  # only date and time fields have them
        for model in snapshot.added
        for f in model._meta.concrete_fields
        if _is_stamped(f)
    ]
    try:
        for f, _now, _add in stamped:
            f.auto_now = f.auto_now_add = False  # type: ignore[attr-defined]
        for model, rows in snapshot.added.items():
            names = [f.attname for f in model._meta.concrete_fields]
            model._base_manager.bulk_create([model(**dict(zip(names, row, strict=True))) for row in rows.values()])
    finally:
        for f, now, add in stamped:
            f.auto_now, f.auto_now_add = now, add  # type: ignore[attr-defined]
    # PostgreSQL: the sequences past the ids written (they already are unless the database was
    # made anew); SQLite moves its own.
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), list(snapshot.added)):
            cursor.execute(statement)
    if snapshot.index_copy is not None:
        shutil.copytree(snapshot.index_copy, index_dir, dirs_exist_ok=True)
    # Another process's seeding wrote its files under its own MEDIA_ROOT.
    if snapshot.media_copy is not None:
        for name in snapshot.media:
            target = Path(settings.MEDIA_ROOT) / name
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(snapshot.media_copy / name, target)
    # The landscape store lives on disk, outside the transaction: sync it as the command does.
    from demo.landscape import seed_landscape

    seed_landscape()
