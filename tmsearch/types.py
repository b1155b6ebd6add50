"""Public value types: a registered mark and a search hit."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Mark:
    """A trademark as the engine sees it.

    ``classes`` are Nice classes (1..45); ``groups`` are Chinese similar-goods group codes
    such as ``"3301"``.  ``id`` is the caller's primary key; adding an existing id replaces it.
    """

    id: int
    text: str
    classes: tuple[int, ...] = ()
    groups: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Hit:
    """One search result: the mark, its score (0..100) and why it is similar."""

    id: int
    text: str
    score: float
    reasons: list[dict[str, Any]] = field(default_factory=list)
    classes: tuple[int, ...] = ()
    groups: tuple[str, ...] = ()
