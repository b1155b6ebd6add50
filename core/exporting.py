"""Export of any list to XLSX or CSV. A cell that a spreadsheet would read as a formula
(starting with = + - @, or a tab or carriage return) is prefixed with an apostrophe so that
opening an export never runs anything (CSV/formula injection). For a reader who must never
see a full ID or mobile number (county leadership), every cell is masked as it is written:
the masking of whole responses reads text, not an XLSX's compressed cells."""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from core.masking import exports_are_masked, mask_personal_numbers_in_text
from core.ratelimits import limit, per_person
from core.signals import export_requested

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMATS = ("xlsx", "csv")


def neutralise(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _cell(value: Any, masked: bool = False) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, int) and masked:
        text = str(value)
        hidden = mask_personal_numbers_in_text(text)
        return value if hidden == text else hidden  # a mobile number kept as a number
    if isinstance(value, int | float | decimal.Decimal | dt.date):
        return value
    text = str(value)
    return neutralise(mask_personal_numbers_in_text(text) if masked else text)


def xlsx_bytes(headers: Sequence[str], rows: Iterable[Sequence[Any]], title: str = "export") -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([neutralise(str(h)) for h in headers])
    masked = exports_are_masked()
    for row in rows:
        sheet.append([_cell(v, masked) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_text(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([neutralise(str(h)) for h in headers])
    masked = exports_are_masked()
    for row in rows:
        writer.writerow([_cell(v, masked) for v in row])
    return buffer.getvalue()


def requested_format(request: HttpRequest) -> str | None:
    """The download asked for, if any; every export counts against the person's export limit."""
    fmt = request.GET.get("export", "")
    if fmt not in FORMATS:
        return None
    limit(request, "export", per_person)
    export_requested.send(sender=requested_format, request=request, fmt=fmt)  # audited (audit/receivers.py)
    return fmt


# The sheet of each download is named in words, not by its file name: the file name stays ASCII
# for every browser, the sheet tab is what the office reads in Excel.
SHEET_TITLES = {
    "patents": gettext_lazy("Patents"),
    "trademarks": gettext_lazy("Trademarks"),
    "reminders": gettext_lazy("Reminders"),
    "funds": gettext_lazy("Funds ledger"),
    "awards-by-enterprise": gettext_lazy("Awards by enterprise"),
    "pledge-financing": gettext_lazy("Financing figures"),
    "trainings": gettext_lazy("Trainings and competitions"),
    "key-brands": gettext_lazy("Key brands"),
    "patents-template": gettext_lazy("Import patents"),
    "trademarks-template": gettext_lazy("Import trademarks"),
}


def export_response(fmt: str, filename: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> HttpResponse:
    """The list as a download; CSV is UTF-8 with a BOM so that Excel opens Chinese correctly."""
    if fmt == "xlsx":
        response = HttpResponse(
            xlsx_bytes(headers, rows, str(SHEET_TITLES.get(filename, filename))),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse("\ufeff" + csv_text(headers, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
