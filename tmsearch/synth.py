"""Synthetic trademark corpora and query variants, for tests and the benchmark.

70% Chinese marks of 2-4 chars, each char drawn with probability proportional to its corpus
frequency (``refdata/chars/common_chars.txt``, from char-similar's ``char_frequency.dict``: 6,290
chars; a Zipf law over the 3,500 commonest if the table has no frequencies), 30% Latin
brand-like words built from syllables; each mark gets 1-3 Nice classes and one
similar-goods group in each.  Queries are perturbed marks (a homophone, a look-alike char,
a typo, a homoglyph) or fresh random marks, like the searches an examiner runs.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from itertools import accumulate

from .refdata import RefData, load_refdata
from .sound import homophones
from .types import Mark

_ONSETS = ["", *"bcdfghjklmnprstvz", "br", "cr", "tr", "st", "sh", "ch", "gl", "pl"]
_VOWELS = ["a", "e", "i", "o", "u", "ai", "ea", "io", "ou", "y"]
_CODAS = ["", "", "", "n", "r", "s", "x", "l", "m", "ck", "nd", "ng", "t"]
_SUFFIXES = ["", "", "", "", "tech", "ix", "ex", "on", "a", "o", "ify", "ly", "max", "pro"]


class Corpus:
    """A seeded generator of marks and queries."""

    def __init__(self, seed: int = 0, ref: RefData | None = None, n_chars: int | None = None) -> None:
        self.ref = ref or load_refdata()
        self.rng = random.Random(seed)
        if self.ref.common_freq:
            self.chars = list(self.ref.common[:n_chars])
            # log2 frequencies -> frequencies
            self.cum = list(accumulate(2.0**f for f in self.ref.common_freq[: len(self.chars)]))
        else:
            self.chars = list(self.ref.common[: n_chars or 3500])
            self.cum = list(accumulate(1.0 / (i + 10) for i in range(len(self.chars))))
        self.common_set = set(self.chars)

    def chinese(self) -> str:
        """A Chinese mark of 2-4 chars."""
        n = self.rng.choices((2, 3, 4), weights=(45, 35, 20))[0]
        return "".join(self.rng.choices(self.chars, cum_weights=self.cum, k=n))

    def latin(self) -> str:
        """A Latin brand-like word (sometimes two words), in random case."""
        rng = self.rng
        n_syllables = rng.choice((1, 2, 2, 3))
        word = "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS) for _ in range(n_syllables))
        word += rng.choice(_SUFFIXES)
        if rng.random() < 0.1:
            word += " " + rng.choice(("Plus", "Go", "One", "Lab", "Home"))
        style = rng.random()
        return word.upper() if style < 0.5 else word.capitalize() if style < 0.9 else word

    def goods(self) -> tuple[tuple[int, ...], tuple[str, ...]]:
        """1-3 Nice classes and one group code in each."""
        classes = tuple(sorted(self.rng.sample(range(1, 46), self.rng.choice((1, 1, 1, 2, 3)))))
        return classes, tuple(f"{c:02d}{self.rng.randint(1, 9):02d}" for c in classes)

    def mark(self, mark_id: int) -> Mark:
        """One random mark."""
        text = self.chinese() if self.rng.random() < 0.7 else self.latin()
        classes, groups = self.goods()
        return Mark(mark_id, text, classes, groups)

    def marks(self, n: int, start_id: int = 1) -> list[Mark]:
        """``n`` random marks with consecutive ids."""
        return [self.mark(start_id + i) for i in range(n)]

    def variant(self, text: str) -> str:
        """A near copy of a mark text, as an infringer or a careless applicant would write it."""
        rng = self.rng
        chars = list(text)
        han = [i for i, c in enumerate(chars) if not c.isascii()]
        if han:
            i = rng.choice(han)
            kind = rng.random()
            if kind < 0.4 and (h := [c for c in homophones(chars[i], self.ref) if c in self.common_set]):
                chars[i] = rng.choice(h)
            elif kind < 0.7 and (nb := self.ref.shape.get(chars[i])):
                chars[i] = rng.choice(nb)[0]
            elif kind < 0.85:
                chars.insert(i, rng.choice(self.chars[:500]))
            else:
                chars[i] = rng.choice(self.chars)
            return "".join(chars)
        lat = [i for i, c in enumerate(chars) if c.isalpha()]
        if not lat:
            return text
        i = rng.choice(lat)
        kind = rng.random()
        if kind < 0.3:
            chars[i] = {"l": "I", "o": "0", "a": "а", "e": "е", "p": "р"}.get(chars[i].lower(), rng.choice("aeiou"))
        elif kind < 0.6:
            chars[i] = rng.choice("abcdefghijklmnopqrstuvwxyz")
        elif kind < 0.8:
            del chars[i]
        else:
            chars.insert(i, rng.choice("aeiourstln"))
        return "".join(chars)

    def queries(self, marks: list[Mark], n: int) -> list[str]:
        """``n`` queries: 80% variants of existing marks, 20% fresh random marks."""
        out = []
        for _ in range(n):
            if self.rng.random() < 0.8:
                out.append(self.variant(self.rng.choice(marks).text))
            else:
                out.append(self.chinese() if self.rng.random() < 0.7 else self.latin())
        return out


def query_stream(
    mark_at: Callable[[int], Mark], n_marks: int, count: int, seed: int = 1
) -> tuple[list[Mark], list[str]]:
    """The benchmarks' queries: ``count`` stored marks drawn at random (``mark_at(i)`` for
    ``0 <= i < n_marks``), then for each a variant of it (80 %), else a fresh Chinese (70 % of
    the rest) or Latin mark.  Returns the drawn marks (whose first class a class-filtered
    search asks for) and the queries; the same ``seed`` gives the same stream."""
    rng = random.Random(seed + 1)
    corpus = Corpus(seed + 2)
    sample = [mark_at(rng.randrange(n_marks)) for _ in range(count)]
    queries = [
        corpus.variant(m.text) if rng.random() < 0.8 else corpus.chinese() if rng.random() < 0.7 else corpus.latin()
        for m in sample
    ]
    return sample, queries
