"""The one trademark index of the platform: portfolio trademarks and outside (corpus) marks
in a tmsearch index on disk, shared memory-mapped by every worker of this machine.

Ids: the engine keys marks by one integer. A portfolio trademark keeps its primary key
(1, 2, ...); an outside mark is ``CORPUS_ID_OFFSET + pk``, so the two never collide and the
id alone says which table a hit comes from.

Layout under ``index_dir()``: ``ACTIVE`` names the live build directory (``build-...``), which is
a tmsearch index. A full rebuild writes a new build next to it and switches ``ACTIVE``; the
other processes notice on their next search and reopen (the old files stay readable for
whoever still maps them). Incremental updates go to the live build's delta log.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

from core.locks import file_lock
from portfolio.models import Trademark, TrademarkGoods
from refdata import lookups
from similarity.models import CorpusMark
from tmsearch import Mark, TrademarkIndex, build_index

log = logging.getLogger(__name__)

CORPUS_ID_OFFSET = 10**12
# Fold the delta into a new base once it holds this many marks (its segment lives in memory).
COMPACT_AT = 20_000

_open: dict[Path, tuple[str, TrademarkIndex]] = {}
_open_lock = threading.Lock()


def index_dir() -> Path:
    """``SIMILARITY_INDEX_DIR`` if set (tests use a temporary one), else ``var/index/marks``
    next to the media directory."""
    configured = getattr(settings, "SIMILARITY_INDEX_DIR", None)
    return Path(configured) if configured else Path(settings.MEDIA_ROOT).parent / "index" / "marks"


def trademark_index_id(pk: int) -> int:
    return int(pk)


def corpus_index_id(pk: int) -> int:
    return CORPUS_ID_OFFSET + int(pk)


def split_ids(ids: Iterable[int]) -> tuple[list[int], list[int]]:
    """Index ids -> (trademark pks, corpus mark pks)."""
    trademarks, corpus = [], []
    for i in ids:
        (corpus.append(i - CORPUS_ID_OFFSET) if i >= CORPUS_ID_OFFSET else trademarks.append(i))
    return trademarks, corpus


@contextmanager
def _service_lock() -> Iterator[None]:
    """One writer at a time across processes: a full build or an update."""
    with file_lock(index_dir() / "SERVICE.lock"):
        yield


def _active_build() -> str | None:
    try:
        return (index_dir() / "ACTIVE").read_text().strip() or None
    except FileNotFoundError:
        return None


# --- marks from the database ---------------------------------------------------------------


def _goods_by_trademark(pks: list[int] | None) -> dict[int, tuple[set[int], set[str]]]:
    goods: dict[int, tuple[set[int], set[str]]] = {}
    rows = TrademarkGoods.objects.values_list("trademark_id", "nice_class", "group_code")
    if pks is not None:
        rows = rows.filter(trademark_id__in=pks)
    for pk, nice, group in rows.iterator(chunk_size=20_000):
        classes, groups = goods.setdefault(pk, (set(), set()))
        classes.add(nice)
        groups.add(group)
    return goods


def trademark_marks(pks: list[int] | None = None) -> Iterator[Mark]:
    """Portfolio trademarks as engine marks (all of them, or the given pks that exist)."""
    goods = _goods_by_trademark(pks)
    rows = Trademark.objects.values_list("pk", "mark_text")
    if pks is not None:
        rows = rows.filter(pk__in=pks)
    for pk, text in rows.iterator(chunk_size=20_000):
        if text.strip():
            classes, groups = goods.get(pk, (set(), set()))
            yield Mark(trademark_index_id(pk), text, tuple(sorted(classes)), tuple(sorted(groups)))


def corpus_marks(pks: list[int] | None = None) -> Iterator[Mark]:
    rows = CorpusMark.objects.values_list("pk", "mark_text", "nice_classes", "groups")
    if pks is not None:
        rows = rows.filter(pk__in=pks)
    for pk, text, classes, groups in rows.iterator(chunk_size=20_000):
        if text.strip():
            yield Mark(corpus_index_id(pk), text, tuple(classes or ()), tuple(groups or ()))


# --- building, opening, updating -----------------------------------------------------------


def build() -> TrademarkIndex:
    """Build the whole index afresh from the database and make it the live one."""
    with _service_lock():
        return _build_locked()


def _build_locked() -> TrademarkIndex:
    root = index_dir()
    name = f"build-{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6}"
    marks = [*trademark_marks(), *corpus_marks()]
    index = build_index(marks, root / name)
    tmp = root / "ACTIVE.tmp"
    tmp.write_text(name + "\n")
    os.replace(tmp, root / "ACTIVE")
    for old in root.glob("build-*"):
        if old.name != name:
            shutil.rmtree(old, ignore_errors=True)
    with _open_lock:
        _open[root] = (name, index)
    log.info("built the trademark index %s with %d marks", name, len(marks))
    return index


def get_index() -> TrademarkIndex:
    """The live index of this process, opened once and shared (memory-mapped); built on
    first use when there is none yet, reopened when another process rebuilt it."""
    return _get_index(locked=False)


def _get_index(locked: bool) -> TrademarkIndex:
    root = index_dir()
    active = _active_build()
    with _open_lock:
        cached = _open.get(root)
        if cached and cached[0] == active:
            return cached[1]
    if active is None or not (root / active / "CURRENT").exists():
        if locked:
            return _build_locked()
        with _service_lock():
            return _get_index(locked=True)  # another process may have built it meanwhile
    try:
        index = TrademarkIndex.open(root / active)
    except ValueError as exc:
        # An index written by an older engine format: rebuild it from the database.
        if "unsupported index format" not in str(exc):
            raise
        if locked:
            return _build_locked()
        with _service_lock():
            return _build_locked()
    with _open_lock:
        _open[root] = (active, index)
    return index


def health() -> tuple[bool, str]:
    """For /healthz: is there a live index on disk? Looks only; never builds one."""
    active = _active_build()
    if active is None:
        return False, "no index built yet (python manage.py build_mark_index)"
    if not (index_dir() / active / "CURRENT").exists():
        return False, "the active index is incomplete (python manage.py build_mark_index)"
    return True, "index present"


def update(trademark_ids: Iterable[int] = (), corpus_ids: Iterable[int] = ()) -> int:
    """Bring the given marks up to date in the index without a full rebuild: changed or new
    marks are (re)added, deleted ones removed. Returns the number of marks written."""
    trademark_ids, corpus_ids = sorted(set(trademark_ids)), sorted(set(corpus_ids))
    if not trademark_ids and not corpus_ids:
        return 0
    with _service_lock():
        index = _get_index(locked=True)
        marks: list[Mark] = []
        for start in range(0, len(trademark_ids), 5000):
            marks += trademark_marks(trademark_ids[start : start + 5000])
        for start in range(0, len(corpus_ids), 5000):
            marks += corpus_marks(corpus_ids[start : start + 5000])
        present = {m.id for m in marks}
        wanted = [trademark_index_id(i) for i in trademark_ids] + [corpus_index_id(i) for i in corpus_ids]
        gone = [i for i in wanted if i not in present]
        index.add(marks)
        if gone:
            index.remove(gone)
        if index.delta_size >= COMPACT_AT:
            index.compact()
    return len(marks)


def related_groups_for(groups: Iterable[str]) -> dict[str, set[str]]:
    """The engine's ``related_groups`` for the groups of one query, from the similar-goods table."""
    return {g: lookups.related_groups(g) for g in groups}


def forget_open_indexes() -> None:
    """Drop this process's open indexes (tests switch index directories)."""
    with _open_lock:
        _open.clear()
