"""A patent's legal status on a past day, from its dated legal-status events.

The status on a day is the status after the patent's last status-changing event up to that
day; a patent with no such event by then keeps the status it has now (nothing says when it
changed). So a patent that lapsed in 2023 and was restored in 2024 counts as lapsed at the end
of 2023 and in force at the end of 2024, whatever its status today."""

from __future__ import annotations

import datetime as dt

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from portfolio.choices import PatentStatus
from portfolio.models import Patent, PatentStatusEvent


def status_on(on: dt.date) -> Coalesce:
    """An expression for a patent queryset: the legal status each patent had on ``on``."""
    last = (
        PatentStatusEvent.objects.filter(patent=OuterRef("pk"), day__lte=on)
        .exclude(status_after="")
        .order_by("-day", "-pk")
        .values("status_after")[:1]
    )
    return Coalesce(Subquery(last), "status")


def granted_on(patents: QuerySet[Patent], on: dt.date) -> QuerySet[Patent]:
    """The patents granted by ``on``, in force on that day (by their status then) and not past
    their term."""
    granted = patents.filter(grant_date__lte=on).filter(Q(expiry_date__isnull=True) | Q(expiry_date__gte=on))
    return granted.annotate(status_then=status_on(on)).filter(status_then=PatentStatus.GRANTED)
