"""The second factor: a TOTP authenticator app (django-otp), with one-time recovery codes.

Who must use it: the office (clerks, reviewers, leaders, enforcement officers, leadership), the
police and the court, who hold case files, evidence and personal numbers
(``SECOND_FACTOR_REQUIRED``: on in production, off in the demo unless asked for). Anyone else
may enrol. Whoever has a confirmed authenticator is asked for a code at every log-in.
"""

from __future__ import annotations

import io

from django.conf import settings
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.choices import OrganisationKind

# Kinds of organisation whose people must have a second factor when it is required.
REQUIRED_KINDS = frozenset(
    {OrganisationKind.OFFICE, OrganisationKind.BUREAU, OrganisationKind.POLICE, OrganisationKind.COURT}
)
RECOVERY_CODES = 10
AUTHENTICATOR_NAME = "authenticator"
RECOVERY_NAME = "recovery codes"


def is_required_for(user) -> bool:
    return bool(settings.SECOND_FACTOR_REQUIRED) and getattr(user, "kind", "") in REQUIRED_KINDS


def authenticator(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_second_factor(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_device(user) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, confirmed=True).first()


def remaining_recovery_codes(user) -> int:
    device = recovery_device(user)
    return device.token_set.count() if device else 0


def qr_svg(device: TOTPDevice) -> str:
    """The device's otpauth:// address as an inline SVG QR code (drawn here, nothing fetched)."""
    import segno

    out = io.BytesIO()
    segno.make(device.config_url, error="m").save(out, kind="svg", scale=5, xmldecl=False, svgns=True)
    return out.getvalue().decode()


def secret_for_typing(device: TOTPDevice) -> str:
    """The key in base32, in groups of four, for an app that cannot scan a QR code."""
    from base64 import b32encode

    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))
