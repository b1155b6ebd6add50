"""What falls due tonight, for every right of the district at once: one pass over the patents
and one over the marks, read as plain values (no model objects), the rules read once.

An item has a stable key (the right, what is due and which year or term), so the nightly round
tells each recipient of it once per channel (``notifications.models.Delivery``) however many
nights it stays due. What is an item:

- ``annuity``: an annuity falls due within the rule ``portfolio.annuity_lookahead``, with its
  amount from the fee rules less the patent's recorded reduction (``portfolio.fees``; not
  stated when no schedule is in force on the due date, see docs/notifications.md);
- ``annuity_grace``: an annuity is unpaid and its grace (rule ``portfolio.annuity_grace``,
  with the late fee) ends within ``GRACE_WARNING_DAYS``;
- ``restoration``: the grace ended unpaid, so the patent lapsed; restoration may be requested
  within the rule ``portfolio.restoration_request`` (2 months) of receiving the CNIPA's
  notice; the earliest that can be is that long after the grace ended, and the item runs
  until then;
- ``renewal``: a mark's renewal window (rule ``portfolio.trademark_renewal_window``) is open;
- ``renewal_grace``: a mark expired unrenewed and its grace (rule
  ``portfolio.trademark_renewal_grace``) ends within ``GRACE_WARNING_DAYS``.

The office's alerts (``office_items``) are the key rights (high-value invention patents,
pledged patents, protected marks) that lapse within the rule ``portfolio.office_lapse_alert``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _

import rules
from notifications.choices import ItemKind
from portfolio.choices import MarkKind, PatentStatus, TrademarkStatus
from portfolio.fees import (
    AnnuityAmount,
    FeeUnknown,
    annuity_amount,
    fee_phrase,
    highest_late_fee,
    restoration_fee,
    yuan,
)
from portfolio.models import Patent, Trademark, add_months, add_years
from workdays import next_workday

# How long before a grace period ends its last reminder goes out: a product setting, not a
# legal value (the grace periods themselves are rules).
GRACE_WARNING_DAYS = 30
CHUNK = 900  # ids per IN (…) query: under SQLite's limit of bound parameters


@dataclass
class DueItem:
    key: str
    kind: str
    due: dt.date
    subject: str
    link: str
    detail: str = ""
    organisations: list[int] = field(default_factory=list)

    @property
    def label(self) -> str:
        return str(ItemKind(self.kind).label)


@dataclass(frozen=True)
class Limits:
    """The rules the round reads, as in force on the day (read once per run)."""

    lookahead_days: int
    annuity_grace_months: int
    restoration_months: int
    renewal_window_months: int
    renewal_grace_months: int
    office_alert_days: int

    @classmethod
    def on(cls, today: dt.date) -> Limits:
        return cls(
            lookahead_days=int(rules.value("portfolio.annuity_lookahead", on=today)["amount"]),
            annuity_grace_months=int(rules.value("portfolio.annuity_grace", on=today)["amount"]),
            restoration_months=int(rules.value("portfolio.restoration_request", on=today)["amount"]),
            renewal_window_months=int(rules.value("portfolio.trademark_renewal_window", on=today)["amount"]),
            renewal_grace_months=int(rules.value("portfolio.trademark_renewal_grace", on=today)["amount"]),
            office_alert_days=int(rules.value("portfolio.office_lapse_alert", on=today)["amount"]),
        )


class _Days:
    """next_workday with a memo: a hundred thousand patents share a few thousand due dates."""

    def __init__(self) -> None:
        self.memo: dict[dt.date, dt.date] = {}

    def next_workday(self, day: dt.date) -> dt.date:
        found = self.memo.get(day)
        if found is None:
            found = self.memo[day] = next_workday(day)
        return found


def grant_year(filing: dt.date, grant: dt.date | None) -> int:
    """As ``Patent.grant_year``: the patent year (from filing, the first being 1) of the grant."""
    if grant is None:
        return 0
    year = max(1, grant.year - filing.year - 1)
    while add_years(filing, year) <= grant:
        year += 1
    return year


@dataclass(frozen=True)
class PatentDates:
    pk: int
    number: str
    title: str
    patent_type: str
    status: str
    year: int  # the patent year whose annuity is next due
    due: dt.date | None  # that annuity's due date (None: nothing more due before expiry)
    grace_end: dt.date | None
    expiry: dt.date
    filing: dt.date
    grant_year: int
    reduction: str | None  # the approved fee reduction's share (FeeReductionShare), if any


PATENT_FIELDS = (
    "pk", "application_number", "title", "patent_type", "status", "filing_date", "grant_date",
    "annuity_paid_year", "expiry_date", "fee_reduction__share",
)  # fmt: skip


def patent_dates(rows: Iterable[tuple], limits: Limits, days: _Days) -> Iterator[PatentDates]:
    """The next annuity of each patent, computed as ``Patent.next_annuity_due`` does (grant
    year counted as paid; a due date on a non-working day moves to the next working day), with
    the end of its grace (also moved to a working day, as ``portfolio.reminders`` does)."""
    from portfolio.models import patent_expiry

    for pk, number, title, ptype, status, filing, grant, paid_year, expiry, reduction in rows:
        expiry = expiry or patent_expiry(ptype, filing)
        granted_in = grant_year(filing, grant)
        paid = max(paid_year, granted_in)
        nominal = add_years(filing, paid)
        due: dt.date | None = None
        grace_end: dt.date | None = None
        if nominal <= expiry:
            due = days.next_workday(nominal)
            grace_end = days.next_workday(add_months(due, limits.annuity_grace_months))
        yield PatentDates(
            pk, number, title, ptype, status, paid + 1, due, grace_end, expiry, filing, granted_in, reduction
        )


def annuity_fee(p: PatentDates) -> AnnuityAmount | None:
    """The annuity of ``p``'s next year, by the rules in force on its due date; None when the
    store has no schedule for that day (the amount is then not stated)."""
    if p.due is None:
        return None
    try:
        return annuity_amount(p.patent_type, p.filing, p.year, p.due, grant_year=p.grant_year, reduction=p.reduction)
    except FeeUnknown:
        return None


def late_fee_phrase(fee: AnnuityAmount | None, on: dt.date) -> str:
    """The late fee's ceiling in the grace period (the rule's last month: 25 % of the full
    annuity), or "" when the amount is not known."""
    if fee is None:
        return ""
    try:
        ceiling = highest_late_fee(fee.full, on)
    except FeeUnknown:
        return ""
    return _("late fee up to %(late)s (on the full annuity)") % {"late": yuan(ceiling)}


def _with_fee(text: str, p: PatentDates, today: dt.date) -> str:
    """The grace item's text followed by the annuity and the late fee's ceiling, when known."""
    fee = annuity_fee(p)
    parts = [fee_phrase(fee), late_fee_phrase(fee, today)]
    return " ".join([text, "；".join(part for part in parts if part)]).strip()


def _patent_link(pk: int) -> str:
    return reverse("portfolio:patent_detail", args=[pk])


def _mark_link(pk: int) -> str:
    return reverse("portfolio:trademark_detail", args=[pk])


def _owners_of_patents(ids: list[int]) -> dict[int, list[int]]:
    through = Patent.owners.through
    owners: dict[int, list[int]] = defaultdict(list)
    for start in range(0, len(ids), CHUNK):
        rows = through.objects.filter(patent_id__in=ids[start : start + CHUNK]).values_list(
            "patent_id", "enterprise__organisation_id"
        )
        for patent_id, organisation_id in rows:
            owners[patent_id].append(organisation_id)
    return owners


def _live_patent_rows(patents=None):
    patents = Patent.objects.all() if patents is None else patents
    return patents.filter(status__in=[PatentStatus.GRANTED, PatentStatus.LAPSED]).values_list(*PATENT_FIELDS)


def due_items(today: dt.date, limits: Limits | None = None, patents=None, trademarks=None) -> list[DueItem]:
    """Every reminder item of the district (or of the given querysets) on ``today``, each with
    the organisations that own the right."""
    limits = limits or Limits.on(today)
    days = _Days()
    items: list[DueItem] = []
    warn_until = today + dt.timedelta(days=GRACE_WARNING_DAYS)
    lookahead_until = today + dt.timedelta(days=limits.lookahead_days)
    # The phrases are looked up once, not per item.
    annuity_detail = _("Patent year %(year)d; amount per the CNIPA fee schedule (less any fee reduction granted).")
    annuity_amount_detail = _("Patent year %(year)d: %(fee)s.")
    grace_detail = _("Annuity for year %(year)d unpaid since %(due)s: pay it with the late fee by %(end)s.")
    restoration_detail = _(
        "The annuity for year %(year)d was not paid by the end of the grace period (%(end)s): the patent lapsed. "
        "Restoration may be requested within %(months)d months of receiving the CNIPA's notice, at the earliest "
        "by %(by)s (专利法实施细则 art. 6)."
    )
    try:
        restoration = _("restoration request fee %(fee)s (not reduced)") % {"fee": yuan(restoration_fee(today))}
    except FeeUnknown:
        restoration = ""
    patent_items: list[DueItem] = []
    for p in patent_dates(_live_patent_rows(patents).iterator(chunk_size=5000), limits, days):
        if p.due is None or p.grace_end is None:
            continue
        subject = f"{p.number} {p.title}"
        if p.status == PatentStatus.GRANTED and today <= p.due <= lookahead_until:
            fee = fee_phrase(annuity_fee(p))
            detail = annuity_amount_detail % {"year": p.year, "fee": fee} if fee else annuity_detail % {"year": p.year}
            patent_items.append(
                DueItem(f"annuity:{p.pk}:{p.year}", ItemKind.ANNUITY_DUE, p.due, subject, _patent_link(p.pk), detail)
            )
        elif p.status == PatentStatus.GRANTED and p.due < today <= p.grace_end <= warn_until:
            patent_items.append(
                DueItem(f"annuity_grace:{p.pk}:{p.year}", ItemKind.ANNUITY_GRACE_ENDING, p.grace_end, subject,
                        _patent_link(p.pk), _with_fee(grace_detail % {"year": p.year, "due": p.due, "end": p.grace_end},
                                                      p, today))
            )  # fmt: skip
        elif p.grace_end < today:
            by = add_months(p.grace_end, limits.restoration_months)
            if today <= by:
                patent_items.append(
                    DueItem(f"restoration:{p.pk}:{p.year}", ItemKind.RESTORATION, by, subject, _patent_link(p.pk),
                            " ".join([restoration_detail % {"year": p.year, "end": p.grace_end,
                                                            "months": limits.restoration_months, "by": by},
                                      restoration]).strip())
                )  # fmt: skip
    owners = _owners_of_patents([int(item.key.split(":")[1]) for item in patent_items])
    for item in patent_items:
        item.organisations = owners.get(int(item.key.split(":")[1]), [])
        items.append(item)

    renewal_detail = _("Registration expires on %(expiry)s; renewal may be filed now.")
    renewal_grace_detail = _("Expired on %(expiry)s unrenewed: renew with the late fee by %(end)s.")
    trademarks = Trademark.objects.all() if trademarks is None else trademarks
    earliest = add_months(today, -limits.renewal_grace_months) - dt.timedelta(days=1)
    latest = add_months(today, limits.renewal_window_months) + dt.timedelta(days=1)
    marks = trademarks.filter(
        status__in=[TrademarkStatus.REGISTERED, TrademarkStatus.EXPIRED], expiry_date__gte=earliest,
        expiry_date__lte=latest,
    ).values_list("pk", "number", "mark_text", "expiry_date", "owner__organisation_id")  # fmt: skip
    for pk, number, text, expiry, organisation_id in marks.iterator(chunk_size=5000):
        opens = add_months(expiry, -limits.renewal_window_months) + dt.timedelta(days=1)
        grace_end = add_months(expiry, limits.renewal_grace_months)
        subject = f"{text} ({number})"
        if opens <= today <= expiry:
            items.append(
                DueItem(f"renewal:{pk}:{expiry}", ItemKind.RENEWAL_OPENS, expiry, subject, _mark_link(pk),
                        renewal_detail % {"expiry": expiry}, [organisation_id])
            )  # fmt: skip
        elif expiry < today <= grace_end <= warn_until:
            items.append(
                DueItem(f"renewal_grace:{pk}:{expiry}", ItemKind.RENEWAL_GRACE_ENDING, grace_end, subject,
                        _mark_link(pk), renewal_grace_detail % {"expiry": expiry, "end": grace_end},
                        [organisation_id])
            )  # fmt: skip
    return sorted(items, key=lambda item: (item.due, item.key))


# --- the office's alerts and the lapsed list ------------------------------------------------------


def _key_patent_reasons(today: dt.date) -> dict[int, list[str]]:
    """The patents the office watches, each with why: high-value invention patents (the
    landscape's national definition) and patents in a live pledge."""
    from financing.models import PledgedAsset
    from landscape.quality import high_value_invention_patents

    reasons: dict[int, list[str]] = defaultdict(list)
    for pk in high_value_invention_patents(today).values_list("pk", flat=True):
        reasons[pk].append(_("high-value invention patent"))
    pledged = PledgedAsset.objects.filter(holds_pledge=True, patent__isnull=False).values_list("patent_id", flat=True)
    for pk in pledged:
        reasons[pk].append(_("pledged"))
    return reasons


def _protected_mark_reasons() -> dict[int, list[str]]:
    """Protected marks: well-known marks, collective and certification marks (how geographical
    indications are registered as marks) and the marks of the district's key brands."""
    from cultivation.models import KeyBrand

    reasons: dict[int, list[str]] = defaultdict(list)
    for pk in Trademark.objects.filter(is_well_known=True).values_list("pk", flat=True):
        reasons[pk].append(_("well-known mark"))
    collective = Trademark.objects.filter(kind__in=[MarkKind.COLLECTIVE, MarkKind.CERTIFICATION])
    for pk in collective.values_list("pk", flat=True):
        reasons[pk].append(_("collective or certification mark"))
    for pk in KeyBrand.trademarks.through.objects.values_list("trademark_id", flat=True).distinct():
        reasons[pk].append(_("key brand"))
    return reasons


def office_items(today: dt.date, limits: Limits | None = None) -> list[DueItem]:
    """Key rights that lapse within the office's alert window unless something is done: a patent
    on the last day of its unpaid annuity's grace (or at the end of its term), a mark at the
    end of its renewal grace. Addressed to no organisation: the round sends them to the office."""
    limits = limits or Limits.on(today)
    until = today + dt.timedelta(days=limits.office_alert_days)
    days = _Days()
    items: list[DueItem] = []
    patent_reasons = _key_patent_reasons(today)
    ids = sorted(patent_reasons)
    annuity = _("annuity for year %(year)d unpaid since %(due)s, grace ends %(end)s")
    term = _("term ends %(end)s")
    for start in range(0, len(ids), CHUNK):
        rows = Patent.objects.filter(pk__in=ids[start : start + CHUNK], status=PatentStatus.GRANTED).values_list(
            *PATENT_FIELDS
        )
        for p in patent_dates(rows, limits, days):
            if p.grace_end is not None and p.due is not None and p.due < today and p.grace_end < p.expiry:
                lapse, why = p.grace_end, annuity % {"year": p.year, "due": p.due, "end": p.grace_end}
            else:
                lapse, why = p.expiry, term % {"end": p.expiry}
            if today <= lapse <= until:
                items.append(
                    DueItem(f"office_lapsing:patent:{p.pk}:{lapse}", ItemKind.OFFICE_LAPSING, lapse,
                            f"{p.number} {p.title}", _patent_link(p.pk),
                            f"{'、'.join(patent_reasons[p.pk])}: {why}")
                )  # fmt: skip
    mark_reasons = _protected_mark_reasons()
    mark_ids = sorted(mark_reasons)
    grace = _("expired %(expiry)s unrenewed, renewal grace ends %(end)s")
    for start in range(0, len(mark_ids), CHUNK):
        mark_rows = Trademark.objects.filter(
            pk__in=mark_ids[start : start + CHUNK],
            status__in=[TrademarkStatus.REGISTERED, TrademarkStatus.EXPIRED],
            expiry_date__isnull=False,
        ).values_list("pk", "number", "mark_text", "expiry_date")
        for pk, number, text, expiry in mark_rows:
            if expiry is None:
                continue
            lapse = add_months(expiry, limits.renewal_grace_months)
            if expiry < today and today <= lapse <= until:
                items.append(
                    DueItem(f"office_lapsing:mark:{pk}:{lapse}", ItemKind.OFFICE_LAPSING, lapse, f"{text} ({number})",
                            _mark_link(pk), f"{'、'.join(mark_reasons[pk])}: "
                            + grace % {"expiry": expiry, "end": lapse})
                )  # fmt: skip
    return sorted(items, key=lambda item: (item.due, item.key))


@dataclass(frozen=True)
class Lapsed:
    kind: str  # "patent" or "trademark"
    pk: int
    subject: str
    link: str
    lapsed_on: dt.date
    reason: str
    owners: str


def lapsed_between(first: dt.date, last: dt.date, user=None) -> list[Lapsed]:
    """Rights whose protection ended between ``first`` and ``last`` (both included), with the
    reason: a patent whose unpaid annuity's grace ended (or whose term ended), a mark whose
    renewal grace ended unrenewed. Read from the dates, so a right counts whether or not
    its status has been updated yet. With ``user``, only the rights that person sees (an
    office's own district)."""
    patents = Patent.objects.all() if user is None else Patent.objects.for_user(user)
    trademarks = Trademark.objects.all() if user is None else Trademark.objects.for_user(user)
    limits = Limits.on(last)
    days = _Days()
    found: list[Lapsed] = []
    unpaid = _("annuity for year %(year)d not paid (due %(due)s, grace ended %(end)s)")
    term_ended = _("term ended")
    # A lapse in the window needs a due date no later than ``last``: the grace ends months after.
    rows = _live_patent_rows().filter(filing_date__lte=last, pk__in=patents.values("pk")).values_list(*PATENT_FIELDS)
    hits: list[tuple[PatentDates, dt.date, str]] = []
    for p in patent_dates(rows.iterator(chunk_size=5000), limits, days):
        if p.grace_end is not None and p.due is not None and p.grace_end < p.expiry and first <= p.grace_end <= last:
            hits.append((p, p.grace_end, unpaid % {"year": p.year, "due": p.due, "end": p.grace_end}))
        elif first <= p.expiry <= last and (p.due is None or p.grace_end is None or p.grace_end >= p.expiry):
            hits.append((p, p.expiry, str(term_ended)))
    expired = patents.filter(status=PatentStatus.EXPIRED, expiry_date__range=(first, last))
    for p in patent_dates(expired.values_list(*PATENT_FIELDS), limits, days):
        hits.append((p, p.expiry, str(term_ended)))
    names = _owner_names([p.pk for p, _day, _why in hits])
    for p, day, why in hits:
        found.append(Lapsed("patent", p.pk, f"{p.number} {p.title}", _patent_link(p.pk), day, why, names.get(p.pk, "")))
    not_renewed = _("not renewed (expired %(expiry)s, grace ended %(end)s)")
    start = add_months(first, -limits.renewal_grace_months) - dt.timedelta(days=1)
    marks = trademarks.filter(
        status__in=[TrademarkStatus.REGISTERED, TrademarkStatus.EXPIRED], expiry_date__range=(start, last)
    ).values_list("pk", "number", "mark_text", "expiry_date", "owner__name")
    for pk, number, text, expiry, owner in marks:
        if expiry is None:
            continue
        end = add_months(expiry, limits.renewal_grace_months)
        if first <= end <= last:
            found.append(
                Lapsed("trademark", pk, f"{text} ({number})", _mark_link(pk), end,
                       not_renewed % {"expiry": expiry, "end": end}, owner)
            )  # fmt: skip
    return sorted(found, key=lambda row: (row.lapsed_on, row.subject))


def _owner_names(ids: list[int]) -> dict[int, str]:
    through = Patent.owners.through
    names: dict[int, list[str]] = defaultdict(list)
    for start in range(0, len(ids), CHUNK):
        for patent_id, name in through.objects.filter(patent_id__in=ids[start : start + CHUNK]).values_list(
            "patent_id", "enterprise__name"
        ):
            names[patent_id].append(name)
    return {pk: "、".join(found) for pk, found in names.items()}
