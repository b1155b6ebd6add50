"""Reading a spreadsheet into rows of text, whatever its format or encoding.

A file is checked against the limits of ``ReadLimits`` before it is read (its size, and for
XLSX the size it unpacks to), and its rows are read one at a time, so that no file can make
a worker hold more than those limits allow: a 2 MB CSV of a million header columns, or a
3 MB XLSX that unpacks to 1 GB, once took a worker to several GB."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import load_workbook

ENCODINGS = ("utf-8-sig", "gb18030")  # gb18030 reads every GBK file
CSV_SUFFIXES = (".csv", ".txt", "")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
MB = 1024 * 1024


class UnreadableFile(ValueError):
    """The file as a whole cannot be read; the message says what to do."""


@dataclass(frozen=True)
class ReadLimits:
    """What one file may hold; None is no limit (the office's own commands reading a trusted
    extract). Uploads use ``from_settings``."""

    csv_bytes: int | None = None
    xlsx_bytes: int | None = None
    xlsx_unpacked_bytes: int | None = None
    rows: int | None = None
    columns: int | None = None

    @classmethod
    def from_settings(cls) -> ReadLimits:
        return cls(
            csv_bytes=settings.IMPORT_MAX_CSV_MB * MB,
            xlsx_bytes=settings.IMPORT_MAX_XLSX_MB * MB,
            xlsx_unpacked_bytes=settings.IMPORT_MAX_XLSX_UNPACKED_MB * MB,
            rows=settings.IMPORT_MAX_ROWS,
            columns=settings.IMPORT_MAX_COLUMNS,
        )


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


def _megabytes(size: int) -> str:
    return f"{size / MB:.1f}"


def check_file(fh: IO[bytes], filename: str, size: int, limits: ReadLimits) -> None:
    """Refuse, before reading it, a file of an unknown kind, one larger than its kind may be,
    or an XLSX that unpacks to more than the limit (read from the zip's directory only)."""
    suffix = Path(filename).suffix.lower()
    if suffix in XLSX_SUFFIXES:
        limit = limits.xlsx_bytes
    elif suffix in CSV_SUFFIXES:
        limit = limits.csv_bytes
    else:
        raise UnreadableFile(_("Only .csv and .xlsx files can be imported, not %(suffix)s.") % {"suffix": suffix})
    if limit is not None and size > limit:
        raise UnreadableFile(
            _("The file is %(size)s MB; a %(kind)s file may be at most %(limit)s MB. Split it into smaller files.")
            % {"size": _megabytes(size), "kind": suffix.lstrip(".").upper() or "CSV", "limit": limit // MB}
        )
    if suffix in XLSX_SUFFIXES and limits.xlsx_unpacked_bytes is not None:
        try:
            with zipfile.ZipFile(fh) as archive:
                unpacked = sum(info.file_size for info in archive.infolist())
        except (zipfile.BadZipFile, OSError, ValueError):
            raise UnreadableFile(_("The XLSX file cannot be opened: save it again in Excel, or as CSV.")) from None
        finally:
            fh.seek(0)
        if unpacked > limits.xlsx_unpacked_bytes:
            raise UnreadableFile(
                _(
                    "The XLSX file unpacks to %(size)s MB, more than the %(limit)s MB allowed: "
                    "delete empty rows, columns and formatting, or save it as CSV."
                )
                % {"size": _megabytes(unpacked), "limit": limits.xlsx_unpacked_bytes // MB}
            )


def _table(records: Iterable[list[str]], limits: ReadLimits) -> Table:
    """The first record is the header; blank rows are skipped; each row is cut or padded to
    the header's width, so an over-long row costs nothing once read."""
    iterator = iter(records)
    headers = [h.strip() for h in next(iterator, [])]
    while headers and not headers[-1]:
        headers.pop()  # empty columns at the right, as spreadsheets save them
    if limits.columns is not None and len(headers) > limits.columns:
        raise UnreadableFile(
            _("The file has more than %(limit)s columns: keep only the template's columns and delete the others.")
            % {"limit": limits.columns}
        )
    width = len(headers)
    most = limits.rows
    rows = []
    for index, record in enumerate(iterator, start=2):
        if not "".join(record).strip():
            continue
        if len(record) != width:
            record = record[:width] if len(record) > width else record + [""] * (width - len(record))
        rows.append((index, record))  # cells are stripped when parsed
        if most is not None and len(rows) > most:
            raise UnreadableFile(
                _("The file has more than %(limit)s rows: split it into files of at most %(limit)s rows.")
                % {"limit": most}
            )
    if not rows and not any(headers):
        raise UnreadableFile(_("The file is empty: use the template and fill in one row per record."))
    return Table(headers=headers, rows=rows)


def _csv_records(data: bytes, encoding: str) -> Iterator[list[str]]:
    """The file's records, decoded as they are read (no second copy of the whole text)."""
    text = io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline="")
    try:
        yield from csv.reader(text)
    except csv.Error as exc:
        raise UnreadableFile(
            _("The CSV file cannot be read (%(error)s): save it again as CSV (UTF-8).") % {"error": exc}
        ) from None


def _read_csv(data: bytes, limits: ReadLimits) -> Table:
    for encoding in ENCODINGS:
        try:
            return _table(_csv_records(data, encoding), limits)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile(_("The file is neither UTF-8 nor GBK text: save it as CSV (UTF-8) or XLSX."))


def _read_xlsx(data: bytes, limits: ReadLimits) -> Table:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise UnreadableFile(_("The XLSX file cannot be opened: %(error)s") % {"error": exc}) from None
    try:
        # The header first, at most one column past the limit: the sheet's own dimension may
        # claim 16,384 columns, and every row would be padded to it.
        most = limits.columns + 1 if limits.columns is not None else None
        first_row = sheet.iter_rows(max_row=1, max_col=most, values_only=True)
        header = [_cell_text(v) for v in next(first_row, ())]
        first_row.close()
        while header and not header[-1]:
            header.pop()
        rows = sheet.iter_rows(min_row=2, max_col=max(len(header), 1), values_only=True)
        return _table(itertools.chain([header], ([_cell_text(v) for v in row] for row in rows)), limits)
    finally:
        workbook.close()


def read_table(data: bytes, filename: str, limits: ReadLimits | None = None) -> Table:
    limits = ReadLimits.from_settings() if limits is None else limits
    check_file(io.BytesIO(data), filename, len(data), limits)
    if Path(filename).suffix.lower() in XLSX_SUFFIXES:
        return _read_xlsx(data, limits)
    return _read_csv(data, limits)
