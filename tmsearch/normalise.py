"""Text normalisation: the matching key of a mark.

A mark's *key* keeps only what an examiner compares: letters and digits, lower-cased, with
look-alike characters folded (Cyrillic/Greek homoglyphs, ``I``/``1``/``|`` -> ``l``, ``0`` -> ``o``),
accents stripped, and traditional Chinese folded to simplified.  Spaces and punctuation go.

The key is split into its *wide* part (every non-ASCII letter, in practice Chinese characters)
and its *latin* part (``[a-z0-9]``); both keep their order.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .refdata import RefData, load_refdata

#: Keys are cut to this many characters: longer marks are compared on their first 32.
MAX_KEY = 32


@dataclass(frozen=True, slots=True)
class Norm:
    """A normalised mark text."""

    #: folded key: wide chars and [a-z0-9] in original order
    key: str
    #: the non-ASCII (Chinese) part of ``key``
    wide: str
    #: the ASCII part of ``key``
    latin: str
    #: key without look-alike folding (traditional still folded): tells a look-alike-only match
    plain: str

    @property
    def mixed(self) -> bool:
        """True when the key has both Chinese and Latin parts."""
        return bool(self.wide) and bool(self.latin)


#: Everything that is not a letter or digit (in any script); underscore counts as punctuation.
_DROP = re.compile(r"[\W_]+")


def _strip_accents(text: str) -> str:
    """Drop combining marks (é -> e) while keeping CJK intact."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _clean(text: str, table: dict[int, str]) -> str:
    text = unicodedata.normalize("NFKC", text).translate(table)
    text = _strip_accents(text.casefold()).translate(table)
    # A second casefold: folding may have produced capitals (Cyrillic А -> A).
    return _DROP.sub("", text.casefold())[:MAX_KEY]


@lru_cache(maxsize=8)
def _plain_table(ref: RefData) -> dict[int, str]:
    return {ord(k): v for k, v in ref.t2s.items()}


def normalise(text: str, ref: RefData | None = None) -> Norm:
    """Normalise a mark text into its matching key and parts."""
    ref = ref or load_refdata()
    key = _clean(text, ref.translate_table)
    plain = _clean(text, _plain_table(ref))
    wide = "".join(c for c in key if not c.isascii())
    latin = "".join(c for c in key if c.isascii())
    return Norm(key=key, wide=wide, latin=latin, plain=plain)


def norm_from_key(key: str) -> Norm:
    """A :class:`Norm` rebuilt from a stored key, for comparisons with a query whose key differs.

    The unfolded form is not stored, so ``plain`` is the key itself: it only matters (look-alike
    cap and reason) when the two keys are equal, and then callers use :func:`normalise`.
    """
    wide = "".join(c for c in key if not c.isascii())
    latin = "".join(c for c in key if c.isascii())
    return Norm(key=key, wide=wide, latin=latin, plain=key)


def normalise_key(text: str, ref: RefData) -> str:
    """Only the folded key (the fast path used when building an index)."""
    return _clean(text, ref.translate_table)
