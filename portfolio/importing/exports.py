"""Exports of the patent databases offices use (the CNIPA search and analysis system, and the
commercial databases built on the same bibliographic data), CSV or XLSX, UTF-8 or GBK.

Their headings differ from one database to the next (申请号 / 专利申请号, 公开（公告）号 /
公开号, 申请（专利权）人 / 申请人, IPC主分类号 with the other codes in IPC分类号…): each
column has its synonyms, compared with full-width and half-width brackets and spaces folded.
The owners are names, not credit codes: each is matched to the registry (``owners.py``); the
names not matched are not errors, they wait on the clerk's matching queue, and the patent gets
the enterprise when the clerk decides.

The rows are turned into the patent importer's columns and checked and written by it, all or
nothing, with the same row-numbered errors (given under the file's own headings)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db import connection, transaction

from portfolio.importing import patents
from portfolio.importing.columns import Column, RowError, pg_array, transpose
from portfolio.importing.owners import OwnerIndex, Resolution, normalise_name, resolve, split_names
from portfolio.importing.ownership import queue_waiting
from portfolio.importing.patents import WriteResult
from portfolio.models import ImportJob, OwnerName, Patent


def _text(text: str) -> str:
    return text


def _family(text: str) -> bool:
    """A family cell lists members' publication numbers (CN…, US…, WO…): any not Chinese is a
    foreign family member."""
    members = [m.strip().upper() for m in text.replace("；", ";").replace(",", ";").replace("\n", ";").split(";")]
    return any(m and not m.startswith("CN") for m in members)


# key, heading shown, synonyms (compared with ``normalise_header``). The keys of the patent
# importer's columns feed them; the others are combined below.
COLUMNS: list[Column] = [
    Column("application_number", "申请号", ("专利申请号", "申请号码", "application number"), True, _text),
    Column("patent_type", "专利类型", ("专利类别", "类型", "patent type"), False, _text),
    Column("title", "名称", ("发明名称", "专利名称", "标题", "中文标题", "发明（设计）名称", "title"), True, _text),
    Column("abstract", "摘要", ("中文摘要", "摘要文本", "abstract"), False, _text),
    Column("applicants", "申请（专利权）人", ("申请人", "专利权人", "原始申请（专利权）人", "applicants"), True, _text),
    Column("current_owners", "当前权利人", ("当前专利权人", "当前申请（专利权）人", "current assignee"), False, _text),
    Column("inventors", "发明人", ("发明（设计）人", "设计人", "inventors"), False, _text),
    Column("filing_date", "申请日", ("申请日期", "filing date"), True, _text),
    Column("publication_number", "公开（公告）号", ("公开号", "公告号", "publication number"), False, _text),
    Column("publication_date", "公开（公告）日", ("公开日", "公告日", "公开日期", "publication date"), False, _text),
    Column("grant_number", "授权公告号", ("grant number",), False, _text),
    Column("grant_date", "授权公告日", ("授权日", "授权日期", "grant date"), False, _text),
    Column("main_ipc", "IPC主分类号", ("主分类号", "IPC主分类", "main ipc"), False, _text),
    Column("ipc_codes", "IPC分类号", ("IPC", "分类号", "IPC分类", "ipc codes"), False, _text),
    Column("status", "法律状态", ("当前法律状态", "简单法律状态", "法律状态/事件", "legal status"), True, _text),
    Column("family", "同族", ("同族专利", "简单同族", "同族专利公开号", "family"), False, _text),
    Column("claims_count", "权利要求数", ("权利要求数量", "claims"), False, _text),
]

# The patent importer's columns, as this file feeds them (the same keys but "owners").
_TARGET = [
    "application_number",
    "patent_type",
    "title",
    "abstract",
    "applicants",
    "inventors",
    "filing_date",
    "publication_number",
    "publication_date",
    "grant_number",
    "grant_date",
    "ipc_codes",
    "status",
    "claims_count",
    "has_foreign_family",
    "owners",
]


def _owners_of(applicants: str, current: str) -> str:
    """The owners a patent is filed under today: the current owners where the database gives
    them, else the applicants."""
    return current.strip() or applicants.strip()


def convert(
    rows: list[tuple[int, list[str]]], mapping: dict[str, int]
) -> tuple[list[tuple[int, list[str]]], dict[str, int]]:
    """The file's rows as the patent importer's rows (same row numbers), and their mapping.
    Worked column by column; the combined columns (IPC, family, owners) are worked out once
    per distinct text."""

    # The file transposed in one call: each of its columns a tuple of cells.
    by_column = transpose([cells for _number, cells in rows])

    def column(key: str) -> list[str] | None:
        position = mapping.get(key)
        if position is None:
            return None
        return list(by_column[position]) if rows else []

    keys: list[str] = []
    columns: list[list[str]] = []
    for key in _TARGET:
        if key in ("ipc_codes", "has_foreign_family", "owners"):
            continue
        values = column(key)
        if values is None:
            continue
        if key == "application_number":  # CN201710601862.3, as the databases write it
            # Decided once per distinct first three characters, not per row.
            prefixed = {head for head in {v[:3] for v in values} if head.strip().upper().startswith("CN")}
            if prefixed:
                values = [v.strip()[2:] if v[:3] in prefixed else v for v in values]
        keys.append(key)
        columns.append(values)
    main, codes = column("main_ipc"), column("ipc_codes")
    if main is not None or codes is not None:
        pairs = list(zip(main or [""] * len(rows), codes or [""] * len(rows), strict=True))
        combined = {pair: _ipc_cell(*pair) for pair in set(pairs)}
        keys.append("ipc_codes")
        columns.append(list(map(combined.__getitem__, pairs)))
    family = column("family")
    if family is not None:
        foreign = {text: "是" if _family(text) else "否" for text in set(family)}
        keys.append("has_foreign_family")
        columns.append(list(map(foreign.__getitem__, family)))
    applicants, current = column("applicants") or [""] * len(rows), column("current_owners")
    keys.append("owners")
    columns.append(applicants if current is None else list(map(_owners_of, applicants, current)))
    numbers = [number for number, _cells in rows]
    converted = list(zip(numbers, map(list, zip(*columns, strict=True)), strict=True))
    return converted, {key: i for i, key in enumerate(keys)}


def _ipc_cell(main: str, others: str) -> str:
    """The main classification first, then the others (without repeating it)."""
    main = main.strip()
    if not main:
        return others
    after = len(main)
    if (
        others.startswith(main)
        and others[after : after + 1] in ("", ";")
        and main not in others[after:]
        and others.isprintable()
        and not others.endswith(";")
        and ";;" not in others
        and "; " not in others
        and " ;" not in others
        and "；" not in others
    ):
        return others  # as the exports write it: the main code first, ";" between, no blank piece
    rest = [c for c in others.replace("；", ";").split(";") if c.strip() and c.strip() != main]
    return ";".join([main, *rest])


def load_index() -> OwnerIndex:
    from registry.models import Enterprise

    return OwnerIndex(list(Enterprise.objects.values_list("pk", "name").order_by("pk")))


def load_decisions(keys: set[str]) -> dict[str, tuple[str, int | None]]:
    found: dict[str, tuple[str, int | None]] = {}
    chunk = sorted(keys)
    for start in range(0, len(chunk), 900):
        for key, decision, enterprise in OwnerName.objects.filter(key__in=chunk[start : start + 900]).values_list(
            "key", "decision", "enterprise_id"
        ):
            found[key] = (decision, enterprise)
    return found


def import_rows(
    rows: list[tuple[int, list[str]]],
    mapping: dict[str, int],
    *,
    actor: Any,
    progress: Callable[[int], None] | None = None,
    job: ImportJob | None = None,
    source: tuple[str, dt.date | None] | None = None,
) -> tuple[WriteResult | None, list[RowError], int]:
    """Check and write the export's rows; returns the counts (None if any row is bad), the
    errors under the file's headings, and how many owner names now wait on the queue."""
    converted, target = convert(rows, mapping)
    position = target["owners"]
    # A file names few owners many times: each distinct cell is split once.
    names = {name for text in {cells[position] for _n, cells in converted} for name in split_names(text)}
    index = load_index()
    resolution = resolve(names, index, load_decisions({normalise_name(n) for n in names}))
    headings = {c.key: c.header for c in COLUMNS}
    with transaction.atomic():
        result, errors = patents.import_rows(
            converted,
            target,
            owner_scope=None,
            actor=actor,
            progress=progress,
            names=resolution.matched,
            source=source,
        )
        waiting = 0
        if result is not None:
            waiting = _queue(converted, target, resolution, index, job)
    for error in errors:
        error.column = _file_heading(error.column, headings)
    return result, errors, waiting


_PATENT_HEADINGS = {c.header: c.key for c in patents.COLUMNS_BY_NAME}


def _file_heading(column: str, headings: dict[str, str]) -> str:
    key = _PATENT_HEADINGS.get(column)
    if key == "owners":
        return headings["applicants"]
    if key == "has_foreign_family":
        return headings["family"]
    return headings.get(key or "", column)


def _queue(
    rows: list[tuple[int, list[str]]],
    target: dict[str, int],
    resolution: Resolution,
    index: OwnerIndex,
    job: ImportJob | None,
) -> int:
    """Put the names not matched on the queue (once per normalised name, with suggestions)
    and link each patent naming one to it, so that the clerk's decision reaches the patent."""
    if not resolution.waiting:
        return 0
    number_at, owners_at = target["application_number"], target["owners"]
    waiting_in: dict[str, list[str]] = {}  # each distinct owners cell: the names in it that wait
    numbers_by_name: dict[str, set[str]] = {}
    for _row, cells in rows:
        text = cells[owners_at]
        found = waiting_in.get(text)
        if found is None:
            found = waiting_in[text] = [n for n in split_names(text) if n in resolution.waiting]
        for name in found:
            numbers_by_name.setdefault(name, set()).add(cells[number_at].strip())
    ids = _patent_ids({n for numbers in numbers_by_name.values() for n in numbers})
    names_by_patent: dict[int, set[str]] = {}
    for name, numbers in numbers_by_name.items():
        for number in numbers:
            if number in ids:
                names_by_patent.setdefault(ids[number], set()).add(name)
    return len(queue_waiting(names_by_patent, index, job))


def _patent_ids(numbers: set[str]) -> dict[str, int]:
    from portfolio.numbers import normalise_application_number

    wanted = {normalise_application_number(n): n for n in numbers}
    found: dict[str, int] = {}
    chunk = sorted(wanted)
    if connection.vendor == "postgresql":  # one query, without building a 900-item IN per chunk
        table = connection.ops.quote_name(Patent._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT application_number, id FROM {table} WHERE application_number = ANY(%s::text[])",  # noqa: S608
                [pg_array(chunk)],
            )
            return {wanted[number]: pk for number, pk in cursor.fetchall()}
    for start in range(0, len(chunk), 900):
        for number, pk in Patent.objects.filter(application_number__in=chunk[start : start + 900]).values_list(
            "application_number", "pk"
        ):
            found[wanted[number]] = pk
    return found
