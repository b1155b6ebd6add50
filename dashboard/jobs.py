"""The dashboard's background jobs: generating an annual report; computing the districts'
figures (the snapshot the roll-up and the dashboard read), daily and when a page finds them
stale."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext, gettext_lazy

from core.jobs import JobKind, Schedule, register
from dashboard.report import give_up_report, run_report
from dashboard.snapshots import JOB as SNAPSHOT_JOB
from dashboard.snapshots import refresh as refresh_snapshots


def _run(payload: dict[str, Any]) -> str:
    return run_report(int(payload["report"]))


def _give_up(payload: dict[str, Any], message: str) -> None:
    give_up_report(int(payload["report"]), message)


register(
    JobKind(
        name="dashboard.annual_report",
        label=gettext_lazy("Annual report"),
        run=_run,
        # Reading the data and writing two files: a second try after its worker died is safe.
        max_attempts=2,
        interrupted_message=gettext_lazy("Generating the report was interrupted. Ask for the report again."),
        on_give_up=_give_up,
    )
)


def _refresh(payload: dict[str, Any]) -> str:
    # The schedule's run (payload {"due": …}) refreshes every district; a page's request the
    # stale ones and those never computed.
    done = refresh_snapshots(stale_only=bool(payload.get("stale_only")))
    return gettext("Figures of %(n)d districts computed.") % {"n": len(done)}


register(
    JobKind(
        name=SNAPSHOT_JOB,
        label=gettext_lazy("District figures (snapshot)"),
        run=_refresh,
        # Reading the records and replacing the district's rows in one transaction: a second
        # try after its worker died is safe, and the pages show the last figures meanwhile.
        max_attempts=2,
        interrupted_message=gettext_lazy(
            "Computing the district figures was interrupted; the pages show the figures computed before."
        ),
        schedule=Schedule(at=dt.time(4, 0)),
    )
)
