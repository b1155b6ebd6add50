"""Durations as the pages say them."""

from __future__ import annotations

import datetime as dt
import math

from django import template

register = template.Library()


@register.filter
def whole_minutes(value: dt.timedelta | None) -> int | str:
    """A wait in whole minutes, rounded up (14 min 10 s is "15 minutes": never promise less)."""
    if not isinstance(value, dt.timedelta):
        return ""
    return max(1, math.ceil(value.total_seconds() / 60))
