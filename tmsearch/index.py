"""The persistent trademark index: a memory-mapped base segment plus a small delta.

Directory layout (``path``)::

    CURRENT              generation number N of the live files (replaced atomically)
    base-N/              the base segment (.npy files, opened with mmap_mode="r")
    delta-N.jsonl        append-only log of adds/removes since base-N was built
    LOCK                 flock()ed by writers (add/remove/compact) across processes

``add`` and ``remove`` append to the log and update an in-memory delta segment, so changes are
visible at once without a rebuild; other processes pick them up on their next search (a stat
per search).  Removed or replaced ids are tombstones masking base rows.  ``compact`` folds the
delta into a new base generation; readers still holding the old generation keep their mapped
files (unlinked files stay readable) until they notice the new ``CURRENT``.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from .arrays import unique_sorted
from .explain import alt_reasons, text_reasons
from .goods import class_bits, goods_query, goods_reasons, group_code
from .normalise import norm_from_key, normalise
from .refdata import RefData, load_refdata
from .score import finalise_score
from .search import MAX_CANDIDATES, PreparedQuery, brute_force_segment, search_full, top_by_id
from .segment import Segment, build_segment, empty_segment
from .types import Hit, Mark

DEFAULT_MIN_SCORE = 60.0


def _validate(mark: Mark) -> Mark:
    """Check a mark's classes and groups early (a bad one would fail a later build)."""
    class_bits(mark.classes)
    for g in mark.groups:
        group_code(g)
    return mark


def _mark_json(mark: Mark) -> dict[str, Any]:
    return {"op": "add", "id": mark.id, "text": mark.text, "classes": list(mark.classes), "groups": list(mark.groups)}


class TrademarkIndex:
    """Similar-mark search over a base segment and an in-memory delta.

    Open with :meth:`open` (or create with :func:`build_index`).  Searching is thread-safe;
    writers in several processes are serialised by a file lock.
    """

    def __init__(self, path: Path, ref: RefData, mmap: bool = True) -> None:
        self.path = path
        self.ref = ref
        self._mmap = mmap
        self._lock = threading.RLock()
        self._current_stamp: tuple[int, int] | None = None
        self._load_generation()

    # ----------------------------------------------------------------------------- opening
    @classmethod
    def open(
        cls, path: str | os.PathLike[str], refdata: str | os.PathLike[str] | None = None, mmap: bool = True
    ) -> TrademarkIndex:
        """Open an index directory; ``refdata`` overrides the character tables' directory."""
        p = Path(path)
        if not (p / "CURRENT").exists():
            raise FileNotFoundError(f"no trademark index at {p}")
        return cls(p, load_refdata(refdata), mmap=mmap)

    def _load_generation(self) -> None:
        cur = self.path / "CURRENT"
        self._gen = int(cur.read_text().strip())
        self._log_file = str(self._log_path())
        self.base = Segment.load(self.path / f"base-{self._gen}", mmap=self._mmap)
        self._delta: dict[int, Mark] = {}
        self._tomb: set[int] = set()
        self._log_pos = 0
        self._delta_seg: Segment | None = empty_segment()
        self._dead: np.ndarray | None = None
        self._read_log()

    def _log_path(self) -> Path:
        return self.path / f"delta-{self._gen}.jsonl"

    def _read_log(self) -> None:
        """Apply log lines appended since the last read."""
        try:
            with open(self._log_path(), "rb") as fh:
                fh.seek(self._log_pos)
                data = fh.read()
        except FileNotFoundError:
            return
        end = data.rfind(b"\n") + 1  # ignore a line still being written
        for line in data[:end].splitlines():
            if line.strip():
                self._apply(json.loads(line))
        self._log_pos += end

    def _apply(self, op: dict[str, Any]) -> None:
        if op["op"] == "add":
            mark = Mark(int(op["id"]), op["text"], tuple(op["classes"]), tuple(op["groups"]))
            self._delta[mark.id] = mark
            self._tomb.add(mark.id)  # hides a base row with the same id, if any
        else:
            for i in op["ids"]:
                self._delta.pop(int(i), None)
                self._tomb.add(int(i))
        self._delta_seg = None
        self._dead = None

    def refresh(self) -> None:
        """Pick up changes made by other processes (new log lines or a new generation)."""
        with self._lock:
            cur = self.path / "CURRENT"
            try:
                st = os.stat(cur)
                # CURRENT is only ever replaced (new inode): read it only when it changed
                stamp = (st.st_ino, st.st_mtime_ns)
                if stamp != self._current_stamp:
                    gen = int(cur.read_text().strip())
                    self._current_stamp = stamp
                    if gen != self._gen:
                        self._load_generation()
                        return
            except (FileNotFoundError, ValueError):
                return  # mid-replace or removed: keep serving what is open
            try:
                size = os.stat(self._log_file).st_size
            except FileNotFoundError:
                return
            if size != self._log_pos:
                self._read_log()

    # ----------------------------------------------------------------------------- writing
    @contextmanager
    def _writing(self) -> Iterator[None]:
        """Hold the thread lock and the cross-process file lock, state synced to disk."""
        with self._lock, open(self.path / "LOCK", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                self.refresh()
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _append(self, ops: list[dict[str, Any]]) -> None:
        payload = "".join(json.dumps(op, ensure_ascii=False) + "\n" for op in ops).encode("utf-8")
        with open(self._log_path(), "ab") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        self._read_log()

    def add(self, marks: Iterable[Mark]) -> None:
        """Add or replace marks (by id); visible to searches immediately."""
        ops = [_mark_json(_validate(m)) for m in marks]
        if ops:
            with self._writing():
                self._append(ops)

    def remove(self, ids: Iterable[int]) -> None:
        """Remove marks by id (base or delta); unknown ids are ignored."""
        ids = [int(i) for i in ids]
        if ids:
            with self._writing():
                self._append([{"op": "remove", "ids": ids}])

    def compact(self) -> None:
        """Fold the delta and tombstones into a new base generation and start an empty log."""
        with self._writing():
            dead = self._dead_mask()
            live_rows = np.flatnonzero(~dead) if dead is not None else range(self.base.n)
            marks = [*self.base.marks(live_rows), *self._delta.values()]
            new_gen = self._gen + 1
            target = self.path / f"base-{new_gen}"
            if target.exists():
                shutil.rmtree(target)
            build_segment(marks, self.ref).save(target)
            (self.path / f"delta-{new_gen}.jsonl").touch()
            _write_current(self.path, new_gen)
            old_gen = self._gen
            self._load_generation()
            shutil.rmtree(self.path / f"base-{old_gen}", ignore_errors=True)
            (self.path / f"delta-{old_gen}.jsonl").unlink(missing_ok=True)

    # ----------------------------------------------------------------------------- reading
    def _dead_mask(self) -> np.ndarray | None:
        if self._dead is None and self._tomb:
            self._dead = np.isin(self.base.ids, np.fromiter(self._tomb, dtype=np.int64))
        return self._dead

    def _delta_segment(self) -> Segment:
        seg = self._delta_seg
        if seg is None:
            seg = self._delta_seg = build_segment(list(self._delta.values()), self.ref)
        return seg

    def __len__(self) -> int:
        dead = self._dead_mask()
        return self.base.n - (int(dead.sum()) if dead is not None else 0) + len(self._delta)

    @property
    def delta_size(self) -> int:
        """Number of marks in the delta (a hint for when to call :meth:`compact`)."""
        return len(self._delta)

    def get(self, mark_id: int) -> Mark | None:
        """The live mark with this id, if any."""
        if mark_id in self._delta:
            return self._delta[mark_id]
        if mark_id in self._tomb:
            return None
        rows = np.flatnonzero(self.base.ids == mark_id)
        return self.base.mark(int(rows[0])) if len(rows) else None

    def search(
        self,
        text: str,
        classes: Iterable[int] | None = None,
        groups: Iterable[str] | None = None,
        related_groups: Mapping[str, Iterable[str]] | None = None,
        limit: int = 20,
        min_score: float = DEFAULT_MIN_SCORE,
        all_classes: bool = False,
        max_candidates: int = MAX_CANDIDATES,
    ) -> list[Hit]:
        """Marks similar to ``text``, best first.

        ``classes`` (Nice 1..45) and ``groups`` (similar-goods codes like "3301") restrict the
        search to marks sharing a class or group, or having a group that ``related_groups``
        (group -> related groups) links to the query's groups; with ``all_classes=True`` every
        mark is considered and goods only affect the score (same class x1.0, related group
        x0.95, other x0.85).  ``min_score`` is on the final 0..100 score.
        """
        return search_indexes(
            [self], text, classes, groups, related_groups, limit, min_score, all_classes, max_candidates
        )

    def searched(
        self,
        text: str,
        classes: Iterable[int] | None = None,
        groups: Iterable[str] | None = None,
        related_groups: Mapping[str, Iterable[str]] | None = None,
        min_score: float = DEFAULT_MIN_SCORE,
        all_classes: bool = False,
    ) -> dict[str, Any]:
        """What :meth:`search` compares for these arguments, to show beside the results.

        ``{"text", "key", "chinese", "latin", "classes", "groups", "related_groups",
        "all_classes", "min_score", "rewritings": [{"kind", "key", "factor", "detail"}]}``:
        the normalised key and its parts, the goods filter as resolved (group codes as
        4-digit strings) and every cross-script rewriting searched alongside the text.
        """
        q = normalise(text, self.ref)
        gq = goods_query(classes, groups, related_groups, all_classes)
        pq = PreparedQuery.make(q, self.ref, gq, float(min_score))
        return {
            "text": text,
            "key": q.key,
            "chinese": q.wide,
            "latin": q.latin,
            "classes": sorted(gq.classes),
            "groups": [f"{g:04d}" for g in sorted(gq.groups)],
            "related_groups": [f"{g:04d}" for g in sorted(gq.related)],
            "all_classes": gq.all_classes,
            "min_score": float(min_score),
            "rewritings": [
                {"kind": a.code, "key": a.norm.key, "factor": a.factor, "detail": a.detail} for a in pq.alt_keys
            ],
        }

    def brute_force(self, text: str, min_score: float = DEFAULT_MIN_SCORE) -> dict[int, float]:
        """Reference scores of every live mark >= ``min_score`` (no index, no goods): id -> score."""
        self.refresh()
        pq = PreparedQuery.make(normalise(text, self.ref), self.ref, goods_query(), float(min_score))
        out: dict[int, float] = {}
        dead = self._dead_mask()
        for seg, seg_dead in ((self.base, dead), (self._delta_segment(), None)):
            rows, scores = brute_force_segment(seg, pq)
            for r, s in zip(rows.tolist(), scores.tolist(), strict=True):
                if seg_dead is None or not seg_dead[r]:
                    out[int(seg.ids[r])] = s
        return out


def search_indexes(
    indexes: Sequence[TrademarkIndex],
    text: str,
    classes: Iterable[int] | None = None,
    groups: Iterable[str] | None = None,
    related_groups: Mapping[str, Iterable[str]] | None = None,
    limit: int = 20,
    min_score: float = DEFAULT_MIN_SCORE,
    all_classes: bool = False,
    max_candidates: int = MAX_CANDIDATES,
) -> list[Hit]:
    """:meth:`TrademarkIndex.search` over several indexes as one register (several shards of
    one register, or several registers on one node): the query is prepared once, every
    index's base and delta segments are searched, and the raw top is merged and finalised
    once, exactly as one index merges its base and delta.  The answer is the one a single
    index holding every mark would give, provided the ids are distinct across the indexes and
    they were opened with the same reference tables.
    """
    if not indexes:
        return []
    ref = indexes[0].ref
    if any(ix.ref is not ref for ix in indexes):
        raise ValueError("indexes searched together must share their reference tables")
    parts: list[tuple[Segment, np.ndarray | None]] = []
    for ix in indexes:
        ix.refresh()
        with ix._lock:
            parts += [(ix.base, ix._dead_mask()), (ix._delta_segment(), None)]
    q = normalise(text, ref)
    gq = goods_query(classes, groups, related_groups, all_classes)
    pq = PreparedQuery.make(q, ref, gq, float(min_score))
    # per segment searched: (raw scores, ids, rows, each rewriting's own score of each mark)
    found: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
    for seg, seg_dead in parts:
        k = max(limit, 0) + 5
        rows, final, _, raws = search_full(seg, pq, seg_dead, max_candidates, k=k)
        # Every raw 100 is kept (the search scored them all: it scores every mark whose bound
        # reaches the k-th score); ties are broken by id, like the final ranking.
        top = top_by_id(seg.ids[rows], final, k)
        rows, final, raws = rows[top], final[top], raws[:, top]
        found.append((final, seg.ids[rows].astype(np.int64), rows, raws))
    # The look-alike cap only lowers 100 to 98, so ranking on the raw score first and
    # keeping a margin of ties is enough to finalise just the returned hits.  Only the marks
    # looked at below are taken out of the arrays (an identical key may be stored thousands
    # of times: all its raw 100s are kept, and only the first ``limit`` that stay 100 count).
    raw_all = np.concatenate([f[0] for f in found])
    ids_all = np.concatenate([f[1] for f in found])
    where = np.concatenate([np.full(len(f[0]), i, np.int64) for i, f in enumerate(found)])
    at = np.concatenate([np.arange(len(f[0])) for f in found])
    order = np.lexsort((ids_all, -raw_all))
    ranked = []
    n100 = int(np.count_nonzero(raw_all >= 100.0))
    # what the loop below may read, as Python lists (one conversion, not one per element)
    sel = order[: n100 + limit + 5]
    sel_where: list[int] = where[sel].tolist()
    sel_at: list[int] = at[sel].tolist()
    sel_raw: list[float] = raw_all[sel].tolist()
    sel_ids: list[int] = ids_all[sel].tolist()
    exact = 0
    pos = 0
    while pos < len(sel):
        if pos < n100 and exact >= limit:
            pos = n100  # `limit` raw 100s kept their 100: no later raw 100 (100 or 98) is shown
            continue
        w, j = sel_where[pos], sel_at[pos]
        seg, row = parts[w][0], int(found[w][2][j])
        key = seg.key(row)
        text = seg.text(row)
        # the stored key is the mark's normalised key; only an equal key needs the look-alike
        # check (the cap and the reasons compare the unfolded forms), so only then normalise
        m = normalise(text, ref) if key == q.key else norm_from_key(key)
        score = finalise_score(sel_raw[pos], q, m)
        exact += score >= 100.0
        alt_raws = found[w][3][:, j].tolist()
        ranked.append((score, sel_ids[pos], seg, row, text, m, alt_raws))
        pos += 1
    ranked.sort(key=lambda h: (-h[0], h[1]))
    hits = []
    for score, mark_id, seg, row, text, m, alt_raws in ranked[:limit]:
        classes, groups = seg.classes(row), seg.groups(row)
        # the rewritings' scores of the mark, from the search's own rescoring
        alt = alt_reasons(pq, m, text, alt_raws) if pq.alts else []
        reasons = text_reasons(q, m, ref) + alt + goods_reasons(gq, classes, groups, related_groups)
        hits.append(Hit(mark_id, text, score, reasons, classes, groups))
    return hits


def _write_current(path: Path, gen: int) -> None:
    tmp = path / "CURRENT.tmp"
    tmp.write_text(f"{gen}\n")
    os.replace(tmp, path / "CURRENT")


def build_index(
    marks: Iterable[Mark],
    path: str | os.PathLike[str],
    refdata: str | os.PathLike[str] | None = None,
    chunk_size: int = 100_000,
) -> TrademarkIndex:
    """Build a new index directory from marks (ids must be unique) and open it."""
    p = Path(path)
    if (p / "CURRENT").exists():
        raise FileExistsError(f"an index already exists at {p}; open it and use add()/compact()")
    p.mkdir(parents=True, exist_ok=True)
    ref = load_refdata(refdata)
    seg = build_segment((_validate(m) for m in marks), ref, chunk_size=chunk_size)
    if len(unique_sorted(seg.ids)) != seg.n:
        raise ValueError("mark ids must be unique")
    seg.save(p / "base-1")
    (p / "delta-1.jsonl").touch()
    _write_current(p, 1)
    return TrademarkIndex(p, ref)
