"""Full-text search over the corpus: an inverted index of jieba words with BM25 ranking.

DuckDB's fts extension is not bundled with the wheel and extensions download at run time,
which this platform never does; so the index is built here with NumPy and stored as ``.npy``
files that every web worker memory-maps (the pages are shared)::

    vocab.json      the words, in id order
    offsets.npy     int64, postings of word i are [offsets[i], offsets[i+1])
    docs.npy        int32 document numbers, sorted within each word
    tf.npy          uint16 term frequency in the document
    doclen.npy      int32 words per document
    doc_ids.npy     the documents' doc_id (bytes)
    meta.json       documents, average length, the store version it was built from

Documents are segmented in parallel processes (jieba does ~1.2 MB/s on one core).
"""

from __future__ import annotations

import json
import math
import os
import shutil
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

import numpy as np

from patentstore.text import index_tokens

K1 = 1.2
B = 0.75


def _tokenize(text: str) -> list[str]:
    return index_tokens(text)


def build(documents: Iterable[tuple[str, str]], out: Path, *, version: int = 0, processes: int = 2) -> dict:  # type: ignore[type-arg]
    """Index (doc_id, text) pairs into ``out`` (replaced atomically); returns the meta data."""
    started = time.perf_counter()
    docs = list(documents)
    ids = [d for d, _ in docs]
    texts = [t for _, t in docs]
    if processes > 1 and len(texts) > 5000:
        with get_context("fork").Pool(processes) as pool:
            token_lists: Iterable[list[str]] = pool.imap(_tokenize, texts, chunksize=1000)
            token_lists = list(token_lists)
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
    terms = np.asarray(term_ids, dtype=np.int32)
    doc_numbers = np.repeat(np.arange(len(docs), dtype=np.int32), per_doc)
    order = np.argsort(terms, kind="stable")  # stable: documents stay sorted within a word
    offsets = np.zeros(len(vocab) + 1, dtype=np.int64)
    np.cumsum(np.bincount(terms, minlength=len(vocab)), out=offsets[1:])
    tmp = out.with_name(out.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    np.save(tmp / "offsets.npy", offsets)
    np.save(tmp / "docs.npy", doc_numbers[order])
    np.save(tmp / "tf.npy", np.minimum(np.asarray(freqs, dtype=np.int64)[order], 65535).astype(np.uint16))
    np.save(tmp / "doclen.npy", doclen)
    np.save(tmp / "doc_ids.npy", np.array([d.encode("utf-8") for d in ids], dtype=bytes))
    words = [""] * len(vocab)
    for term, number in vocab.items():
        words[number] = term
    (tmp / "vocab.json").write_text(json.dumps(words, ensure_ascii=False), encoding="utf-8")
    meta = {
        "documents": len(docs),
        "words": len(vocab),
        "postings": len(terms),
        "avgdl": float(doclen.mean()) if len(docs) else 0.0,
        "version": version,
        "segment_seconds": round(segmented - started, 2),
        "seconds": round(time.perf_counter() - started, 2),
    }
    (tmp / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    old = out.with_name(out.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
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
        self.path = path
        self.meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
        words = json.loads((path / "vocab.json").read_text(encoding="utf-8"))
        self.vocab = {w: i for i, w in enumerate(words)}
        self.offsets = np.load(path / "offsets.npy", mmap_mode="r")
        self.docs = np.load(path / "docs.npy", mmap_mode="r")
        self.tf = np.load(path / "tf.npy", mmap_mode="r")
        self.doclen = np.load(path / "doclen.npy", mmap_mode="r")
        self.doc_ids = np.load(path / "doc_ids.npy", mmap_mode="r")
        self.n = int(self.meta["documents"])
        self.avgdl = float(self.meta["avgdl"]) or 1.0

    @property
    def version(self) -> int:
        return int(self.meta.get("version", 0))

    def _postings(self, query: str) -> list[tuple[np.ndarray, np.ndarray]]:
        """(documents, term frequencies) of each distinct query word; a word not in the index
        gives an empty posting list."""
        postings = []
        for word in dict.fromkeys(index_tokens(query)):
            number = self.vocab.get(word)
            if number is None:
                postings.append((np.empty(0, np.int32), np.empty(0, np.uint16)))
                continue
            start, end = int(self.offsets[number]), int(self.offsets[number + 1])
            postings.append((self.docs[start:end], self.tf[start:end]))
        return postings

    def search(self, query: str, limit: int = 20, *, require_all: bool = True) -> tuple[list[Hit], int]:
        """The best ``limit`` documents by BM25, and how many documents matched. With
        ``require_all`` a document must contain every word of the query."""
        postings = self._postings(query)
        if not postings or (require_all and any(len(d) == 0 for d, _ in postings)):
            return [], 0
        scores = np.zeros(self.n, dtype=np.float32)
        matched = np.zeros(self.n, dtype=np.int8)
        for docs, tf in postings:
            if not len(docs):
                continue
            idf = math.log(1 + (self.n - len(docs) + 0.5) / (len(docs) + 0.5))
            tf = tf.astype(np.float32)
            norm = K1 * (1 - B + B * self.doclen[docs].astype(np.float32) / self.avgdl)
            scores[docs] += idf * tf * (K1 + 1) / (tf + norm)
            matched[docs] += 1
        shortest = min((d for d, _ in postings), key=len)
        candidates = shortest if require_all else np.unique(np.concatenate([d for d, _ in postings]))
        if require_all:
            candidates = candidates[matched[candidates] == len(postings)]
        total = len(candidates)
        if not total:
            return [], 0
        cand_scores = scores[candidates]
        top = np.argpartition(-cand_scores, limit)[:limit] if total > limit else np.arange(total)
        top = top[np.lexsort((candidates[top], -cand_scores[top]))]
        return [Hit(self.doc_ids[candidates[i]].decode("utf-8"), float(cand_scores[i])) for i in top], total

    def matching(self, query: str) -> list[str]:
        """Every document that contains all the words of the query (for report slices)."""
        postings = self._postings(query)
        if not postings or any(len(d) == 0 for d, _ in postings):
            return []
        result = np.asarray(postings[0][0])
        for docs, _tf in postings[1:]:
            result = np.intersect1d(result, docs, assume_unique=True)
        return [d.decode("utf-8") for d in self.doc_ids[result]]
