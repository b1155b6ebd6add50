"""Reminders of what is due: annuities, trademark renewals, patents reaching the end of
their term; each with the number of working days left (negative when overdue)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

import rules
from portfolio.choices import PatentStatus, TrademarkStatus
from portfolio.models import Patent, Trademark, add_months, add_years, rule_months
from workdays import next_workday, workdays_between

# Both are rules in the rule store (page 规则与依据): the reminder window is the district's
# working rule, the grace period the Patent Rules' (6 months, with a late fee per month).
ANNUITY_LOOKAHEAD = "portfolio.annuity_lookahead"
ANNUITY_GRACE = "portfolio.annuity_grace"


@dataclass(frozen=True)
class Reminder:
    kind: str
    label: str
    due: dt.date
    workdays_left: int
    subject: Patent | Trademark
    owners: str

    @property
    def overdue(self) -> bool:
        return self.workdays_left < 0

    @property
    def is_patent(self) -> bool:
        return isinstance(self.subject, Patent)


KIND_LABELS = {
    "annuity": _("Annuity due"),
    "annuity_grace": _("Annuity overdue (grace period, surcharge)"),
    "renewal": _("Renewal window open"),
    "renewal_grace": _("Expired: renewal grace period"),
    "patent_expiry": _("Patent term ends"),
}


def _grace_end(due: dt.date) -> dt.date:
    # A last day on a holiday moves to the next working day (审查指南 Part V ch. 7 §2.3).
    return next_workday(add_months(due, rule_months(ANNUITY_GRACE)))


MAX_HORIZON_DAYS = 7300  # a patent's whole term; beyond it every date is past Python's last


def reminders(patents, trademarks, today: dt.date | None = None, horizon_days: int = 365) -> list[Reminder]:
    """Reminders for the given patents and trademarks (already limited to what the person may
    see), due from the grace periods still running up to ``horizon_days`` ahead."""
    today = today or dt.date.today()
    horizon = today + dt.timedelta(days=max(0, min(horizon_days, MAX_HORIZON_DAYS)))
    out: list[Reminder] = []

    def add(kind: str, due: dt.date, subject, owners: str) -> None:
        out.append(Reminder(kind, str(KIND_LABELS[kind]), due, workdays_between(today, due), subject, owners))

    lookahead = int(rules.value(ANNUITY_LOOKAHEAD, on=today)["amount"])
    granted = patents.filter(status=PatentStatus.GRANTED).prefetch_related("owners")
    for patent in granted:
        owners = "、".join(o.name for o in patent.owners.all())
        due = patent.next_annuity_due()
        if due is not None:
            if today <= due <= today + dt.timedelta(days=lookahead):
                add("annuity", due, patent, owners)
            elif due < today <= _grace_end(due):
                add("annuity_grace", _grace_end(due), patent, owners)
        if patent.expiry_date and today <= patent.expiry_date <= horizon:
            add("patent_expiry", patent.expiry_date, patent, owners)
    marks = trademarks.filter(
        status__in=[TrademarkStatus.REGISTERED, TrademarkStatus.EXPIRED],
        expiry_date__gte=today - dt.timedelta(days=190),
        expiry_date__lte=add_years(today, 1),
    ).select_related("owner")
    for mark in marks:
        if mark.renewal_opens <= today <= mark.expiry_date or today <= mark.expiry_date <= horizon:
            add("renewal", mark.expiry_date, mark, mark.owner.name)
        elif mark.expiry_date < today <= mark.grace_ends:
            add("renewal_grace", mark.grace_ends, mark, mark.owner.name)
    return sorted(out, key=lambda r: (r.due, r.kind))


# What the nightly round mails: what falls due within this many days (and grace periods running).
NIGHTLY_HORIZON_DAYS = 30


def send_nightly_reminders(today: dt.date | None = None) -> tuple[int, int]:
    """Mail each enterprise user (with an e-mail address) what of their enterprise's rights
    falls due soon. Returns (people mailed, reminders in those mails). A run that dies half way
    is not repeated: the next night's round lists the same items again."""
    from django.conf import settings
    from django.core.mail import send_mail
    from django.utils import translation

    from accounts.models import User

    today = today or dt.date.today()
    mailed = items = 0
    people = (
        User.objects.filter(is_active=True, organisation__kind="enterprise")
        .exclude(email="")
        .select_related("organisation")
        .order_by("pk")
    )
    for user in people:
        due = reminders(
            Patent.objects.for_user(user), Trademark.objects.for_user(user), today=today,
            horizon_days=NIGHTLY_HORIZON_DAYS,
        )  # fmt: skip
        if not due:
            continue
        with translation.override(settings.LANGUAGE_CODE):
            # The phrase is looked up outside the f-string: makemessages does not read into one.
            left = _("%(n)d working days left")
            lines = [f"{r.due:%Y-%m-%d}  {r.label}  {r.subject}  ({left % {'n': r.workdays_left}})" for r in due]
            subject = _("IP reminders: %(n)d items fall due soon") % {"n": len(due)}
        send_mail(subject, "\n".join(lines), None, [user.email])
        mailed += 1
        items += len(due)
    return mailed, items
