"""The patent importer: columns, row validation and the all-or-nothing write."""

from __future__ import annotations

import datetime as dt
import functools
import operator
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import canonical_json
from audit.trail import ChainAppender, snapshot
from core.bulk import existing_keys, insert_rows, reserve_ids
from portfolio.choices import PatentStatus, PatentType
from portfolio.importing.columns import (
    Column,
    ParsedRow,
    RowError,
    choice_parser,
    enterprises_by_uscc,
    parse_bool,
    parse_date,
    parse_int,
    parse_list,
)
from portfolio.models import Patent, patent_expiry
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
    validate_publication_number(text)
    return text.strip().upper()


@functools.lru_cache(maxsize=65536)
def _normalise_ipc(raw: str) -> str:
    return lookups.normalise_ipc(raw)


def _ipc_codes(text: str) -> list[str]:
    """Normalised symbols; whether each is in the scheme is checked for the whole file at once."""
    codes = []
    problems = []
    for raw in parse_list(text):
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
    Column("annuity_paid_year", "年费缴至年度", ("annuities paid up to year",), False, parse_int, "0"),
    Column("owners", "权利人统一社会信用代码", ("owner uscc", "owners"), True, _owner_codes, ""),
]

FIELDS = [c.key for c in COLUMNS if c.key != "owners"] + ["main_ipc", "expiry_date"]


@dataclass
class PatentRecord:
    row: int
    values: dict[str, Any]
    owner_ids: list[int] = field(default_factory=list)


def validate(parsed: list[ParsedRow], errors: list[RowError], owner_scope: int | None) -> list[PatentRecord]:
    """Cross-column and cross-row checks. ``owner_scope`` is the organisation an enterprise
    user may import for (None for the office). Each record's values hold every field of
    ``FIELDS``, in that order, ready for the write."""
    ownerships = _owner_lookup(parsed)
    known_ipc = lookups.known_ipc({c for row in parsed for c in row.values.get("ipc_codes", [])})
    seen: dict[str, int] = {}
    today = dt.date.today()
    records = []
    for row in parsed:
        v = row.values
        number = v.get("application_number")
        patent_type = v.get("patent_type")
        if number:
            if number in seen:
                errors.append(
                    RowError(row.row, "申请号", number, _("Same number as row %(row)s.") % {"row": seen[number]})
                )
            seen.setdefault(number, row.row)
            kind = KIND_DIGITS.get(number[4] if len(number) == 14 else number[2], "")
            if patent_type is not None and patent_type != kind:
                errors.append(
                    RowError(
                        row.row,
                        "专利类型",
                        str(patent_type),
                        _("The application number says this is a %(kind)s.") % {"kind": PatentType(kind).label},
                    )
                )
            patent_type = patent_type or kind
        filing = v.get("filing_date")
        publication_date, grant_date = v.get("publication_date"), v.get("grant_date")
        if filing:
            if filing > today:
                errors.append(RowError(row.row, "申请日", filing.isoformat(), _("The filing date is in the future.")))
            for day, header in ((publication_date, "公开日"), (grant_date, "授权日")):
                if day and day < filing:
                    errors.append(RowError(row.row, header, day.isoformat(), _("This is before the filing date.")))
        status = v.get("status")
        if status == PatentStatus.GRANTED and not grant_date:
            errors.append(RowError(row.row, "授权日", "", _("A granted patent needs its grant date.")))
        owner_ids = _owner_ids(row.row, v.get("owners", ()), ownerships, owner_scope, errors)
        codes = v.get("ipc_codes") or []
        unknown = [c for c in codes if c not in known_ipc]
        if unknown:
            errors.append(RowError(row.row, "IPC分类号", "; ".join(unknown), _unknown_ipc_message(unknown)))
        values = {
            "application_number": number,
            "patent_type": patent_type,
            "title": v.get("title", ""),
            "abstract": v.get("abstract", ""),
            "applicants": v.get("applicants", ""),
            "inventors": v.get("inventors", ""),
            "filing_date": filing,
            "publication_number": v.get("publication_number", ""),
            "publication_date": publication_date,
            "grant_number": v.get("grant_number", ""),
            "grant_date": grant_date,
            "ipc_codes": codes,
            "status": status,
            "claims_count": v.get("claims_count"),
            "is_pct": v.get("is_pct", False),
            "has_foreign_family": v.get("has_foreign_family", False),
            "annuity_paid_year": v.get("annuity_paid_year", 0),
            "main_ipc": codes[0] if codes else "",
            "expiry_date": _expiry(patent_type, filing) if filing and patent_type else None,
        }
        records.append(PatentRecord(row=row.row, values=values, owner_ids=owner_ids))
    return records


@functools.lru_cache(maxsize=65536)
def _expiry(patent_type: str, filing: dt.date) -> dt.date:
    return patent_expiry(patent_type, filing)


def _owner_ids(
    row: int,
    codes: tuple[str, ...],
    ownerships: dict[str, tuple[int, int]],
    owner_scope: int | None,
    errors: list[RowError],
) -> list[int]:
    """The enterprises' ids for a row's owner codes, sorted; an unknown code or another
    organisation's enterprise is an error of that row."""
    owner_ids = []
    for code in codes:
        found = ownerships.get(code)
        if found is None:
            message = _("No enterprise with this code in the registry: register it first.")
        elif owner_scope is not None and found[1] != owner_scope:
            message = _("You can import only your own enterprise's patents.")
        else:
            owner_ids.append(found[0])
            continue
        errors.append(RowError(row, "权利人统一社会信用代码", code, message))
    return sorted(set(owner_ids)) if len(owner_ids) > 1 else owner_ids


def _owner_lookup(parsed: list[ParsedRow]) -> dict[str, tuple[int, int]]:
    return enterprises_by_uscc({c for row in parsed for c in row.values.get("owners", ())})


@dataclass
class WriteResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@transaction.atomic
def write(records: list[PatentRecord], *, actor) -> WriteResult:  # type: ignore[no-untyped-def]
    """Create new patents, update changed ones, leave identical ones alone; one audit event
    for each created or updated patent. New rows, their owners and their events go through
    the bulk path (COPY on PostgreSQL)."""
    result = WriteResult()
    stored = _stored_patents([r.values["application_number"] for r in records])
    new_records: list[PatentRecord] = []
    changed: list[tuple[int, PatentRecord]] = []
    for record in records:
        found = stored.get(record.values["application_number"])
        if found is None:
            new_records.append(record)
        elif found[1] == _field_values(record.values) and found[2] == record.owner_ids:
            result.unchanged += 1
        else:
            changed.append((found[0], record))
    chain = ChainAppender(actor=actor)
    _create(new_records, chain)
    _update(changed, chain)
    chain.write()
    result.created, result.updated = len(new_records), len(changed)
    return result


_field_values = operator.itemgetter(*FIELDS)


def _create(records: list[PatentRecord], chain: ChainAppender) -> None:
    """Insert new patents with ids reserved up front, so that the owner links and the audit
    events are prepared in the same pass, without reading the new rows back."""
    if not records:
        return
    now = timezone.now()
    ids = reserve_ids(Patent, len(records))
    links: list[tuple[int, int]] = []

    def patent_rows() -> Iterator[tuple[Any, ...]]:
        # The audit events are prepared here, row by row as COPY consumes the patents, so
        # that Python hashes while PostgreSQL is still indexing the rows already sent.
        for pk, record in zip(ids, records, strict=True):
            values = record.values
            object_id = str(pk)
            links.extend((pk, owner) for owner in record.owner_ids)
            after = canonical_json({**values, "owners": record.owner_ids})
            object_repr = f"{values['application_number']} {values['title']}"[:200]
            chain.add("patent.import", "portfolio.patent", object_id, object_repr, None, after)
            yield (pk, *_field_values(values), False, now, now)

    insert_rows(Patent, ["id", *FIELDS, "is_demo", "created_at", "updated_at"], patent_rows())
    insert_rows(Patent.owners.through, ["patent", "enterprise"], links)


def _update(changed: list[tuple[int, PatentRecord]], chain: ChainAppender) -> None:
    """Update the changed patents (a re-import changes few) and record each one's before and after."""
    if not changed:
        return
    patents = Patent.objects.in_bulk([pk for pk, _record in changed])
    owners_now = _current_owners([pk for pk, _record in changed])
    updated = []
    for pk, record in changed:
        patent = patents[pk]
        before = {**snapshot(patent), "owners": owners_now.get(pk, [])}
        for key, value in record.values.items():
            setattr(patent, key, value)
        after = {**snapshot(patent), "owners": record.owner_ids}
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
    through.objects.filter(patent_id__in=[pk for pk, _record in changed]).delete()
    insert_rows(through, ["patent", "enterprise"], [(pk, o) for pk, record in changed for o in record.owner_ids])


def _stored_patents(numbers: list[str]) -> dict[str, tuple[int, tuple[Any, ...], list[int]]]:
    """For the numbers already stored: the patent's id, its ``FIELDS`` values and its owner ids.
    Plain value tuples, not model instances: re-importing a whole file compares every row."""
    present = existing_keys(Patent, "application_number", numbers)
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
