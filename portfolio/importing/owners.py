"""Matching the owner names of imported records to the registry's enterprises.

A name is matched, in order: exactly; once normalised (full-width and half-width letters and
brackets folded, spaces removed, 有限责任公司 written 有限公司, Latin letters case-folded);
through a clerk's earlier decision on the same normalised name (the ``OwnerName`` table: old
names, other spellings, "not in the district"). What is left waits on the clerk's queue with
suggestions: registry names sharing the rarer character pairs of the name, rescored with
rapidfuzz.

``OwnerIndex`` is plain Python (no Django), so that the benchmark can build it from lists."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import itemgetter

from rapidfuzz import fuzz, process

# Written forms of the same legal form, longest first; each becomes the last.
_SAME_FORMS = (("有限责任公司", "有限公司"),)
# Character pairs of words most company names share: they say nothing about which one it is.
_COMMON_WORDS = ("有限公司", "股份", "集团", "责任", "公司", "有限")
SUGGESTIONS = 5
SUGGEST_CUTOFF = 60.0  # a suggestion scores at least this (rapidfuzz ratio, 0–100)
RAREST = 4  # character pairs of a queued name looked up


def normalise_name(name: str) -> str:
    """The key two spellings of one owner's name share."""
    folded = unicodedata.normalize("NFKC", name)
    key = "".join(folded.split()).casefold().strip(".,;。，；")
    for long, short in _SAME_FORMS:
        key = key.replace(long, short)
    return key


def split_names(text: str) -> list[str]:
    """'甲公司; 乙公司' -> ['甲公司', '乙公司']: databases separate several owners with ; or ；
    (never a comma, which Latin names hold: 'Co., Ltd.')."""
    return [part.strip() for part in text.replace("；", ";").replace("\n", ";").split(";") if part.strip()]


def _core(key: str) -> str:
    for word in _COMMON_WORDS:
        key = key.replace(word, "")
    return key


def _pairs(text: str) -> set[str]:
    if len(text) < 2:
        return {text} if text else set()
    return {text[i : i + 2] for i in range(len(text) - 1)}


@dataclass
class OwnerIndex:
    """The registry's names (enterprise id, name) for matching many names at once."""

    entries: list[tuple[int, str]]
    by_key: dict[str, int] = field(init=False)  # normalised key -> enterprise id (0: two share it)
    _keys: list[str] = field(init=False, default_factory=list)
    _postings: dict[str, list[int]] | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        by_key: dict[str, int] = {}
        for pk, name in self.entries:
            key = normalise_name(name)
            self._keys.append(key)
            by_key[key] = pk if by_key.get(key, pk) == pk else 0
        self.by_key = by_key

    def match(self, name: str) -> int | None:
        """The enterprise this name is, by exact or normalised name; None when there is none
        or more than one enterprise has the name."""
        return self.by_key.get(normalise_name(name)) or None

    def _index(self) -> dict[str, list[int]]:
        if self._postings is None:
            postings: dict[str, list[int]] = {}
            for position, key in enumerate(self._keys):
                for pair in _pairs(_core(key)):
                    postings.setdefault(pair, []).append(position)
            # A pair most names share (a place name, 科技) finds nothing in particular.
            most = max(50, len(self._keys) // 500)
            self._postings = {pair: hits for pair, hits in postings.items() if len(hits) <= most}
        return self._postings

    def suggest(self, name: str, limit: int = SUGGESTIONS) -> list[list[object]]:
        """Registry names like this one, best first: [[enterprise id, name, score]]."""
        postings = self._index()
        key = normalise_name(name)
        # The registry names sharing one of its rarer pairs (the rarest say most about which
        # name it is, and cost least), all rescored exactly.
        lists = sorted((hits for pair in _pairs(_core(key)) if (hits := postings.get(pair))), key=len)
        if not lists:
            return []
        candidates = list(set().union(*lists[:RAREST]))
        choices = itemgetter(*candidates)(self._keys) if len(candidates) > 1 else (self._keys[candidates[0]],)
        found = process.extract(
            key,
            choices,
            scorer=fuzz.ratio,
            limit=limit,
            score_cutoff=SUGGEST_CUTOFF,
        )
        entries = self.entries
        return [[*entries[candidates[i]], round(score, 1)] for _k, score, i in found]


@dataclass
class Resolution:
    """What the matching made of a file's names: the enterprises of the names it matched,
    the names a clerk had ruled outside the district, and the names left for the queue."""

    matched: dict[str, int] = field(default_factory=dict)
    outside: set[str] = field(default_factory=set)
    waiting: set[str] = field(default_factory=set)


def resolve(names: Iterable[str], index: OwnerIndex, decisions: dict[str, tuple[str, int | None]]) -> Resolution:
    """Each distinct name: a clerk's decision on its normalised key first (it may say an old
    name is a registered enterprise, or that the owner is outside), then the registry's names.
    ``decisions`` maps a normalised key to (decision, enterprise id)."""
    result = Resolution()
    for name in set(names):
        key = normalise_name(name)
        decided = decisions.get(key)
        if decided is not None and decided[0] != "pending":
            if decided[1] is not None:
                result.matched[name] = decided[1]
            else:
                result.outside.add(name)
            continue
        pk = index.by_key.get(key)
        if pk:
            result.matched[name] = pk
        else:
            result.waiting.add(name)
    return result
