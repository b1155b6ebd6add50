"""The dashboard's background job: generating an annual report."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

from core.jobs import JobKind, register
from dashboard.report import give_up_report, run_report


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
