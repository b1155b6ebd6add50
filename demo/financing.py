"""Demo pledge financing for the demo district: products of the demo partner banks, loans
over the last six years in every state of the workflow (one default compensated from the
district's risk-compensation pool), valuations, repayments and an interest subsidy. The
financing figures are summed from these rows; no total is written down anywhere."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from accounts.choices import OrganisationKind
from accounts.models import Organisation, User
from financing import actions
from financing.choices import LoanStatus
from funds.models import FundSource
from incentives import actions as incentive_actions
from incentives.choices import RuleKind
from incentives.models import Programme
from portfolio.choices import PatentStatus, TrademarkStatus
from portfolio.models import add_years
from registry.models import Enterprise

D = dt.date
RATE_STEP = Decimal("0.05")
# Loan sizes: many small loans to SMEs, fewer large ones to the district's bigger firms.
SIZE_BANDS = [((1_000_000, 5_000_000), 40), ((5_000_000, 30_000_000), 40), ((30_000_000, 100_000_000), 20)]
LOANS = 110
# The demo's one default: a ¥3,000,000 three-year loan that stops paying in its second year.
DEFAULT_INDEX = 12
DEFAULT_AMOUNT = Decimal("3000000")
# What the demo walks loans to besides lent and repaid; the rest follow from their dates.
EARLY_STATES = [
    LoanStatus.RECEIVED,
    LoanStatus.RECEIVED,
    LoanStatus.UNDER_REVIEW,
    LoanStatus.APPROVED,
    LoanStatus.PLEDGE_REGISTERED,
    LoanStatus.DECLINED,
    LoanStatus.WITHDRAWN,
]


def seed_financing(seed: int = 370602) -> dict[str, int]:
    rng = random.Random(seed)
    today = D.today()
    banks = list(Organisation.objects.filter(kind=OrganisationKind.BANK, is_demo=True).order_by("pk"))
    valuer = Organisation.objects.filter(kind=OrganisationKind.VALUER, is_demo=True).order_by("pk").first()
    clerk = User.objects.get(username="clerk")
    officer = User.objects.filter(username="bank_officer").first()
    valuer_user = User.objects.filter(username="valuer").first()

    def bank_actor(loan):
        return officer if officer and loan.bank_id == officer.organisation_id else None

    products = _products(banks)
    pool = actions.set_up_risk_pool(actor=None, name="芝罘区知识产权质押融资风险补偿资金池（演示）", is_demo=True)
    for year in range(today.year - 5, today.year + 1):
        actions.fund_risk_pool(actor=None, year=year, amount=Decimal("5000000"), memo="演示：区财政注资")

    candidates = _candidates()
    made = 0
    counts = dict.fromkeys(LoanStatus.values, 0)
    defaulted = None
    for index, (enterprise, patents, marks) in enumerate(candidates[:LOANS]):
        product = _fitting_product(rng, products, patents, marks)
        if product is None:
            continue
        amount = _amount(rng, product)
        lent_on = today - dt.timedelta(days=rng.randint(30, 365 * 6 - 30))
        term = min(product.max_term_months, rng.choice([12, 24, 36]))
        if index == DEFAULT_INDEX:
            amount, lent_on = max(DEFAULT_AMOUNT, product.min_amount), today - dt.timedelta(days=800)
            term = min(product.max_term_months, 36)
        applied_on = lent_on - dt.timedelta(days=rng.randint(20, 45))
        loan = actions.apply_for_loan(
            actor=clerk,
            product=product,
            enterprise=enterprise,
            requested_amount=amount,
            requested_term_months=term,
            patents=patents if product.accepts_patents else [],
            trademarks=marks if _with_marks(rng, product, patents) else [],
            purpose=rng.choice(["研发投入（演示）", "扩大生产（演示）", "流动资金（演示）", "设备购置（演示）"]),
            valuer=valuer,
            today=applied_on,
            is_demo=True,
        )
        made += 1
        target = EARLY_STATES[index] if index < len(EARLY_STATES) else None
        actor = bank_actor(loan)
        if target in (LoanStatus.RECEIVED, LoanStatus.WITHDRAWN):
            if target == LoanStatus.WITHDRAWN:
                actions.transition_loan(actor=None, loan=loan, to_status=target, note="企业改用其他融资（演示）")
            counts[target] += 1
            continue
        _value(loan, valuer_user, applied_on, rng)
        loan = actions.transition_loan(actor=actor, loan=loan, to_status=LoanStatus.UNDER_REVIEW)
        if target == LoanStatus.UNDER_REVIEW:
            counts[target] += 1
            continue
        if target == LoanStatus.DECLINED:
            actions.transition_loan(
                actor=actor, loan=loan, to_status=target, note="质押物价值不足以覆盖申请金额（演示）"
            )
            counts[target] += 1
            continue
        term = loan.requested_term_months
        rate = Decimal(rng.randint(int(product.rate_from / RATE_STEP), int(product.rate_to / RATE_STEP))) * RATE_STEP
        loan = actions.transition_loan(
            actor=actor, loan=loan, to_status=LoanStatus.APPROVED, amount=amount, rate=rate, term_months=term
        )
        if target == LoanStatus.APPROVED:
            counts[target] += 1
            continue
        loan = actions.transition_loan(
            actor=actor,
            loan=loan,
            to_status=LoanStatus.PLEDGE_REGISTERED,
            registration_number=f"Y{lent_on.year}370602{rng.randrange(10**6):06d}",
            registered_on=lent_on - dt.timedelta(days=3),
        )
        if target == LoanStatus.PLEDGE_REGISTERED:
            counts[target] += 1
            continue
        loan = actions.transition_loan(actor=actor, loan=loan, to_status=LoanStatus.DISBURSED, disbursed_on=lent_on)
        status = _repay(loan, actor, lent_on, today, may_default=index == DEFAULT_INDEX)
        if status == LoanStatus.DEFAULTED:
            defaulted = loan
        counts[status] += 1
    if defaulted is not None:
        actions.compensate_default(actor=clerk, loan=defaulted)
    _interest_subsidy(clerk, today)
    return {"loans": made, "risk_pool": pool.pk, **{f"loans_{k}": v for k, v in counts.items()}}


def _products(banks: list[Organisation]) -> list:
    rural, commercial = banks[0], banks[-1]
    specs = [
        (rural, "知易贷·知识产权质押贷款（演示）", 1_000_000, 50_000_000, 36, "3.45", "4.35", True, True, "40"),
        (rural, "商标贷（演示）", 500_000, 20_000_000, 24, "3.65", "4.50", False, True, "30"),
        (commercial, "专利质押融资（演示）", 5_000_000, 100_000_000, 36, "3.20", "4.00", True, False, "30"),
    ]
    return [
        actions.create_product(
            actor=None,
            bank=bank,
            name=name,
            description="演示产品：以企业自有有效专利、注册商标出质，贷款期内由区风险补偿资金池分担风险。",
            min_amount=Decimal(low),
            max_amount=Decimal(high),
            max_term_months=months,
            rate_from=Decimal(rate_from),
            rate_to=Decimal(rate_to),
            accepts_patents=patents,
            accepts_trademarks=marks,
            compensation_percent=Decimal(share),
            is_demo=True,
        )
        for bank, name, low, high, months, rate_from, rate_to, patents, marks, share in specs
    ]


def _candidates() -> list[tuple[Enterprise, list, list]]:
    """Demo enterprises with something to pledge: up to three sole-owned granted patents in
    force for more than five years, or a registered mark; the demo log-in's enterprise first."""
    horizon = D.today() + dt.timedelta(days=365 * 5)
    out = []
    enterprises = (
        Enterprise.objects.filter(is_demo=True).order_by("pk").prefetch_related("patents__owners", "trademarks")
    )
    for enterprise in enterprises:
        patents = [
            p
            for p in enterprise.patents.all()
            if p.status == PatentStatus.GRANTED and len(p.owners.all()) == 1 and (p.expiry_date or horizon) > horizon
        ][:3]
        marks = [
            m
            for m in enterprise.trademarks.all()
            if m.status == TrademarkStatus.REGISTERED and m.expiry_date and m.expiry_date > horizon
        ][:1]
        if patents or marks:
            out.append((enterprise, patents, marks))
    return out


def _fitting_product(rng: random.Random, products: list, patents: list, marks: list):
    fitting = [p for p in products if (patents and p.accepts_patents) or (marks and p.accepts_trademarks)]
    return rng.choice(fitting) if fitting else None


def _with_marks(rng: random.Random, product, patents: list) -> bool:
    """A mark goes with the patents now and then, or alone where the product takes no patents."""
    if not product.accepts_trademarks:
        return False
    return not (patents and product.accepts_patents) or rng.random() < 0.3


def _amount(rng: random.Random, product) -> Decimal:
    (low, high), _w = rng.choices(SIZE_BANDS, weights=[w for _b, w in SIZE_BANDS])[0]
    amount = Decimal(rng.randrange(low, high, 100_000))
    return max(min(amount, product.max_amount), product.min_amount)


def _value(loan, valuer_user, applied_on: dt.date, rng: random.Random) -> None:
    """The agency values the pledge at 1.5–3 times the amount asked, spread over the assets."""
    assets = list(loan.assets.all())
    total = loan.requested_amount * Decimal(rng.randint(150, 300)) / 100
    values = {a.pk: (total / len(assets)).quantize(Decimal("1")) for a in assets}
    actions.record_valuation(
        actor=valuer_user or None,
        loan=loan,
        report_number=f"烟演评报字〔{applied_on.year}〕第{loan.pk:04d}号",
        valued_on=applied_on + dt.timedelta(days=7),
        values=values,
        method="收益法（演示）",
    )


def _repay(loan, actor, lent_on: dt.date, today: dt.date, may_default: bool) -> str:
    """Interest yearly, principal at maturity; a loan past maturity is closed, unless it is the
    demo's one default, which stops paying after its first year."""
    principal = loan.disbursed_amount
    yearly_interest = (principal * loan.rate / 100).quantize(Decimal("0.01"))
    maturity = add_years(lent_on, loan.term_months // 12)
    years = loan.term_months // 12
    for year in range(1, years + 1):
        due = add_years(lent_on, year)
        if due > today:
            return LoanStatus.DISBURSED
        if may_default and year == 2:
            actions.transition_loan(
                actor=actor, loan=loan, to_status=LoanStatus.DEFAULTED, note="连续两期未还本付息（演示）", today=due
            )
            return LoanStatus.DEFAULTED
        last = due == maturity
        actions.record_repayment(
            actor=actor,
            loan=loan,
            paid_on=due,
            principal=principal if last else Decimal(0),
            interest=yearly_interest,
            reference=f"演示还款 {due:%Y-%m}",
        )
    actions.transition_loan(actor=actor, loan=loan, to_status=LoanStatus.CLOSED, today=maturity)
    return LoanStatus.CLOSED


def _interest_subsidy(clerk, today: dt.date) -> None:
    """The demo award programme pays half the interest of pledge loans repaid in its period;
    the first qualifying enterprise applies."""
    programme = Programme.objects.filter(is_demo=True).order_by("-year").first()
    district = FundSource.objects.filter(is_demo=True, level="district").first()
    if programme is None or district is None:
        return
    item = incentive_actions.add_award_item(
        actor=None,
        programme=programme,
        name="知识产权质押贷款贴息",
        rule=RuleKind.LOAN_INTEREST,
        amount=Decimal("200000"),
        shares=[(district, Decimal(100))],
        cap_per_enterprise=Decimal("300000"),
    )
    from financing.models import PledgeLoan

    for loan in PledgeLoan.objects.filter(status=LoanStatus.CLOSED, is_demo=True).select_related("enterprise"):
        from incentives.rules import eligible_assets

        if any(a.asset_key == f"loan:{loan.pk}" for a in eligible_assets(item, loan.enterprise)):
            actions.apply_for_interest_subsidy(actor=clerk, loan=loan, item=item, today=programme.opens_on)
            return
