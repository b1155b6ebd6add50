"""Sending an SMS through a pluggable gateway.

A backend is a class with one method, ``send(phone, text)``, that returns when the gateway
accepted the message and raises ``SmsError`` (with a reason a clerk can read) when it did not.
``settings.SMS_BACKEND`` names the class by its dotted path; the default only logs. A real
provider's backend (Alibaba Cloud, Tencent Cloud SMS, a carrier's gateway) is a class of a few
lines around its client library: docs/notifications.md shows one.
"""

from __future__ import annotations

import logging
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("ipcounty.sms")

DEFAULT_BACKEND = "notifications.sms.LoggingSmsBackend"


class SmsError(Exception):
    """The gateway refused or could not be reached; the message says why."""


class SmsBackend(Protocol):
    def send(self, phone: str, text: str) -> None: ...


class LoggingSmsBackend:
    """Writes each message to the ``ipcounty.sms`` log (the phone number masked) and keeps the
    last ones in ``outbox`` for tests. Sends nothing."""

    outbox: list[tuple[str, str]] = []

    def send(self, phone: str, text: str) -> None:
        from core.masking import mask_phone

        LoggingSmsBackend.outbox.append((phone, text))
        del LoggingSmsBackend.outbox[:-1000]
        logger.info("sms to %s: %s", mask_phone(phone), text)


def backend() -> SmsBackend:
    return import_string(getattr(settings, "SMS_BACKEND", DEFAULT_BACKEND))()
