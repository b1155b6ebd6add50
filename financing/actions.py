"""Every change to loan products, pledge loans, valuations, repayments and the pool."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.choices import OrganisationKind
from accounts.districts import acting_district, enterprise_district
from accounts.models import District
from audit.trail import record, snapshot
from core.actions import apply_changes, check_status, require
from core.money import amount_given, money
from core.workflow import take_step
from financing.choices import AssetKind, LoanStatus
from financing.models import (
    ZERO,
    Compensation,
    LoanProduct,
    LoanStatusChange,
    PledgedAsset,
    PledgeLoan,
    Repayment,
    RiskPool,
    Valuation,
)
from financing.permissions import (
    can_apply_for_loan,
    can_assign_valuer,
    can_compensate,
    can_manage_pool,
    can_manage_product,
    can_record_repayment,
    can_take_loan_step,
    can_value,
)
from financing.scoring import score_asset
from funds import actions as fund_actions
from funds import ledger
from funds.choices import EntryKind, FundLevel
from incentives import actions as incentive_actions
from portfolio.choices import PatentStatus, TrademarkStatus
from portfolio.models import Patent, Trademark

PRODUCT_FIELDS = {
    "name",
    "description",
    "min_amount",
    "max_amount",
    "max_term_months",
    "rate_from",
    "rate_to",
    "accepts_patents",
    "accepts_trademarks",
    "compensation_percent",
    "is_published",
}


def _check_product(product: LoanProduct) -> None:
    product.full_clean()
    if product.max_amount < product.min_amount:
        raise ValidationError({"max_amount": _("The largest loan cannot be smaller than the smallest.")})
    if product.rate_to < product.rate_from:
        raise ValidationError({"rate_to": _("The rate range ends above where it starts.")})
    if not (product.accepts_patents or product.accepts_trademarks):
        raise ValidationError(_("A product accepts patents, trademarks or both."))


@transaction.atomic
def create_product(*, actor, bank, is_demo: bool = False, **fields: Any) -> LoanProduct:
    require(can_manage_product(actor, bank))
    if bank.kind != OrganisationKind.BANK:
        raise ValidationError({"bank": _("Loan products are published by banks.")})
    product = LoanProduct(bank=bank, is_demo=is_demo)
    apply_changes(product, fields, PRODUCT_FIELDS)
    _check_product(product)
    product.save()
    record(actor=actor, action="loan_product.create", obj=product, after=snapshot(product))
    return product


@transaction.atomic
def update_product(*, actor, product: LoanProduct, **changes: Any) -> LoanProduct:
    product = LoanProduct.objects.select_for_update().get(pk=product.pk)
    require(can_manage_product(actor, product.bank))
    before = snapshot(product)
    apply_changes(product, changes, PRODUCT_FIELDS)
    _check_product(product)
    product.save()
    record(actor=actor, action="loan_product.update", obj=product, before=before, after=snapshot(product))
    return product


@transaction.atomic
def set_up_risk_pool(*, actor, name: str, is_demo: bool = False, district: District | None = None) -> RiskPool:
    """Open the acting office's district's risk-compensation pool (``district`` names it for an
    office serving several) as a fund source of that district in the ledger. A district has one
    pool: the district's row is locked so that two set-ups at once queue, and a unique
    constraint refuses a second pool whatever happens."""
    require(can_manage_pool(actor))
    district = acting_district(actor, district)
    District.objects.select_for_update().filter(pk=district.pk).first()
    if RiskPool.objects.filter(district=district).exists():
        raise ValidationError(_("The district already has its risk-compensation pool."))
    source = fund_actions.create_fund_source(
        actor=actor, name=name, level=FundLevel.OTHER, is_demo=is_demo, district=district
    )
    try:
        with transaction.atomic():
            pool = RiskPool.objects.create(source=source, district=district)
    except IntegrityError:
        raise ValidationError(_("The district already has its risk-compensation pool.")) from None
    record(actor=actor, action="risk_pool.create", obj=pool, after=snapshot(pool))
    return pool


def pool_of(district: District) -> RiskPool:
    """The district's pool; a ValidationError (which the page shows) when it has none yet."""
    pool = RiskPool.objects.select_related("source").filter(district=district).first()
    if pool is None:
        raise ValidationError(_("Set up the risk-compensation pool first."))
    return pool


def loan_district(loan: PledgeLoan) -> District:
    """The district a loan counts in: its enterprise's (the default district for an enterprise
    not linked to one, like every record without a district)."""
    return enterprise_district(loan.enterprise) or District.default()


def fund_risk_pool(*, actor, year: int, amount: Decimal, memo: str = "", district: District | None = None) -> None:
    """Put money into the acting office's district's pool for a year: a budget move in the funds
    ledger (``district`` names it for an office serving several)."""
    require(can_manage_pool(actor))
    pool = pool_of(acting_district(actor, district))
    fund_actions.allocate_budget(actor=actor, source=pool.source, year=year, amount=amount, memo=memo)


def pledge_problem(asset: Patent | Trademark, enterprise, today: dt.date, consents: list) -> str:
    """Why the asset cannot be pledged by this enterprise, or "" when it can."""
    if isinstance(asset, Patent):
        owners = list(asset.owners.all())
        if enterprise not in owners:
            return _("%(asset)s is not the enterprise's own.") % {"asset": asset.application_number}
        if asset.status != PatentStatus.GRANTED or (asset.expiry_date and asset.expiry_date < today):
            return _("%(asset)s is not a granted patent in force.") % {"asset": asset.application_number}
        missing = [o.name for o in owners if o != enterprise and o not in consents]
        if missing:
            return _("%(asset)s is co-owned: record the consent of %(owners)s.") % {
                "asset": asset.application_number,
                "owners": "、".join(missing),
            }
        return ""
    if asset.owner_id != enterprise.pk:
        return _("%(asset)s is not the enterprise's own.") % {"asset": asset.number}
    if asset.status != TrademarkStatus.REGISTERED or (asset.expiry_date and asset.expiry_date < today):
        return _("%(asset)s is not a registered trademark in force.") % {"asset": asset.number}
    return ""


def _key(asset: Patent | Trademark) -> str:
    return f"patent:{asset.pk}" if isinstance(asset, Patent) else f"trademark:{asset.pk}"


@transaction.atomic
def apply_for_loan(
    *,
    actor,
    product: LoanProduct,
    enterprise,
    requested_amount: Decimal,
    requested_term_months: int,
    patents: list[Patent] = (),  # type: ignore[assignment]  # a tuple default, never changed
    trademarks: list[Trademark] = (),  # type: ignore[assignment]  # a tuple default, never changed
    consents: dict[int, list] | None = None,
    citations: dict[int, int] | None = None,
    purpose: str = "",
    valuer=None,
    today: dt.date | None = None,
    is_demo: bool = False,
) -> PledgeLoan:
    """Send an application to the product's bank, pledging the enterprise's own granted
    patents and registered marks. ``consents`` maps a co-owned patent's id to the co-owners
    recorded as consenting; ``citations`` a patent's id to its citation count, where known."""
    require(can_apply_for_loan(actor, enterprise))
    today = today or dt.date.today()
    consents, citations = consents or {}, citations or {}
    if not product.is_published:
        raise ValidationError(_("This product is not offered at the moment."))
    amount = amount_given(requested_amount, "requested_amount")
    if not (product.min_amount <= amount <= product.max_amount):
        raise ValidationError(
            {
                "requested_amount": _("This product lends from ¥%(low)s to ¥%(high)s.")
                % {"low": f"{product.min_amount:,.2f}", "high": f"{product.max_amount:,.2f}"}
            }
        )
    if not (0 < requested_term_months <= product.max_term_months):
        raise ValidationError(
            {"requested_term_months": _("This product lends for up to %(n)s months.") % {"n": product.max_term_months}}
        )
    if not patents and not trademarks:
        raise ValidationError(_("Choose at least one patent or trademark to pledge."))
    if patents and not product.accepts_patents:
        raise ValidationError(_("This product does not take patents as pledges."))
    if trademarks and not product.accepts_trademarks:
        raise ValidationError(_("This product does not take trademarks as pledges."))
    if valuer is not None and valuer.kind != OrganisationKind.VALUER:
        raise ValidationError({"valuer": _("Choose a valuation agency.")})
    problems = []
    assets: list[Patent | Trademark] = [*patents, *trademarks]
    for asset in assets:
        why = pledge_problem(asset, enterprise, today, consents.get(asset.pk, []) if isinstance(asset, Patent) else [])
        if not why and PledgedAsset.objects.filter(asset_key=_key(asset), holds_pledge=True).exists():
            why = _("%(asset)s is already pledged.") % {"asset": asset}
        if why:
            problems.append(why)
    if problems:
        raise ValidationError(problems)
    loan = PledgeLoan.objects.create(
        product=product,
        bank=product.bank,
        enterprise=enterprise,
        valuer=valuer,
        requested_amount=amount,
        requested_term_months=requested_term_months,
        purpose=purpose,
        submitted_by=actor,
        is_demo=is_demo,
    )
    for asset in assets:
        is_patent = isinstance(asset, Patent)
        cited = citations.get(asset.pk) if is_patent else None
        score = score_asset(asset, today, cited)
        pledged = PledgedAsset.objects.create(
            loan=loan,
            kind=AssetKind.PATENT if is_patent else AssetKind.TRADEMARK,
            patent=asset if isinstance(asset, Patent) else None,
            trademark=asset if isinstance(asset, Trademark) else None,
            asset_key=_key(asset),
            label=str(asset)[:300],
            citations=cited,
            value_score=score.score,
            value_indicators=score.as_json(),
            scored_on=today,
        )
        if is_patent and consents.get(asset.pk):
            pledged.co_owner_consents.set(consents[asset.pk])
    record(
        actor=actor,
        action="pledge_loan.apply",
        obj=loan,
        after={**snapshot(loan), "assets": [_key(a) for a in assets]},
    )
    return loan


def _take_pledges(loan: PledgeLoan) -> None:
    """Mark the loan's assets as pledged. The database refuses an asset already in another
    live pledge, also when two banks approve at the same moment."""
    taken = PledgedAsset.objects.filter(asset_key__in=loan.assets.values("asset_key"), holds_pledge=True).exclude(
        loan=loan
    )
    if taken.exists():
        raise ValidationError(
            [
                _("%(asset)s is already pledged under loan #%(loan)s.") % {"asset": a.label, "loan": a.loan_id}
                for a in taken
            ]
        )
    try:
        with transaction.atomic():
            loan.assets.update(holds_pledge=True)
    except IntegrityError:
        raise ValidationError(_("One of the pledged assets was just pledged under another loan.")) from None


def _require(value: Any, field: str, message: str) -> None:
    if value in (None, ""):
        raise ValidationError({field: message})


@transaction.atomic
def transition_loan(
    *,
    actor,
    loan: PledgeLoan,
    to_status: str,
    note: str = "",
    amount: Decimal | None = None,
    rate: Decimal | None = None,
    term_months: int | None = None,
    registration_number: str = "",
    registered_on: dt.date | None = None,
    disbursed_on: dt.date | None = None,
    today: dt.date | None = None,
) -> PledgeLoan:
    """Take one step of the workflow table, with what that step records."""
    check_status(LoanStatus, to_status)
    loan = PledgeLoan.objects.select_for_update(of=("self",)).select_related("product", "enterprise").get(pk=loan.pk)
    today = today or dt.date.today()
    require(can_take_loan_step(actor, loan, to_status))
    before = snapshot(loan)
    if to_status == LoanStatus.APPROVED:
        _require(amount, "amount", _("Give the approved amount in yuan."))
        _require(rate, "rate", _("Give the annual rate in %."))
        _require(term_months, "term_months", _("Give the term in months."))
        loan.approved_amount, loan.rate, loan.term_months = amount_given(amount), Decimal(rate), int(term_months)  # type: ignore[arg-type]  # _require above refused a missing amount, rate or term
        if loan.approved_amount <= 0 or loan.approved_amount > loan.product.max_amount:
            raise ValidationError(
                {"amount": _("Up to ¥%(max)s under this product.") % {"max": f"{loan.product.max_amount:,.2f}"}}
            )
        if not (0 < loan.term_months <= loan.product.max_term_months):
            raise ValidationError({"term_months": _("Up to %(n)s months.") % {"n": loan.product.max_term_months}})
        if loan.rate < 0 or loan.rate > 100:
            raise ValidationError({"rate": _("Give the annual rate in %.")})
        if not loan.product.rate_from <= loan.rate <= loan.product.rate_to:
            raise ValidationError(
                {
                    "rate": _("This product's annual rate is %(low)s%% to %(high)s%%.")
                    % {"low": loan.product.rate_from, "high": loan.product.rate_to}
                }
            )
        _take_pledges(loan)
    elif to_status in (LoanStatus.DECLINED, LoanStatus.WITHDRAWN):
        if to_status == LoanStatus.DECLINED:
            _require(note.strip(), "note", _("Give the reason for declining: the enterprise reads it."))
            loan.decline_reason = note
        loan.assets.update(holds_pledge=False)
    elif to_status == LoanStatus.PLEDGE_REGISTERED:
        _require(registration_number.strip(), "registration_number", _("Give the pledge registration number."))
        _require(registered_on, "registered_on", _("Give the date of the pledge registration."))
        loan.registration_number, loan.registered_on = registration_number.strip(), registered_on
    elif to_status == LoanStatus.DISBURSED:
        loan.disbursed_amount = loan.approved_amount
        loan.disbursed_on = disbursed_on or today
    elif to_status == LoanStatus.CLOSED:
        loan.closed_on = today
        loan.assets.update(holds_pledge=False)
    elif to_status == LoanStatus.DEFAULTED:
        _require(note.strip(), "note", _("Say what the default is."))
        loan.defaulted_on = today
    take_step(loan, to_status, history=LoanStatusChange, owner="loan", actor=actor, note=note)
    loan.save()
    record(actor=actor, action=f"pledge_loan.{to_status}", obj=loan, before=before, after=snapshot(loan))
    return loan


@transaction.atomic
def assign_valuer(*, actor, loan: PledgeLoan, valuer) -> PledgeLoan:
    loan = PledgeLoan.objects.select_for_update(of=("self",)).get(pk=loan.pk)
    require(can_assign_valuer(actor, loan))
    if valuer.kind != OrganisationKind.VALUER:
        raise ValidationError({"valuer": _("Choose a valuation agency.")})
    before = snapshot(loan)
    loan.valuer = valuer
    loan.save(update_fields=["valuer"])
    record(actor=actor, action="pledge_loan.valuer", obj=loan, before=before, after=snapshot(loan))
    return loan


@transaction.atomic
def record_valuation(
    *,
    actor,
    loan: PledgeLoan,
    report_number: str,
    valued_on: dt.date,
    values: dict[int, Decimal],
    method: str = "",
) -> Valuation:
    """The agency's report: a value for every pledged asset; the total is their sum."""
    loan = PledgeLoan.objects.select_for_update(of=("self",)).get(pk=loan.pk)
    require(can_value(actor, loan))
    if loan.valuer_id is None:
        raise ValidationError(_("Send the application to a valuation agency first."))
    assets = {a.pk: a for a in loan.assets.all()}
    if set(values) != set(assets):
        raise ValidationError(_("Give a value for every pledged asset."))
    values = {pk: amount_given(v, "values") for pk, v in values.items()}
    if any(v <= 0 for v in values.values()):
        raise ValidationError(_("A value is a positive amount in yuan."))
    if not report_number.strip():
        raise ValidationError({"report_number": _("Give the valuation report's number.")})
    for pk, value in values.items():
        assets[pk].appraised_value = money(value)
        assets[pk].save(update_fields=["appraised_value"])
    valuation = Valuation.objects.create(
        loan=loan,
        valuer_id=loan.valuer_id,
        report_number=report_number.strip(),
        valued_on=valued_on,
        total_value=sum((money(v) for v in values.values()), ZERO),
        method=method,
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    record(
        actor=actor,
        action="pledge_loan.valuation",
        obj=loan,
        after={**snapshot(valuation), "values": {str(k): str(v) for k, v in values.items()}},
    )
    return valuation


@transaction.atomic
def record_repayment(
    *, actor, loan: PledgeLoan, paid_on: dt.date, principal: Decimal, interest: Decimal, reference: str = ""
) -> Repayment:
    loan = PledgeLoan.objects.select_for_update(of=("self",)).get(pk=loan.pk)
    require(can_record_repayment(actor, loan))
    principal, interest = amount_given(principal, "principal"), amount_given(interest, "interest")
    if principal < 0 or interest < 0 or principal + interest <= 0:
        raise ValidationError(_("Give the principal and interest repaid, in yuan."))
    left = loan.outstanding_principal()
    if principal > left:
        raise ValidationError({"principal": _("Only ¥%(left)s of principal is outstanding.") % {"left": left}})
    repayment = Repayment.objects.create(
        loan=loan,
        paid_on=paid_on,
        principal=principal,
        interest=interest,
        reference=reference,
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    record(actor=actor, action="pledge_loan.repayment", obj=loan, after=snapshot(repayment))
    return repayment


@transaction.atomic
def compensate_default(*, actor, loan: PledgeLoan) -> Compensation:
    """Pay the bank the product's agreed share of the principal outstanding at default, from
    the pool of the loan's district, through the funds ledger. Once per loan (a unique
    constraint); the ledger refuses a payment the pool cannot cover, and then nothing is
    written."""
    loan = PledgeLoan.objects.select_for_update(of=("self",)).select_related("product", "enterprise").get(pk=loan.pk)
    require(can_compensate(actor, loan))
    # The loan's district's pool pays, and only that district's office (or the system) pays it.
    district = loan_district(loan)
    pool = pool_of(district)
    fund_actions.check_funds_of(actor=actor, district=district, sources=[pool.source])
    outstanding = loan.outstanding_principal()
    percent = loan.product.compensation_percent
    amount = money(outstanding * percent / 100)
    if amount <= 0:
        raise ValidationError(_("This product has no compensation share agreed."))
    year = (loan.defaulted_on or dt.date.today()).year
    try:
        with transaction.atomic():
            compensation = Compensation.objects.create(
                loan=loan,
                source=pool.source,
                year=year,
                outstanding_principal=outstanding,
                percent=percent,
                amount=amount,
                paid_by=actor if getattr(actor, "pk", None) else None,
            )
    except IntegrityError:
        raise ValidationError(_("This default was already compensated.")) from None
    memo = f"pledge loan {loan.pk} default compensation"
    txns = [
        ledger.post(kind=EntryKind.COMMIT, source=pool.source, year=year, amount=amount, memo=memo),
        ledger.post(kind=EntryKind.PAY, source=pool.source, year=year, amount=amount, memo=memo),
    ]
    compensation.ledger_txns = [str(t) for t in txns]
    compensation.save(update_fields=["ledger_txns"])
    record(actor=actor, action="pledge_loan.compensation", obj=loan, after=snapshot(compensation))
    return compensation


def apply_for_interest_subsidy(*, actor, loan: PledgeLoan, item, today: dt.date | None = None):
    """The interest subsidy for a repaid loan is an award application under the item that
    covers it (rule: a share of the loan interest paid in the programme's period)."""
    return incentive_actions.submit_application(
        actor=actor,
        programme=item.programme,
        enterprise=loan.enterprise,
        asset_keys=[(item, f"loan:{loan.pk}")],
        today=today,
    )
