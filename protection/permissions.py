"""Who may take which step in enforcement cases, transfers and mediations. Each predicate
answers ``(allowed, reason)``."""

from __future__ import annotations

from django.utils.translation import gettext as _

from accounts.choices import OrganisationKind, Role
from core.permissions import ALLOW, Decision, deny, is_system
from protection.choices import CaseStatus, MediationKind, MediationStatus, PoliceLimit, TransferStatus
from protection.workflow import (
    APPLICANT,
    BODY,
    CASE_TRANSITIONS,
    ENFORCEMENT,
    LEADER,
    MEDIATION_TRANSITIONS,
    MEDIATOR,
    POLICE,
    TRANSFER_TRANSITIONS,
)
from registry.permissions import acts_for_enterprise

OPEN_TRANSFER = (
    TransferStatus.PROPOSED,
    TransferStatus.APPROVED,
    TransferStatus.SENT,
    TransferStatus.REFUSED,
    TransferStatus.RECONSIDERATION,
    TransferStatus.ACCEPTED,
)


def _office(user, *roles: str) -> bool:
    return bool(user.is_authenticated and user.is_office and user.has_role(*roles))


def is_enforcement(user) -> bool:
    return _office(user, Role.ENFORCEMENT)


def is_leader(user) -> bool:
    return _office(user, Role.LEADER)


def is_case_officer(user, case) -> bool:
    """An enforcement officer; once the case is filed, only one of its own officers."""
    if not is_enforcement(user):
        return False
    if case.status == CaseStatus.LEAD:
        return True
    return case.officers.filter(pk=user.pk).exists()


def _org_of_kind(user, kind: str, org_id) -> bool:
    return bool(user.is_authenticated and user.kind == kind and org_id is not None and user.organisation_id == org_id)


def can_enter_lead(user, complainant=None) -> Decision:
    """The office enters leads; an enterprise files a complaint in its own name."""
    if is_system(user) or _office(user, Role.CLERK, Role.ENFORCEMENT, Role.LEADER):
        return ALLOW
    if user.is_authenticated and user.kind == OrganisationKind.ENTERPRISE:
        if complainant is not None and complainant.organisation_id == user.organisation_id:
            return ALLOW
        return deny(_("An enterprise files complaints in its own name."))
    return deny(_("Leads are entered by the IP office or filed as complaints by enterprises."))


def can_take_case_step(user, case, target: str) -> Decision:
    steps = CASE_TRANSITIONS.get(case.status, {})
    if target not in steps:
        return deny(
            _("A case that is %(now)s cannot become %(target)s.")
            % {"now": CaseStatus(case.status).label, "target": CaseStatus(target).label}
        )
    if is_system(user):
        return ALLOW
    if LEADER in steps[target] and is_leader(user):
        return ALLOW
    if ENFORCEMENT in steps[target] and is_case_officer(user, case):
        return ALLOW
    if LEADER in steps[target]:
        return deny(_("This step is taken by the head of the office."))
    return deny(_("This step is taken by the case's enforcement officers."))


def can_extend_filing(user, case) -> Decision:
    if case.status != CaseStatus.LEAD:
        return deny(_("Only the filing decision on a lead can be extended."))
    if case.filing_extended:
        return deny(_("The filing decision was already extended once."))
    if is_system(user) or is_leader(user):
        return ALLOW
    return deny(_("The head of the office approves an extension."))


def can_extend_decision(user, case) -> Decision:
    if case.status not in (CaseStatus.FILED, CaseStatus.INVESTIGATING):
        return deny(_("Only a filed case's decision limit can be extended."))
    if case.decision_extended:
        return deny(_("The decision limit was already extended once."))
    if is_system(user) or is_leader(user):
        return ALLOW
    return deny(_("The head of the office approves an extension."))


def can_extend_decision_further(user, case) -> Decision:
    """After 90 + 30 days the heads may decide collectively to extend the limit again, with a
    reasonable new date (市场监督管理行政处罚程序规定: 负责人集体讨论决定是否继续延期)."""
    if case.status not in (CaseStatus.FILED, CaseStatus.INVESTIGATING):
        return deny(_("Only a filed case's decision limit can be extended."))
    if not case.decision_extended:
        return deny(_("The head's 30-day extension comes first."))
    if is_system(user) or is_leader(user):
        return ALLOW
    return deny(_("The heads' collective decision is recorded by the head of the office."))


def can_pause(user, case) -> Decision:
    if case.status not in (CaseStatus.LEAD, CaseStatus.FILED, CaseStatus.INVESTIGATING):
        return deny(_("Only a running time limit can be paused."))
    if is_system(user) or is_case_officer(user, case):
        return ALLOW
    return deny(_("The case's enforcement officers pause and resume its time limit."))


def can_edit_case(user, case) -> Decision:
    """Parties, the right and the figures are kept by the case's officers while it is open."""
    if case.status not in (CaseStatus.LEAD, CaseStatus.FILED, CaseStatus.INVESTIGATING):
        return deny(_("A decided or closed case is not changed."))
    if is_system(user) or is_case_officer(user, case):
        return ALLOW
    return deny(_("The case's enforcement officers keep its details."))


def can_upload_evidence(user, case) -> Decision:
    if case.status in (CaseStatus.CLOSED, CaseStatus.NOT_FILED):
        return deny(_("Evidence is added while the case is open."))
    if is_system(user) or is_case_officer(user, case):
        return ALLOW
    if (
        case.status == CaseStatus.LEAD
        and case.complainant_id is not None
        and user.is_authenticated
        and user.organisation_id == case.complainant.organisation_id
    ):
        return ALLOW
    return deny(_("Evidence is added by the case's officers, or by the complainant while the lead is open."))


def can_propose_transfer(user, case, meets_threshold: bool, on_suspicion: bool = False) -> Decision:
    """A transfer goes when the figures meet a criminal threshold in force, or, in an IP case,
    on a reasonable suspicion of a crime that needs police measures to establish whether the
    threshold is met (行政执法机关移送涉嫌犯罪案件的规定, 2020 revision, art. 3 para. 2)."""
    if case.status not in (CaseStatus.FILED, CaseStatus.INVESTIGATING):
        return deny(_("A transfer is proposed for a filed case."))
    if not meets_threshold and not on_suspicion:
        return deny(
            _(
                "The case's figures do not meet a criminal threshold; it can still be transferred on a "
                "reasonable suspicion of a crime, with the grounds stated."
            )
        )
    if case.transfers.filter(status__in=OPEN_TRANSFER).exists():
        return deny(_("The case already has a transfer under way or accepted."))
    if is_system(user) or is_case_officer(user, case):
        return ALLOW
    return deny(_("A transfer is proposed by the case's enforcement officers."))


def can_take_transfer_step(user, transfer, target: str) -> Decision:
    steps = TRANSFER_TRANSITIONS.get(transfer.status, {})
    if target not in steps:
        return deny(
            _("A transfer that is %(now)s cannot become %(target)s.")
            % {"now": TransferStatus(transfer.status).label, "target": TransferStatus(target).label}
        )
    if is_system(user):
        return ALLOW
    who = steps[target]
    if LEADER in who and is_leader(user):
        return ALLOW
    if ENFORCEMENT in who and is_case_officer(user, transfer.case):
        return ALLOW
    if POLICE in who and _org_of_kind(user, OrganisationKind.POLICE, transfer.police_id):
        return ALLOW
    if LEADER in who:
        return deny(_("This step is taken by the head of the office."))
    if POLICE in who:
        return deny(_("This step is taken by the police station the case was sent to."))
    return deny(_("This step is taken by the case's enforcement officers."))


def can_record_handover(user, transfer) -> Decision:
    if transfer.status != TransferStatus.ACCEPTED:
        return deny(_("Seized items are handed over once the police have filed the case."))
    if transfer.items_handed_over_at is not None:
        return deny(_("The hand-over is already recorded."))
    if is_system(user) or is_case_officer(user, transfer.case):
        return ALLOW
    return deny(_("The hand-over is recorded by the case's enforcement officers."))


def can_extend_police_answer(user, transfer, level: str) -> Decision:
    """The police station the case was sent to records, while its answer is due, that a head
    approved the longer limit for a major or complex case, then a further extension
    (公通字〔2017〕25号 art. 16)."""
    if transfer.status != TransferStatus.SENT:
        return deny(_("A longer limit is recorded while the police's answer is due."))
    if level == PoliceLimit.COMPLEX and transfer.complex_approved_on is not None:
        return deny(_("The longer limit for a major or complex case is already recorded."))
    if level == PoliceLimit.SPECIAL and transfer.complex_approved_on is None:
        return deny(_("A further extension follows the longer limit for a major or complex case."))
    if level == PoliceLimit.SPECIAL and transfer.special_approved_on is not None:
        return deny(_("The further extension is already recorded."))
    if is_system(user) or _org_of_kind(user, OrganisationKind.POLICE, transfer.police_id):
        return ALLOW
    return deny(_("A longer limit is recorded by the police station the case was sent to."))


def can_manage_thresholds(user) -> Decision:
    if is_system(user) or is_leader(user):
        return ALLOW
    return deny(_("The criminal thresholds are kept by the head of the office."))


def can_apply_for_mediation(user, applicant) -> Decision:
    if applicant is not None and acts_for_enterprise(user, applicant):
        return ALLOW
    if applicant is None and (is_system(user) or _office(user, Role.CLERK)):
        return ALLOW
    return deny(_("An enterprise applies for mediation in its own name, or an office clerk for it."))


def can_open_mediation(user) -> Decision:
    """The new-mediation page: a court refers a dispute, an enterprise or an office clerk applies."""
    if user.is_authenticated and user.kind in (OrganisationKind.COURT, OrganisationKind.ENTERPRISE):
        return ALLOW
    if can_apply_for_mediation(user, None):
        return ALLOW
    return deny(_("Courts refer disputes; enterprises and office clerks apply for mediation."))


def can_refer_to_mediation(user, court) -> Decision:
    if is_system(user) or _org_of_kind(user, OrganisationKind.COURT, court.pk):
        return ALLOW
    return deny(_("A court refers its own disputes to pre-litigation mediation."))


def is_applicant_of(user, mediation) -> bool:
    if mediation.kind == MediationKind.COURT_REFERRAL:
        return _org_of_kind(user, OrganisationKind.COURT, mediation.court_id)
    if mediation.applicant_id is not None:
        return acts_for_enterprise(user, mediation.applicant)
    return _office(user, Role.CLERK)


def can_take_mediation_step(user, mediation, target: str) -> Decision:
    steps = MEDIATION_TRANSITIONS.get(mediation.status, {})
    if target not in steps:
        return deny(
            _("A mediation that is %(now)s cannot become %(target)s.")
            % {"now": MediationStatus(mediation.status).label, "target": MediationStatus(target).label}
        )
    if is_system(user):
        return ALLOW
    who = steps[target]
    if BODY in who and _org_of_kind(user, OrganisationKind.MEDIATION, mediation.body_id):
        return ALLOW
    if MEDIATOR in who and user.is_authenticated and mediation.mediator_id == user.pk:
        return ALLOW
    if APPLICANT in who and is_applicant_of(user, mediation):
        return ALLOW
    if BODY in who:
        return deny(_("This step is taken by the mediation body the dispute was sent to."))
    return deny(_("This step is taken by the assigned mediator."))


def can_record_session(user, mediation) -> Decision:
    if mediation.status != MediationStatus.IN_SESSION:
        return deny(_("Sessions are recorded while the mediation is in sessions."))
    if is_system(user) or (user.is_authenticated and mediation.mediator_id == user.pk):
        return ALLOW
    return deny(_("Sessions are recorded by the assigned mediator."))


def can_extend_mediation_term(user, mediation) -> Decision:
    """While the mediation runs, its term may be extended when both parties agree; the body or
    the assigned mediator records their agreement (no national text caps the extension — the
    referring court's own rules may; docs/rules.md)."""
    if mediation.status not in (MediationStatus.ACCEPTED, MediationStatus.IN_SESSION):
        return deny(_("Only a running mediation's term can be extended."))
    if is_system(user) or _org_of_kind(user, OrganisationKind.MEDIATION, mediation.body_id):
        return ALLOW
    if user.is_authenticated and mediation.mediator_id == user.pk:
        return ALLOW
    return deny(_("The mediation body records an extension both parties agreed to."))
