"""Every change to programmes, award applications and payments. Fund sources and budgets are
the funds app's (funds.actions); the money an application commits and pays is posted to its
ledger here, inside the same transaction."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.utils.translation import gettext as _

import rules
from accounts.districts import acting_district
from accounts.models import District
from audit.trail import record, snapshot
from core.actions import check_status, require
from core.money import ZERO, amount_given, money, split_amount
from core.workflow import take_step
from funds import ledger
from funds.actions import check_funds_of
from funds.choices import EntryKind
from funds.models import FundSource
from incentives.choices import ApplicationStatus, ObjectionStatus
from incentives.models import (
    Application,
    ApplicationLine,
    ApplicationStatusChange,
    AwardItem,
    AwardItemSplit,
    Objection,
    Payment,
    PaymentRequest,
    Programme,
)
from incentives.permissions import (
    can_apply,
    can_manage_programmes,
    can_object,
    can_pay,
    can_resolve_objection,
    can_take_step,
)
from incentives.policy import policy_refusals
from incentives.rules import eligible_assets
from workdays import add_workdays


@transaction.atomic
def create_programme(*, actor, is_demo: bool = False, district: District | None = None, **fields) -> Programme:
    """A programme of the acting office's district (``district`` names it for an office
    serving several)."""
    require(can_manage_programmes(actor))
    if fields.get("notice_workdays") is None and fields.get("opens_on"):
        # The district's default public-notice period, a rule in the rule store.
        fields["notice_workdays"] = rules.limit("incentives.notice_workdays", on=fields["opens_on"]).amount
    programme = Programme(is_demo=is_demo, district=acting_district(actor, district), **fields)
    programme.full_clean()
    wrong_order = {}  # each date beside its field, naming the date it may not precede
    if programme.closes_on < programme.opens_on:
        wrong_order["closes_on"] = _("The window cannot close before it opens (%(date)s).") % {
            "date": programme.opens_on.isoformat()
        }
    if programme.period_end < programme.period_start:
        wrong_order["period_end"] = _("The period cannot end before it starts (%(date)s).") % {
            "date": programme.period_start.isoformat()
        }
    if wrong_order:
        raise ValidationError(wrong_order)
    programme.save()
    record(actor=actor, action="programme.create", obj=programme, after=snapshot(programme))
    return programme


@transaction.atomic
def add_award_item(
    *,
    actor,
    programme: Programme,
    name: str,
    rule: str,
    amount: Decimal,
    shares: list[tuple[FundSource, Decimal]],
    cap_per_enterprise: Decimal | None = None,
    policy_exception: str = "",
) -> AwardItem:
    """An award item and the sources that pay it; the shares must add up to 100%. An item that
    breaks the patent-subsidy policy in force on the programme's dates is kept with the reasons
    and takes no application, unless the office records its documented exception."""
    require(can_manage_programmes(actor))
    check_funds_of(actor=actor, district=programme.district, sources=[source for source, _p in shares])
    if sum((Decimal(p) for _s, p in shares), ZERO) != 100:
        raise ValidationError({"shares": _("The fund shares must add up to 100%.")})
    item = AwardItem(
        programme=programme,
        name=name,
        rule=rule,
        amount=money(amount),
        cap_per_enterprise=cap_per_enterprise,
        policy_refusal="\n".join(policy_refusals(programme, rule)),
        policy_exception=policy_exception.strip(),
    )
    item.full_clean()
    item.save()
    for source, percent in shares:
        AwardItemSplit.objects.create(item=item, source=source, percent=Decimal(percent))
    record(
        actor=actor,
        action="award_item.create",
        obj=item,
        after={**snapshot(item), "shares": {s.pk: str(p) for s, p in shares}},
    )
    return item


@transaction.atomic
def submit_application(
    *,
    actor,
    programme: Programme,
    enterprise,
    asset_keys: list[tuple[AwardItem, str]],
    today: dt.date | None = None,
    is_demo: bool = False,
) -> Application:
    """Apply for assets under award items; amounts come from the rules, never from the form."""
    require(can_apply(actor, enterprise))
    if not enterprise.organisation.districts.filter(pk=programme.district_id).exists():
        raise ValidationError(
            _("%(programme)s is a programme of %(district)s: only its enterprises apply.")
            % {"programme": programme, "district": programme.district.name}
        )
    today = today or dt.date.today()
    if not programme.is_open(today):
        raise ValidationError(
            _("Applications to this programme are taken from %(start)s to %(end)s.")
            % {"start": programme.opens_on, "end": programme.closes_on}
        )
    if not asset_keys:
        raise ValidationError(_("Choose at least one asset to claim."))
    lines = []
    for item in {item for item, _key in asset_keys}:
        if item.programme_id != programme.pk:
            raise ValidationError(_("An award item of another programme was chosen."))
        if item.refused:
            raise ValidationError(
                _("%(item)s is refused under the subsidy policy: %(reason)s")
                % {"item": item.name, "reason": item.policy_refusal}
            )
        offered = {a.asset_key: a for a in eligible_assets(item, enterprise)}
        for chosen_item, key in asset_keys:
            if chosen_item != item:
                continue
            asset = offered.get(key)
            if asset is None:
                raise ValidationError(_("%(asset)s does not qualify for %(item)s.") % {"asset": key, "item": item.name})
            if asset.already_awarded:
                raise ValidationError(
                    _("%(asset)s was already claimed under %(item)s.") % {"asset": asset.label, "item": item.name}
                )
            if asset.amount <= 0:
                raise ValidationError(
                    _("The yearly cap of %(item)s is used up for this enterprise.") % {"item": item.name}
                )
            lines.append(ApplicationLine(item=item, asset_key=key, asset_label=asset.label[:300], amount=asset.amount))
    application = Application.objects.create(
        programme=programme, enterprise=enterprise, submitted_by=actor, is_demo=is_demo
    )
    for line in lines:
        line.application = application
    try:
        with transaction.atomic():
            ApplicationLine.objects.bulk_create(lines)
    except IntegrityError:
        # A concurrent application claimed the same asset first.
        raise ValidationError(_("One of these assets was just claimed by another application.")) from None
    record(
        actor=actor,
        action="award_application.submit",
        obj=application,
        after={**snapshot(application), "lines": [(line.item_id, line.asset_key, str(line.amount)) for line in lines]},
    )
    return application


def _commit(application: Application, actor) -> Decimal:
    """Commit the approved amount in each fund source, by the items' shares."""
    per_source: dict[int, Decimal] = defaultdict(lambda: ZERO)
    sources: dict[int, FundSource] = {}
    total = ZERO
    for line in application.lines.filter(is_active=True).select_related("item"):
        shares = [(s.source, s.percent) for s in line.item.splits.select_related("source").order_by("source_id")]
        for source, part in split_amount(line.amount, shares):
            per_source[source.pk] += part
            sources[source.pk] = source
        total += line.amount
    check_funds_of(actor=actor, district=application.programme.district, sources=sources.values())
    for source_id, amount in sorted(per_source.items()):
        ledger.post(
            kind=EntryKind.COMMIT,
            source=sources[source_id],
            year=application.programme.year,
            amount=amount,
            application=application,
            memo=f"application {application.pk}",
        )
    return total


@transaction.atomic
def transition_application(
    *, actor, application: Application, to_status: str, note: str = "", today: dt.date | None = None
) -> Application:
    check_status(ApplicationStatus, to_status)
    application = Application.objects.select_for_update().select_related("programme").get(pk=application.pk)
    today = today or dt.date.today()
    require(can_take_step(actor, application, to_status, today))
    before = snapshot(application)
    if to_status == ApplicationStatus.REJECTED:
        if not note.strip():
            raise ValidationError({"note": _("Give the reason for the rejection: the enterprise reads it.")})
        application.rejection_reason = note
        application.lines.update(is_active=False)
    if to_status == ApplicationStatus.PUBLIC_NOTICE:
        # The notice runs for N full working days from the next working day.
        application.notice_starts = add_workdays(today, 1)
        application.notice_ends = add_workdays(today, application.programme.notice_workdays)
    if to_status == ApplicationStatus.APPROVED:
        application.approved_amount = _commit(application, actor)
    take_step(application, to_status, history=ApplicationStatusChange, owner="application", actor=actor, note=note)
    application.save()
    record(
        actor=actor,
        action=f"award_application.{to_status}",
        obj=application,
        before=before,
        after=snapshot(application),
    )
    return application


@transaction.atomic
def raise_objection(*, actor, application: Application, text: str, today: dt.date | None = None) -> Objection:
    require(can_object(actor, application, today))
    if not text.strip():
        raise ValidationError({"text": _("Say what is wrong with the application.")})
    objection = Objection.objects.create(application=application, raised_by=actor, text=text)
    record(actor=actor, action="objection.raise", obj=objection, after=snapshot(objection))
    return objection


@transaction.atomic
def resolve_objection(*, actor, objection: Objection, upheld: bool, resolution: str) -> Objection:
    require(can_resolve_objection(actor))
    if objection.status != ObjectionStatus.OPEN:
        raise ValidationError(_("This objection was already resolved."))
    if not resolution.strip():
        raise ValidationError({"resolution": _("Say how the objection was resolved.")})
    before = snapshot(objection)
    objection.status = ObjectionStatus.UPHELD if upheld else ObjectionStatus.DISMISSED
    objection.resolution, objection.resolved_by = resolution, actor
    objection.save()
    record(actor=actor, action="objection.resolve", obj=objection, before=before, after=snapshot(objection))
    return objection


class _KeyTaken(Exception):
    """Another request with the same idempotency key got there first."""


def record_payment(
    *, actor, application: Application, amount: Decimal, idempotency_key: str, reference: str = ""
) -> Payment:
    """Pay (part of) an approved application. The same idempotency key always answers with the
    same payment and pays once; a payment beyond what was approved is refused."""
    require(can_pay(actor))
    amount = amount_given(amount)
    key = idempotency_key.strip()
    if not key:
        raise ValidationError({"idempotency_key": _("A payment request needs an idempotency key.")})
    for _attempt in range(5):
        existing = PaymentRequest.objects.filter(key=key).select_related("payment").first()
        if existing is not None:
            return _same_request(existing, application, amount)
        try:
            return _pay(actor, application, amount, key, reference)
        except _KeyTaken:
            continue
        except OperationalError as exc:  # deadlock or serialisation failure: try again
            if "deadlock" not in str(exc).lower() and "serializ" not in str(exc).lower():
                raise
    raise ValidationError(_("The payment could not be recorded; try again."))


def _same_request(existing: PaymentRequest, application: Application, amount: Decimal) -> Payment:
    if existing.application_id != application.pk or existing.amount != amount:
        raise ValidationError({"idempotency_key": _("This idempotency key was used for a different payment.")})
    return existing.payment


@transaction.atomic
def _pay(actor, application: Application, amount: Decimal, key: str, reference: str) -> Payment:
    application = Application.objects.select_for_update().select_related("programme").get(pk=application.pk)
    if application.status != ApplicationStatus.APPROVED:
        raise ValidationError(
            _("Only an approved application is paid; this one is %(status)s.")
            % {"status": ApplicationStatus(application.status).label}
        )
    if amount <= 0:
        raise ValidationError({"amount": _("A payment is a positive amount in yuan.")})
    balances = ledger.application_balances(application)
    outstanding = sum((c for c, _p in balances.values()), ZERO)
    if amount > outstanding:
        raise ValidationError(
            {"amount": _("Only ¥%(left)s of this application is still to be paid.") % {"left": outstanding}}
        )
    payment = Payment.objects.create(
        application=application,
        amount=amount,
        reference=reference,
        paid_by=actor if getattr(actor, "pk", None) else None,
    )
    try:
        with transaction.atomic():
            PaymentRequest.objects.create(key=key, application=application, amount=amount, payment=payment)
    except IntegrityError:
        raise _KeyTaken from None
    sources = FundSource.objects.in_bulk(list(balances))
    check_funds_of(actor=actor, district=application.programme.district, sources=sources.values())
    shares = [
        (sources[sid], committed * 100 / outstanding)
        for sid, (committed, _p) in sorted(balances.items())
        if committed > 0
    ]
    for source, part in split_amount(amount, shares):
        if part > 0:
            ledger.post(
                kind=EntryKind.PAY,
                source=source,
                year=application.programme.year,
                amount=part,
                application=application,
                payment=payment,
                memo=reference,
            )
    before = snapshot(application)
    if amount == outstanding:
        take_step(
            application,
            ApplicationStatus.PAID,
            history=ApplicationStatusChange,
            owner="application",
            actor=actor,
            note=reference,
        )
        application.save()
    record(
        actor=actor,
        action="award_application.payment",
        obj=application,
        before=before,
        after={**snapshot(application), "payment": payment.pk, "amount": str(amount), "key": key},
    )
    return payment


@transaction.atomic
def reverse_payment(*, actor, payment: Payment, note: str) -> Payment:
    """Undo a payment (a returned transfer): the money goes back to committed."""
    require(can_pay(actor))
    if not note.strip():
        raise ValidationError({"note": _("Say why the payment is reversed.")})
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    if payment.amount < 0 or Payment.objects.filter(reverses=payment).exists():
        raise ValidationError(_("This payment was already reversed."))
    application = Application.objects.select_for_update().select_related("programme").get(pk=payment.application_id)
    reversal = Payment.objects.create(
        application=application,
        amount=-payment.amount,
        reverses=payment,
        reference=note[:100],
        paid_by=actor if getattr(actor, "pk", None) else None,
    )
    paid_from = ledger.paid_for(payment)
    check_funds_of(actor=actor, district=application.programme.district, sources=[s for s, _y, _p in paid_from])
    for source, year, paid in paid_from:
        ledger.post(
            kind=EntryKind.REVERSE,
            source=source,
            year=year,
            amount=paid,
            application=application,
            payment=reversal,
            memo=note,
        )
    before = snapshot(application)
    if application.status == ApplicationStatus.PAID:
        take_step(
            application,
            ApplicationStatus.APPROVED,
            history=ApplicationStatusChange,
            owner="application",
            actor=actor,
            note=note,
        )
        application.save()
    record(
        actor=actor,
        action="award_application.payment_reversed",
        obj=application,
        before=before,
        after={**snapshot(application), "reversal": reversal.pk, "of": payment.pk},
    )
    return reversal
