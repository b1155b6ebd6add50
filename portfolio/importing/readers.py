"""Reading a spreadsheet into rows of text, whatever its format or encoding."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _
from openpyxl import load_workbook

ENCODINGS = ("utf-8-sig", "gb18030")  # gb18030 reads every GBK file


class UnreadableFile(ValueError):
    """The file as a whole cannot be read; the message says what to do."""


@dataclass(frozen=True)
class Table:
    headers: list[str]
    # (row number as a spreadsheet shows it, cells in header order). Lists, not dicts by header:
    # building a dict per row cost more than parsing the CSV; ``map_headers`` gives positions.
    rows: list[tuple[int, list[str]]]


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _decode(data: bytes) -> str:
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile(_("The file is neither UTF-8 nor GBK text: save it as CSV (UTF-8) or XLSX."))


def _from_records(records: list[list[str]]) -> Table:
    while records and not any(records[-1]):
        records.pop()
    if not records:
        raise UnreadableFile(_("The file is empty: use the template and fill in one row per record."))
    headers = [h.strip() for h in records[0]]
    width = len(headers)
    rows = []
    for index, record in enumerate(records[1:], start=2):
        if not "".join(record).strip():
            continue
        if len(record) < width:
            record = record + [""] * (width - len(record))
        rows.append((index, record))  # cells are stripped when parsed
    return Table(headers=headers, rows=rows)


def read_table(data: bytes, filename: str) -> Table:
    suffix = Path(filename).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a damaged file
            raise UnreadableFile(_("The XLSX file cannot be opened: %(error)s") % {"error": exc}) from None
        sheet = workbook.worksheets[0]
        records = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        workbook.close()
        return _from_records(records)
    if suffix in (".csv", ".txt", ""):
        text = _decode(data)
        return _from_records(list(csv.reader(io.StringIO(text))))
    raise UnreadableFile(_("Only .csv and .xlsx files can be imported, not %(suffix)s.") % {"suffix": suffix})
