"""Validators several apps' fields share, each with a message that says what to fix."""

from __future__ import annotations

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Digits (full-width too), spaces, + - ( ) and what separates an extension or a second
# number: 0535-6212345 转 801, +86 139 0000 0000, (0535)6212345/6212346.
_PHONE = re.compile(r"[\d +\-()（）/,，;；、#*转分机extEXT.]*")


def validate_phone(value: str) -> None:
    """A telephone number: no control characters (a NUL or a line break in a number once
    went straight into exports and text messages), no letters or markup."""
    if not _PHONE.fullmatch(value or ""):
        raise ValidationError(
            _("A phone number holds only digits, spaces and + - ( ), e.g. 0535-6212345 or 13900000000."),
            code="phone",
        )


_FEN = Decimal("0.01")
# The largest amount a money column (14 digits, 2 after the point) holds, plus one fen.
TOO_MUCH = Decimal("1000000000000")


def amount_given(value: object, field: str = "amount") -> Decimal:
    """An amount in yuan as someone typed or sent it, checked as money before any arithmetic:
    a number, finite, whole fen (0.005 is refused, not rounded), and small enough for the
    money columns (1e30 once overflowed the decimal context: a 500). Zero and negative
    amounts are left to the caller, whose message says what the amount is for."""
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except ArithmeticError:
        raise ValidationError({field: _("Not an amount: write it in yuan, e.g. 1234.50.")}) from None
    if not amount.is_finite():
        raise ValidationError({field: _("Not an amount: write it in yuan, e.g. 1234.50.")})
    if abs(amount) >= TOO_MUCH:
        raise ValidationError({field: _("The amount is too large: at most ¥999,999,999,999.99.")})
    if amount != amount.quantize(_FEN):
        raise ValidationError({field: _("Amounts are in whole fen: at most two digits after the point.")})
    return amount.quantize(_FEN)
