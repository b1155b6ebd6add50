"""Full-text search over the corpus: an inverted index of jieba words with BM25 ranking.

DuckDB's fts extension is not bundled with the wheel and extensions download at run time,
which this platform never does; so the index is built here with NumPy and stored as ``.npy``
files that every web worker memory-maps (the pages are shared)::

    vocab.json      the words, in id order
    offsets.npy     int64, postings of word i are [offsets[i], offsets[i+1])
    docs.npy        int32 document numbers, sorted within each word
    weights.npy     float32 BM25 weight of the word in the document (k1 = 1.2, b = 0.75)
    dense.npy       float32 [frequent words × documents]: the same weights as dense rows
    dense_words.json  which words have a dense row
    top_docs.npy, top_weights.npy  the best 256 documents of each frequent word, in order
    doclen.npy      int32 words per document
    doc_ids.npy     the documents' doc_id (bytes)
    meta.json       documents, average length, the store version it was built from

Documents are segmented in parallel processes (jieba does ~1.2 MB/s on one core).
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import numpy as np

from patentstore.text import index_tokens

K1 = 1.2
B = 0.75
DENSE_MIN_SHARE = 0.02  # words in at least 2 % of the documents get a dense row …
DENSE_MIN_DOCS = 64
DENSE_CELLS = 64_000_000  # … as long as all dense rows together stay under 256 MB
TOP_KEPT = 256  # best documents kept in order for each frequent word


def _tokenize(text: str) -> list[str]:
    return index_tokens(text)


def build(
    documents: Iterable[tuple[str, str]],
    out: Path,
    *,
    version: int = 0,
    processes: int = 2,
    tokenize: Callable[[str], list[str]] | None = None,
) -> dict[str, Any]:
    """Index (doc_id, text) pairs into ``out`` (replaced atomically); returns the meta data."""
    started = time.perf_counter()
    docs = list(documents)
    ids = [d for d, _ in docs]
    texts = [t for _, t in docs]
    token_lists: list[list[str]]
    if tokenize is not None:  # a caller's own (e.g. memoised) segmentation, in this process
        token_lists = [tokenize(t) for t in texts]
    elif processes > 1 and len(texts) > 5000:
        # forkserver, not fork: the caller (a worker with a heartbeat thread, a web server)
        # may hold locks in other threads that a forked child would inherit locked and hang on.
        with get_context("forkserver").Pool(processes) as pool:
            token_lists = list(pool.imap(_tokenize, texts, chunksize=1000))
    else:
        token_lists = [_tokenize(t) for t in texts]
    segmented = time.perf_counter()
    vocab: dict[str, int] = {}
    term_ids: list[int] = []
    freqs: list[int] = []
    per_doc = np.zeros(len(docs), dtype=np.int64)
    doclen = np.zeros(len(docs), dtype=np.int32)
    for number, tokens in enumerate(token_lists):
        counts = Counter(tokens)
        doclen[number] = len(tokens)
        per_doc[number] = len(counts)
        for term, count in counts.items():
            term_ids.append(vocab.setdefault(term, len(vocab)))
            freqs.append(count)
    words = [""] * len(vocab)
    for term, number in vocab.items():
        words[number] = term
    return build_from_counts(
        ids,
        docs=np.repeat(np.arange(len(docs), dtype=np.int32), per_doc),
        terms=np.asarray(term_ids, dtype=np.int32),
        tf=np.asarray(freqs, dtype=np.float32),
        doclen=doclen,
        words=words,
        out=out,
        version=version,
        started=started,
        segment_seconds=round(segmented - started, 2),
    )


def compute(
    ids: list[str],
    *,
    docs: np.ndarray,
    terms: np.ndarray,
    tf: np.ndarray,
    doclen: np.ndarray,
    words: list[str],
    version: int = 0,
) -> dict[str, Any]:
    """The index's arrays from (document, word, frequency) rows already counted, documents in
    order: what ``build_from_counts`` writes, or what ``TextIndex.from_parts`` holds in memory."""
    vocab_size = len(words)
    doc_numbers = docs.astype(np.int32)
    doclen = doclen.astype(np.int32)
    order = np.argsort(terms, kind="stable")  # stable: documents stay sorted within a word
    df = np.bincount(terms, minlength=vocab_size)
    offsets = np.zeros(vocab_size + 1, dtype=np.int64)
    np.cumsum(df, out=offsets[1:])
    sorted_docs = doc_numbers[order]
    sorted_tf = np.asarray(tf, dtype=np.float32)[order]
    n = max(len(ids), 1)
    avgdl = float(doclen.mean()) if len(ids) else 1.0
    idf = np.log(1 + (n - df + 0.5) / (df + 0.5)).astype(np.float32)
    norm = K1 * (1 - B + B * doclen[sorted_docs].astype(np.float32) / (avgdl or 1.0))
    weights = (np.repeat(idf, df) * sorted_tf * (K1 + 1) / (sorted_tf + norm)).astype(np.float32)
    # The most frequent words also get a dense row (weight per document, 0 when absent), so a
    # query with a word found in a large share of the corpus needs no intersection with it.
    frequent = [int(t) for t in np.argsort(-df, kind="stable") if df[t] >= max(DENSE_MIN_SHARE * n, DENSE_MIN_DOCS)]
    frequent = frequent[: max(0, DENSE_CELLS // n)]
    dense = np.zeros((len(frequent), len(ids)), dtype=np.float32)
    top_docs = np.zeros((len(frequent), TOP_KEPT), dtype=np.int32)
    top_weights = np.zeros((len(frequent), TOP_KEPT), dtype=np.float32)
    for row, term_no in enumerate(frequent):
        start, end = offsets[term_no], offsets[term_no + 1]
        dense[row, sorted_docs[start:end]] = weights[start:end]
        # … and its best documents in order, so a query of that word alone is read off.
        order_in = np.lexsort((sorted_docs[start:end], -weights[start:end]))[:TOP_KEPT]
        top_docs[row, : len(order_in)] = sorted_docs[start:end][order_in]
        top_weights[row, : len(order_in)] = weights[start:end][order_in]
    return {
        "offsets": offsets,
        "docs": sorted_docs,
        "weights": weights,
        "dense": dense,
        "top_docs": top_docs,
        "top_weights": top_weights,
        "doclen": doclen,
        "doc_ids": np.array([d.encode("utf-8") for d in ids], dtype=bytes),
        "dense_words": frequent,
        "words": words,
        "meta": {
            "documents": len(ids),
            "words": vocab_size,
            "postings": len(terms),
            "avgdl": float(doclen.mean()) if len(ids) else 0.0,
            "version": version,
        },
    }


ARRAYS = ("offsets", "docs", "weights", "dense", "top_docs", "top_weights", "doclen", "doc_ids")


def build_from_counts(
    ids: list[str],
    *,
    docs: np.ndarray,
    terms: np.ndarray,
    tf: np.ndarray,
    doclen: np.ndarray,
    words: list[str],
    out: Path,
    version: int = 0,
    started: float | None = None,
    segment_seconds: float = 0.0,
    extra: dict[str, np.ndarray] | None = None,
) -> dict[str, Any]:
    """Write the index from (document, word, frequency) rows already counted (``build`` after
    segmentation; the exchange's offers; benchmarks). ``extra`` arrays (one value per document,
    say) are written into the same folder, so they are replaced with it at once."""
    started = time.perf_counter() if started is None else started
    parts = compute(ids, docs=docs, terms=terms, tf=tf, doclen=doclen, words=words, version=version)
    # A name of this build's own: two builds at once never write into one folder.
    tmp = out.with_name(f"{out.name}.tmp-{os.getpid()}-{threading.get_ident()}-{uuid.uuid4().hex[:8]}")
    tmp.mkdir(parents=True)
    for name in ARRAYS:
        np.save(tmp / f"{name}.npy", parts[name])
    for name, values in (extra or {}).items():
        np.save(tmp / f"extra_{name}.npy", values)
    (tmp / "dense_words.json").write_text(json.dumps(parts["dense_words"]), encoding="utf-8")
    (tmp / "vocab.json").write_text(json.dumps(words, ensure_ascii=False), encoding="utf-8")
    meta = {
        **parts["meta"],
        "extra": sorted(extra or {}),
        "segment_seconds": segment_seconds,
        "seconds": round(time.perf_counter() - started, 2),
    }
    # meta.json is written last: a folder without it is an unfinished build, never read.
    (tmp / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    old = out.with_name(f"{out.name}.old-{os.getpid()}-{threading.get_ident()}-{uuid.uuid4().hex[:8]}")
    if out.exists():
        os.replace(out, old)
    os.replace(tmp, out)
    shutil.rmtree(old, ignore_errors=True)
    return meta


@dataclass(frozen=True)
class Hit:
    doc_id: str
    score: float


class TextIndex:
    """A built index, memory-mapped."""

    def __init__(self, path: Path) -> None:
        meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
        parts: dict[str, Any] = {name: np.load(path / f"{name}.npy", mmap_mode="r") for name in ARRAYS}
        parts["words"] = json.loads((path / "vocab.json").read_text(encoding="utf-8"))
        parts["dense_words"] = json.loads((path / "dense_words.json").read_text())
        parts["meta"] = meta
        self._load(parts)
        self.path: Path | None = path
        self.extra = {name: np.load(path / f"extra_{name}.npy", mmap_mode="r") for name in meta.get("extra", [])}

    @classmethod
    def from_parts(cls, parts: dict[str, Any]) -> TextIndex:
        """An index held in memory (``compute``'s arrays), never written to disk."""
        index = cls.__new__(cls)
        index._load(parts)
        index.path = None
        index.extra = {}
        return index

    def _load(self, parts: dict[str, Any]) -> None:
        self.meta = parts["meta"]
        self.words = parts["words"]
        self.vocab = {w: i for i, w in enumerate(self.words)}
        self.offsets = parts["offsets"]
        self.docs = parts["docs"]
        self.weights = parts["weights"]
        self.dense = parts["dense"]
        self.top_docs = parts["top_docs"]
        self.top_weights = parts["top_weights"]
        self.dense_row = {w: i for i, w in enumerate(parts["dense_words"])}
        self.doclen = parts["doclen"]
        self.doc_ids = parts["doc_ids"]
        self.n = int(self.meta["documents"])
        self.avgdl = float(self.meta["avgdl"]) or 1.0

    @property
    def version(self) -> int:
        return int(self.meta.get("version", 0))

    def _words(self, query: str) -> list[int] | None:
        """Word ids of the query's distinct words; None when a word is not in the index."""
        ids = []
        for word in dict.fromkeys(index_tokens(query)):
            number = self.vocab.get(word)
            if number is None:
                return None
            ids.append(number)
        return ids

    def posting(self, word: int) -> tuple[np.ndarray, np.ndarray]:
        start, end = int(self.offsets[word]), int(self.offsets[word + 1])
        return self.docs[start:end], self.weights[start:end]

    def _all_words(self, words: list[int]) -> tuple[np.ndarray, np.ndarray]:
        """Documents containing every word, with the sum of their weights."""
        sparse = sorted(
            (w for w in words if w not in self.dense_row), key=lambda w: self.offsets[w + 1] - self.offsets[w]
        )
        dense = [self.dense_row[w] for w in words if w in self.dense_row]
        if sparse:
            candidates, scores = self.posting(sparse[0])
            candidates, scores = np.asarray(candidates), np.array(scores, dtype=np.float32)
            for word in sparse[1:]:
                docs, weights = self.posting(word)
                at = np.searchsorted(docs, candidates).clip(max=len(docs) - 1)
                found = docs[at] == candidates
                candidates, scores = candidates[found], scores[found] + weights[at[found]]
            for row in dense:
                weights = self.dense[row, candidates]
                found = weights > 0
                candidates, scores = candidates[found], scores[found] + weights[found]
            return candidates, scores
        total = np.array(self.dense[dense[0]])
        for row in dense[1:]:
            weights = self.dense[row]
            total = np.where((total > 0) & (weights > 0), total + weights, 0)
        candidates = np.flatnonzero(total > 0)
        return candidates, total[candidates]

    def _any_word(self, words: list[int]) -> tuple[np.ndarray, np.ndarray]:
        docs = np.concatenate([self.posting(w)[0] for w in words])
        weights = np.concatenate([self.posting(w)[1] for w in words])
        candidates, inverse = np.unique(docs, return_inverse=True)
        return candidates, np.bincount(inverse, weights=weights).astype(np.float32)

    def scores_any(self, words: list[int]) -> np.ndarray:
        """BM25 of every document for any of the words (0 where none is found): postings summed
        with ``bincount``, the frequent words' dense rows added whole. What a ranking restricted
        to a subset (the exchange's offered patents) reads, masking the others."""
        sparse = [w for w in words if w not in self.dense_row]
        if sparse:
            postings = [self.posting(w) for w in sparse]
            total = np.bincount(
                np.concatenate([p[0] for p in postings]),
                weights=np.concatenate([p[1] for p in postings]),
                minlength=self.n,
            )
        else:
            total = np.zeros(self.n, dtype=np.float64)
        for w in words:
            if w in self.dense_row:
                total += self.dense[self.dense_row[w]]
        return total

    def search(self, query: str, limit: int = 20, *, require_all: bool = True) -> tuple[list[Hit], int]:
        """The best ``limit`` documents by BM25, and how many documents matched. With
        ``require_all`` a document must contain every word of the query."""
        tokens = list(dict.fromkeys(index_tokens(query)))
        known = [self.vocab[t] for t in tokens if t in self.vocab]
        if not tokens or not known or (require_all and len(known) < len(tokens)):
            return [], 0
        if len(known) == 1 and known[0] in self.dense_row and limit <= TOP_KEPT:
            row = self.dense_row[known[0]]
            total = int(self.offsets[known[0] + 1] - self.offsets[known[0]])
            return [
                Hit(self.doc_ids[d].decode("utf-8"), float(w))
                for d, w in zip(self.top_docs[row][: min(limit, total)], self.top_weights[row], strict=False)
            ], total
        candidates, scores = self._all_words(known) if require_all else self._any_word(known)
        total = len(candidates)
        if not total:
            return [], 0
        top = np.argpartition(-scores, limit)[:limit] if total > limit else np.arange(total)
        top = top[np.lexsort((candidates[top], -scores[top]))]
        return [Hit(self.doc_ids[candidates[i]].decode("utf-8"), float(scores[i])) for i in top], total

    def matching(self, query: str) -> list[str]:
        """Every document that contains all the words of the query (for report slices)."""
        words = self._words(query)
        if not words:
            return []
        candidates, _scores = self._all_words(words)
        return [d.decode("utf-8") for d in self.doc_ids[np.sort(candidates)]]
