"""The time limit of each open step, counted by the deadline engine.

Which days count (see docs/protection.md): the filing decision counts working days; the
decision on a filed case, the head's decision on a transfer, the police's answer, the request
for and the answer to reconsideration, the mediation term and the judicial-confirmation window
count calendar days (a last day on a holiday moves to the next working day); sending an
approved transfer counts clock hours. The district's goal for a transfer is measured in working
time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from deadlines import CALENDAR_DAYS, HOURS, PAST, PAUSED, WORKING_DAYS, Limit, Pause
from deadlines import Clock as EngineClock
from deadlines import working_time_between as engine_working_time
from protection.choices import CaseStatus, MediationStatus, TransferStatus

FILING = Limit(15, WORKING_DAYS)
FILING_EXTENSION = Limit(15, WORKING_DAYS)
DECISION = Limit(90, CALENDAR_DAYS)
DECISION_EXTENSION = Limit(30, CALENDAR_DAYS)
HEAD_DECISION = Limit(3, CALENDAR_DAYS)
SENDING = Limit(24, HOURS)
POLICE_ANSWER = Limit(3, CALENDAR_DAYS)
RECONSIDERATION_REQUEST = Limit(3, CALENDAR_DAYS)
RECONSIDERATION_ANSWER = Limit(3, CALENDAR_DAYS)
# The district's own rule for answering a mediation application (not a legal limit).
MEDIATION_ANSWER = Limit(3, WORKING_DAYS)
MEDIATION_TERM = Limit(30, CALENDAR_DAYS)
CONFIRMATION_WINDOW = Limit(30, CALENDAR_DAYS)
# The district's goal: a transfer done, from proposal to the police's acceptance, within one
# working day of working time.
DISTRICT_GOAL = dt.timedelta(hours=24)


def _local(moment: dt.datetime | None) -> dt.datetime | None:
    """The database hands back UTC; days are counted in the district's time zone."""
    return timezone.localtime(moment) if moment is not None else None


class Clock:
    """The engine's clock with every moment taken in the district's time zone first."""

    @staticmethod
    def of(start, limit, now, pauses=(), done_at=None) -> EngineClock:  # type: ignore[no-untyped-def]
        pauses = [Pause(_local(p.started), _local(p.ended)) for p in pauses]  # type: ignore[arg-type]
        return EngineClock.of(_local(start), limit, _local(now), pauses, _local(done_at))  # type: ignore[arg-type]


def working_time_between(start: dt.datetime, end: dt.datetime) -> dt.timedelta:
    return engine_working_time(timezone.localtime(start), timezone.localtime(end))


@dataclass(frozen=True)
class Step:
    """An open step with its clock: what is to be done, by whom, by when."""

    label: str
    clock: EngineClock
    # The step is a window the office may use, not a duty: a closed window is not overdue.
    optional: bool = False


def _window(step: Step) -> Step | None:
    """A window the office or a party may use is no step once it has closed."""
    return None if step.clock.flag == PAST else step


def _pauses(case, status: str) -> list[Pause]:  # type: ignore[no-untyped-def]
    return [Pause(p.started_at, p.ended_at) for p in case.pauses.all() if p.status == status]


def case_step(case, now: dt.datetime) -> Step | None:  # type: ignore[no-untyped-def]
    """The case's running limit: the filing decision on a lead, the decision on a filed case."""
    if case.status == CaseStatus.LEAD:
        limit = FILING + FILING_EXTENSION if case.filing_extended else FILING
        clock = Clock.of(case.received_at, limit, now, _pauses(case, CaseStatus.LEAD))
        return Step(str(_("Decide whether to file")), clock)
    if case.status in (CaseStatus.FILED, CaseStatus.INVESTIGATING):
        limit = DECISION + DECISION_EXTENSION if case.decision_extended else DECISION
        pauses = _pauses(case, CaseStatus.FILED) + _pauses(case, CaseStatus.INVESTIGATING)
        return Step(str(_("Decide the case")), Clock.of(case.filed_at, limit, now, pauses))
    return None


def transfer_step(transfer, now: dt.datetime) -> Step | None:  # type: ignore[no-untyped-def]
    s = transfer.status
    if s == TransferStatus.PROPOSED:
        return Step(str(_("The head decides on the transfer")), Clock.of(transfer.proposed_at, HEAD_DECISION, now))
    if s == TransferStatus.APPROVED:
        return Step(str(_("Send the case to the police")), Clock.of(transfer.head_decided_at, SENDING, now))
    if s == TransferStatus.SENT:
        return Step(str(_("The police accept or refuse")), Clock.of(transfer.sent_at, POLICE_ANSWER, now))
    if s == TransferStatus.REFUSED:
        clock = Clock.of(transfer.police_answered_at, RECONSIDERATION_REQUEST, now)
        return _window(Step(str(_("Ask the police to reconsider (optional)")), clock, optional=True))
    if s == TransferStatus.RECONSIDERATION:
        clock = Clock.of(transfer.reconsideration_at, RECONSIDERATION_ANSWER, now)
        return Step(str(_("The police answer the reconsideration")), clock)
    return None


def mediation_step(mediation, now: dt.datetime) -> Step | None:  # type: ignore[no-untyped-def]
    s = mediation.status
    if s == MediationStatus.APPLIED:
        return Step(str(_("Accept or decline the mediation")), Clock.of(mediation.applied_at, MEDIATION_ANSWER, now))
    if s in (MediationStatus.ACCEPTED, MediationStatus.IN_SESSION):
        return Step(str(_("Conclude the mediation")), Clock.of(mediation.answered_at, MEDIATION_TERM, now))
    if s == MediationStatus.AGREED:
        clock = Clock.of(mediation.concluded_at, CONFIRMATION_WINDOW, now)
        return _window(Step(str(_("Apply for judicial confirmation (optional)")), clock, optional=True))
    return None


def transfer_working_time(transfer, now: dt.datetime) -> dt.timedelta:  # type: ignore[no-untyped-def]
    """Working time from the proposal to the police's acceptance (or to now while open)."""
    return working_time_between(transfer.proposed_at, transfer.accepted_at or now)


def met_district_goal(transfer) -> bool | None:  # type: ignore[no-untyped-def]
    """Whether an accepted transfer was done within one working day; None while not accepted."""
    if transfer.accepted_at is None:
        return None
    return working_time_between(transfer.proposed_at, transfer.accepted_at) <= DISTRICT_GOAL


def is_paused(step: Step | None) -> bool:
    return step is not None and step.clock.flag == PAUSED
