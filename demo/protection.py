"""Demo protection work for the demo district: enforcement cases over the last two years in
every state (some paused, some near or past their limits), transfers to the demo police
station (one done within the district's one working day, one slower, one refused and
reconsidered, one waiting for the police, one waiting for the head), and people's and court
pre-litigation mediations. Every row is made through the protection actions, with the time
each step was taken, and marked as demo data."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts import actions as account_actions
from accounts.choices import OrganisationKind, Role
from accounts.models import Organisation, User
from demo import DEMO_PASSWORD
from portfolio.models import GeographicalIndication, Patent, SpecialSign, Trademark
from protection import actions
from protection.choices import (
    CaseStatus,
    DocumentKind,
    LeadSource,
    MediationKind,
    MediationStatus,
    Offence,
    RightKind,
    TransferStatus,
)
from registry.models import Enterprise
from workdays import add_workdays, next_workday

H = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)
MARKETS = ["芝罘演示农贸市场", "港城演示商城", "毓璜顶演示商业街", "演示网店", "幸福演示批发市场"]
GOODS = ["白酒", "葡萄酒", "苹果", "服装", "机械配件", "化妆品"]


def _pdf(title: str) -> SimpleUploadedFile:
    """A tiny PDF standing in for a scanned document (demo)."""
    body = f"%PDF-1.4\n% demo evidence: {title}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".encode()
    return SimpleUploadedFile(f"{title}.pdf", body, content_type="application/pdf")


def _second_officer(office: Organisation) -> User:
    """A case is filed with two officers; the demo office has one, so the demo adds a second."""

    found = User.objects.filter(username="enforcer2").first()
    return found or account_actions.create_user(
        actor=None,
        organisation=office,
        username="enforcer2",
        password=DEMO_PASSWORD,
        role=Role.ENFORCEMENT,
        full_name="执法员 陈刚",
    )


def seed_protection(seed: int = 370602) -> dict[str, int]:
    rng = random.Random(seed)
    now = timezone.localtime()
    office = Organisation.objects.filter(kind=OrganisationKind.OFFICE, is_demo=True).first()
    enforcer = User.objects.filter(username="enforcer").first()
    leader = User.objects.filter(username="leader").first()
    police = Organisation.objects.filter(kind=OrganisationKind.POLICE, is_demo=True).first()
    body = Organisation.objects.filter(kind=OrganisationKind.MEDIATION, is_demo=True).first()
    court = Organisation.objects.filter(kind=OrganisationKind.COURT, is_demo=True).first()
    if not (office and enforcer and leader and police and body and court):
        return {"protection_cases": 0, "transfers": 0, "mediations": 0}
    officers = [enforcer, _second_officer(office)]
    police_user = User.objects.filter(organisation=police).first()
    mediator = User.objects.filter(organisation=body).first()
    enterprises = list(Enterprise.objects.filter(is_demo=True).order_by("pk")[:30])
    marks = list(Trademark.objects.filter(is_demo=True).order_by("pk")[:40])
    patents = list(Patent.objects.filter(is_demo=True).order_by("pk")[:20])
    gis = list(GeographicalIndication.objects.order_by("pk"))
    signs = list(SpecialSign.objects.order_by("pk"))

    def right() -> dict:
        roll = rng.random()
        if roll < 0.55 and marks:
            mark = rng.choice(marks)
            return {"right_kind": RightKind.TRADEMARK, "trademark": mark, "mark_text": mark.mark_text}
        if roll < 0.75 and patents:
            return {"right_kind": RightKind.PATENT, "patent": rng.choice(patents)}
        if roll < 0.9 and gis:
            gi = rng.choice(gis)
            return {"right_kind": RightKind.GI, "geographical_indication": gi, "mark_text": gi.name}
        if signs:
            sign = rng.choice(signs)
            return {"right_kind": RightKind.SPECIAL_SIGN, "special_sign": sign, "mark_text": sign.name}
        return {"right_kind": RightKind.OTHER, "right_text": "演示权利"}

    def lead(received: dt.datetime, complainant: Enterprise | None = None):
        place, goods = rng.choice(MARKETS), rng.choice(GOODS)
        fields = right()
        offence = Offence.PATENT_INFRINGEMENT if fields["right_kind"] == RightKind.PATENT else Offence.COUNTERFEIT_MARK
        return actions.enter_lead(
            actor=None,
            source=LeadSource.COMPLAINT if complainant else rng.choice(list(LeadSource)[1:]),
            summary=f"（演示）{place}发现疑似侵权{goods}",
            complainant=complainant,
            respondent_name=f"{place}某经营户（演示）",
            offence=offence,
            received_at=received,
            is_demo=True,
            **fields,
        )

    def filed(received: dt.datetime, volume: str = "0", gain: str = "0", marks_count: int = 1):
        case = lead(received)
        case = actions.transition_case(
            actor=None, case=case, to_status=CaseStatus.FILED, officers=officers, now=received + 3 * DAY
        )
        case = actions.transition_case(
            actor=None, case=case, to_status=CaseStatus.INVESTIGATING, now=received + 4 * DAY
        )
        actions.upload_evidence(actor=None, case=case, upload=_pdf("现场检查笔录"), kind=DocumentKind.OTHER)
        return actions.update_case(
            actor=None,
            case=case,
            business_volume=Decimal(volume),
            illegal_gain=Decimal(gain),
            marks_count=marks_count,
        )

    counts = {"protection_cases": 0, "transfers": 0, "mediations": 0}

    # Closed and decided cases over the last two years.
    for i in range(14):
        received = now - dt.timedelta(days=700 - i * 45)
        case = filed(received, volume=str(rng.randint(2, 40) * 1000))
        if case.offence == Offence.COUNTERFEIT_MARK or i % 2:
            fine = Decimal(rng.randint(5, 80) * 1000)
            case = actions.transition_case(
                actor=None,
                case=case,
                to_status=CaseStatus.DECIDED,
                decision_text="（演示）责令停止侵权，没收侵权商品，并处罚款",
                fine=fine,
                confiscated_value=Decimal(rng.randint(1, 20) * 500),
                confiscated_items="侵权商品若干（演示）",
                now=received + rng.randint(30, 80) * DAY,
            )
        if i < 12:
            note = "" if case.status == CaseStatus.DECIDED else "（演示）未发现违法事实"
            actions.transition_case(
                actor=None, case=case, to_status=CaseStatus.CLOSED, note=note, now=case.filed_at + 88 * DAY
            )
        counts["protection_cases"] += 1

    # Leads: not filed, open (one near its limit, one past it), a complaint by the demo enterprise.
    not_filed = lead(now - 200 * DAY)
    actions.transition_case(
        actor=None, case=not_filed, to_status=CaseStatus.NOT_FILED, note="（演示）不属于本局管辖", now=now - 195 * DAY
    )
    for days in (2, 12, 30):
        lead(now - days * DAY)
    complainant = enterprises[0] if enterprises else None
    if complainant is not None:
        lead(now - 5 * DAY, complainant=complainant)
    counts["protection_cases"] += 5

    # Cases under investigation: one paused for testing, one near its 90 days.
    paused = filed(now - 40 * DAY)
    actions.pause_case(actor=None, case=paused, reason="（演示）送检鉴定", now=now - 20 * DAY)
    filed(now - 85 * DAY, volume="12000")
    counts["protection_cases"] += 2

    # Transfers to the police.
    def transfer(volume: str, proposed: dt.datetime, marks_count: int = 1):
        case = filed(proposed - 30 * DAY, volume=volume, marks_count=marks_count)
        counts["protection_cases"] += 1
        counts["transfers"] += 1
        return actions.propose_transfer(actor=None, case=case, police=police, now=proposed, is_demo=True)

    def approve_and_send(t, approved: dt.datetime, sent: dt.datetime):
        t = actions.transition_transfer(actor=None, transfer=t, to_status=TransferStatus.APPROVED, now=approved)
        documents = [
            actions.upload_evidence(actor=None, case=t.case, upload=_pdf(str(kind.label)), kind=kind)
            for kind in (
                DocumentKind.TRANSFER_LETTER,
                DocumentKind.INVESTIGATION_REPORT,
                DocumentKind.SEIZED_ITEMS,
                DocumentKind.TEST_REPORT,
            )
        ]
        return actions.transition_transfer(
            actor=None, transfer=t, to_status=TransferStatus.SENT, documents=documents, now=sent
        )

    def workday_morning(days_ago: int) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(next_workday((now - days_ago * DAY).date()), dt.time(9, 0)))

    def working_days_later(start: dt.datetime, n: int, hour: int) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(add_workdays(start.date(), n), dt.time(hour, 0)))

    fast = transfer("86000", workday_morning(120))
    fast = approve_and_send(fast, fast.proposed_at + 1 * H, fast.proposed_at + 3 * H)
    actions.transition_transfer(
        actor=police_user,
        transfer=fast,
        to_status=TransferStatus.ACCEPTED,
        police_case_number="芝公（演示）立字1号",
        now=fast.proposed_at + 6 * H,
    )
    slow = transfer("35000", workday_morning(90), marks_count=2)
    slow = approve_and_send(slow, slow.proposed_at + 26 * H, slow.proposed_at + 30 * H)
    actions.transition_transfer(
        actor=police_user,
        transfer=slow,
        to_status=TransferStatus.ACCEPTED,
        police_case_number="芝公（演示）立字2号",
        now=working_days_later(slow.proposed_at, 2, 11),
    )
    refused = transfer("52000", workday_morning(60))
    refused = approve_and_send(refused, refused.proposed_at + 2 * H, refused.proposed_at + 4 * H)
    refused = actions.transition_transfer(
        actor=police_user,
        transfer=refused,
        to_status=TransferStatus.REFUSED,
        note="（演示）经营数额证据不足",
        now=working_days_later(refused.proposed_at, 1, 10),
    )
    refused = actions.transition_transfer(
        actor=None,
        transfer=refused,
        to_status=TransferStatus.RECONSIDERATION,
        note="（演示）补充销售台账",
        now=working_days_later(refused.proposed_at, 2, 9),
    )
    actions.transition_transfer(
        actor=police_user,
        transfer=refused,
        to_status=TransferStatus.ACCEPTED,
        police_case_number="芝公（演示）立字3号",
        now=working_days_later(refused.proposed_at, 3, 9),
    )
    waiting = transfer("61000", now - 30 * H)
    approve_and_send(waiting, waiting.proposed_at + 1 * H, waiting.proposed_at + 2 * H)
    transfer("33000", now - 5 * H, marks_count=2)

    # Mediations: people's mediation by demo enterprises and court referrals, in every state.
    for i in range(12):
        applied = now - dt.timedelta(days=360 - i * 28)
        applicant = enterprises[i % len(enterprises)] if enterprises else None
        common: dict[str, Any] = {
            "respondent_name": f"{rng.choice(MARKETS)}某商户（演示）",
            "right_kind": rng.choice([RightKind.TRADEMARK, RightKind.PATENT]),
            "dispute": "（演示）商标/专利许可使用费与侵权赔偿纠纷",
            "claim_amount": Decimal(rng.randint(2, 50) * 1000),
            "now": applied,
            "is_demo": True,
        }
        if i % 3 == 0:
            m = actions.refer_to_mediation(
                actor=None,
                court=court,
                body=body,
                court_reference=f"（演示）芝民诉前调{i + 1}号",
                applicant_name=applicant.name if applicant else "演示申请人",
                **common,
            )
        else:
            m = actions.apply_for_mediation(actor=None, applicant=applicant, body=body, **common)
        counts["mediations"] += 1
        if i == 11:
            continue  # waiting for the body's answer
        if i == 10:
            actions.transition_mediation(
                actor=None,
                mediation=m,
                to_status=MediationStatus.DECLINED,
                note="（演示）非知识产权纠纷",
                now=applied + DAY,
            )
            continue
        m = actions.transition_mediation(actor=None, mediation=m, to_status=MediationStatus.ACCEPTED, now=applied + DAY)
        m = actions.transition_mediation(
            actor=None, mediation=m, to_status=MediationStatus.IN_SESSION, mediator=mediator, now=applied + 2 * DAY
        )
        actions.record_session(actor=None, mediation=m, held_at=applied + 5 * DAY, place="调解室（演示）")
        if i == 9:
            continue  # in sessions
        concluded = applied + rng.randint(8, 28) * DAY
        if i % 4 == 3:
            actions.transition_mediation(
                actor=None, mediation=m, to_status=MediationStatus.FAILED, note="（演示）双方分歧较大", now=concluded
            )
            continue
        m = actions.transition_mediation(
            actor=None,
            mediation=m,
            to_status=MediationStatus.AGREED,
            agreement_text="（演示）被申请人停止使用并赔偿",
            agreed_amount=(m.claim_amount or Decimal("0")) / 2,
            signed_by_parties=True,
            now=concluded,
        )
        if i % 2 == 0 and m.kind == MediationKind.PEOPLES:
            actions.transition_mediation(
                actor=None,
                mediation=m,
                to_status=MediationStatus.CONFIRMATION,
                both_parties=True,
                now=concluded + 5 * DAY,
            )
    counts["mediations"] += _confirmation_with_the_court(court, body, mediator, enterprises, now)
    return counts


def _confirmation_with_the_court(court, body, mediator, enterprises: list[Enterprise], now: dt.datetime) -> int:
    """A court referral settled last week whose parties applied for judicial confirmation two
    days ago: it waits for the court's decision."""
    applied = now - 20 * DAY
    m = actions.refer_to_mediation(
        actor=None,
        court=court,
        body=body,
        court_reference="（演示）芝民诉前调13号",
        applicant_name=enterprises[0].name if enterprises else "演示申请人",
        respondent_name="港城演示商城某商户（演示）",
        right_kind=RightKind.TRADEMARK,
        dispute="（演示）商标侵权赔偿纠纷",
        claim_amount=Decimal("30000"),
        now=applied,
        is_demo=True,
    )
    m = actions.transition_mediation(actor=None, mediation=m, to_status=MediationStatus.ACCEPTED, now=applied + DAY)
    m = actions.transition_mediation(
        actor=None, mediation=m, to_status=MediationStatus.IN_SESSION, mediator=mediator, now=applied + 2 * DAY
    )
    actions.record_session(actor=None, mediation=m, held_at=applied + 5 * DAY, place="调解室（演示）")
    m = actions.transition_mediation(
        actor=None,
        mediation=m,
        to_status=MediationStatus.AGREED,
        agreement_text="（演示）被申请人停止销售并赔偿",
        agreed_amount=Decimal("15000"),
        signed_by_parties=True,
        now=now - 7 * DAY,
    )
    actions.transition_mediation(
        actor=None, mediation=m, to_status=MediationStatus.CONFIRMATION, both_parties=True, now=now - 2 * DAY
    )
    return 1
