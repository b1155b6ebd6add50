"""The transfer incentive: an award item of incentives' rule "per patent transfer registered to
a district SME" pays for each transfer the exchange registered in the programme's period to the
applying enterprise, if it is a tech-based SME. No amount is shipped: no national, provincial or
district policy text naming an amount was found, so the office sets the item's amount and cap
in its own programme."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from exchange.choices import DONE_STATUSES, DealKind
from exchange.models import Deal


def registered_transfers(item, enterprise) -> list[tuple[str, str, Decimal]]:
    if not enterprise.is_tech_sme:
        return []
    period = (item.programme.period_start, item.programme.period_end)
    deals = Deal.objects.filter(
        acquirer=enterprise, kind=DealKind.TRANSFER, status__in=DONE_STATUSES, registered_on__range=period
    ).select_related("offer")
    return [
        (
            f"exchange-deal:{d.pk}",
            _("Transfer of %(number)s %(title)s, registered %(on)s (%(cnipa)s)")
            % {
                "number": d.offer.application_number,
                "title": d.offer.title,
                "on": d.registered_on,
                "cnipa": d.cnipa_number,
            },
            item.amount,
        )
        for d in deals.order_by("pk")
    ]
