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

Reference tables (refdata) are left out: nothing in the demo writes them and they are loaded once
per test database (conftest.py)."""

from __future__ import annotations

import io
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps
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


_snapshots: dict[tuple[str, int], _Snapshot] = {}


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
    kept = _snapshots.get(key)
    if kept is not None and _state() == kept.before:
        _restore(kept, Path(index_dir))
        return
    before = _state()
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
    if Path(index_dir).is_dir():
        snapshot.index_copy = Path(tempfile.mkdtemp(prefix="ipcounty-demo-index-"))
        shutil.copytree(index_dir, snapshot.index_copy, dirs_exist_ok=True)
    _snapshots[key] = snapshot


def _restore(snapshot: _Snapshot, index_dir: Path) -> None:
    for model, pks in snapshot.removed.items():
        model._base_manager.filter(pk__in=list(pks)).delete()
    # `auto_now` fields would stamp the rows with the time of writing back: they keep the
    # seeding's time, as every other value.
    stamped = [
        (f, f.auto_now, f.auto_now_add)  # type: ignore[attr-defined]  # only date and time fields have them
        for model in snapshot.added
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
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
    # The landscape store lives on disk, outside the transaction: sync it as the command does.
    from demo.landscape import seed_landscape

    seed_landscape()
