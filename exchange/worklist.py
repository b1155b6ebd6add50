"""What waits on the patent exchange: the office's proposed matches (arrange a meeting) and
deals to register; an enterprise's deals at its step; and the search box's offers and needs."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from core.worklists import SearchHit, WorkItem, search, worklist
from exchange.choices import DealStatus, MatchStatus, NeedStatus, OfferStatus
from exchange.models import Deal, Match, Need, Offer
from exchange.permissions import can_run_exchange

LIMIT = 20


@worklist
def exchange_work(user) -> list[WorkItem]:
    items: list[WorkItem] = []
    if can_run_exchange(user) and user.is_authenticated:
        # The best match of each open need that nobody acted on yet.
        matches = (
            Match.objects.for_user(user)
            .filter(rank=1, status=MatchStatus.PROPOSED, need__status=NeedStatus.OPEN, offer__status=OfferStatus.LISTED)
            .select_related("need__enterprise")
            .order_by("created_at")[:LIMIT]
        )
        for m in matches:
            items.append(
                WorkItem(_("Technology need"), f"{m.need.enterprise.name}: {m.need.title}", _("Arrange a meeting"),
                         reverse("exchange:board"), since=m.created_at)
            )  # fmt: skip
        for d in Deal.objects.for_user(user).filter(status=DealStatus.SIGNED).select_related("acquirer")[:LIMIT]:
            items.append(
                WorkItem(_("Patent deal"), f"{d.acquirer.name}", _("Record the CNIPA registration"),
                         reverse("exchange:deal_detail", args=[d.pk]), since=d.signed_on)
            )  # fmt: skip
        return items
    if user.is_authenticated and not user.is_office:
        deals = (
            Deal.objects.for_user(user)
            .filter(status__in=[DealStatus.NEGOTIATING, DealStatus.REGISTERED])
            .select_related("offer")[:LIMIT]
        )
        for d in deals:
            action = _("Upload the signed contract") if d.status == DealStatus.NEGOTIATING else _("Record the payment")
            items.append(
                WorkItem(_("Patent deal"), f"{d.offer.application_number} {d.offer.title}", action,
                         reverse("exchange:deal_detail", args=[d.pk]), since=d.updated_at)
            )  # fmt: skip
    return items


@search
def exchange_search(user, query: str, limit: int) -> list[SearchHit]:
    offers = Offer.objects.for_user(user).filter(Q(application_number__icontains=query) | Q(title__icontains=query))
    hits = [
        SearchHit(_("Patent on offer"), o.application_number, o.title, reverse("exchange:offer_detail", args=[o.pk]))
        for o in offers.order_by("-pk")[:limit]
    ]
    needs = Need.objects.for_user(user).filter(title__icontains=query).order_by("-pk")[:limit]
    hits += [
        SearchHit(_("Technology need"), str(n.pk), n.title, reverse("exchange:need_detail", args=[n.pk])) for n in needs
    ]
    return hits[:limit]
