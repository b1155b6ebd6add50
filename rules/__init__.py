"""Rules as dated, cited data: every time limit, threshold, fee and policy limit the product
applies is a row with its source. Code asks ``rules.value(key, on=day)``.

Part of the kernel: it imports no domain app (only ``deadlines`` for ``limit``)."""

from __future__ import annotations

import datetime as dt
from typing import Any


def value(key: str, on: dt.date | None = None) -> Any:
    """The value of the rule ``key`` in force on ``on`` (today by default)."""
    from rules.store import value as _value

    return _value(key, on)


def limit(key: str, on: dt.date | None = None, earliest: bool = False):
    """The time limit ``key`` in force on ``on`` as a ``deadlines.Limit``."""
    from rules.store import limit as _limit

    return _limit(key, on, earliest)
