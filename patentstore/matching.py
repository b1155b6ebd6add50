"""Matching a technology need to offered patents (the district patent exchange).

A need is an enterprise's text in its own words, optionally with IPC codes it names, and the
IPC subclasses of the enterprise's own patents (its field). An offer is a patent's title,
abstract and claims summary with its IPC codes. The score of an offer for a need is

    text  = Σ BM25 weight (k1 = 1.2, b = 0.75) of each distinct need word found in the offer
    ipc   = IPC_SUBCLASS_BONUS if the offer's main subclass is one the need names,
            else IPC_SECTION_BONUS if its section is one the need names
    field = FIELD_BONUS if the offer's main subclass is one of the enterprise's own subclasses
    score = text + ipc + field, for offers sharing at least one word with the need

Words are jieba's search-mode words (``patentstore.text.index_tokens``), the same as the
landscape's full-text index. The index keeps, per word, the offers holding it and their BM25
weights (NumPy arrays), and per offer its main IPC subclass as a number, so one need is scored
against every offer exactly (no pruning: the result is the exhaustive ranking, which
``score_exhaustively`` recomputes the slow way for tests and the benchmark).

Each match carries its reasons: the shared words (heaviest first), the IPC agreement and the
field agreement. Pure Python and NumPy; no Django.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from math import log
from pathlib import Path
from typing import Any

import numpy as np

from patentstore.text import index_tokens
from patentstore.textindex import TextIndex, build_from_counts, compute

K1 = 1.2
B = 0.75
IPC_SUBCLASS_BONUS = 2.0
IPC_SECTION_BONUS = 0.5
FIELD_BONUS = 1.0
SHOWN_WORDS = 5


def subclass(code: str) -> str:
    """The IPC subclass of a code (G06F 16/35 → G06F); '' when the code is too short."""
    code = code.replace(" ", "").upper()
    return code[:4] if len(code) >= 4 else ""


@dataclass(frozen=True)
class OfferText:
    key: int  # the offer's id
    text: str  # title, abstract and claims summary
    ipc_codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Need:
    text: str
    ipc_codes: tuple[str, ...] = ()  # codes the need names (any level)
    field_subclasses: tuple[str, ...] = ()  # the enterprise's own subclasses


@dataclass(frozen=True)
class Match:
    key: int
    score: float
    words: tuple[str, ...]  # shared words, heaviest first
    same_subclass: str = ""  # the IPC subclass the need names, if the offer is in it
    same_section: str = ""  # else the section
    in_field: str = ""  # the enterprise's own subclass the offer is in
    text_score: float = 0.0
    extra: dict[str, float] = field(default_factory=dict)


def _counted(
    offers: Iterable[OfferText], tokenize: Callable[[str], list[str]]
) -> tuple[np.ndarray, list[str], dict[str, Any]]:
    """The offers' keys, main subclasses and (document, word, frequency) rows."""
    keys: list[int] = []
    subclasses: list[str] = []
    term_ids: list[int] = []
    freqs: list[int] = []
    per_doc: list[int] = []
    vocab: dict[str, int] = {}
    doclen: list[int] = []
    for offer in offers:
        tokens = tokenize(offer.text)
        counts = Counter(tokens)
        keys.append(offer.key)
        subclasses.append(subclass(offer.ipc_codes[0]) if offer.ipc_codes else "")
        doclen.append(len(tokens))
        per_doc.append(len(counts))
        for term, count in counts.items():
            term_ids.append(vocab.setdefault(term, len(vocab)))
            freqs.append(count)
    words = [""] * len(vocab)
    for term, number in vocab.items():
        words[number] = term
    return (
        np.asarray(keys, dtype=np.int64),
        subclasses,
        {
            "words": words,
            "docs": np.repeat(np.arange(len(keys), dtype=np.int32), np.asarray(per_doc, dtype=np.int64)),
            "terms": np.asarray(term_ids, dtype=np.int32),
            "tf": np.asarray(freqs, dtype=np.float32),
            "doclen": np.asarray(doclen, dtype=np.float32),
        },
    )


class MatchIndex:
    """Offers indexed for matching: the full-text index of ``patentstore.textindex`` (the one
    the landscape searches: the same jieba words, BM25 weights, postings and dense rows) over
    the offers' texts, with each offer's id and main IPC subclass beside it. Built in memory
    from (key, text, IPC) triples, or written to a folder (``write``) that every process
    memory-maps (``open``)."""

    def __init__(
        self,
        offers: Iterable[OfferText],
        *,
        tokenize: Callable[[str], list[str]] | None = None,
    ) -> None:
        self._setup(*_counted(offers, tokenize or index_tokens))

    @classmethod
    def from_arrays(
        cls,
        *,
        keys: np.ndarray,
        subclasses: list[str],
        words: list[str],
        docs: np.ndarray,
        terms: np.ndarray,
        tf: np.ndarray,
        doclen: np.ndarray,
    ) -> MatchIndex:
        """An index from (document, term, frequency) triples already counted (bulk builds and
        the benchmark): ``docs`` and ``terms`` index ``keys`` and ``words``."""
        index = cls.__new__(cls)
        index._setup(keys, subclasses, {"words": words, "docs": docs, "terms": terms, "tf": tf, "doclen": doclen})
        return index

    @staticmethod
    def write(offers: Iterable[OfferText], out: Path, *, tokenize: Callable[[str], list[str]] | None = None) -> None:
        """Write the offers' index into ``out`` (replaced at once, as the landscape's is)."""
        keys, subclasses, counts = _counted(offers, tokenize or index_tokens)
        names = sorted(set(subclasses))
        number = {s: i for i, s in enumerate(names)}
        build_from_counts(
            [str(k) for k in keys],
            out=out,
            **counts,
            extra={
                "keys": keys,
                "subclass": np.asarray([number[s] for s in subclasses], dtype=np.int32),
                "subclass_names": np.asarray([s.encode() for s in names] or [b""], dtype=bytes),
            },
        )

    @classmethod
    def open(cls, path: Path) -> MatchIndex:
        """A written index, memory-mapped (the pages are shared by every process)."""
        index = cls.__new__(cls)
        index.text = TextIndex(path)
        index.n = index.text.n
        index.keys = np.asarray(index.text.extra["keys"], dtype=np.int64)
        index.subclass_names = [s.decode() for s in index.text.extra["subclass_names"]]
        index.doc_subclass = np.asarray(index.text.extra["subclass"], dtype=np.int32)
        return index

    def _setup(self, keys: np.ndarray, subclasses: list[str], counts: dict[str, Any]) -> None:
        self.n = len(keys)
        self.keys = np.asarray(keys, dtype=np.int64)
        self.text = TextIndex.from_parts(compute([str(k) for k in self.keys.tolist()], **counts))
        self.subclass_names = sorted(set(subclasses))
        number = {s: i for i, s in enumerate(self.subclass_names)}
        self.doc_subclass = np.asarray([number[s] for s in subclasses], dtype=np.int32)

    def _need_words(self, need: Need, tokenize: Callable[[str], list[str]] | None) -> list[int]:
        tokens = (tokenize or index_tokens)(need.text)
        return [self.text.vocab[t] for t in dict.fromkeys(tokens) if t in self.text.vocab]

    def match(self, need: Need, limit: int = 10, *, tokenize: Callable[[str], list[str]] | None = None) -> list[Match]:
        """The best ``limit`` offers for ``need``, best first (ties: lower key first)."""
        words = self._need_words(need, tokenize)
        if not words or not self.n:
            return []
        text = self.text.scores_any(words)
        # The bonuses by subclass: one small table, read for every offer.
        named = {subclass(c) for c in need.ipc_codes} - {""}
        sections = {c.strip()[:1].upper() for c in need.ipc_codes if c.strip()}
        fields = set(need.field_subclasses)
        kinds = [
            (
                name in named,
                bool(name) and name not in named and name[0] in sections,
                name in fields,
            )
            for name in self.subclass_names
        ]
        table = np.array(
            [IPC_SUBCLASS_BONUS * a + IPC_SECTION_BONUS * b + FIELD_BONUS * c for a, b, c in kinds] or [0.0]
        )
        scores = text + table[self.doc_subclass]
        scores[text <= 0] = -np.inf  # only offers sharing a word
        matched = int(np.count_nonzero(text > 0))
        if not matched:
            return []
        if matched > limit:
            # Every offer scoring at least the limit-th best, so ties there are broken by key
            # exactly as the exhaustive ranking does.
            kth = np.partition(-scores, limit - 1)[limit - 1]
            top = np.flatnonzero(-scores <= kth)
        else:
            top = np.flatnonzero(text > 0)
        top = top[np.lexsort((self.keys[top], -scores[top]))][:limit]
        out = []
        for doc in (int(d) for d in top):
            shared = []
            for w in words:
                pdocs, pweights = self.text.posting(w)
                at = int(np.searchsorted(pdocs, doc))
                if at < len(pdocs) and pdocs[at] == doc:
                    shared.append((float(pweights[at]), self.text.words[w]))
            shared.sort(key=lambda item: (-item[0], item[1]))
            number = int(self.doc_subclass[doc])
            sub = self.subclass_names[number]
            same_sub, same_sec, in_field = kinds[number]
            out.append(
                Match(
                    key=int(self.keys[doc]),
                    score=round(float(scores[doc]), 4),
                    words=tuple(w for _weight, w in shared[:SHOWN_WORDS]),
                    same_subclass=sub if same_sub else "",
                    same_section=sub[:1] if same_sec else "",
                    in_field=sub if in_field else "",
                    text_score=round(float(text[doc]), 4),
                )
            )
        return out


def score_exhaustively(
    need: Need,
    offers: Sequence[OfferText],
    limit: int = 10,
    *,
    tokenize: Callable[[str], list[str]] | None = None,
) -> list[tuple[int, float]]:
    """The same score computed offer by offer in plain Python (for tests and the benchmark's
    recall): (key, score) of the best ``limit``, best first."""
    tokenize = tokenize or index_tokens
    token_lists = [tokenize(o.text) for o in offers]
    n = len(offers)
    if not n:
        return []
    avgdl = sum(len(t) for t in token_lists) / n or 1.0
    df: Counter[str] = Counter()
    for tokens in token_lists:
        df.update(set(tokens))
    words = list(dict.fromkeys(w for w in tokenize(need.text) if w in df))
    named = {subclass(c) for c in need.ipc_codes} - {""}
    sections = {c.strip()[:1].upper() for c in need.ipc_codes if c.strip()}
    field_set = set(need.field_subclasses)
    scored = []
    for offer, tokens in zip(offers, token_lists, strict=True):
        counts = Counter(tokens)
        text = 0.0
        for w in words:
            tf = counts.get(w, 0)
            if tf:
                idf = log(1 + (n - df[w] + 0.5) / (df[w] + 0.5))
                text += idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * len(tokens) / avgdl))
        if text <= 0:
            continue
        sub = subclass(offer.ipc_codes[0]) if offer.ipc_codes else ""
        bonus = 0.0
        if sub and sub in named:
            bonus += IPC_SUBCLASS_BONUS
        elif sub and sub[0] in sections:
            bonus += IPC_SECTION_BONUS
        if sub and sub in field_set:
            bonus += FIELD_BONUS
        scored.append((offer.key, text + bonus))
    scored.sort(key=lambda item: (-item[1], item[0]))
    return scored[:limit]
