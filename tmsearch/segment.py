"""An immutable index segment: mark data plus class-partitioned CSR posting lists.

A segment on disk is a directory of ``.npy`` files and a ``meta.json``; it is opened with
``mmap_mode="r"`` so that several worker processes share the page cache instead of each
holding a copy.

Marks are stored ordered by their first class, and the posting lists index *rows*, one per
(mark, class): row ``i < n`` is mark ``i`` in its first class (its *primary* row), rows
``n..`` are the marks' other classes, ordered by class (``smark`` maps them to marks).  So the
rows of one class are two contiguous ranges (``pcptr``/``scptr``), a class-filtered query reads
only those ranges of each (ascending) posting list, and a query over all classes reads only
the primary prefix.  A mark's classes are its Nice classes plus the classes of its groups'
codes; a mark with neither sits in class 0.

==========  ===========  ===========================================================
name        dtype        what
==========  ===========  ===========================================================
ids         int32/int64  caller's mark id per mark (int32 when every id fits)
kptr/kdata  int/u2|u4    CSR: folded key code points per mark (uint16 when all are BMP)
wlen/llen   uint8        the key's Chinese / Latin lengths; wlen | 0x80 when a Chinese char repeats
lsig        uint32       the set of the key's Latin symbols (``features.SIG_BIT``)
lrep        uint64       its Latin symbols occurring >= 2 times (bits 0-31), >= 3 times (32-63)
cmask       uint64       Nice classes as bits
gptr/gdata  int/int16    CSR: similar-goods groups of each mark, as ints
tptr/tblob  int/uint8    CSR: original text of each mark, UTF-8
pcptr       int64 (47)   primary rows of class c: ``pcptr[c]:pcptr[c+1]``
scptr       int64 (47)   secondary rows of class c: ``n + scptr[c] : n + scptr[c+1]``
smark       int32        mark of each secondary row
fkeys       int64        sorted distinct feature keys (see ``features``)
fptr/post   int64/int32  CSR: rows having each feature, ascending
foff        int32 (f,94) per feature, how many of its rows lie below each class boundary
                         (``boundaries``: the primary then the secondary class starts), so
                         that a list is cut to class ranges without a binary search
==========  ===========  ===========================================================

Pointer arrays are int32 when their totals fit, else int64.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import islice
from pathlib import Path
from typing import Literal

import numpy as np

from .arrays import unique_sorted
from .features import codes_matrix, doc_features, latin_repeats, latin_signatures
from .goods import class_bits, group_code
from .normalise import normalise_key
from .refdata import RefData
from .types import Mark

ARRAYS = (
    "ids", "kptr", "kdata", "wlen", "llen", "lsig", "lrep", "cmask", "gptr", "gdata", "tptr", "tblob",
    "pcptr", "scptr", "smark", "fkeys", "fptr", "post", "foff",
)  # fmt: skip
FORMAT_VERSION = 4
N_CLASSES = 46  # class 0 (none) and Nice 1..45


@dataclass
class Segment:
    """Arrays of one segment (in memory or memory-mapped)."""

    ids: np.ndarray
    kptr: np.ndarray
    kdata: np.ndarray
    wlen: np.ndarray
    llen: np.ndarray
    lsig: np.ndarray
    lrep: np.ndarray
    cmask: np.ndarray
    gptr: np.ndarray
    gdata: np.ndarray
    tptr: np.ndarray
    tblob: np.ndarray
    pcptr: np.ndarray
    scptr: np.ndarray
    smark: np.ndarray
    fkeys: np.ndarray
    fptr: np.ndarray
    post: np.ndarray
    foff: np.ndarray

    def __post_init__(self) -> None:
        # Read-only however made (built in memory, mapped or loaded): the compiled kernels then
        # see one type per array, and compile (and cache, see tmsearch.warm) once, not per kind.
        for name in ARRAYS:
            getattr(self, name).flags.writeable = False

    @property
    def n(self) -> int:
        """Number of marks in the segment."""
        return len(self.ids)

    @cached_property
    def secondary_rows(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """``wlen``, ``llen``, ``lsig`` and ``lrep`` of each secondary row's mark (rows ``n..``), gathered
        at first use: a class-filtered search then reads its rows' lengths and letters from
        the class's own contiguous range instead of from marks all over the segment."""
        m = self.smark
        return self.wlen[m], self.llen[m], self.lsig[m], self.lrep[m]

    @cached_property
    def latin_at_least(self) -> np.ndarray:
        """Per length ``L`` (0..255), how many marks have at least ``L`` Latin letters."""
        counts = np.bincount(np.asarray(self.llen), minlength=256)[:256]
        return np.cumsum(counts[::-1])[::-1]

    @cached_property
    def boundaries(self) -> np.ndarray:
        """The rows where each class's primary and secondary rows start (``pcptr``, then
        ``n + scptr``: ascending), the columns of ``foff``."""
        return boundaries(self.pcptr, self.scptr, self.n)

    @property
    def n_rows(self) -> int:
        """Number of posting rows (one per mark and class)."""
        return self.n + len(self.smark)

    def text(self, row: int) -> str:
        """Original text of a mark."""
        return bytes(self.tblob[self.tptr[row] : self.tptr[row + 1]]).decode("utf-8")

    def groups(self, row: int) -> tuple[str, ...]:
        """Similar-goods groups of a mark, as 4-digit strings."""
        return tuple(f"{g:04d}" for g in self.gdata[self.gptr[row] : self.gptr[row + 1]].tolist())

    def classes(self, row: int) -> tuple[int, ...]:
        """Nice classes of a mark."""
        return classes_of(int(self.cmask[row]))

    def mark(self, row: int) -> Mark:
        """Mark number ``row`` as a :class:`Mark`."""
        return Mark(int(self.ids[row]), self.text(row), self.classes(row), self.groups(row))

    def marks(self, rows: Iterable[int] | None = None) -> Iterator[Mark]:
        """Marks of the given mark numbers (all by default)."""
        for row in range(self.n) if rows is None else rows:
            yield self.mark(int(row))

    def key(self, row: int) -> str:
        """Normalised key of one mark."""
        units = self.kdata[int(self.kptr[row]) : int(self.kptr[row + 1])]
        codec = "utf-16-le" if units.dtype == np.uint16 else "utf-32-le"
        return units.tobytes().decode(codec, errors="surrogatepass")

    def key_codes(self, marks: np.ndarray) -> np.ndarray:
        """Key code points of the given marks as a zero-padded ``(len, width)`` uint32 matrix."""
        marks = np.asarray(marks, dtype=np.int64)
        if not len(marks):
            return np.zeros((0, 1), np.uint32)
        start = self.kptr[marks].astype(np.int64)
        lens = self.kptr[marks + 1].astype(np.int64) - start
        w = max(int(lens.max()), 1)
        out = np.zeros((len(marks), w), np.uint32)
        total = int(lens.sum())
        if total:
            # CSR gather of just the keys' code units, scattered into their rows
            first = np.cumsum(lens) - lens
            pos = np.arange(total, dtype=np.int64)
            src = pos + np.repeat(start - first, lens)
            dst = pos + np.repeat(np.arange(len(marks), dtype=np.int64) * w - first, lens)
            out.ravel()[dst] = self.kdata[src]
        return out

    def row_marks(self, rows: np.ndarray) -> np.ndarray:
        """Mark number of each posting row."""
        rows = rows.astype(np.int64, copy=False)
        n = self.n
        sec = rows >= n
        if not sec.any():
            return rows
        out = rows.copy()
        out[sec] = self.smark[rows[sec] - n]
        return out

    def class_ranges(self, classes: Iterable[int]) -> list[tuple[int, int]]:
        """Row ranges holding the given classes (sorted, merged, non-empty)."""
        n = self.n
        out = []
        for c in sorted(set(classes)):
            out.append((int(self.pcptr[c]), int(self.pcptr[c + 1])))
            out.append((n + int(self.scptr[c]), n + int(self.scptr[c + 1])))
        out.sort()
        merged: list[tuple[int, int]] = []
        for a, b in out:
            if a >= b:
                continue
            if merged and merged[-1][1] >= a:
                merged[-1] = (merged[-1][0], max(merged[-1][1], b))
            else:
                merged.append((a, b))
        return merged

    def postings(self, feature: int) -> np.ndarray:
        """Rows having a feature (empty if unknown)."""
        i = int(np.searchsorted(self.fkeys, feature))
        if i >= len(self.fkeys) or int(self.fkeys[i]) != feature:
            return self.post[:0]
        return self.post[self.fptr[i] : self.fptr[i + 1]]

    def nbytes(self) -> int:
        """Total size of the arrays."""
        return sum(getattr(self, a).nbytes for a in ARRAYS)

    def save(self, path: Path) -> None:
        """Write the segment to a new directory (files fsynced, meta.json written last)."""
        path.mkdir(parents=True, exist_ok=False)
        for name in ARRAYS:
            with open(path / f"{name}.npy", "wb") as fh:
                np.save(fh, np.ascontiguousarray(getattr(self, name)))
                fh.flush()
                os.fsync(fh.fileno())
        meta = {"format": FORMAT_VERSION, "n": self.n, "rows": self.n_rows}
        (path / "meta.json").write_text(json.dumps(meta))

    @classmethod
    def load(cls, path: Path, mmap: bool = True) -> Segment:
        """Open a saved segment, memory-mapped read-only by default."""
        meta = json.loads((path / "meta.json").read_text())
        if meta.get("format") != FORMAT_VERSION:
            raise ValueError(f"unsupported index format in {path}: {meta.get('format')} (rebuild the index)")
        mode: Literal["r"] | None = "r" if mmap else None
        arrays = {name: np.load(path / f"{name}.npy", mmap_mode=mode) for name in ARRAYS}
        # Plain ndarray views of the maps: same shared pages, but slicing skips np.memmap's
        # Python-level __getitem__/__array_finalize__ (about a third of query time otherwise).
        return cls(**{name: a.view(np.ndarray) for name, a in arrays.items()})


def _repeats_wide(codes: np.ndarray) -> np.ndarray:
    """Per key row, whether a Chinese (wide) char occurs more than once."""
    w = np.where(codes >= 128, codes, 0)
    w.sort(axis=1)
    return np.asarray(((w[:, 1:] == w[:, :-1]) & (w[:, 1:] > 0)).any(axis=1))


def _chunks(marks: Iterable[Mark], size: int) -> Iterator[list[Mark]]:
    it = iter(marks)
    while chunk := list(islice(it, size)):
        yield chunk


def _ptr(counts: np.ndarray) -> np.ndarray:
    """CSR pointer array from per-row counts (int32 when the total fits)."""
    out = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=out[1:])
    return out.astype(np.int32) if out[-1] < 2**31 else out


def _gather_csr(ptr: np.ndarray, data: np.ndarray, order: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """CSR ``(ptr, data)`` with its rows permuted by ``order``."""
    ptr = ptr.astype(np.int64)
    starts = ptr[order]
    lens = ptr[order + 1] - starts
    total = int(lens.sum())
    offs = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(lens) - lens - starts, lens)
    return _ptr(lens), data[offs]


def _min_int(a: np.ndarray) -> np.ndarray:
    if not len(a) or (int(a.min()) >= -(2**31) and int(a.max()) < 2**31):
        return a.astype(np.int32)
    return a.astype(np.int64)


def build_segment(marks: Iterable[Mark], ref: RefData, chunk_size: int = 100_000) -> Segment:
    """Build a segment from marks, chunk by chunk to bound peak memory."""
    ids, klens, wlens, kdata, lsigs, lreps, cmask, gcount, gdata, tlen, tblob, fk, fd = ([] for _ in range(13))
    offset = 0
    for chunk in _chunks(marks, chunk_size):
        keys = [normalise_key(m.text, ref) for m in chunk]
        c = codes_matrix(keys)
        ids.append(np.fromiter((m.id for m in chunk), dtype=np.int64, count=len(chunk)))
        kdata.append(c[c > 0])  # keys have no NUL: the row-major non-zeros are the keys in order
        klens.append((c > 0).sum(axis=1).astype(np.int64))
        wlens.append((c >= 128).sum(axis=1).astype(np.int64) | (_repeats_wide(c).astype(np.int64) << 7))
        lsigs.append(latin_signatures(c))
        lreps.append(latin_repeats(c))
        cmask.append(np.fromiter((class_bits(m.classes) for m in chunk), dtype=np.uint64, count=len(chunk)))
        gcount.append(np.fromiter((len(m.groups) for m in chunk), dtype=np.int64, count=len(chunk)))
        gdata.append(np.fromiter((group_code(g) for m in chunk for g in m.groups), dtype=np.int16))
        encoded = [m.text.encode("utf-8") for m in chunk]
        tlen.append(np.fromiter((len(e) for e in encoded), dtype=np.int64, count=len(encoded)))
        tblob.append(np.frombuffer(b"".join(encoded), dtype=np.uint8))
        keys_f, rows_f = doc_features(c)
        fk.append(keys_f)
        fd.append(rows_f + offset)
        offset += len(chunk)
        del c, keys, encoded
    if not ids:
        return empty_segment()
    n = offset
    ids_a = np.concatenate(ids)
    cm = np.concatenate(cmask)
    gc = np.concatenate(gcount)
    gd = np.concatenate(gdata)
    kl = np.concatenate(klens)
    kd = np.concatenate(kdata)
    wide_cnt = np.concatenate(wlens)  # with the repeat flag in bit 7
    lsig = np.concatenate(lsigs)
    lrep = np.concatenate(lreps)
    del ids, cmask, gcount, gdata, klens, kdata, wlens, lsigs, lreps

    # (mark, class) pairs: Nice classes plus the classes of the group codes, or class 0.
    gptr0 = np.zeros(n + 1, np.int64)
    np.cumsum(gc, out=gptr0[1:])
    bits = cm.copy()
    if len(gd):
        owner = np.repeat(np.arange(n), gc)
        np.bitwise_or.at(bits, owner, np.left_shift(np.uint64(1), (gd // 100).astype(np.uint64)))
    has = np.zeros((n, N_CLASSES - 1), dtype=bool)
    for nice in range(1, N_CLASSES):
        has[:, nice - 1] = (bits >> np.uint64(nice)) & np.uint64(1)
    del bits
    none = ~has.any(axis=1)
    first = np.where(none, 0, has.argmax(axis=1) + 1)
    order = np.argsort(first, kind="stable")  # marks by first class
    inv = np.empty(n, np.int64)
    inv[order] = np.arange(n)
    pcptr = np.searchsorted(first[order], np.arange(N_CLASSES + 1)).astype(np.int64)
    has[np.arange(n), first - 1] &= none  # drop the primary class (none: column unused)
    sm, sc = np.nonzero(has.T)  # secondary (class-1, mark), sorted by class then old mark index
    del has
    smark_new = inv[sc]
    scls = sm + 1
    # within a class, secondary rows in new mark order (ascending rows keep lists sorted either way)
    so = np.lexsort((smark_new, scls))
    smark_new, scls = smark_new[so], scls[so]
    scptr = np.searchsorted(scls, np.arange(N_CLASSES + 1)).astype(np.int64)

    # Mark-level arrays in the new order.
    kptr, kdata_o = _gather_csr(_ptr(kl), kd, order)
    kdata_o = kdata_o.astype(np.uint16) if (not len(kdata_o) or int(kdata_o.max()) < 65536) else kdata_o
    gptr, gdata_o = _gather_csr(gptr0, gd, order)
    tptr, tblob_o = _gather_csr(_ptr(np.concatenate(tlen)), np.concatenate(tblob), order)
    del tlen, tblob, kd

    # Postings: (feature, mark) pairs deduplicated, then expanded to every row of the mark.
    fkeys, fptr, post = _postings(np.concatenate(fk), inv[np.concatenate(fd)], n, smark_new)
    bounds = boundaries(pcptr, scptr, n)
    foff = np.empty((len(fkeys), len(bounds)), np.int32)
    for f in range(len(fkeys)):
        foff[f] = np.searchsorted(post[fptr[f] : fptr[f + 1]], bounds)
    return Segment(
        ids=_min_int(ids_a[order]),
        kptr=kptr,
        kdata=kdata_o,
        wlen=wide_cnt[order].astype(np.uint8),
        llen=(kl - (wide_cnt & 0x7F))[order].astype(np.uint8),
        lsig=lsig[order],
        lrep=lrep[order],
        cmask=cm[order],
        gptr=gptr,
        gdata=gdata_o.astype(np.int16),
        tptr=tptr,
        tblob=tblob_o,
        pcptr=pcptr,
        scptr=scptr,
        smark=smark_new.astype(np.int32),
        fkeys=fkeys,
        fptr=fptr,
        post=post,
        foff=foff,
    )


@lru_cache(maxsize=4096)
def classes_of(bits: int) -> tuple[int, ...]:
    """The Nice classes of a class bit mask (``Segment.cmask``; marks share a few thousand)."""
    out = []
    while bits:
        low = bits & -bits
        out.append(low.bit_length() - 1)
        bits ^= low
    return tuple(c for c in out if 1 <= c <= 45)


def boundaries(pcptr: np.ndarray, scptr: np.ndarray, n: int) -> np.ndarray:
    """The class boundary rows of a segment of ``n`` marks (see ``Segment.boundaries``)."""
    return np.concatenate([pcptr, n + scptr]).astype(np.int64)


def _postings(
    keys: np.ndarray, marks: np.ndarray, n: int, smark: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sorted distinct features, CSR pointers, and ascending rows per feature."""
    fkeys = unique_sorted(keys)
    inv = np.searchsorted(fkeys, keys)
    del keys
    # One int64 per (feature id, mark): a single sort groups by feature and drops repeats.
    pairs = unique_sorted((inv << 32) | marks)
    del inv
    # Rows of each mark: its primary row (= mark) and its secondary rows n + j.
    extra = np.bincount(smark, minlength=n).astype(np.int64) if len(smark) else np.zeros(n, np.int64)
    if len(smark):
        sord = np.argsort(smark, kind="stable")
        sptr = np.zeros(n + 1, np.int64)
        np.cumsum(extra, out=sptr[1:])
        pm = pairs & 0xFFFFFFFF
        cnt = extra[pm]
        sec_pairs = np.repeat(pairs, cnt)
        k = np.arange(len(sec_pairs), dtype=np.int64) - np.repeat(np.cumsum(cnt) - cnt, cnt)
        sec_rows = n + sord[sptr[np.repeat(pm, cnt)] + k]
        sec_pairs = ((sec_pairs >> 32) << 32) | sec_rows
        del pm, cnt, k, sec_rows
        pairs = np.concatenate([pairs, sec_pairs])
        del sec_pairs
        pairs.sort()
    fid = pairs >> 32
    post = (pairs & 0xFFFFFFFF).astype(np.int32)
    fptr = np.zeros(len(fkeys) + 1, np.int64)
    np.cumsum(np.bincount(fid, minlength=len(fkeys)), out=fptr[1:])
    return fkeys, fptr, post


def empty_segment() -> Segment:
    """A segment with no rows."""
    z = np.zeros(0, np.int32)
    return Segment(
        ids=z,
        kptr=np.zeros(1, np.int32),
        kdata=np.zeros(0, np.uint16),
        wlen=np.zeros(0, np.uint8),
        llen=np.zeros(0, np.uint8),
        lsig=np.zeros(0, np.uint32),
        lrep=np.zeros(0, np.uint64),
        cmask=np.zeros(0, np.uint64),
        gptr=np.zeros(1, np.int32),
        gdata=np.zeros(0, np.int16),
        tptr=np.zeros(1, np.int32),
        tblob=np.zeros(0, np.uint8),
        pcptr=np.zeros(N_CLASSES + 1, np.int64),
        scptr=np.zeros(N_CLASSES + 1, np.int64),
        smark=z,
        fkeys=np.zeros(0, np.int64),
        fptr=np.zeros(1, np.int64),
        post=z,
        foff=np.zeros((0, 2 * (N_CLASSES + 1)), np.int32),
    )
