"""Chinese patent numbers. The application number ends in a check character: the digits
before it, weighted 2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5 from the left, summed modulo 11, with
10 written as X (CNIPA's rule since 2003: 12 digits; before 2003: 8 digits, weights 2…9)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
# The digit after the year: the kind of application.
KIND_DIGITS = {
    "1": "invention",
    "2": "utility_model",
    "3": "design",
    "8": "invention",  # PCT application entering the national phase
    "9": "utility_model",  # PCT utility model
}
_CLEAN = re.compile(r"[\s.。·]")
_PUBLICATION = re.compile(r"^CN\d{6,9}[A-Z]\d?$")


def check_character(body: str) -> str:
    total = sum(int(d) * w for d, w in zip(body, WEIGHTS, strict=False))
    value = total % 11
    return "X" if value == 10 else str(value)


def normalise_application_number(value: str) -> str:
    """'CN 201710601862.3', 'ZL2017106018623' -> '201710601862.3' (no validation)."""
    text = _CLEAN.sub("", (value or "").strip().upper())
    text = text.removeprefix("ZL").removeprefix("CN")
    if len(text) in (9, 13):
        return f"{text[:-1]}.{text[-1]}"
    return text


def validate_application_number(value: str) -> None:
    number = normalise_application_number(value)
    body, _dot, check = number.partition(".")
    if len(body) not in (8, 12) or not body.isdigit() or len(check) != 1:
        raise ValidationError(
            _(
                "%(value)s is not a Chinese patent application number: write 12 digits, a dot and the check "
                "character, e.g. 201710601862.3."
            )
            % {"value": value},
            code="application_number_format",
        )
    expected = check_character(body)
    if check != expected:
        raise ValidationError(
            _("The check character of %(value)s should be %(expected)s: check the number on the filing receipt.")
            % {"value": value, "expected": expected},
            code="application_number_checksum",
        )
    kind = body[4] if len(body) == 12 else body[2]
    if kind not in KIND_DIGITS:
        raise ValidationError(
            _("%(value)s has %(digit)s as its kind digit; it must be 1, 2, 3, 8 or 9.")
            % {"value": value, "digit": kind},
            code="application_number_kind",
        )


def kind_of_application_number(number: str) -> str:
    body = normalise_application_number(number).partition(".")[0]
    if len(body) < 3:
        return ""  # not a number at all: its validator says so, this only guesses the kind
    return KIND_DIGITS.get(body[4] if len(body) == 12 else body[2], "")


def validate_publication_number(value: str) -> None:
    if value and not _PUBLICATION.match(value.strip().upper()):
        raise ValidationError(
            _("%(value)s is not a Chinese publication number like CN112345678A.") % {"value": value},
            code="publication_number",
        )
