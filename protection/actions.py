"""Every change to enforcement cases, evidence, transfers to the police, criminal thresholds
and mediations."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import OrganisationKind, Role
from accounts.districts import acting_district, enterprise_district
from accounts.models import District
from audit.trail import record, snapshot
from core.actions import apply_changes, check_status, require
from core.validators import amount_given
from core.workflow import take_step
from deadlines import PAST
from protection import clocks, evidence
from protection.choices import (
    REQUIRED_TRANSFER_DOCUMENTS,
    THRESHOLD_OFFENCES,
    CaseStatus,
    DocumentKind,
    MediationKind,
    MediationStatus,
    PoliceLimit,
    RightKind,
    TransferStatus,
)
from protection.models import (
    Case,
    CaseDecisionExtension,
    CasePause,
    CaseStatusChange,
    CriminalThreshold,
    EvidenceFile,
    Mediation,
    MediationSession,
    MediationStatusChange,
    MediationTermExtension,
    Party,
    Transfer,
    TransferStatusChange,
)
from protection.permissions import (
    can_apply_for_mediation,
    can_edit_case,
    can_enter_lead,
    can_extend_decision,
    can_extend_decision_further,
    can_extend_filing,
    can_extend_mediation_term,
    can_extend_police_answer,
    can_manage_thresholds,
    can_pause,
    can_propose_transfer,
    can_record_handover,
    can_record_session,
    can_refer_to_mediation,
    can_take_case_step,
    can_take_mediation_step,
    can_take_transfer_step,
    can_upload_evidence,
)
from protection.thresholds import thresholds_met

CASE_FIELDS = {
    "offence",
    "summary",
    "mark_text",
    "respondent_name",
    "right_kind",
    "patent",
    "trademark",
    "geographical_indication",
    "special_sign",
    "protected_mark",
    "right_text",
    "marks_count",
    "business_volume",
    "illegal_gain",
    "unsold_value",
    "labels_count",
    "copies_count",
    "facts_on",
    "prior_punishment_on",
}
MONEY_FIELDS = ("business_volume", "illegal_gain", "unsold_value", "fine", "confiscated_value")


def _now(now: dt.datetime | None) -> dt.datetime:
    return timezone.localtime(now or timezone.now())


def _need(value: Any, field: str, message: str) -> None:
    if value in (None, "") or (isinstance(value, str) and not value.strip()):
        raise ValidationError({field: message})


def _check_case(case: Case) -> None:
    for name in MONEY_FIELDS:
        value = getattr(case, name)
        if value is None or amount_given(value, name) < 0:
            raise ValidationError({name: _("Give an amount of zero or more.")})
        setattr(case, name, amount_given(value, name))
    if not case.marks_count or case.marks_count < 1:
        raise ValidationError({"marks_count": _("Count at least one mark.")})
    for name in ("labels_count", "copies_count"):
        if getattr(case, name) is None or getattr(case, name) < 0:
            raise ValidationError({name: _("Give a count of zero or more.")})
    if case.prior_punishment_on and case.facts_on and case.prior_punishment_on > case.facts_on:
        raise ValidationError(
            {"prior_punishment_on": _("The earlier punishment must be on or before the day of the facts.")}
        )
    linked = {
        RightKind.PATENT: case.patent_id,
        RightKind.TRADEMARK: case.trademark_id,
        RightKind.GI: case.geographical_indication_id,
        RightKind.SPECIAL_SIGN: case.special_sign_id,
    }
    for kind, pk in linked.items():
        if pk is not None and case.right_kind != kind:
            raise ValidationError({"right_kind": _("The linked right is of another kind.")})


def _watch(case: Case) -> None:
    """Compare the mark seen in the lead with the protected marks (hits go to the watch queue)."""
    from similarity.watch import check_text_against_watch

    if case.mark_text.strip():
        check_text_against_watch(case.mark_text, source_label=str(case), source_object=case)


@transaction.atomic
def enter_lead(
    *,
    actor,
    source: str,
    summary: str,
    right_kind: str,
    complainant=None,
    received_at: dt.datetime | None = None,
    is_demo: bool = False,
    district: District | None = None,
    **fields: Any,
) -> Case:
    """Record a lead (a complaint, tip-off, inspection, referral or watch hit). Its filing
    decision is due 15 working days after it was received."""
    require(can_enter_lead(actor, complainant))
    _need(summary, "summary", _("Say what was reported."))
    received = _now(received_at)
    case = Case(
        district=_case_district(actor, complainant, district),
        source=source,
        summary=summary,
        right_kind=right_kind,
        complainant=complainant,
        received_at=received,
        created_by=actor if getattr(actor, "pk", None) else None,
        is_demo=is_demo,
    )
    apply_changes(case, fields, CASE_FIELDS)
    _check_case(case)
    case.full_clean(exclude=["number", "officers"])
    case.save()
    case.number = f"{received:%Y}-{case.pk:05d}"
    case.save(update_fields=["number"])
    if complainant is not None:
        Party.objects.create(case=case, role="complainant", name=complainant.name, identifier=complainant.uscc)
    record(actor=actor, action="case.lead", obj=case, after=snapshot(case))
    _watch(case)
    return case


@transaction.atomic
def update_case(*, actor, case: Case, **changes: Any) -> Case:
    case = Case.objects.select_for_update().get(pk=case.pk)
    require(can_edit_case(actor, case))
    before = snapshot(case)
    mark_before = case.mark_text
    apply_changes(case, changes, CASE_FIELDS)
    _check_case(case)
    case.save()
    record(actor=actor, action="case.update", obj=case, before=before, after=snapshot(case))
    if case.mark_text != mark_before:
        _watch(case)
    return case


@transaction.atomic
def add_party(*, actor, case: Case, role: str, name: str, identifier: str = "", address: str = "") -> Party:
    require(can_edit_case(actor, case))
    _need(name, "name", _("Give the party's name."))
    party = Party(case=case, role=role, name=name.strip(), identifier=identifier.strip(), address=address.strip())
    party.full_clean()
    party.save()
    record(actor=actor, action="case.party", obj=case, after=snapshot(party))
    return party


@transaction.atomic
def transition_case(
    *,
    actor,
    case: Case,
    to_status: str,
    note: str = "",
    officers: list | None = None,
    fine: Decimal | None = None,
    confiscated_value: Decimal | None = None,
    confiscated_items: str = "",
    decision_text: str = "",
    now: dt.datetime | None = None,
) -> Case:
    """Take one step of the case table, with what that step records."""
    check_status(CaseStatus, to_status)
    case = Case.objects.select_for_update().get(pk=case.pk)
    require(can_take_case_step(actor, case, to_status))
    if CasePause.objects.filter(case=case, ended_at__isnull=True).exists():
        raise ValidationError(_("The time limit is paused: resume it before the next step."))
    now = _now(now)
    before = snapshot(case)
    if to_status == CaseStatus.FILED:
        team = list(officers or [])
        if len({o.pk for o in team}) < 2:
            raise ValidationError({"officers": _("A case is filed with two or more enforcement officers.")})
        if any(not (o.is_office and o.has_role(Role.ENFORCEMENT) and o.is_active) for o in team):
            raise ValidationError({"officers": _("Only enforcement officers of the office handle a case.")})
        case.filed_at = now
        case.officers.set(team)
    elif to_status == CaseStatus.NOT_FILED:
        _need(note, "note", _("Give the reason for not filing."))
        case.not_filed_reason = note
        case.closed_at = now
    elif to_status == CaseStatus.DECIDED:
        _need(decision_text, "decision_text", _("Write down the decision."))
        case.decision_text = decision_text
        case.fine = fine if fine is not None else case.fine
        case.confiscated_value = confiscated_value if confiscated_value is not None else case.confiscated_value
        case.confiscated_items = confiscated_items or case.confiscated_items
        _check_case(case)
        case.decided_at = now
    elif to_status == CaseStatus.CLOSED:
        if case.status != CaseStatus.DECIDED:
            _need(note, "note", _("Say why the case closes without a decision."))
        case.closed_at = now
    take_step(case, to_status, history=CaseStatusChange, owner="case", actor=actor, note=note, at=now)
    case.save()
    record(actor=actor, action=f"case.{to_status}", obj=case, before=before, after=snapshot(case))
    return case


@transaction.atomic
def extend_filing(*, actor, case: Case, note: str) -> Case:
    """The head extends the filing decision once, by 15 working days."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    require(can_extend_filing(actor, case))
    _need(note, "note", _("Give the reason for the extension."))
    case.filing_extended = True
    case.save(update_fields=["filing_extended"])
    record(actor=actor, action="case.extend_filing", obj=case, after={"note": note})
    return case


@transaction.atomic
def extend_decision(*, actor, case: Case, note: str) -> Case:
    """The head extends the decision limit once, by 30 days."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    require(can_extend_decision(actor, case))
    _need(note, "note", _("Give the reason for the extension."))
    case.decision_extended = True
    case.save(update_fields=["decision_extended"])
    record(actor=actor, action="case.extend_decision", obj=case, after={"note": note})
    return case


@transaction.atomic
def extend_decision_further(
    *, actor, case: Case, decision: str, new_due: dt.date, now: dt.datetime | None = None
) -> CaseDecisionExtension:
    """Record the heads' collective decision to extend a case's decision limit beyond 90 + 30
    days, with the new date they set."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    require(can_extend_decision_further(actor, case))
    _need(decision, "decision", _("Write down the heads' collective decision and its reasons."))
    now = _now(now)
    step = clocks.case_step(case, now)
    due = step.clock.due if step is not None else None
    if due is None:
        raise ValidationError(_("The limit is paused; resume it before extending it."))
    due_day = timezone.localtime(due).date()
    if new_due <= due_day:
        raise ValidationError({"new_due": _("The new date comes after the current one (%(due)s).") % {"due": due_day}})
    extension = CaseDecisionExtension.objects.create(
        case=case,
        decided_at=now,
        decision=decision.strip(),
        new_due=new_due,
        days=(new_due - due_day).days,
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    record(actor=actor, action="case.extend_decision_further", obj=case, after=snapshot(extension))
    return extension


@transaction.atomic
def pause_case(*, actor, case: Case, reason: str, now: dt.datetime | None = None) -> CasePause:
    """Stop the case's limit for a period the law does not count (testing, a hearing…)."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    require(can_pause(actor, case))
    _need(reason, "reason", _("Say why the time limit stops (testing, hearing, suspension…)."))
    if case.pauses.filter(ended_at__isnull=True).exists():
        raise ValidationError(_("The time limit is already paused."))
    pause = CasePause.objects.create(case=case, status=case.status, reason=reason, started_at=_now(now))
    record(actor=actor, action="case.pause", obj=case, after=snapshot(pause))
    return pause


@transaction.atomic
def resume_case(*, actor, case: Case, now: dt.datetime | None = None) -> CasePause:
    case = Case.objects.select_for_update().get(pk=case.pk)
    require(can_pause(actor, case))
    pause = case.pauses.filter(ended_at__isnull=True).first()
    if pause is None:
        raise ValidationError(_("The time limit is not paused."))
    ended = _now(now)
    if ended < pause.started_at:
        raise ValidationError(_("A pause cannot end before it began."))
    pause.ended_at = ended
    pause.save(update_fields=["ended_at"])
    record(actor=actor, action="case.resume", obj=case, after=snapshot(pause))
    return pause


@transaction.atomic
def upload_evidence(
    *, actor, case: Case, upload, kind: str = DocumentKind.OTHER, description: str = ""
) -> EvidenceFile:
    """Check and store an evidence file; its SHA-256 goes into the record and the audit trail."""
    require(can_upload_evidence(actor, case))
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": _("Choose the kind of document.")})
    stored = evidence.store(upload, timezone.localdate())
    try:
        item = EvidenceFile.objects.create(
            case=case,
            kind=kind,
            description=description[:300],
            stored_name=stored.stored_name,
            original_name=stored.original_name,
            content_type=stored.content_type,
            size=stored.size,
            sha256=stored.sha256,
            uploaded_by=actor if getattr(actor, "pk", None) else None,
        )
        record(actor=actor, action="evidence.upload", obj=item, after=snapshot(item))
    except Exception:
        evidence.delete_stored(stored.stored_name)
        raise
    return item


@transaction.atomic
def propose_transfer(
    *,
    actor,
    case: Case,
    police,
    grounds: str = "",
    on_suspicion: bool = False,
    now: dt.datetime | None = None,
    is_demo: bool = False,
) -> Transfer:
    """Propose sending the case to the police: its figures meet a criminal threshold, or the
    officer states the grounds of a reasonable suspicion of a crime whose amounts need police
    measures to establish (行政执法机关移送涉嫌犯罪案件的规定, 2020 revision, art. 3 para. 2)."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    now = _now(now)
    met = thresholds_met(case, today=now.date())  # in force on the day of the facts (or milder today)
    on_suspicion = bool(on_suspicion) and not met
    require(can_propose_transfer(actor, case, bool(met), on_suspicion=on_suspicion))
    if police is None or police.kind != OrganisationKind.POLICE:
        raise ValidationError({"police": _("Choose the police station the case goes to.")})
    if on_suspicion and not grounds.strip():
        raise ValidationError(
            {
                "grounds": _(
                    "State the grounds of the suspicion: the evidence and facts found, and why police "
                    "measures are needed."
                )
            }
        )
    grounds = grounds.strip() or "; ".join(str(t) for t in met)
    transfer = Transfer.objects.create(
        case=case,
        police=police,
        grounds=grounds,
        on_suspicion=on_suspicion,
        proposed_by=actor if getattr(actor, "pk", None) else None,
        proposed_at=now,
        is_demo=is_demo,
    )
    record(actor=actor, action="transfer.propose", obj=transfer, after=snapshot(transfer))
    return transfer


@transaction.atomic
def record_items_handover(*, actor, transfer: Transfer, now: dt.datetime | None = None) -> Transfer:
    """The office hands the seized items and the case's other materials over to the police
    after their filing notice (行政执法机关移送涉嫌犯罪案件的规定: within 3 days)."""
    transfer = Transfer.objects.select_for_update(of=("self",)).select_related("case").get(pk=transfer.pk)
    require(can_record_handover(actor, transfer))
    before = snapshot(transfer)
    transfer.items_handed_over_at = _now(now)
    transfer.save(update_fields=["items_handed_over_at"])
    record(actor=actor, action="transfer.items_handover", obj=transfer, before=before, after=snapshot(transfer))
    return transfer


@transaction.atomic
def record_police_extension(
    *,
    actor,
    transfer: Transfer,
    level: str,
    approved_by: str,
    approved_on: dt.date,
    now: dt.datetime | None = None,
) -> Transfer:
    """The police record a longer limit for their decision, with the head who approved it and
    the day (公通字〔2017〕25号 art. 16): a major, difficult, complex or cross-regional case, 30
    days from the transfer (a head at county level or above); in special circumstances 30 more
    (a head of the police authority one level up)."""
    check_status(PoliceLimit, level, "level")
    transfer = Transfer.objects.select_for_update(of=("self",)).select_related("case").get(pk=transfer.pk)
    require(can_extend_police_answer(actor, transfer, level))
    _need(approved_by, "approved_by", _("Name the head who approved it."))
    _need(approved_on, "approved_on", _("Give the day of the approval."))
    sent_on = timezone.localtime(transfer.sent_at).date()
    if not sent_on <= approved_on <= timezone.localdate(_now(now)):
        raise ValidationError({"approved_on": _("The approval falls between the transfer's sending and today.")})
    before = snapshot(transfer)
    setattr(transfer, f"{level}_approved_by", approved_by.strip())
    setattr(transfer, f"{level}_approved_on", approved_on)
    transfer.save(update_fields=[f"{level}_approved_by", f"{level}_approved_on"])
    record(actor=actor, action=f"transfer.police_limit_{level}", obj=transfer, before=before, after=snapshot(transfer))
    return transfer


@transaction.atomic
def transition_transfer(
    *,
    actor,
    transfer: Transfer,
    to_status: str,
    note: str = "",
    documents: list[EvidenceFile] | None = None,
    police_case_number: str = "",
    now: dt.datetime | None = None,
) -> Transfer:
    """Take one step of the transfer table, with what that step records."""
    check_status(TransferStatus, to_status)
    transfer = Transfer.objects.select_for_update(of=("self",)).select_related("case").get(pk=transfer.pk)
    require(can_take_transfer_step(actor, transfer, to_status))
    now = _now(now)
    before = snapshot(transfer)
    if to_status in (TransferStatus.APPROVED, TransferStatus.NOT_APPROVED):
        if to_status == TransferStatus.NOT_APPROVED:
            _need(note, "note", _("Give the reason for not approving the transfer."))
        transfer.head_decided_at = now
    elif to_status == TransferStatus.SENT:
        docs = [d for d in (documents or []) if d.case_id == transfer.case_id]
        missing = [DocumentKind(k).label for k in REQUIRED_TRANSFER_DOCUMENTS if k not in {d.kind for d in docs}]
        if missing:
            raise ValidationError(
                {"documents": _("The transfer goes with: %(missing)s.") % {"missing": "、".join(map(str, missing))}}
            )
        transfer.documents.set(docs)
        transfer.sent_at = now
    elif to_status == TransferStatus.ACCEPTED:
        if transfer.status == TransferStatus.RECONSIDERATION:
            transfer.reconsideration_answered_at = now
        else:
            transfer.police_answered_at = now
        transfer.accepted_at = now
        transfer.police_case_number = police_case_number.strip()
    elif to_status in (TransferStatus.REFUSED, TransferStatus.REFUSED_FINAL):
        _need(note, "note", _("Give the reasons for refusing: the office reads them."))
        transfer.refusal_reason = note
        if to_status == TransferStatus.REFUSED:
            transfer.police_answered_at = now
        else:
            transfer.reconsideration_answered_at = now
    elif to_status == TransferStatus.PROCURATORATE:
        _need(note, "note", _("Say why the procuratorate should supervise the refusal."))
    elif to_status == TransferStatus.RECONSIDERATION:
        span = clocks.limit(clocks.RECONSIDERATION_REQUEST, transfer.police_answered_at)
        window = clocks.Clock.of(transfer.police_answered_at, span, now)
        if window.flag == PAST:
            raise ValidationError(
                _("Reconsideration is asked for within %(n)s days of the refusal; that time has passed.")
                % {"n": span.amount}
            )
        _need(note, "note", _("Say why the police should reconsider."))
        transfer.reconsideration_at = now
    take_step(transfer, to_status, history=TransferStatusChange, owner="transfer", actor=actor, note=note, at=now)
    transfer.save()
    record(actor=actor, action=f"transfer.{to_status}", obj=transfer, before=before, after=snapshot(transfer))
    return transfer


@transaction.atomic
def set_threshold(
    *,
    actor,
    offence: str,
    min_marks: int,
    measure: str,
    amount: Decimal,
    effective_from: dt.date,
    basis: str = "",
    repeat_within_years: int | None = None,
    source_url: str = "",
    note: str = "",
) -> CriminalThreshold:
    """Put a new figure in force from a day; the figure it replaces (same offence, marks, figure
    and repeat condition) ends the day before."""
    require(can_manage_thresholds(actor))
    if offence not in THRESHOLD_OFFENCES:
        raise ValidationError({"offence": _("Thresholds are kept only for the IP crimes of the criminal law.")})
    amount = Decimal(amount).quantize(Decimal("0.01"))
    if amount <= 0:
        raise ValidationError({"amount": _("Give an amount above zero.")})
    repeat_within_years = repeat_within_years or None
    current = CriminalThreshold.objects.select_for_update().filter(
        offence=offence,
        min_marks=min_marks,
        measure=measure,
        repeat_within_years=repeat_within_years,
        effective_to__isnull=True,
    )
    for row in current:
        if row.effective_from >= effective_from:
            raise ValidationError({"effective_from": _("A figure in force from that day or later already exists.")})
        before = snapshot(row)
        row.effective_to = effective_from - dt.timedelta(days=1)
        row.save(update_fields=["effective_to"])
        record(actor=actor, action="threshold.end", obj=row, before=before, after=snapshot(row))
    row = CriminalThreshold(
        offence=offence,
        min_marks=min_marks,
        measure=measure,
        amount=amount,
        repeat_within_years=repeat_within_years,
        effective_from=effective_from,
        basis=basis,
        source_url=source_url,
        note=note,
    )
    row.full_clean()
    row.save()
    record(actor=actor, action="threshold.set", obj=row, after=snapshot(row))
    return row


def _case_district(actor, enterprise, district: District | None) -> District:
    """A case or a mediation belongs to the district of the enterprise it is about; without
    one, to the acting person's district (a court or a mediation body serving several: the one
    it shares with the mediation body, else the one named)."""
    if district is None and enterprise is not None:
        found = enterprise_district(enterprise)
        if found is not None:
            return found
    return acting_district(actor, district)


def _new_mediation(actor, body, now: dt.datetime | None, **fields: Any) -> Mediation:
    if body is None or body.kind != OrganisationKind.MEDIATION:
        raise ValidationError({"body": _("Choose the mediation body.")})
    _need(fields.get("dispute"), "dispute", _("Describe the dispute."))
    _need(fields.get("respondent_name"), "respondent_name", _("Name the other party."))
    district = fields.pop("district", None)
    if district is None and fields.get("applicant") is None and getattr(actor, "organisation_id", None):
        shared = District.objects.filter(organisations=body).filter(code__in=actor.district_codes)
        district = shared.first() if shared.count() == 1 else None
    district = _case_district(actor, fields.get("applicant"), district)
    mediation = Mediation(body=body, applied_at=_now(now), district=district, **fields)
    mediation.full_clean()
    mediation.save()
    record(actor=actor, action=f"mediation.{mediation.kind}", obj=mediation, after=snapshot(mediation))
    return mediation


@transaction.atomic
def apply_for_mediation(
    *, actor, body, applicant=None, applicant_name: str = "", now: dt.datetime | None = None, **fields: Any
) -> Mediation:
    """An enterprise (or a clerk for a person) applies for people's mediation."""
    require(can_apply_for_mediation(actor, applicant))
    name = applicant.name if applicant is not None else applicant_name
    _need(name, "applicant_name", _("Name the applicant."))
    return _new_mediation(
        actor, body, now, kind=MediationKind.PEOPLES, applicant=applicant, applicant_name=name, **fields
    )


@transaction.atomic
def refer_to_mediation(*, actor, court, body, now: dt.datetime | None = None, **fields: Any) -> Mediation:
    """A court refers a dispute to pre-litigation mediation."""
    require(can_refer_to_mediation(actor, court))
    _need(fields.get("applicant_name"), "applicant_name", _("Name the applicant."))
    return _new_mediation(actor, body, now, kind=MediationKind.COURT_REFERRAL, court=court, **fields)


@transaction.atomic
def transition_mediation(
    *,
    actor,
    mediation: Mediation,
    to_status: str,
    note: str = "",
    mediator=None,
    agreement_text: str = "",
    agreed_amount: Decimal | None = None,
    signed_by_parties: bool = False,
    both_parties: bool = False,
    court_extended: bool = False,
    now: dt.datetime | None = None,
) -> Mediation:
    """Take one step of the mediation table, with what that step records."""
    check_status(MediationStatus, to_status)
    mediation = Mediation.objects.select_for_update().get(pk=mediation.pk)
    require(can_take_mediation_step(actor, mediation, to_status))
    now = _now(now)
    before = snapshot(mediation)
    if to_status in (MediationStatus.ACCEPTED, MediationStatus.DECLINED):
        if to_status == MediationStatus.DECLINED:
            _need(note, "note", _("Give the reason for declining."))
            mediation.decline_reason = note
        mediation.answered_at = now
    elif to_status == MediationStatus.IN_SESSION:
        if mediator is None or mediator.organisation_id != mediation.body_id or not mediator.is_active:
            raise ValidationError({"mediator": _("Choose a mediator of this mediation body.")})
        mediation.mediator = mediator
        mediation.assigned_at = now
    elif to_status == MediationStatus.AGREED:
        _need(agreement_text, "agreement_text", _("Write down what the parties agreed."))
        if not signed_by_parties:
            raise ValidationError(
                {"signed_by_parties": _("The agreement takes effect when the parties and the mediator sign it.")}
            )
        mediation.agreement_text = agreement_text
        mediation.agreed_amount = None if agreed_amount is None else amount_given(agreed_amount, "agreed_amount")
        mediation.signed_by_parties = True
        mediation.concluded_at = now
    elif to_status == MediationStatus.FAILED:
        _need(note, "note", _("Say why the mediation failed."))
        mediation.failure_reason = note
        mediation.concluded_at = now
    elif to_status == MediationStatus.CONFIRMATION:
        # 人民调解法 art. 33: the parties apply jointly, within 30 days of the agreement taking
        # effect (the day the parties and the mediator signed it).
        if not both_parties:
            raise ValidationError(
                {
                    "both_parties": _(
                        "Both parties apply for judicial confirmation together (People's Mediation Law art. 33)."
                    )
                }
            )
        span = clocks.limit(clocks.CONFIRMATION_WINDOW, mediation.concluded_at)
        window = clocks.Clock.of(mediation.concluded_at, span, now)
        if window.flag == PAST:
            raise ValidationError(
                _("Judicial confirmation is applied for within %(n)s days of the agreement taking effect.")
                % {"n": span.amount}
            )
        mediation.confirmation_applied_at = now
        mediation.confirmation_joint = True
    elif to_status in (MediationStatus.CONFIRMED, MediationStatus.CONFIRMATION_REFUSED):
        if to_status == MediationStatus.CONFIRMATION_REFUSED:
            _need(note, "note", _("Give the court's reasons for refusing."))
        mediation.confirmation_decided_at = now
        mediation.confirmation_extended = bool(court_extended)
    take_step(mediation, to_status, history=MediationStatusChange, owner="mediation", actor=actor, note=note, at=now)
    mediation.save()
    record(actor=actor, action=f"mediation.{to_status}", obj=mediation, before=before, after=snapshot(mediation))
    return mediation


@transaction.atomic
def extend_mediation_term(
    *, actor, mediation: Mediation, both_agree: bool, consent: str, new_due: dt.date, now: dt.datetime | None = None
) -> MediationTermExtension:
    """Record that both parties agreed to go on mediating until ``new_due``: how they agreed and
    the new last day. The clock then runs to that day (moved to the next working day when it is a
    holiday, like every calendar-day limit)."""
    mediation = Mediation.objects.select_for_update().get(pk=mediation.pk)
    require(can_extend_mediation_term(actor, mediation))
    if not both_agree:
        raise ValidationError({"both_agree": _("The term is extended only when both parties agree.")})
    _need(consent, "consent", _("Say how both parties agreed (a signed statement, the session record…)."))
    now = _now(now)
    step = clocks.mediation_step(mediation, now)
    due = step.clock.due if step is not None else None
    due_day = timezone.localtime(due).date() if due is not None else None
    if due_day is not None and new_due <= due_day:
        raise ValidationError({"new_due": _("The new date comes after the current one (%(due)s).") % {"due": due_day}})
    days = (new_due - clocks.mediation_term_last_day(mediation)).days
    extension = MediationTermExtension.objects.create(
        mediation=mediation,
        agreed_at=now,
        consent=consent.strip(),
        new_due=new_due,
        days=days,
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    mediation.term_extended_days += days
    mediation.save(update_fields=["term_extended_days"])
    record(actor=actor, action="mediation.extend_term", obj=mediation, after=snapshot(extension))
    return extension


@transaction.atomic
def record_session(
    *, actor, mediation: Mediation, held_at: dt.datetime, place: str = "", notes: str = ""
) -> MediationSession:
    require(can_record_session(actor, mediation))
    session = MediationSession.objects.create(
        mediation=mediation,
        held_at=held_at,
        place=place,
        notes=notes,
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    record(actor=actor, action="mediation.session", obj=mediation, after=snapshot(session))
    return session
