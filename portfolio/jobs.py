"""The portfolio's background jobs: running an uploaded import, and the nightly reminders."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.jobs import JobKind, register
from portfolio.importing import runner
from portfolio.reminders import send_nightly_reminders

INTERRUPTED_IMPORT = gettext_lazy("The import was interrupted; nothing was imported. Please upload the file again.")


def _run_import(payload: dict[str, Any]) -> str:
    return runner.run_job(int(payload["import_job"]))


def _give_up_import(payload: dict[str, Any], message: str) -> None:
    runner.give_up_job(int(payload["import_job"]), message)


def _nightly_reminders(payload: dict[str, Any]) -> str:
    due = dt.datetime.fromisoformat(payload["due"]).date() if payload.get("due") else None
    mailed, items = send_nightly_reminders(due)
    return _("%(items)d reminders mailed to %(people)d people.") % {"items": items, "people": mailed}


register(
    JobKind(
        name="portfolio.import",
        label=gettext_lazy("Import of patents or trademarks"),
        run=_run_import,
        # An import writes in one transaction: a second try after its worker died is safe.
        max_attempts=2,
        interrupted_message=INTERRUPTED_IMPORT,
        on_give_up=_give_up_import,
    )
)
register(
    JobKind(
        name="portfolio.nightly_reminders",
        label=gettext_lazy("Nightly reminders of annuities and renewals"),
        run=_nightly_reminders,
        interrupted_message=gettext_lazy(
            "The reminder round was interrupted; some people may not have been mailed. Tonight's round lists the "
            "same items again."
        ),
        # Not scheduled: the nightly round of ``notifications`` (inbox, e-mail and SMS, once per
        # item and channel) took its place; this one still runs by hand.
        schedule=None,
    )
)
