"""What waits in protection for each person, and what its search finds: the steps of cases,
transfers and mediations whose next move is theirs (by the workflow tables), timed by their clocks."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from accounts.choices import OrganisationKind, Role
from core.worklists import SearchHit, WorkItem, search, worklist
from deadlines import NEAR, PAST
from protection.choices import OPEN_CASE_STATUSES, CaseStatus, MediationKind, MediationStatus, TransferStatus
from protection.clocks import case_step, mediation_step, transfer_step
from protection.models import Case, Mediation, Transfer
from protection.workflow import (
    APPLICANT,
    BODY,
    ENFORCEMENT,
    LEADER,
    MEDIATION_TRANSITIONS,
    MEDIATOR,
    POLICE,
    TRANSFER_TRANSITIONS,
)


def _actors(user) -> frozenset[str]:
    """Which of the workflow tables' actors this person is (MEDIATOR is checked per row)."""
    if user.is_office:
        return frozenset(
            ({ENFORCEMENT} if user.has_role(Role.ENFORCEMENT) else set())
            | ({LEADER} if user.has_role(Role.LEADER) else set())
        )
    return {
        OrganisationKind.POLICE: frozenset({POLICE}),
        OrganisationKind.MEDIATION: frozenset({BODY, MEDIATOR}),
        OrganisationKind.COURT: frozenset({APPLICANT}),
        OrganisationKind.ENTERPRISE: frozenset({APPLICANT}),
    }.get(user.kind, frozenset())


def _moves(table: dict[str, dict[str, frozenset[str]]], status: str) -> frozenset[str]:
    return frozenset().union(*table.get(status, {}).values())


@worklist
def case_steps(user) -> list[WorkItem]:
    """Leads to decide and filed cases to investigate and decide for enforcement officers (a
    filed case for its own officers); the cases near or past their limit for the head."""
    actors = _actors(user)
    if not actors & {ENFORCEMENT, LEADER}:
        return []
    now = timezone.now()
    cases = (
        Case.objects.for_user(user)
        .filter(status__in=OPEN_CASE_STATUSES)
        .prefetch_related("pauses", "further_extensions", "officers")
    )
    items = []
    for case in cases:
        step = case_step(case, now)
        if step is None:
            continue
        mine = ENFORCEMENT in actors and (
            case.status == CaseStatus.LEAD or any(officer.pk == user.pk for officer in case.officers.all())
        )
        urgent = LEADER in actors and step.clock.flag in (NEAR, PAST)
        if mine or urgent:
            action = step.label
            if case.status == CaseStatus.INVESTIGATING and mine:
                action = _("Add evidence and decide the case")
            url = reverse("protection:case_detail", args=[case.pk])
            items.append(
                WorkItem(
                    _("Enforcement case"),
                    f"{case.number} {Truncator(case.summary).chars(40)}",
                    action,
                    url,
                    step.clock.due,
                )
            )
    return items


@worklist
def transfer_steps(user) -> list[WorkItem]:
    """The head's decision, the officers' sending, the police's answer and the hand-over of
    the seized items (the officers hand over, the police receive)."""
    actors = _actors(user)
    if not actors & {ENFORCEMENT, LEADER, POLICE}:
        return []
    now = timezone.now()
    items = []
    transfers = Transfer.objects.for_user(user).select_related("case", "police").prefetch_related("case__officers")
    for transfer in transfers:
        step = transfer_step(transfer, now)
        if step is None:
            continue
        handover = transfer.status == TransferStatus.ACCEPTED
        moves = {ENFORCEMENT, POLICE} if handover else _moves(TRANSFER_TRANSITIONS, transfer.status)
        # An officer's steps on a transfer are those of the case's own officers.
        if ENFORCEMENT in moves and not any(officer.pk == user.pk for officer in transfer.case.officers.all()):
            moves = moves - {ENFORCEMENT}
        if not actors & moves:
            continue
        action = step.label
        if handover and POLICE in actors:
            action = _("Receive the seized items from the office")
        url = reverse("protection:transfer_detail", args=[transfer.pk])
        label = f"{transfer.case.number} → {transfer.police.name}"
        items.append(WorkItem(_("Transfer to the police"), label, action, url, step.clock.due))
    return items


@worklist
def mediation_steps(user) -> list[WorkItem]:
    """The body's answer and the mediator's sessions; the agreement's judicial confirmation for
    the applicant; a court's referrals while they are mediated and its confirmations."""
    actors = _actors(user)
    if not actors & {BODY, MEDIATOR, APPLICANT}:
        return []
    now = timezone.now()
    items = []
    for mediation in Mediation.objects.for_user(user).select_related("body", "court", "applicant"):
        step = mediation_step(mediation, now)
        if step is None:
            continue
        moves = _moves(MEDIATION_TRANSITIONS, mediation.status)
        mine = bool(actors & moves - {MEDIATOR}) or (MEDIATOR in moves and mediation.mediator_id == user.pk)
        if BODY in actors and mediation.status == MediationStatus.IN_SESSION:
            mine = True  # the body follows its mediators' term
        action = step.label
        if mediation.status == MediationStatus.CONFIRMATION and user.kind != OrganisationKind.COURT:
            action = _("With the court: %(step)s") % {"step": step.label}
        if user.kind == OrganisationKind.COURT:
            # The court follows its referrals and rules on confirmations (recorded by the parties).
            mine = mediation.kind == MediationKind.COURT_REFERRAL or mediation.status == MediationStatus.CONFIRMATION
            if mediation.status != MediationStatus.CONFIRMATION:
                action = _("With the mediation body: %(step)s") % {"step": step.label}
        if mine:
            url = reverse("protection:mediation_detail", args=[mediation.pk])
            label = f"{mediation.get_kind_display()}：{mediation}"
            items.append(WorkItem(_("Mediation"), label, action, url, step.clock.due))
    return items


@search
def find_cases_and_transfers(user, query: str, limit: int) -> list[SearchHit]:
    hits = []
    cases = Case.objects.for_user(user).filter(Q(number__icontains=query) | Q(summary__icontains=query))
    for case in cases.order_by("-pk")[:limit]:
        url = reverse("protection:case_detail", args=[case.pk])
        hits.append(SearchHit(_("Enforcement case"), case.number, case.summary[:60], url))
    transfers = (
        Transfer.objects.for_user(user)
        .filter(Q(case__number__icontains=query) | Q(case__summary__icontains=query))
        .select_related("case", "police")
    )
    for transfer in transfers.order_by("-pk")[:limit]:
        url = reverse("protection:transfer_detail", args=[transfer.pk])
        hits.append(SearchHit(_("Transfer to the police"), transfer.case.number, transfer.police.name, url))
    mediations = Mediation.objects.for_user(user).filter(
        Q(applicant_name__icontains=query) | Q(respondent_name__icontains=query)
    )
    for mediation in mediations.order_by("-pk")[:limit]:
        url = reverse("protection:mediation_detail", args=[mediation.pk])
        hits.append(SearchHit(_("Mediation"), "", str(mediation), url))
    return hits
