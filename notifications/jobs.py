"""The nightly round of reminders and office alerts (``notifications.nightly``, every day at
01:30). Safe to run twice: a delivery already sent is not sent again."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy

from core.jobs import JobKind, Schedule, register
from notifications.nightly import run_nightly


def _nightly(payload: dict[str, Any]) -> str:
    today = dt.date.fromisoformat(payload["today"]) if payload.get("today") else None
    return run_nightly(today).describe()


register(
    JobKind(
        name="notifications.nightly",
        label=gettext_lazy("Nightly reminders (inbox, e-mail, SMS) and office alerts"),
        run=_nightly,
        # What was sent is recorded; a second attempt sends only what the first did not record.
        max_attempts=2,
        interrupted_message=gettext_lazy(
            "The reminder round was interrupted; what it had not recorded as sent is sent by the next round."
        ),
        schedule=Schedule(dt.time(1, 30)),
    )
)
