"""The one trademark index of the platform: portfolio trademarks and outside (corpus) marks
in a tmsearch index on disk, shared memory-mapped by every worker of this machine.

Ids: the engine keys marks by one integer. A portfolio trademark keeps its primary key
(1, 2, ...); an outside mark is ``CORPUS_ID_OFFSET + pk``, so the two never collide and the
id alone says which table a hit comes from.

Layout under ``index_dir()``: ``ACTIVE`` names the live build directory (``build-...``), which is
a tmsearch index. A full rebuild writes a new build next to it and switches ``ACTIVE``; the
other processes notice on their next search and reopen (the old files stay readable for
whoever still maps them). Incremental updates go to the live build's delta log.

Several machines: each node keeps its own index folder and follows the change log in the
database (``MarkChange``, written in the same transaction as the marks). ``CHANGES.json`` in the
live build says up to which line of the log it holds; ``get_index`` looks (at most once every
``SIMILARITY_INDEX_FOLLOW_SECONDS``, one indexed query) whether the log went further and applies
the new lines. A node with no index, one further behind than ``REBUILD_BEHIND`` lines, one behind
the lines the nightly prune deleted (similarity/changelog.py), or one ahead of the log (the
database was restored) builds afresh. Each node reports in the database up to which line it
holds the log (``IndexNode``), so that the prune keeps what it still needs. See docs/deployment.md.
"""

from __future__ import annotations

import json
import logging
import math
import os
import shutil
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db.models import Max

from core.locks import file_lock
from portfolio.models import Trademark, TrademarkGoods
from refdata import lookups
from similarity import changelog
from similarity.models import CorpusMark, MarkChange
from tmsearch import Mark, TrademarkIndex, build_index

log = logging.getLogger(__name__)

CORPUS_ID_OFFSET = 10**12
# Fold the delta into a new base once it holds this many marks (its segment lives in memory).
COMPACT_AT = 20_000
# The change log: a node this many lines behind rebuilds rather than replays. A gap in the log's
# numbers (a transaction that took a number and has not committed yet, or rolled back) is looked
# at again on every catch-up for this long, then forgotten.
REBUILD_BEHIND = 200_000
HOLE_SECONDS = 600
MAX_HOLES = 10_000
STATE_FILE = "CHANGES.json"

_open: dict[Path, tuple[str, TrademarkIndex]] = {}
_open_lock = threading.Lock()
_last_follow: dict[Path, float] = {}


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
    # The log's position is read before the marks: a change committed meanwhile is replayed
    # (adding a mark twice is harmless), never lost.
    state = _log_position()
    marks = [*trademark_marks(), *corpus_marks()]
    index = build_index(marks, root / name)
    _write_state(root / name, state)
    changelog.report_position(root, state)
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
    first use when there is none yet, reopened when another process rebuilt it, and brought
    up to the database's change log (``catch_up``) when it fell behind."""
    index = _get_index(locked=False)
    if catch_up():
        index = _get_index(locked=False)
    return index


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
        return _update_locked(_get_index(locked=True), trademark_ids, corpus_ids)


def _update_locked(index: TrademarkIndex, trademark_ids: list[int], corpus_ids: list[int]) -> int:
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


# --- following the change log (several machines) --------------------------------------------


def record_changes(index_ids: Iterable[int], op: str = MarkChange.Op.ADD) -> None:
    """Write the change log's lines for these marks (index ids); call it inside the transaction
    that changes them, so that the log and the marks commit or roll back together."""
    MarkChange.objects.bulk_create([MarkChange(index_id=i, op=op) for i in index_ids], batch_size=5000)


def _log_position() -> dict[str, object]:
    """Where the log is now, for a build made from the database as it is: its last line, and the
    numbers below it not (yet) visible, which a catch-up looks at again."""
    latest = MarkChange.objects.aggregate(top=Max("seq"))["top"] or 0
    seen = set(MarkChange.objects.filter(seq__gt=latest - 1000).values_list("seq", flat=True))
    now = time.time()
    first = max(latest - 999, changelog.pruned_through() + 1, 1)  # pruned lines are no gaps
    return {"seq": latest, "holes": {str(s): now for s in range(first, latest) if s not in seen}}


def _read_state(build: Path) -> dict | None:
    try:
        state = json.loads((build / STATE_FILE).read_text())
        return {"seq": int(state["seq"]), "holes": {str(k): float(v) for k, v in state.get("holes", {}).items()}}
    except (FileNotFoundError, ValueError, KeyError, TypeError):
        return None


def _write_state(build: Path, state: dict) -> None:
    tmp = build / (STATE_FILE + ".tmp")
    tmp.write_text(json.dumps(state))
    os.replace(tmp, build / STATE_FILE)


def follow_seconds() -> float:
    return float(getattr(settings, "SIMILARITY_INDEX_FOLLOW_SECONDS", 1.0))


def catch_up(force: bool = False) -> int:
    """Apply the change log's lines this node's index does not hold yet; returns the marks
    written (or indexed, when it had to rebuild). Without ``force`` it looks at most once every
    ``follow_seconds()`` per process, and only takes the writers' lock when there is work."""
    root = index_dir()
    now = time.monotonic()
    if not force and now - _last_follow.get(root, -math.inf) < follow_seconds():
        return 0
    _last_follow[root] = now
    active = _active_build()
    state = _read_state(root / active) if active else None
    if state is not None:
        latest = MarkChange.objects.aggregate(top=Max("seq"))["top"] or 0
        if latest == state["seq"]:
            changelog.report_position(root, state, when_stale=True)
            if not state["holes"]:
                return 0
            wall = time.time()
            waiting = [int(h) for h, t in state["holes"].items() if wall - t < HOLE_SECONDS]
            if len(waiting) == len(state["holes"]) and not MarkChange.objects.filter(seq__in=waiting).exists():
                return 0
    with _service_lock():
        return _catch_up_locked()


def _catch_up_locked() -> int:
    index = _get_index(locked=True)
    build = index_dir() / (_active_build() or "")
    state = _read_state(build)
    latest = MarkChange.objects.aggregate(top=Max("seq"))["top"] or 0
    if (
        state is None
        or latest < state["seq"]
        or latest - state["seq"] > REBUILD_BEHIND
        or (latest > state["seq"] and changelog.pruned_through() > state["seq"])
    ):
        # No position (an index from before the log), ahead of the log (the database was
        # restored), too far behind, or behind lines the prune deleted: the database is the truth.
        return len(_build_locked())
    seq, holes = state["seq"], state["holes"]
    if latest == seq and not holes:
        return 0
    rows = list(MarkChange.objects.filter(seq__gt=seq).values_list("seq", "index_id").order_by("seq")) + list(
        MarkChange.objects.filter(seq__in=[int(h) for h in holes]).values_list("seq", "index_id")
    )
    seen = {s for s, _i in rows}
    top = max([seq, *seen])
    now = time.time()
    kept = {h: t for h, t in holes.items() if int(h) not in seen and now - t < HOLE_SECONDS}
    kept.update({str(s): now for s in range(seq + 1, top) if s not in seen})
    if len(kept) > MAX_HOLES:
        kept = dict(sorted(kept.items(), key=lambda item: int(item[0]))[-MAX_HOLES:])
    trademark_ids, corpus_ids = split_ids({i for _s, i in rows})
    written = _update_locked(index, sorted(trademark_ids), sorted(corpus_ids)) if rows else 0
    _write_state(build, {"seq": top, "holes": kept})
    changelog.report_position(index_dir(), {"seq": top, "holes": kept})
    return written


def related_groups_for(groups: Iterable[str]) -> dict[str, set[str]]:
    """The engine's ``related_groups`` for the groups of one query, from the similar-goods table."""
    return {g: lookups.related_groups(g) for g in groups}


def forget_open_indexes() -> None:
    """Drop this process's open indexes (tests switch index directories)."""
    with _open_lock:
        _open.clear()
        _last_follow.clear()
    changelog.forget_reports()
