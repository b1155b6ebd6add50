"""Masking of personal numbers for everyone but the office's working staff (county
leadership reads the office's pages but never a full ID or phone number)."""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar


def sees_personal_numbers(user) -> bool:
    """Office staff who work with people's files see full numbers; leadership and everyone
    outside the office see them masked."""
    return bool(getattr(user, "is_office", False)) and not getattr(user, "is_leadership", False)


def masks_whole_responses(user) -> bool:
    """Whose every page and API answer is also scanned for personal numbers."""
    return bool(getattr(user, "is_leadership", False))


def mask_id_number(value: str) -> str:
    """370602199001011234 -> 370602********1234 (region kept, birth date and sequence hidden)."""
    if not value:
        return ""
    if len(value) <= 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value: str) -> str:
    """13812345678 -> 138****5678."""
    if not value:
        return ""
    if len(value) < 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


# A mainland ID number (region, birth date, sequence, check character) or a mobile number,
# standing alone: not inside a longer code (a USCC, a registration number) and not the digits of
# a decimal fraction (an SVG chart's coordinates).
_PERSONAL_NUMBER = re.compile(
    r"(?<![0-9A-Za-z.])"
    r"(?:(?P<id>\d{6}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx])|(?P<mobile>1[3-9]\d{9}))"
    r"(?![0-9A-Za-z]|\.\d)"
)


def _masked(match: re.Match[str]) -> str:
    if match.group("id"):
        return mask_id_number(match.group("id"))
    return mask_phone(match.group("mobile"))


def mask_personal_numbers_in_text(text: str) -> str:
    """Mask every ID and mobile number in a page or a JSON body: the safety net for readers
    who must never see one (the audit trail's before/after, free-text notes), on top of the
    field-by-field masking above. One pass over the text."""
    return _PERSONAL_NUMBER.sub(_masked, text)


# Whether the exports built while this request runs are for a reader who must never see a
# full number. Set by ``accounts.middleware`` around every request, so that no export (the
# middleware cannot read an XLSX's compressed cells) can forget it.
_exports_masked: ContextVar[bool] = ContextVar("exports_masked", default=False)


@contextmanager
def exports_masked_for(user) -> Iterator[None]:
    token = _exports_masked.set(masks_whole_responses(user))
    try:
        yield
    finally:
        _exports_masked.reset(token)


def exports_are_masked() -> bool:
    return _exports_masked.get()
