"""An immutable index segment: mark data plus CSR posting lists, as numpy arrays.

A segment on disk is a directory of ``.npy`` files and a ``meta.json``; it is opened with
``mmap_mode="r"`` so that several worker processes share the page cache instead of each
holding a copy.  The arrays:

==========  =========  ===========================================================
name        dtype      what
==========  =========  ===========================================================
ids         int64      caller's mark id per row
codes       uint32     (n, width) code points of the folded key, zero padded
klen        uint8      key length;  ``wlen``/``llen``: its Chinese / Latin lengths
cmask       uint64     Nice classes as bits
gptr/gdata  int64/i2   CSR: similar-goods groups of each row, as ints
tptr/tblob  int64/u1   CSR: original text of each row, UTF-8
fkeys       int64      sorted distinct feature keys (see ``features``)
fptr/post   int64/i4   CSR: rows having each feature, ascending
==========  =========  ===========================================================
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

import numpy as np

from .features import codes_matrix, doc_features
from .goods import class_bits, group_code
from .normalise import normalise_key
from .refdata import RefData
from .types import Mark

ARRAYS = ("ids", "codes", "klen", "wlen", "llen", "cmask", "gptr", "gdata", "tptr", "tblob", "fkeys", "fptr", "post")
FORMAT_VERSION = 1


@dataclass
class Segment:
    """Arrays of one segment (in memory or memory-mapped)."""

    ids: np.ndarray
    codes: np.ndarray
    klen: np.ndarray
    wlen: np.ndarray
    llen: np.ndarray
    cmask: np.ndarray
    gptr: np.ndarray
    gdata: np.ndarray
    tptr: np.ndarray
    tblob: np.ndarray
    fkeys: np.ndarray
    fptr: np.ndarray
    post: np.ndarray

    @property
    def n(self) -> int:
        """Number of rows (marks) in the segment."""
        return len(self.ids)

    def text(self, row: int) -> str:
        """Original text of a row."""
        return bytes(self.tblob[self.tptr[row] : self.tptr[row + 1]]).decode("utf-8")

    def groups(self, row: int) -> tuple[str, ...]:
        """Similar-goods groups of a row, as 4-digit strings."""
        return tuple(f"{int(g):04d}" for g in self.gdata[self.gptr[row] : self.gptr[row + 1]])

    def classes(self, row: int) -> tuple[int, ...]:
        """Nice classes of a row."""
        bits = int(self.cmask[row])
        return tuple(c for c in range(1, 46) if bits >> c & 1)

    def mark(self, row: int) -> Mark:
        """The row as a :class:`Mark`."""
        return Mark(int(self.ids[row]), self.text(row), self.classes(row), self.groups(row))

    def marks(self, rows: Iterable[int] | None = None) -> Iterator[Mark]:
        """Marks of the given rows (all rows by default)."""
        for row in range(self.n) if rows is None else rows:
            yield self.mark(int(row))

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
        meta = {"format": FORMAT_VERSION, "n": self.n, "width": int(self.codes.shape[1])}
        (path / "meta.json").write_text(json.dumps(meta))

    @classmethod
    def load(cls, path: Path, mmap: bool = True) -> Segment:
        """Open a saved segment, memory-mapped read-only by default."""
        meta = json.loads((path / "meta.json").read_text())
        if meta.get("format") != FORMAT_VERSION:
            raise ValueError(f"unsupported index format in {path}: {meta.get('format')}")
        mode = "r" if mmap else None
        arrays = {name: np.load(path / f"{name}.npy", mmap_mode=mode) for name in ARRAYS}
        # Plain ndarray views of the maps: same shared pages, but slicing skips np.memmap's
        # Python-level __getitem__/__array_finalize__ (about a third of query time otherwise).
        return cls(**{name: a.view(np.ndarray) for name, a in arrays.items()})


def _chunks(marks: Iterable[Mark], size: int) -> Iterator[list[Mark]]:
    it = iter(marks)
    while chunk := list(islice(it, size)):
        yield chunk


def build_segment(marks: Iterable[Mark], ref: RefData, chunk_size: int = 100_000) -> Segment:
    """Build a segment from marks, chunk by chunk to bound peak memory."""
    ids, codes, klen, cmask, gcount, gdata, tlen, tblob, fk, fd = ([] for _ in range(10))
    offset = 0
    for chunk in _chunks(marks, chunk_size):
        keys = [normalise_key(m.text, ref) for m in chunk]
        c = codes_matrix(keys)
        ids.append(np.fromiter((m.id for m in chunk), dtype=np.int64, count=len(chunk)))
        codes.append(c)
        klen.append(np.fromiter((len(k) for k in keys), dtype=np.uint8, count=len(keys)))
        cmask.append(np.fromiter((class_bits(m.classes) for m in chunk), dtype=np.uint64, count=len(chunk)))
        gcount.append(np.fromiter((len(m.groups) for m in chunk), dtype=np.int64, count=len(chunk)))
        gdata.append(np.fromiter((group_code(g) for m in chunk for g in m.groups), dtype=np.int16))
        encoded = [m.text.encode("utf-8") for m in chunk]
        tlen.append(np.fromiter((len(e) for e in encoded), dtype=np.int64, count=len(encoded)))
        tblob.append(np.frombuffer(b"".join(encoded), dtype=np.uint8))
        keys_f, rows_f = doc_features(c, ref)
        fk.append(keys_f)
        fd.append(rows_f + offset)
        offset += len(chunk)
    if not ids:
        return empty_segment()
    width = max(c.shape[1] for c in codes)
    all_codes = np.zeros((offset, width), dtype=np.uint32)
    row = 0
    for c in codes:
        all_codes[row : row + c.shape[0], : c.shape[1]] = c
        row += c.shape[0]
    del codes
    fkeys, fptr, post = _postings(np.concatenate(fk), np.concatenate(fd))
    return Segment(
        ids=np.concatenate(ids),
        codes=all_codes,
        klen=np.concatenate(klen),
        wlen=(all_codes >= 128).sum(axis=1).astype(np.uint8),
        llen=((all_codes > 0) & (all_codes < 128)).sum(axis=1).astype(np.uint8),
        cmask=np.concatenate(cmask),
        gptr=_ptr(np.concatenate(gcount)),
        gdata=np.concatenate(gdata),
        tptr=_ptr(np.concatenate(tlen)),
        tblob=np.concatenate(tblob),
        fkeys=fkeys,
        fptr=fptr,
        post=post,
    )


def _ptr(counts: np.ndarray) -> np.ndarray:
    """CSR pointer array from per-row counts."""
    out = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=out[1:])
    return out


def _postings(keys: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sorted distinct features, CSR pointers, and deduplicated ascending rows per feature."""
    fkeys, inv = np.unique(keys, return_inverse=True)
    del keys
    # One int64 per (feature id, row) pair: a single sort groups by feature, orders rows and
    # lets unique() drop a row's repeated features.  Needs < 2**31 features and rows.
    pairs = np.unique((inv.astype(np.int64) << 32) | rows)
    del inv
    fid = pairs >> 32
    post = (pairs & 0xFFFFFFFF).astype(np.int32)
    fptr = _ptr(np.bincount(fid, minlength=len(fkeys)))
    return fkeys, fptr, post


def empty_segment() -> Segment:
    """A segment with no rows."""
    z64 = np.zeros(0, np.int64)
    return Segment(
        ids=z64,
        codes=np.zeros((0, 1), np.uint32),
        klen=np.zeros(0, np.uint8),
        wlen=np.zeros(0, np.uint8),
        llen=np.zeros(0, np.uint8),
        cmask=np.zeros(0, np.uint64),
        gptr=np.zeros(1, np.int64),
        gdata=np.zeros(0, np.int16),
        tptr=np.zeros(1, np.int64),
        tblob=np.zeros(0, np.uint8),
        fkeys=z64,
        fptr=np.zeros(1, np.int64),
        post=np.zeros(0, np.int32),
    )
