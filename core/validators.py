"""Validators several apps' fields share, each with a message that says what to fix."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

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
