"""Goods/services side of the comparison: Nice classes and Chinese similar-goods groups.

Same class (or same group) keeps the text score (x 1.00); a group that the caller's
``related_groups`` mapping declares related scales it by 0.95; anything else by 0.85 (only seen
when the query asks for all classes).  Unless ``all_classes`` is set, a query with classes or
groups only considers marks in those classes, those groups or their related groups.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from .arrays import sorted_member, unique_sorted

SAME_FACTOR = 1.0
RELATED_FACTOR = 0.95
OTHER_FACTOR = 0.85


def group_code(group: str | int) -> int:
    """A similar-goods group code ("3301") as an int, validated."""
    code = int(group)
    if not 101 <= code <= 4599:
        raise ValueError(f"not a similar-goods group code: {group!r}")
    return code


def class_bits(classes: Iterable[int]) -> int:
    """Bit mask of Nice classes (bit n for class n)."""
    mask = 0
    for c in classes:
        if not 1 <= int(c) <= 45:
            raise ValueError(f"not a Nice class: {c!r}")
        mask |= 1 << int(c)
    return mask


@dataclass(frozen=True, slots=True)
class GoodsQuery:
    """The goods side of a search, resolved to integers."""

    classes: frozenset[int]
    groups: frozenset[int]
    #: groups related to ``groups`` (excluding them)
    related: frozenset[int]
    all_classes: bool

    @property
    def active(self) -> bool:
        """Whether the query says anything about goods."""
        return bool(self.classes or self.groups)

    @property
    def filters(self) -> bool:
        """Whether marks outside the classes/groups are excluded before scoring."""
        return self.active and not self.all_classes


def goods_query(
    classes: Iterable[int] | None = None,
    groups: Iterable[str | int] | None = None,
    related_groups: Mapping[str, Iterable[str]] | None = None,
    all_classes: bool = False,
) -> GoodsQuery:
    """Resolve the goods arguments of a search."""
    cls = frozenset(int(c) for c in classes or ())
    class_bits(cls)
    grp = frozenset(group_code(g) for g in groups or ())
    rel: set[int] = set()
    if related_groups:
        for g in groups or ():
            for r in related_groups.get(str(g), ()) or related_groups.get(f"{group_code(g):04d}", ()):
                rel.add(group_code(r))
    return GoodsQuery(cls, grp, frozenset(rel - grp), all_classes)


def _any_group_in(gptr: np.ndarray, gdata: np.ndarray, rows: np.ndarray, wanted: frozenset[int]) -> np.ndarray:
    """Per row, whether any of its groups (CSR ``gptr``/``gdata``) is in ``wanted``."""
    out = np.zeros(len(rows), dtype=bool)
    if not wanted or not len(rows):
        return out
    starts = gptr[rows]
    lens = gptr[rows + 1] - starts
    total = int(lens.sum())
    if total == 0:
        return out
    owner = np.repeat(np.arange(len(rows)), lens)
    offs = np.arange(total) - np.repeat(np.cumsum(lens) - lens, lens) + np.repeat(starts, lens)
    hit = sorted_member(unique_sorted(np.fromiter(wanted, dtype=np.int64)), gdata[offs].astype(np.int64))
    out[owner[hit]] = True
    return out


def goods_match(
    gq: GoodsQuery, cmask: np.ndarray, gptr: np.ndarray, gdata: np.ndarray, rows: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(same class or group, related group) boolean arrays for ``rows`` of a segment."""
    qbits = np.uint64(class_bits(gq.classes))
    same = (cmask[rows] & qbits) != 0
    same |= _any_group_in(gptr, gdata, rows, gq.groups)
    related = _any_group_in(gptr, gdata, rows, gq.related) & ~same
    return same, related


def goods_factor(gq: GoodsQuery, same: np.ndarray, related: np.ndarray) -> np.ndarray:
    """Score multiplier per row."""
    if not gq.active:
        return np.ones(len(same), np.float32)
    return np.where(same, SAME_FACTOR, np.where(related, RELATED_FACTOR, OTHER_FACTOR)).astype(np.float32)


def goods_reasons(
    gq: GoodsQuery,
    classes: Iterable[int],
    groups: Iterable[str],
    related_groups: Mapping[str, Iterable[str]] | None,
) -> list[dict[str, Any]]:
    """Reason codes for one mark's goods against the query."""
    if not gq.active:
        return []
    out: list[dict[str, Any]] = []
    shared = sorted(gq.classes & set(classes))
    if shared:
        out.append({"code": "same_class", "detail": shared})
    mgroups = {code: f"{code:04d}" for code in map(group_code, groups)}
    same_g = sorted(mgroups[g] for g in gq.groups & mgroups.keys())
    if same_g:
        out.append({"code": "same_group", "detail": same_g})
    if not shared and not same_g and related_groups:
        pairs = []
        for qg in sorted(gq.groups):
            rel = {group_code(r) for r in related_groups.get(f"{qg:04d}", ()) or related_groups.get(str(qg), ())}
            pairs += [[f"{qg:04d}", mgroups[g]] for g in sorted(rel & mgroups.keys())]
        if pairs:
            out.append({"code": "related_group", "detail": pairs})
    return out
