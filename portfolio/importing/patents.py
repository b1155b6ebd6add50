"""The patent importer: columns, row validation and the all-or-nothing write."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from json.encoder import encode_basestring
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.blocks import BLOCK_ROWS as AUDIT_BLOCK_ROWS
from audit.models import canonical_json
from audit.trail import ChainAppender, snapshot
from core.bulk import BulkWriter, RawJson, Same, Values, existing_keys, insert_columns, insert_rows, reserve_ids
from portfolio.choices import PatentStatus, PatentType
from portfolio.importing.columns import (
    Column,
    RowError,
    choice_parser,
    enterprises_by_uscc,
    enterprises_of_organisation,
    parse_bool,
    parse_columns,
    parse_date,
    parse_int,
    parse_list,
    pg_array,
    stripped,
)
from portfolio.importing.owners import split_names
from portfolio.models import Patent, patent_expiry
from portfolio.numbers import _PUBLICATION as PUBLICATION_NUMBER  # the validator's own pattern
from portfolio.numbers import (
    KIND_DIGITS,
    WEIGHTS,
    normalise_application_number,
    validate_application_number,
    validate_publication_number,
)
from refdata import lookups

PATENT_TYPES = {
    "发明": PatentType.INVENTION,
    "发明申请": PatentType.INVENTION,
    "发明授权": PatentType.INVENTION,
    "invention": PatentType.INVENTION,
    "实用新型": PatentType.UTILITY_MODEL,
    "utility_model": PatentType.UTILITY_MODEL,
    "utility model": PatentType.UTILITY_MODEL,
    "外观设计": PatentType.DESIGN,
    "design": PatentType.DESIGN,
}
PATENT_STATUSES = {
    "审中": PatentStatus.PENDING,
    "pending": PatentStatus.PENDING,
    "有效": PatentStatus.GRANTED,
    "授权": PatentStatus.GRANTED,
    "granted": PatentStatus.GRANTED,
    "失效": PatentStatus.LAPSED,
    "未缴年费终止": PatentStatus.LAPSED,
    "lapsed": PatentStatus.LAPSED,
    "届满": PatentStatus.EXPIRED,
    "期限届满": PatentStatus.EXPIRED,
    "expired": PatentStatus.EXPIRED,
    "无效": PatentStatus.INVALIDATED,
    "被宣告无效": PatentStatus.INVALIDATED,
    "invalidated": PatentStatus.INVALIDATED,
    "撤回": PatentStatus.WITHDRAWN,
    "视为撤回": PatentStatus.WITHDRAWN,
    "withdrawn": PatentStatus.WITHDRAWN,
    # The words the patent databases' exports use (simple and detailed legal status).
    "在审": PatentStatus.PENDING,
    "审查中": PatentStatus.PENDING,
    "实质审查": PatentStatus.PENDING,
    "公开": PatentStatus.PENDING,
    "专利权维持": PatentStatus.GRANTED,
    "权利终止": PatentStatus.LAPSED,
    "未缴年费": PatentStatus.LAPSED,
    "未缴年费专利权终止": PatentStatus.LAPSED,
    "全部无效": PatentStatus.INVALIDATED,
}


_PLAIN_NUMBER = re.compile(r"\d{12}\.[\dX]")
_CHECK_OFFSET = ord("0") * sum(WEIGHTS)


def _application_number(text: str) -> str:
    """A number already written the canonical way (201710601862.3) is checked here with the
    check-character rule of ``portfolio.numbers`` on the bytes (a third of the cost of
    ``check_character``, which matters at 100,000 rows); anything else, and any number that
    fails, goes through ``validate_application_number`` for its message."""
    if _PLAIN_NUMBER.fullmatch(text) and text[4] in KIND_DIGITS:
        remainder = (sum(map(operator.mul, text[:12].encode(), WEIGHTS)) - _CHECK_OFFSET) % 11
        if text[13] == ("X" if remainder == 10 else str(remainder)):
            return text
    number = normalise_application_number(text)
    validate_application_number(number)
    return number


def _publication_number(text: str) -> str:
    """``validate_publication_number``'s check without spelling the number twice per row."""
    number = text.strip().upper()
    if not PUBLICATION_NUMBER.match(number):
        validate_publication_number(text)  # raises with its message
    return number


@functools.lru_cache(maxsize=65536)
def _normalise_ipc(raw: str) -> str:
    return lookups.normalise_ipc(raw)


_OTHER_SEPARATORS = re.compile(r"[\s,，；]")


def _ipc_codes(text: str) -> list[str]:
    """Normalised symbols; whether each is in the scheme is checked for the whole file at once.
    A cell that separates its codes with ";" only and holds no space (as exports write them)
    is split directly; each code still goes through the (cached) normalisation."""
    pieces = text.split(";")
    if _OTHER_SEPARATORS.search(text) or "" in pieces:
        pieces = parse_list(text)
    codes = []
    problems = []
    for raw in pieces:
        try:
            codes.append(_normalise_ipc(raw))
        except ValidationError:
            problems.append(raw)
    if problems:
        raise ValidationError(_unknown_ipc_message(problems))
    return codes


@functools.lru_cache(maxsize=4096)
def _owner_codes(text: str) -> tuple[str, ...]:
    """Owner codes, upper-cased; cached because a file names few enterprises many times."""
    return tuple(code.upper() for code in parse_list(text))


def _unknown_ipc_message(codes: list[str]) -> str:
    return _("Not in the IPC scheme: %(codes)s. Write codes like A61K 31/00, main classification first.") % {
        "codes": "、".join(codes)
    }


COLUMNS: list[Column] = [
    Column("application_number", "申请号", ("application number",), True, _application_number, "201710601862.3"),
    Column("patent_type", "专利类型", ("type", "patent type"), False, choice_parser(PATENT_TYPES), "发明"),
    Column("title", "名称", ("title", "发明名称"), True, str, "一种示例装置"),
    Column("abstract", "摘要", ("abstract",), False, str, ""),
    Column("applicants", "申请人", ("applicants",), False, str, "烟台示例有限公司"),
    Column("inventors", "发明人", ("inventors", "设计人"), False, str, "张三;李四"),
    Column("filing_date", "申请日", ("filing date",), True, parse_date, "2017-07-21"),
    Column("publication_number", "公开号", ("publication number", "公开（公告）号"), False, _publication_number, ""),
    Column("publication_date", "公开日", ("publication date", "公开（公告）日"), False, parse_date, ""),
    Column("grant_number", "授权公告号", ("grant number",), False, str, ""),
    Column("grant_date", "授权日", ("grant date", "授权公告日"), False, parse_date, ""),
    Column("ipc_codes", "IPC分类号", ("ipc", "ipc codes", "IPC"), False, _ipc_codes, "A61K 31/00;A61P 35/00"),
    Column("status", "法律状态", ("status", "legal status"), True, choice_parser(PATENT_STATUSES), "审中"),
    Column("claims_count", "权利要求数", ("claims",), False, parse_int, "10"),
    Column("is_pct", "PCT申请", ("pct",), False, parse_bool, "否"),
    Column("has_foreign_family", "海外同族", ("foreign family",), False, parse_bool, "否"),
    Column("foreign_family_granted", "海外同族已授权", ("foreign family granted",), False, parse_bool, "否"),
    Column("annuity_paid_year", "年费缴至年度", ("annuities paid up to year",), False, parse_int, "0"),
    Column("owners", "权利人统一社会信用代码", ("owner uscc", "owners"), True, _owner_codes, ""),
]

FIELDS = [c.key for c in COLUMNS if c.key != "owners"] + ["main_ipc", "expiry_date"]


@functools.lru_cache(maxsize=4096)
def _owner_names(text: str) -> tuple[str, ...]:
    return tuple(split_names(text))


# The same columns with the owners named (as the databases' exports name them) instead of
# coded: the names are matched to the registry before the rows are checked.
NAMED_OWNER = Column("owners", "权利人", ("owner names",), True, _owner_names, "")
COLUMNS_BY_NAME: list[Column] = [NAMED_OWNER if c.key == "owners" else c for c in COLUMNS]
# What a field holds when the file has no value for it.
DEFAULTS: dict[str, Any] = {
    "title": "",
    "abstract": "",
    "applicants": "",
    "inventors": "",
    "publication_number": "",
    "grant_number": "",
    "is_pct": False,
    "has_foreign_family": False,
    "foreign_family_granted": False,
    "annuity_paid_year": 0,
}


@dataclass
class PatentBatch:
    """Checked patents, column by column: for each field of ``FIELDS`` a list with one value
    per row, ready for the write; ``absent`` names the fields the file has no column for (the
    same default in every row)."""

    rows: list[int]
    columns: dict[str, list[Any]]
    owner_ids: list[list[int]]
    absent: set[str] = field(default_factory=set)

    def __len__(self) -> int:
        return len(self.rows)

    def values(self, i: int) -> dict[str, Any]:
        return {key: self.columns[key][i] for key in FIELDS}

    def take(self, positions: list[int]) -> PatentBatch:
        pick = operator.itemgetter(*positions) if len(positions) > 1 else lambda seq: (seq[positions[0]],)
        return PatentBatch(
            rows=list(pick(self.rows)) if positions else [],
            columns={k: list(pick(v)) if positions else [] for k, v in self.columns.items()},
            owner_ids=list(pick(self.owner_ids)) if positions else [],
            absent=self.absent,
        )


BLOCK_ROWS = 10_000  # small enough that the server starts early, large enough to spell whole columns


@dataclass
class Lookups:
    """What checking a file needs from the database, fetched for the whole file before any
    block is checked (no query can run while the writer streams): the owners' enterprises,
    the IPC symbols the scheme knows, and the patents already stored."""

    owner_scope: int | None
    ownerships: dict[str, tuple[int, int]]
    known_ipc: set[str]
    stored: dict[str, tuple[int, tuple[Any, ...], list[int]]]
    # The enterprises whose patents the importer may already edit (None: any). A stored
    # patent may be overwritten only when every one of its current owners is among them;
    # checking only the new owners let a manager take another enterprise's patent.
    editable: set[int] | None = None
    seen: dict[str, int] = field(default_factory=dict)  # numbers of the rows checked so far
    columns: list[Column] = field(default_factory=lambda: COLUMNS)
    # Owners named, not coded (a database's export): a name without an enterprise is not an
    # error, it waits on the clerk's matching queue.
    by_name: bool = False
    # (source, date of its data) to store on each patent the file names.
    source: tuple[str, dt.date | None] | None = None
    owners_of: dict[Any, tuple[list[int], list[tuple[str, str]]]] = field(default_factory=dict)
    today: dt.date = field(default_factory=dt.date.today)

    @classmethod
    def fetch(
        cls,
        rows: list[tuple[int, list[str]]],
        mapping: dict[str, int],
        owner_scope: int | None,
        names: dict[str, int] | None = None,
    ) -> Lookups:
        def texts(key: str) -> list[str]:
            position = mapping.get(key)
            return [] if position is None else stripped([cells[position] for _row, cells in rows])

        owner_texts = set(texts("owners"))
        codes = set() if names is not None else {code for text in owner_texts for code in _owner_codes(text)}
        symbols = set()
        # The distinct pieces first: a file repeats a few thousand codes in 100,000 cells.
        for raw in parse_list(";".join(set(";".join(texts("ipc_codes")).split(";")))):
            try:
                symbols.add(_normalise_ipc(raw))
            except ValidationError:
                continue  # reported when its row is checked
        numbers = [
            n if _PLAIN_NUMBER.fullmatch(n) else normalise_application_number(n) for n in texts("application_number")
        ]
        return cls(
            owner_scope=owner_scope,
            ownerships=enterprises_by_uscc(codes) if names is None else {n: (pk, 0) for n, pk in names.items()},
            by_name=names is not None,
            columns=COLUMNS if names is None else COLUMNS_BY_NAME,
            known_ipc=lookups.known_ipc(symbols),
            stored=_stored_patents(numbers),
            editable=None if owner_scope is None else enterprises_of_organisation(owner_scope),
        )

    def new_rows(self, rows: list[tuple[int, list[str]]], mapping: dict[str, int]) -> int:
        """How many rows will be created, if every row is good: those not stored yet."""
        if not self.stored:
            return len(rows)
        position = mapping["application_number"]
        numbers = (cells[position].strip() for _row, cells in rows)
        return sum(
            (n if _PLAIN_NUMBER.fullmatch(n) else normalise_application_number(n)) not in self.stored for n in numbers
        )


def check(
    rows: list[tuple[int, list[str]]], mapping: dict[str, int], found: Lookups, errors: list[RowError]
) -> PatentBatch:
    """Parse every cell of these rows and run the cross-column and cross-row checks, column
    by column (duplicates are found across all blocks checked with the same ``found``).
    Errors are listed per check; the runner sorts them by row."""
    parsed = parse_columns(rows, found.columns, mapping, errors, block=len(rows) or 1)
    count = len(rows)
    row_numbers = [number for number, _cells in rows]
    nothing = [None] * count

    def column(key: str) -> list[Any]:
        values = parsed.get(key)
        if values is None:
            return [DEFAULTS.get(key)] * count
        default = DEFAULTS.get(key)
        if default is not None and None in values:
            return [default if v is None else v for v in values]
        return values

    numbers = parsed["application_number"]
    seen = found.seen
    for row, number in zip(row_numbers, numbers, strict=True):
        if number is not None and seen.setdefault(number, row) != row:
            message = _("Same number as row %(row)s.") % {"row": seen[number]}
            errors.append(RowError(row, "申请号", number, message))
    if found.editable is not None and found.stored:
        _check_stored_owners(row_numbers, numbers, found, errors)
    kinds = [KIND_DIGITS.get(n[4] if len(n) == 14 else n[2], "") if n else None for n in numbers]
    types = parsed.get("patent_type")
    if types is None:
        types = kinds
    else:
        for row, given, kind in zip(row_numbers, types, kinds, strict=True):
            if given is not None and kind is not None and given != kind:
                message = _("The application number says this is a %(kind)s.") % {"kind": PatentType(kind).label}
                errors.append(RowError(row, "专利类型", str(given), message))
        types = [given or kind for given, kind in zip(types, kinds, strict=True)]
    filing = parsed["filing_date"]
    publication = parsed.get("publication_date", nothing)
    grant = parsed.get("grant_date", nothing)
    today = found.today
    for row, filed, published, granted in zip(row_numbers, filing, publication, grant, strict=True):
        if filed:
            if filed > today:
                errors.append(RowError(row, "申请日", filed.isoformat(), _("The filing date is in the future.")))
            for day, header in ((published, "公开日"), (granted, "授权日")):
                if day and day < filed:
                    errors.append(RowError(row, header, day.isoformat(), _("This is before the filing date.")))
    statuses = parsed["status"]
    for row, status, granted in zip(row_numbers, statuses, grant, strict=True):
        if status == PatentStatus.GRANTED and not granted:
            errors.append(RowError(row, "授权日", "", _("A granted patent needs its grant date.")))
    owner_ids = _owner_ids(row_numbers, parsed["owners"], found, errors)
    codes = [c or [] for c in parsed.get("ipc_codes", nothing)]
    unknown_codes = set(itertools.chain.from_iterable(codes)) - found.known_ipc
    if unknown_codes:
        for row, row_codes in zip(row_numbers, codes, strict=True):
            unknown = [c for c in row_codes if c in unknown_codes]
            if unknown:
                errors.append(RowError(row, "IPC分类号", "; ".join(unknown), _unknown_ipc_message(unknown)))
    columns = {key: column(key) for key in FIELDS[:-2]}
    columns.update(
        patent_type=types,
        ipc_codes=codes,
        main_ipc=[c[0] if c else "" for c in codes],
        expiry_date=[
            _expiry(kind, filed) if filed and kind else None for kind, filed in zip(types, filing, strict=True)
        ],
    )
    absent = {c.key for c in found.columns if c.key not in mapping} - {"patent_type", "ipc_codes", "owners"}
    return PatentBatch(rows=row_numbers, columns=columns, owner_ids=owner_ids, absent=absent)


def _check_stored_owners(
    row_numbers: list[int], numbers: list[str | None], found: Lookups, errors: list[RowError]
) -> None:
    """A row naming a stored patent that the importer may not edit (one of its current owners
    is outside the importer's enterprise, or it has none) is a bad row: an import changes only
    what the importer could change by hand."""
    editable = found.editable or set()
    for row, number in zip(row_numbers, numbers, strict=True):
        now = found.stored.get(number) if number is not None else None
        if now is not None and (not now[2] or not editable.issuperset(now[2])):
            message = _("Another enterprise holds this patent: you may import only your own enterprise's.")
            errors.append(RowError(row, "申请号", number, message))  # type: ignore[arg-type]  # a stored patent was found by its number


@functools.lru_cache(maxsize=65536)
def _expiry(patent_type: str, filing: dt.date) -> dt.date:
    return patent_expiry(patent_type, filing)


def _owner_ids(
    row_numbers: list[int], codes: list[tuple[str, ...] | None], found: Lookups, errors: list[RowError]
) -> list[list[int]]:
    """The enterprises' ids for each row's owner codes, sorted; an unknown code or another
    organisation's enterprise is an error of that row. A file names few owners many times,
    so each distinct set of codes is resolved once."""
    resolved = found.owners_of
    for row_codes in set(codes) - resolved.keys():
        ids, problems = [], []
        for code in row_codes or ():
            owner = found.ownerships.get(code)
            if owner is None and found.by_name:
                continue  # waits on the matching queue, or is outside the district
            if owner is None:
                problems.append((code, _("No enterprise with this code in the registry: register it first.")))
            elif found.owner_scope is not None and owner[1] != found.owner_scope:
                problems.append((code, _("You can import only your own enterprise's patents.")))
            else:
                ids.append(owner[0])
        resolved[row_codes] = (sorted(set(ids)) if len(ids) > 1 else ids, problems)
    result = []
    for row, row_codes in zip(row_numbers, codes, strict=True):
        ids, problems = resolved[row_codes]
        result.append(ids)
        errors.extend(RowError(row, found.columns[-1].header, code, message) for code, message in problems)
    return result


@dataclass
class WriteResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


class _Rejected(Exception):
    """A bad row was found after writing began: roll the transaction back."""


def import_rows(
    rows: list[tuple[int, list[str]]],
    mapping: dict[str, int],
    *,
    owner_scope: int | None,
    actor,
    progress: Callable[[int], None] | None = None,
    names: dict[str, int] | None = None,
    source: tuple[str, dt.date | None] | None = None,
) -> tuple[WriteResult | None, list[RowError]]:
    """Check every row and, if none is bad, create the new patents, update the changed ones
    and leave identical ones alone, with one audit event for each created or updated patent.
    Returns the counts (None if any row is bad) and every bad row's errors.

    The file is checked in blocks of ``BLOCK_ROWS``; the new patents of each good block, their
    owner links and their events go to a ``BulkWriter`` at once, so the database stores one
    block while the next is checked. A bad row stops the writing (checking goes on, to list
    every bad row) and rolls everything back: nothing is imported.

    ``names`` (a database's export): the owners column holds names, and these are the
    enterprises of the names matched; ``source`` is stored on every patent of the file."""
    errors: list[RowError] = []
    found = Lookups.fetch(rows, mapping, owner_scope, names)
    found.source = source
    try:
        with transaction.atomic():
            result = _check_and_write(rows, mapping, found, errors, actor, progress)
            if errors:
                raise _Rejected
    except _Rejected:
        return None, errors
    return result, errors


def _check_and_write(
    rows: list[tuple[int, list[str]]],
    mapping: dict[str, int],
    found: Lookups,
    errors: list[RowError],
    actor: Any,
    progress: Callable[[int], None] | None,
) -> WriteResult:
    result = WriteResult()
    chain = ChainAppender(actor=actor)
    ids = iter(reserve_ids(Patent, found.new_rows(rows, mapping)))
    changed: list[tuple[int, int, PatentBatch]] = []
    with BulkWriter() as writer:
        for start in range(0, len(rows), BLOCK_ROWS):
            batch = check(rows[start : start + BLOCK_ROWS], mapping, found, errors)
            if progress is not None:
                progress(min(start + BLOCK_ROWS, len(rows)))
            if errors:
                continue  # nothing more is written; the transaction is rolled back
            new = _compare(batch, found.stored, result, changed)
            created = batch if new is None else batch.take(new)
            _create(created, list(itertools.islice(ids, len(created))), chain, writer, found.source)
            chain.flush(writer)
            result.created += len(created)
    if not errors:
        _update(changed, chain)
        chain.write()
        result.updated = len(changed)
        if found.source is not None and found.stored:
            _mark_source([pk for pk, _values, _owners in found.stored.values()], found.source)
    return result


def _mark_source(ids: list[int], source: tuple[str, dt.date | None]) -> None:
    """The source and data date of the stored patents the file names (new ones get them as
    they are written). Only those whose source differs are written: a file imported again
    from the same source rewrites nothing (on PostgreSQL one statement over an id array; 112
    statements of 900 ids each took seconds at 100,000 rows)."""
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(Patent._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET source = %s, source_date = %s WHERE id = ANY(%s::bigint[]) "  # noqa: S608
                "AND (source IS DISTINCT FROM %s OR source_date IS DISTINCT FROM %s)",
                [source[0], source[1], pg_array(ids), source[0], source[1]],
            )
        return
    for start in range(0, len(ids), 900):
        Patent.objects.filter(pk__in=ids[start : start + 900]).exclude(source=source[0], source_date=source[1]).update(
            source=source[0], source_date=source[1]
        )


def _compare(
    batch: PatentBatch,
    stored: dict[str, tuple[int, tuple[Any, ...], list[int]]],
    result: WriteResult,
    changed: list[tuple[int, int, PatentBatch]],
) -> list[int] | None:
    """The positions of the batch's new patents (None: all are new); counts the unchanged
    ones and notes the changed ones (stored id, position)."""
    if not stored:
        return None
    new: list[int] = []
    records = zip(*(batch.columns[key] for key in FIELDS), strict=True)
    for i, (values, owners) in enumerate(zip(records, batch.owner_ids, strict=True)):
        now = stored.get(values[0])
        if now is None:
            new.append(i)
        elif now[1] == values and now[2] == owners:
            result.unchanged += 1
        else:
            changed.append((now[0], i, batch))
    return new


_AFTER_KEYS = sorted([*FIELDS, "owners"])  # canonical_json sorts keys


def _create(
    batch: PatentBatch,
    ids: list[int],
    chain: ChainAppender,
    writer: BulkWriter,
    source: tuple[str, dt.date | None] | None = None,
) -> None:
    """Insert new patents with ids reserved up front, so that the owner links and the audit
    events are prepared without reading the new rows back. Everything is worked out column by
    column; the patents go to the writer first, so the server stores them while the owner
    links and the block events' hash chain are prepared here."""
    count = len(batch)
    if not count:
        return
    now = timezone.now()
    columns = batch.columns
    ipc_json = _ipc_json(columns["ipc_codes"])
    stored: dict[str, Values] = {
        key: Same(DEFAULTS.get(key)) if key in batch.absent else columns[key] for key in FIELDS
    }
    stored["ipc_codes"] = ipc_json
    documents: dict[str, Values] = {}
    for key in _DATE_FIELDS:
        days = stored[key]
        if not isinstance(days, Same):
            # A date's text, stored and in the document, spelled once per distinct date.
            stored[key] = list(map(_iso_text, days))
            documents[key] = list(map(_date_json, days))
    extra_names, extra_values = (["source", "source_date"], [Same(source[0]), Same(source[1])]) if source else ([], [])
    insert_columns(
        Patent,
        ["id", *FIELDS, "is_demo", "created_at", "updated_at", *extra_names],
        [ids, *stored.values(), Same(False), Same(now), Same(now), *extra_values],
        count,
        writer,
    )
    owners = batch.owner_ids
    if all(len(o) == 1 for o in owners):
        link_patents, link_owners = ids, [o[0] for o in owners]
    else:
        link_patents = [pk for pk, o in zip(ids, owners, strict=True) for _owner in o]
        link_owners = list(itertools.chain.from_iterable(owners))
    insert_columns(
        Patent.owners.through, ["patent", "enterprise"], [link_patents, link_owners], len(link_patents), writer
    )
    documents.update({key: _json_texts(stored[key]) for key in FIELDS if key != "ipc_codes" and key not in documents})
    documents["ipc_codes"] = ipc_json
    owner_text = {o: canonical_json(o) for o in set(map(tuple, owners))}
    documents["owners"] = [owner_text[tuple(o)] for o in owners]
    # One %-template for every record's list of values, in the order of _AFTER_KEYS: columns of
    # one value spelled into the template, the others filled in per row.
    pieces, varying = [], []
    for key in _AFTER_KEYS:
        value = documents[key]
        if isinstance(value, Same):
            pieces.append(value.value.replace("%", "%%"))
        else:
            pieces.append("%s")
            varying.append(value)
    values = list(map(("[" + ",".join(pieces) + "]").__mod__, zip(*varying, strict=True)))
    numbers, titles = columns["application_number"], columns["title"]
    object_ids = list(map(str, ids))
    # One audit event per block of records (audit/blocks.py): each patent's history reads its
    # row of the block as its own "imported" entry.
    for start in range(0, count, AUDIT_BLOCK_ROWS):
        stop = min(start + AUDIT_BLOCK_ROWS, count)
        first, last = f"{numbers[start]} {titles[start]}", f"{numbers[stop - 1]} {titles[stop - 1]}"
        chain.add_block(
            "patent.import",
            "portfolio.patent",
            object_ids[start:stop],
            batch.rows[start:stop],
            _AFTER_KEYS,
            values[start:stop],
            object_repr=first if stop - start == 1 else f"{first[:98]} … {last[:98]}",
        )


_DATE_FIELDS = [key for key in FIELDS if isinstance(Patent._meta.get_field(key), models.DateField)]


@functools.lru_cache(maxsize=65536)
def _iso_text(day: dt.date | None) -> str | None:
    """A date column's value as stored: its ISO text (what PostgreSQL's COPY and SQLite are
    given for a date anyway)."""
    return None if day is None else day.isoformat()


@functools.lru_cache(maxsize=65536)
def _date_json(day: dt.date | None) -> str:
    """A date as ``canonical_json`` spells it in the audit document."""
    return "null" if day is None else f'"{day.isoformat()}"'


def _ipc_json(codes: list[list[str]]) -> list[RawJson]:
    """Each row's codes as canonical JSON text. Normalised IPC symbols hold only letters,
    digits and a slash, so they are quoted without an encoder; anything else is encoded."""
    blob = "".join(itertools.chain.from_iterable(codes))
    if '"' in blob or "\\" in blob or not blob.isprintable():
        return [RawJson(canonical_json(c)) for c in codes]
    return [RawJson('["' + '","'.join(c) + '"]') if c else RawJson("[]") for c in codes]


def _json_texts(values: Values) -> Values:
    """The canonical JSON text of each value of a column (``Same`` stays ``Same``)."""
    if isinstance(values, Same):
        return Same(canonical_json(values.value))
    kinds = set(map(type, values))
    if kinds == {str}:
        return list(map(encode_basestring, values))
    if bool in kinds and int in kinds:  # True == 1 as a dict key
        return list(map(canonical_json, values))
    text = {value: canonical_json(value) for value in set(values)}  # dates, numbers, choices: few distinct
    return list(map(text.__getitem__, values))


def _update(changed: list[tuple[int, int, PatentBatch]], chain: ChainAppender) -> None:
    """Update the changed patents (a re-import changes few) and record each one's before and after."""
    if not changed:
        return
    patents = Patent.objects.in_bulk([pk for pk, _i, _batch in changed])
    owners_now = _current_owners([pk for pk, _i, _batch in changed])
    updated = []
    for pk, i, batch in changed:
        patent = patents[pk]
        before = {**snapshot(patent), "owners": owners_now.get(pk, [])}
        for key, value in batch.values(i).items():
            setattr(patent, key, value)
        after = {**snapshot(patent), "owners": batch.owner_ids[i]}
        chain.add(
            "patent.import_update",
            "portfolio.patent",
            str(pk),
            str(patent)[:200],
            canonical_json(before),
            canonical_json(after),
        )
        updated.append(patent)
    through = Patent.owners.through
    Patent.objects.bulk_update(updated, FIELDS, batch_size=1000)
    through.objects.filter(patent_id__in=[pk for pk, _i, _batch in changed]).delete()
    links = [(pk, owner) for pk, i, batch in changed for owner in batch.owner_ids[i]]
    insert_rows(through, ["patent", "enterprise"], links)


def _stored_patents(numbers: list[str]) -> dict[str, tuple[int, tuple[Any, ...], list[int]]]:
    """For the numbers already stored: the patent's id, its ``FIELDS`` values and its owner ids.
    Plain value tuples, not model instances: re-importing a whole file compares every row."""
    present = _existing_numbers(numbers)
    if not present:
        return {}
    chunk = 900 if connection.vendor == "sqlite" else 10_000
    found: dict[str, tuple[int, tuple[Any, ...]]] = {}
    for start in range(0, len(present), chunk):
        rows = Patent.objects.filter(application_number__in=present[start : start + chunk]).values_list("pk", *FIELDS)
        for pk, *values in rows.order_by():
            found[values[0]] = (pk, tuple(values))
    owners = _current_owners([pk for pk, _values in found.values()])
    return {number: (pk, values, owners.get(pk, [])) for number, (pk, values) in found.items()}


def _existing_numbers(numbers: list[str]) -> list[str]:
    """Which of these application numbers are stored (one query on PostgreSQL, the numbers
    sent as one array text)."""
    if connection.vendor != "postgresql" or not numbers:
        return existing_keys(Patent, "application_number", numbers)
    table = connection.ops.quote_name(Patent._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT application_number FROM {table} WHERE application_number = ANY(%s::text[])",  # noqa: S608
            [pg_array(numbers)],
        )
        return [row[0] for row in cursor.fetchall()]


def _current_owners(patent_ids: list[int]) -> dict[int, list[int]]:
    owners: dict[int, list[int]] = {}
    through = Patent.owners.through
    chunk = 900 if connection.vendor == "sqlite" else 10_000
    for start in range(0, len(patent_ids), chunk):
        for patent_id, enterprise_id in through.objects.filter(
            patent_id__in=patent_ids[start : start + chunk]
        ).values_list("patent_id", "enterprise_id"):
            owners.setdefault(patent_id, []).append(enterprise_id)
    return {k: sorted(v) for k, v in owners.items()}
