"""Masking of personal numbers for everyone but the office's working staff (county
leadership reads the office's pages but never a full ID or phone number)."""


def sees_personal_numbers(user) -> bool:  # type: ignore[no-untyped-def]
    """Office staff who work with people's files see full numbers; leadership and everyone
    outside the office see them masked."""
    return bool(getattr(user, "is_office", False)) and not getattr(user, "is_leadership", False)


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
