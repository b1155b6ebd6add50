"""Reminders for the demo district: a few rights of the demo enterprises whose users log in
(an annuity falling due, an annuity whose grace is ending, a patent that lapsed last month for
an unpaid annuity, a mark in its renewal window), then the nightly round itself — the job's own
code, run for the day — fills the inboxes. Nothing here writes a message by hand; the rights are
marked as demo data like the rest of the demo portfolio."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

import notifications.jobs  # noqa: F401  # registers the nightly job
from core import jobs
from demo.portfolio import _application_number
from notifications.models import Message
from portfolio import actions as portfolio_actions
from portfolio.models import Patent, Trademark, add_months, add_years
from registry.models import Enterprise

PAID_YEARS = 5  # the demo patents' annuities are paid up to their fifth year


def _filed_for_due(due: dt.date) -> dt.date:
    """The filing day whose annuity for year PAID_YEARS + 1 falls due on ``due``."""
    return add_years(due, -PAID_YEARS)


def _patent(rng: random.Random, used: set[str], owner: Enterprise, title: str, due: dt.date) -> Patent:
    filed = _filed_for_due(due)
    return portfolio_actions.add_patent(
        actor=None,
        application_number=_application_number(rng, filed.year, "发明", used),
        owners=[owner],
        title=title,
        filing_date=filed,
        grant_date=add_years(filed, 2) + dt.timedelta(days=30),
        status="granted",
        annuity_paid_year=PAID_YEARS,
        ipc_codes=["C12G 1/00"],
        is_demo=True,
    )


def seed_notifications(first: Enterprise, second: Enterprise, today: dt.date | None = None) -> dict[str, int]:
    """Rights that fall due for the two demo enterprises with users, then tonight's round."""
    today = today or timezone.localdate()
    rng = random.Random(19)
    used = set(Patent.objects.values_list("application_number", flat=True))
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=10)
    # Due in three weeks; grace (six months) ends in two weeks; grace ended on the 10th of last month.
    _patent(rng, used, first, "一种葡萄酒橡木桶恒温陈酿装置", today + dt.timedelta(days=21))
    _patent(rng, used, first, "一种果酒低温发酵控制系统", add_months(today + dt.timedelta(days=14), -6))
    _patent(rng, used, first, "一种酒瓶封口检测设备", add_months(last_month, -6))
    _patent(rng, used, second, "一种海洋生物活性肽提取方法", today + dt.timedelta(days=45))
    # A mark registered ten years before an expiry four months away: its renewal window is open.
    number = 76000001
    while Trademark.objects.filter(number=str(number)).exists():
        number += 1
    portfolio_actions.add_trademark(
        actor=None,
        number=str(number),
        mark_text="芝罘醇",
        owner=first,
        groups=["3301"],
        filing_date=add_years(today, -11),
        registration_date=add_years(today + dt.timedelta(days=121), -10),
        status="registered",
        is_demo=True,
    )
    # The nightly job itself: queued as the scheduler queues it, and run here at once (a worker
    # that picks the queue entry up later finds it done and skips it).
    before = Message.objects.count()
    run = jobs.submit("notifications.nightly", f"demo:notifications.nightly:{today}", {"today": today.isoformat()})
    jobs.execute(run.pk)
    return {
        "messages": Message.objects.count() - before,
        "demo_inbox": Message.objects.filter(organisation__in=[first.organisation, second.organisation]).count(),
    }
