"""A demo award programme modelled on typical district measures, funded from provincial,
municipal and district sources, with applications from demo enterprises in every state: one
whose public notice has ended waits for the leader, and this year's programme is open whatever
day the demo is seeded, with the first demo enterprise (the one ``ent_manager`` works for)
eligible for it now."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from accounts.models import User
from funds import actions as fund_actions
from funds.choices import FundLevel
from incentives import actions
from incentives.choices import ApplicationStatus, RuleKind
from incentives.rules import eligible_assets
from portfolio import actions as portfolio_actions
from portfolio.choices import TrademarkStatus
from portfolio.models import Trademark
from refdata.models import GoodsGroup
from registry.models import Enterprise

D = dt.date


def seed_incentives(today: dt.date | None = None) -> dict[str, int]:
    today = today or D.today()
    clerk, reviewer, leader = (User.objects.get(username=u) for u in ("clerk", "reviewer", "leader"))
    provincial = fund_actions.create_fund_source(
        actor=None, name="山东省知识产权专项资金（演示）", level=FundLevel.PROVINCIAL, is_demo=True
    )
    municipal = fund_actions.create_fund_source(
        actor=None, name="烟台市知识产权资金（演示）", level=FundLevel.MUNICIPAL, is_demo=True
    )
    district = fund_actions.create_fund_source(
        actor=None, name="芝罘区知识产权资金（演示）", level=FundLevel.DISTRICT, is_demo=True
    )
    for year in (2024, 2025, 2026):
        fund_actions.allocate_budget(
            actor=None, source=provincial, year=year, amount=Decimal("800000"), memo="演示预算"
        )
        fund_actions.allocate_budget(
            actor=None, source=municipal, year=year, amount=Decimal("12000000"), memo="演示预算"
        )
        fund_actions.allocate_budget(actor=None, source=district, year=year, amount=Decimal("1000000"), memo="演示预算")
    # Passes the 2021 patent-subsidy policy (国知发保字〔2021〕1号): open in 2024, before
    # grant-stage subsidies ended, paying after grant for granted inventions only, 1,500 yuan
    # each (the notice caps a holder's subsidies at half the official fees it paid).
    programme = actions.create_programme(
        actor=None,
        name="芝罘区发明专利授权资助（演示）",
        year=2024,
        measure="《芝罘区知识产权奖励资助办法》（演示）",
        opens_on=D(2024, 1, 5),
        closes_on=D(2024, 12, 31),
        period_start=D(2023, 1, 1),
        period_end=D(2023, 12, 31),
        is_demo=True,
    )
    invention = actions.add_award_item(
        actor=None,
        programme=programme,
        name="发明专利授权后资助",
        rule=RuleKind.INVENTION_GRANTED,
        amount=Decimal("1500"),
        shares=[(district, Decimal(60)), (municipal, Decimal(40))],
        cap_per_enterprise=Decimal("15000"),
    )
    # Refused where it breaks the policy: in 2026 it still pays per grant (ended by 2025) and
    # per PCT filing (no application-stage subsidy since July 2021); its trademark and
    # geographical-indication items are outside the notice and run.
    # This year's programme is open on the day the demo is seeded (its dates count from today)
    # and rewards last year's results.
    later = actions.create_programme(
        actor=None,
        name="芝罘区知识产权奖励资助（演示）",
        year=today.year,
        measure="《芝罘区知识产权奖励资助办法》（演示）",
        opens_on=today - dt.timedelta(days=30),
        closes_on=today + dt.timedelta(days=60),
        period_start=D(today.year - 1, 1, 1),
        period_end=D(today.year - 1, 12, 31),
        is_demo=True,
    )
    actions.add_award_item(
        actor=None,
        programme=later,
        name="发明专利授权",
        rule=RuleKind.INVENTION_GRANTED,
        amount=Decimal("5000"),
        shares=[(district, Decimal(60)), (municipal, Decimal(40))],
        cap_per_enterprise=Decimal("50000"),
    )
    actions.add_award_item(
        actor=None,
        programme=later,
        name="PCT 国际专利申请",
        rule=RuleKind.PCT_FILED,
        amount=Decimal("20000"),
        shares=[(municipal, Decimal(50)), (district, Decimal(50))],
    )
    actions.add_award_item(
        actor=None,
        programme=later,
        name="新认定驰名商标",
        rule=RuleKind.WELL_KNOWN_MARK,
        amount=Decimal("500000"),
        shares=[(municipal, Decimal(100))],
    )
    actions.add_award_item(
        actor=None,
        programme=later,
        name="新注册地理标志",
        rule=RuleKind.GEOGRAPHICAL_INDICATION,
        amount=Decimal("200000"),
        shares=[(provincial, Decimal(100))],
    )
    # Enterprises whose 2023 invention grants qualify, one application each, walked to every state.
    targets = [
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.CLERK_CHECKED,
        ApplicationStatus.REVIEWER_CHECKED,
        ApplicationStatus.PUBLIC_NOTICE,
        ApplicationStatus.APPROVED,
        ApplicationStatus.PAID,
        ApplicationStatus.REJECTED,
        ApplicationStatus.PAID,
        ApplicationStatus.APPROVED,
        NOTICE_ENDED,
    ]
    made = 0
    for enterprise in Enterprise.objects.filter(is_demo=True).order_by("pk"):
        if made == len(targets):
            break
        assets = [a for a in eligible_assets(invention, enterprise) if not a.already_awarded and a.amount > 0]
        if not assets:
            continue
        application = actions.submit_application(
            actor=clerk,
            programme=programme,
            enterprise=enterprise,
            asset_keys=[(invention, a.asset_key) for a in assets],
            today=D(2024, 3, 4),
            is_demo=True,
        )
        _walk(application, targets[made], clerk, reviewer, leader, today)
        made += 1
    _well_known_last_year(Enterprise.objects.filter(is_demo=True).order_by("pk").first(), today)
    return {"applications": made}


# An application whose public notice ended a month ago: it waits for the leader's decision.
NOTICE_ENDED = "notice_ended"


def _well_known_last_year(enterprise: Enterprise | None, today: dt.date) -> None:
    """The first demo enterprise holds a mark recognised as well-known last year, so this year's
    programme (its well-known-mark item) is open to it now."""
    if enterprise is None:
        return
    nice = {"酒、饮料和精制茶制造业": 33, "食品制造业": 30, "医药制造业": 5}.get(enterprise.industry, 35)
    group = GoodsGroup.objects.filter(nice_class__number=nice).order_by("code").values_list("code", flat=True).first()
    number = str(60_000_000 + enterprise.pk)
    if group is None or Trademark.objects.filter(number=number).exists():
        return
    portfolio_actions.add_trademark(
        actor=None,
        number=number,
        owner=enterprise,
        groups=[group],
        mark_text=enterprise.name.removeprefix("烟台").removesuffix("有限公司")[:2],
        filing_date=D(today.year - 7, 3, 2),
        registration_date=D(today.year - 6, 1, 14),
        status=TrademarkStatus.REGISTERED,
        is_well_known=True,
        well_known_since=D(today.year - 1, 9, 1),
        is_demo=True,
    )


def _walk(application, target: str, clerk, reviewer, leader, today: dt.date) -> None:
    if target == ApplicationStatus.SUBMITTED:
        return
    if target == ApplicationStatus.REJECTED:
        actions.transition_application(
            actor=clerk,
            application=application,
            to_status=target,
            note="申请专利授权日不在奖励期内（演示）",
        )
        return
    # Late publications are still in notice today; earlier ones have finished it, one of them
    # a month ago and not yet decided.
    published = {
        ApplicationStatus.PUBLIC_NOTICE: today - dt.timedelta(days=1),
        NOTICE_ENDED: today - dt.timedelta(days=40),
    }.get(target, D(2024, 4, 1))
    if target == NOTICE_ENDED:
        target = ApplicationStatus.PUBLIC_NOTICE
    steps = [
        (clerk, ApplicationStatus.CLERK_CHECKED),
        (reviewer, ApplicationStatus.REVIEWER_CHECKED),
        (clerk, ApplicationStatus.PUBLIC_NOTICE),
    ]
    for actor, status in steps:
        application = actions.transition_application(
            actor=actor, application=application, to_status=status, today=published
        )
        if status == target:
            return
    application = actions.transition_application(
        actor=leader, application=application, to_status=ApplicationStatus.APPROVED, today=D(2024, 4, 22)
    )
    if target == ApplicationStatus.PAID:
        actions.record_payment(
            actor=clerk,
            application=application,
            amount=application.approved_amount,
            idempotency_key=f"demo-{application.pk}",
            reference="演示拨付",
        )
