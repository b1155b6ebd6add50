"""Money: Decimal yuan with two places, never float. The column size every money field uses,
rounding to the fen, and dividing an amount by percentages so the parts add up to the whole."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any, TypeVar

from core.validators import amount_given

__all__ = ["FEN", "MONEY", "ZERO", "amount_given", "money", "split_amount"]

MONEY: dict[str, Any] = {"max_digits": 14, "decimal_places": 2}
ZERO = Decimal("0.00")
FEN = Decimal("0.01")

Part = TypeVar("Part")


def money(value: Decimal | int | str) -> Decimal:
    """An amount rounded to the fen (half up, as a bank rounds)."""
    return Decimal(value).quantize(FEN, rounding=ROUND_HALF_UP)


def split_amount(amount: Decimal, shares: list[tuple[Part, Decimal]]) -> list[tuple[Part, Decimal]]:
    """Divide an amount by percentages to the fen; the last share takes the rounding remainder
    so the parts always add up to the whole."""
    parts: list[tuple[Part, Decimal]] = []
    left = amount
    for index, (holder, percent) in enumerate(shares):
        part = left if index == len(shares) - 1 else money(amount * percent / 100)
        parts.append((holder, part))
        left -= part
    return parts
