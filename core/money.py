"""Money: Decimal yuan with two places, never float. The column size every money field uses,
rounding to the fen, and dividing an amount by percentages so the parts add up to the whole."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any, TypeVar

from django import forms
from django.utils.translation import gettext_lazy as _

from core.validators import amount_given

__all__ = ["FEN", "MONEY", "ZERO", "AmountField", "amount_given", "money", "split_amount"]

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


class AmountField(forms.DecimalField):
    """A form's amount of money in yuan: two places, above zero unless `minimum` says otherwise.
    Each refusal says what is wrong with the value typed (a negative amount: it must be above
    zero; three decimals: to the fen), never only that the field is to be filled in."""

    def __init__(self, *, minimum: Decimal | str = FEN, **kwargs: Any) -> None:
        minimum = Decimal(minimum)
        messages = {
            "invalid": _("Type an amount in yuan, such as 12500 or 12500.50."),
            "max_decimal_places": _("Amounts are to the fen: at most two decimal places."),
            "max_digits": _("That amount is too large."),
            "max_whole_digits": _("That amount is too large."),
            "min_value": _("The amount must be above zero.")
            if minimum == FEN
            else _("The amount must be at least ¥%(limit_value)s."),
            **kwargs.pop("error_messages", {}),
        }
        super().__init__(min_value=minimum, error_messages=messages, **MONEY, **kwargs)
