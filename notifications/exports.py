"""An enterprise's own portfolio and deadlines: the list its page shows, an XLSX workbook
(patents, marks, deadlines) and an iCalendar file its people add to their calendars."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

import icalendar
from django.utils.translation import gettext as _
from openpyxl import Workbook

from core.exporting import neutralise
from notifications.due import PATENT_FIELDS, Limits, _Days, annuity_fee, fee_phrase, late_fee_phrase, patent_dates
from portfolio.choices import PatentStatus, TrademarkStatus
from portfolio.fees import citations
from portfolio.models import Patent, Trademark, add_months


@dataclass(frozen=True)
class Deadline:
    day: dt.date
    what: str
    subject: str
    link: str
    number: str
    patent_id: int | None = None
    year: int | None = None  # the annuity's patent year, for "mark paid"
    amount: str = ""  # "年费 ¥900（费减后 ¥135）" when the fee rules state it
    source: str = ""  # the rules the amount comes from (shown on hover)

    @property
    def uid(self) -> str:
        return f"{self.number}-{self.what}-{self.day:%Y%m%d}@ipcounty"


def patents_of(enterprise):
    return Patent.objects.filter(owners=enterprise).order_by("application_number")


def marks_of(enterprise):
    return Trademark.objects.filter(owner=enterprise).order_by("number")


def deadlines_for(enterprise, today: dt.date) -> list[Deadline]:
    """Every coming date of the enterprise's rights: each granted patent's next annuity (and,
    when it is late, the end of its grace) and the end of its term; each mark's renewal
    window, expiry and the end of its grace."""
    from django.urls import reverse

    limits = Limits.on(today)
    days = _Days()
    out: list[Deadline] = []
    granted = patents_of(enterprise).filter(status=PatentStatus.GRANTED).values_list(*PATENT_FIELDS)
    sources: dict[str, str] | None = None
    for p in patent_dates(granted, limits, days):
        link = reverse("portfolio:patent_detail", args=[p.pk])
        subject = f"{p.number} {p.title}"
        if p.due is not None and p.grace_end is not None:
            fee = annuity_fee(p)
            amount, source = fee_phrase(fee), ""
            if fee is not None:
                sources = sources if sources is not None else citations(today)
                source = "；".join(sources.get(key, key) for key in fee.keys)
            if p.due >= today:
                out.append(Deadline(p.due, _("Annuity due (year %(year)d)") % {"year": p.year}, subject, link,
                                    p.number, p.pk, p.year, amount, source))  # fmt: skip
            elif p.grace_end >= today:
                late = late_fee_phrase(fee, today)
                out.append(Deadline(p.grace_end, _("Annuity grace period ends (year %(year)d)") % {"year": p.year},
                                    subject, link, p.number, p.pk, p.year, "；".join(x for x in (amount, late) if x),
                                    source))  # fmt: skip
        if p.expiry >= today:
            out.append(Deadline(p.expiry, _("Patent term ends"), subject, link, p.number))
    marks = marks_of(enterprise).filter(
        status__in=[TrademarkStatus.REGISTERED, TrademarkStatus.EXPIRED], expiry_date__isnull=False
    )
    for pk, number, text, expiry in marks.values_list("pk", "number", "mark_text", "expiry_date"):
        link = reverse("portfolio:trademark_detail", args=[pk])
        subject = f"{text} ({number})"
        opens = add_months(expiry, -limits.renewal_window_months) + dt.timedelta(days=1)
        grace_end = add_months(expiry, limits.renewal_grace_months)
        for day, what in (
            (opens, _("Trademark renewal window opens")),
            (expiry, _("Trademark registration expires")),
            (grace_end, _("Trademark renewal grace period ends")),
        ):
            if day >= today:
                out.append(Deadline(day, what, subject, link, number))
    return sorted(out, key=lambda d: (d.day, d.number, d.what))


def _sheet(workbook: Workbook, title: str, headers: list[str], rows) -> None:
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([neutralise(h) for h in headers])
    for row in rows:
        sheet.append([neutralise(v) if isinstance(v, str) else ("" if v is None else v) for v in row])


def portfolio_xlsx(enterprise, today: dt.date) -> bytes:
    workbook = Workbook(write_only=True)
    limits = Limits.on(today)
    days = _Days()
    patents = patents_of(enterprise)
    dates = {p.pk: p for p in patent_dates(patents.values_list(*PATENT_FIELDS), limits, days)}
    _sheet(
        workbook,
        _("Patents"),
        [_("application number"), _("patent type"), _("title"), _("legal status"), _("filing date"),
         _("grant date"), _("annuities paid up to year"), _("next annuity due"), _("expiry date")],
        (
            [p.application_number, p.get_patent_type_display(), p.title, p.get_status_display(), p.filing_date,
             p.grant_date, p.annuity_paid_year,
             dates[p.pk].due if p.pk in dates and p.status == PatentStatus.GRANTED else None,
             p.expiry_date]
            for p in patents
        ),
    )  # fmt: skip
    _sheet(
        workbook,
        _("Trademarks"),
        [_("registration/application number"), _("mark"), _("status"), _("registration date"), _("expiry date")],
        (
            [m.number, m.mark_text, m.get_status_display(), m.registration_date, m.expiry_date]
            for m in marks_of(enterprise)
        ),
    )
    _sheet(
        workbook,
        _("Deadlines"),
        [_("date"), _("what"), _("IP right"), _("amount"), _("source")],
        ([d.day, d.what, d.subject, d.amount, d.source] for d in deadlines_for(enterprise, today)),
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def deadlines_ics(enterprise, today: dt.date, base_url: str = "") -> bytes:
    """One all-day event per deadline, with a reminder a week ahead."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//ipcounty//deadlines//ZH")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("IP deadlines: %(name)s") % {"name": enterprise.name})
    stamp = dt.datetime.now(dt.UTC)
    for deadline in deadlines_for(enterprise, today):
        event = icalendar.Event()
        event.add("uid", deadline.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", deadline.day)
        event.add("dtend", deadline.day + dt.timedelta(days=1))
        event.add("summary", f"{deadline.what}: {deadline.subject}")
        if deadline.amount:
            event.add("description", f"{deadline.amount}\n{deadline.source}")
        if base_url:
            event.add("url", base_url + deadline.link)
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", deadline.what)
        alarm.add("trigger", dt.timedelta(days=-7))
        event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()
