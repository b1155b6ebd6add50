"""Direct comparison of two marks, without an index (used by the protected-mark watch)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from .explain import alt_reasons, text_reasons
from .features import codes_matrix
from .goods import goods_factor, goods_match, goods_query, goods_reasons
from .index import DEFAULT_MIN_SCORE
from .normalise import normalise
from .refdata import RefData, load_refdata
from .score import finalise_score
from .search import PreparedQuery
from .segment import build_segment
from .types import Mark


def similarity(
    a: str | Mark,
    b: str | Mark,
    related_groups: Mapping[str, Iterable[str]] | None = None,
    ref: RefData | None = None,
) -> tuple[float, list[dict[str, Any]]]:
    """Score (0..100) and reasons for how similar mark ``b`` is to mark ``a``.

    Strings compare text only.  When both are :class:`Mark` objects with goods, the goods
    factor of a search with ``a``'s classes and groups over all classes applies (same class
    x1.0, related group x0.95, otherwise x0.85) and goods reasons are added.  The score is the
    one :meth:`TrademarkIndex.search` gives ``b`` for the query ``a``.
    """
    ref = ref or load_refdata()
    ma = a if isinstance(a, Mark) else Mark(0, a)
    mb = b if isinstance(b, Mark) else Mark(0, b)
    q, m = normalise(ma.text, ref), normalise(mb.text, ref)
    pq = PreparedQuery.make(q, ref, goods_query(), DEFAULT_MIN_SCORE)
    raw = float(pq.full.score(codes_matrix([m.key]))[0]) if m.key else 0.0
    reasons = text_reasons(q, m, ref) + (alt_reasons(pq, m) if m.key else [])
    if isinstance(a, Mark) and isinstance(b, Mark) and (ma.classes or ma.groups):
        gq = goods_query(ma.classes, ma.groups, related_groups, all_classes=True)
        seg = build_segment([mb], ref)
        same, related = goods_match(gq, seg.cmask, seg.gptr, seg.gdata, np.zeros(1, np.int64))
        raw *= float(goods_factor(gq, same, related)[0])
        reasons += goods_reasons(gq, mb.classes, mb.groups, related_groups)
    return finalise_score(raw, q, m), reasons
