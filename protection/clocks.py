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

import rules
from deadlines import CALENDAR_DAYS, PAST, PAUSED, Limit, Pause
from deadlines import Clock as EngineClock
from deadlines import working_time_between as engine_working_time
from protection.choices import CaseStatus, MediationStatus, TransferStatus
from rules.store import RuleMissing

# Every limit is a rule in the rule store (rules app, page 规则与依据), read for the day the
# step began: a rule changed later never moves a running clock's start rule under it.
FILING = "protection.filing_decision"
FILING_EXTENSION = "protection.filing_extension"
DECISION = "protection.case_decision"
DECISION_EXTENSION = "protection.case_decision_extension"
HEAD_DECISION = "protection.transfer_head_decision"
SENDING = "protection.transfer_sending"
POLICE_ANSWER = "protection.police_answer"
# 公通字〔2017〕25号 art. 16: an ordinary transferred case is decided within 3 days, at the latest 10.
POLICE_ANSWER_LATEST = "protection.police_answer_latest"
# The police's longer limits for a major or complex case and a further special extension
# (公通字〔2017〕25号 art. 16), recorded on the transfer with the approving head.
POLICE_ANSWER_COMPLEX = "protection.police_answer_complex"
POLICE_ANSWER_SPECIAL = "protection.police_answer_special"
RECONSIDERATION_REQUEST = "protection.reconsideration_request"
RECONSIDERATION_ANSWER = "protection.reconsideration_answer"
HANDOVER = "protection.seized_items_handover"
# The district's own rule for answering a mediation application (not a legal limit).
MEDIATION_ANSWER = "protection.mediation_answer"
MEDIATION_TERM = "protection.mediation_term"
CONFIRMATION_WINDOW = "protection.confirmation_window"
CONFIRMATION_DECISION = "protection.confirmation_decision"
CONFIRMATION_EXTENSION = "protection.confirmation_extension"
# The district's goal: a transfer done, from proposal to the police's acceptance, within one
# working day of working time.
DISTRICT_GOAL = "protection.transfer_goal"


def limit(key: str, start: dt.datetime | dt.date | None) -> Limit:
    """The limit ``key`` in force on the day ``start`` falls on (local time)."""
    if isinstance(start, dt.datetime):
        start = timezone.localtime(start).date()
    # A step that began before a rule's first version (an old imported case) is measured by
    # that first version rather than breaking the page.
    return rules.limit(key, on=start, earliest=True)


def district_goal(on: dt.datetime | dt.date | None = None) -> dt.timedelta:
    goal = limit(DISTRICT_GOAL, on or timezone.now())
    return dt.timedelta(hours=goal.amount)


def _local(moment: dt.datetime | None) -> dt.datetime | None:
    """The database hands back UTC; days are counted in the district's time zone."""
    return timezone.localtime(moment) if moment is not None else None


class Clock:
    """The engine's clock with every moment taken in the district's time zone first."""

    @staticmethod
    def of(start, limit, now, pauses=(), done_at=None) -> EngineClock:
        pauses = [Pause(_local(p.started), _local(p.ended)) for p in pauses]  # type: ignore[arg-type]  # _local gives None only for None; a pause's start is always set
        return EngineClock.of(_local(start), limit, _local(now), pauses, _local(done_at))  # type: ignore[arg-type]  # _local gives None only for None; the start and now are always set


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


def _pauses(case, status: str) -> list[Pause]:
    return [Pause(p.started_at, p.ended_at) for p in case.pauses.all() if p.status == status]


def decision_limit(case) -> Limit:
    """90 days from filing, 30 more with the head's approval; after that, as long as the heads
    decided collectively (each further extension is a row with its decision and new date)."""
    span = limit(DECISION, case.filed_at)
    if case.decision_extended:
        span = span + limit(DECISION_EXTENSION, case.filed_at)
        # Only a case already extended once can have further extensions: no query for others.
        for extension in case.further_extensions.all():
            span = span + Limit(extension.days, span.unit)
    return span


def mediation_term(mediation) -> Limit:
    """The term from the body's acceptance, and the days both parties agreed to add (each
    extension is a row with how they agreed and the new last day)."""
    return limit(MEDIATION_TERM, mediation.answered_at) + Limit(mediation.term_extended_days, CALENDAR_DAYS)


def mediation_term_last_day(mediation) -> dt.date:
    """The term's last day before a holiday moves it: the day an extension counts from, so the
    new last day the parties agreed is the one the clock shows."""
    term = mediation_term(mediation)
    return timezone.localtime(mediation.answered_at).date() + dt.timedelta(days=term.amount)


def police_answer_limit(transfer) -> Limit:
    """3 days from the sending; 30 once a head of the police approved the case as major or
    complex, 30 more once a head one level up approved a further extension (公通字〔2017〕25号
    art. 16), each read for the day the transfer was sent."""
    if transfer.complex_approved_on is None:
        return limit(POLICE_ANSWER, transfer.sent_at)
    span = limit(POLICE_ANSWER_COMPLEX, transfer.sent_at)
    if transfer.special_approved_on is not None:
        span = span + limit(POLICE_ANSWER_SPECIAL, transfer.sent_at)
    return span


def police_answer_latest(transfer) -> dt.datetime | None:
    """The latest moment the police decide on an ordinary transferred case (10 days from the
    sending, 公通字〔2017〕25号 art. 16), for a case sent once that rule was in force and not
    approved as major or complex (whose own 30 days replace both limits)."""
    if transfer.sent_at is None or transfer.complex_approved_on is not None:
        return None
    try:
        span = rules.limit(POLICE_ANSWER_LATEST, on=timezone.localtime(transfer.sent_at).date())
    except RuleMissing:
        return None
    return Clock.of(transfer.sent_at, span, transfer.sent_at).due


def case_step(case, now: dt.datetime) -> Step | None:
    """The case's running limit: the filing decision on a lead, the decision on a filed case."""
    if case.status == CaseStatus.LEAD:
        span = limit(FILING, case.received_at)
        if case.filing_extended:
            span = span + limit(FILING_EXTENSION, case.received_at)
        clock = Clock.of(case.received_at, span, now, _pauses(case, CaseStatus.LEAD))
        return Step(str(_("Decide whether to file")), clock)
    if case.status in (CaseStatus.FILED, CaseStatus.INVESTIGATING):
        pauses = _pauses(case, CaseStatus.FILED) + _pauses(case, CaseStatus.INVESTIGATING)
        return Step(str(_("Decide the case")), Clock.of(case.filed_at, decision_limit(case), now, pauses))
    return None


def transfer_step(transfer, now: dt.datetime) -> Step | None:
    s = transfer.status
    if s == TransferStatus.PROPOSED:
        return Step(
            str(_("The head decides on the transfer")),
            Clock.of(transfer.proposed_at, limit(HEAD_DECISION, transfer.proposed_at), now),
        )
    if s == TransferStatus.APPROVED:
        return Step(
            str(_("Send the case to the police")),
            Clock.of(transfer.head_decided_at, limit(SENDING, transfer.head_decided_at), now),
        )
    if s == TransferStatus.SENT:
        label = str(_("The police accept or refuse"))
        latest = police_answer_latest(transfer)
        if latest is not None:
            label += " " + str(_("(at the latest %(day)s)") % {"day": timezone.localtime(latest).strftime("%Y-%m-%d")})
        return Step(label, Clock.of(transfer.sent_at, police_answer_limit(transfer), now))
    if s == TransferStatus.ACCEPTED and transfer.items_handed_over_at is None:
        start = transfer.accepted_at
        return Step(str(_("Hand the seized items over to the police")), Clock.of(start, limit(HANDOVER, start), now))
    if s == TransferStatus.REFUSED:
        start = transfer.police_answered_at
        clock = Clock.of(start, limit(RECONSIDERATION_REQUEST, start), now)
        return _window(Step(str(_("Ask the police to reconsider (optional)")), clock, optional=True))
    if s == TransferStatus.RECONSIDERATION:
        start = transfer.reconsideration_at
        clock = Clock.of(start, limit(RECONSIDERATION_ANSWER, start), now)
        return Step(str(_("The police answer the reconsideration")), clock)
    return None


def mediation_step(mediation, now: dt.datetime) -> Step | None:
    s = mediation.status
    if s == MediationStatus.APPLIED:
        return Step(
            str(_("Accept or decline the mediation")),
            Clock.of(mediation.applied_at, limit(MEDIATION_ANSWER, mediation.applied_at), now),
        )
    if s in (MediationStatus.ACCEPTED, MediationStatus.IN_SESSION):
        return Step(str(_("Conclude the mediation")), Clock.of(mediation.answered_at, mediation_term(mediation), now))
    if s == MediationStatus.AGREED:
        start = mediation.concluded_at
        clock = Clock.of(start, limit(CONFIRMATION_WINDOW, start), now)
        return _window(Step(str(_("Apply for judicial confirmation (optional)")), clock, optional=True))
    if s == MediationStatus.CONFIRMATION:
        start = mediation.confirmation_applied_at
        span = limit(CONFIRMATION_DECISION, start)
        if mediation.confirmation_extended:
            span = span + limit(CONFIRMATION_EXTENSION, start)
        return Step(str(_("The court rules on the confirmation")), Clock.of(start, span, now))
    return None


def transfer_working_time(transfer, now: dt.datetime) -> dt.timedelta:
    """Working time from the proposal to the police's acceptance (or to now while open)."""
    return working_time_between(transfer.proposed_at, transfer.accepted_at or now)


def met_district_goal(transfer) -> bool | None:
    """Whether an accepted transfer was done within one working day; None while not accepted."""
    if transfer.accepted_at is None:
        return None
    return working_time_between(transfer.proposed_at, transfer.accepted_at) <= district_goal(transfer.proposed_at)


def is_paused(step: Step | None) -> bool:
    return step is not None and step.clock.flag == PAUSED
