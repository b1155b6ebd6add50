"""tmsearch: similar-trademark search for Chinese and Latin marks (no Django).

Public API::

    Mark(id, text, classes=(), groups=())
    build_index(marks, path, refdata=None) -> TrademarkIndex
    TrademarkIndex.open(path, refdata=None, mmap=True)
    index.add(marks); index.remove(ids); index.compact(); index.refresh()
    index.search(text, classes=None, groups=None, related_groups=None, limit=20,
                 min_score=60, all_classes=False) -> list[Hit]
    search_indexes([index, ...], text, ...) -> list[Hit]   # several indexes as one register
    similarity(a, b, related_groups=None) -> (score, reasons)
"""

from __future__ import annotations

from .compare import similarity
from .index import DEFAULT_MIN_SCORE, TrademarkIndex, build_index, search_indexes
from .normalise import Norm, normalise
from .refdata import load_refdata
from .types import Hit, Mark

__all__ = [
    "DEFAULT_MIN_SCORE",
    "Hit",
    "Mark",
    "Norm",
    "TrademarkIndex",
    "build_index",
    "load_refdata",
    "normalise",
    "search_indexes",
    "similarity",
]
