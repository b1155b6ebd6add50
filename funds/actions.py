"""Every change to fund sources and budgets. Commitments, payments and reversals are posted by
the apps that spend the money (incentives, financing) through ``funds.ledger.post`` inside
their own audited actions."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.districts import acting_district
from accounts.models import District
from audit.trail import record, snapshot
from core.actions import require
from core.money import money
from funds import ledger
from funds.choices import EntryKind
from funds.models import FundSource
from funds.permissions import can_manage_funds


def check_funds_of(*, actor, district: District, sources: Iterable[FundSource]) -> None:
    """Refuse (a ValidationError, which the page shows) a move of money out of a fund of
    another district than ``district``, or for a district that is not the actor's own: one
    district's office never pays from another district's fund."""
    acting_district(actor, district)
    foreign = sorted({source.name for source in sources if source.district_id != district.code})
    if foreign:
        raise ValidationError(
            _("%(sources)s: a fund of another district; %(district)s pays only from its own funds.")
            % {"sources": "、".join(foreign), "district": district.name}
        )


@transaction.atomic
def create_fund_source(
    *, actor, name: str, level: str, is_demo: bool = False, district: District | None = None
) -> FundSource:
    """A fund source of the acting office's district (``district`` names it for an office
    serving several)."""
    require(can_manage_funds(actor))
    source = FundSource(name=name, level=level, is_demo=is_demo, district=acting_district(actor, district))
    source.full_clean()
    source.save()
    record(actor=actor, action="fund_source.create", obj=source, after=snapshot(source))
    return source


@transaction.atomic
def allocate_budget(*, actor, source: FundSource, year: int, amount: Decimal, memo: str = "") -> None:
    """Add to a fund source's budget for a year (a ledger move appropriation → available)."""
    require(can_manage_funds(actor))
    check_funds_of(actor=actor, district=source.district, sources=[source])
    amount = money(amount)
    if amount <= 0:
        raise ValidationError({"amount": _("A budget is a positive amount in yuan.")})
    txn = ledger.post(kind=EntryKind.BUDGET, source=source, year=year, amount=amount, memo=memo)
    record(
        actor=actor,
        action="fund.budget",
        obj=source,
        after={"year": year, "amount": str(amount), "txn": str(txn), "memo": memo},
    )
