"""Validators for the registry's identity numbers, each with a message that says what to fix."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_exceptions
from stdnum import numdb
from stdnum.cn import ric, uscc

from refdata import divisions


def normalise_uscc(value: str) -> str:
    return uscc.compact(value or "")


def validate_uscc(value: str) -> None:
    """GB 32100 Unified Social Credit Code: 18 characters, check digit, and a region part
    (positions 3–8) that is a real GB/T 2260 division."""
    code = normalise_uscc(value)
    if len(code) != 18:
        raise ValidationError(
            _("A Unified Social Credit Code has 18 characters; this one has %(n)d.") % {"n": len(code)},
            code="uscc_length",
        )
    try:
        uscc.validate(code)
    except stdnum_exceptions.InvalidChecksum:
        raise ValidationError(
            _("The last character (check digit) of %(code)s is wrong: check the code on the business licence.")
            % {"code": code},
            code="uscc_checksum",
        ) from None
    except stdnum_exceptions.ValidationError:
        raise ValidationError(
            _(
                "%(code)s is not a valid Unified Social Credit Code: it may use only digits and the letters "
                "A–Y except I, O, S, V, Z."
            )
            % {"code": code},
            code="uscc_format",
        ) from None
    region = code[2:8]
    # A USCC keeps the region code of the authority that issued it, even after that county was
    # merged or renamed: codes in use since USCCs began are valid (shown as historical).
    if not divisions.is_division_code(region, historical_too=True):
        raise ValidationError(
            _("Characters 3–8 of %(code)s (%(region)s) are not a GB/T 2260 region code.")
            % {"code": code, "region": region},
            code="uscc_region",
        )


def _ever_a_county(region: str) -> bool:
    """Whether python-stdnum's place table (GB/T 2260 since the 1980s, each county with the years it
    existed) has ever held this county code: an ID number keeps the code of the place where it was
    first issued, e.g. 110228 密云县 (1982–2015), although that county is now a district."""
    return any("county" in found for _part, found in numdb.get("cn/loc").info(region)[1:])


def validate_id_number(value: str) -> None:
    """The 18-digit resident identity number: format, check digit and birth date through
    python-stdnum; the region part against our GB/T 2260 data or any county code python-stdnum's
    place table has ever held. (stdnum's own place check
    refuses people born before their county's code was created, e.g. anyone from 芝罘区
    born before 1983, although their numbers carry that code.)"""
    number = ric.compact(value or "")
    try:
        if len(number) != 18 or not number[:17].isdigit():
            raise stdnum_exceptions.InvalidFormat()
        if number[-1] != ric.calc_check_digit(number):
            raise stdnum_exceptions.InvalidChecksum()
        ric.get_birth_date(number)
    except stdnum_exceptions.ValidationError:
        raise ValidationError(
            _("This is not a valid resident ID number: check the 18 digits and the last character."),
            code="id_number",
        ) from None
    region = number[:6]
    if divisions.lookup(region) is None and divisions.lookup(region[:4] + "00") is None and not _ever_a_county(region):
        raise ValidationError(
            _("The first six digits of this ID number (%(region)s) are not a GB/T 2260 region code.")
            % {"region": region},
            code="id_number_region",
        )


def validate_street_code(value: str) -> None:
    division = divisions.lookup(value)
    if division is None or division.level != "street":
        raise ValidationError(
            _("%(code)s is not a street or town code of GB/T 2260: pick the street from the list.") % {"code": value},
            code="street_code",
        )
