"""The patent importer: columns, row validation and the all-or-nothing write."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.trail import Change, record_many, snapshot
from core.bulk import existing_keys, insert_rows, max_pk
from portfolio.choices import PatentStatus, PatentType
from portfolio.importing.columns import (
    Column,
    ParsedRow,
    RowError,
    choice_parser,
    parse_bool,
    parse_date,
    parse_int,
    parse_list,
)
from portfolio.models import Patent, patent_expiry
from portfolio.numbers import (
    KIND_DIGITS,
    normalise_application_number,
    validate_application_number,
    validate_publication_number,
)
from refdata import lookups
from registry.models import Enterprise

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


def _application_number(text: str) -> str:
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
    Column("owners", "权利人统一社会信用代码", ("owner uscc", "owners"), True, parse_list, ""),
]

FIELDS = [c.key for c in COLUMNS if c.key != "owners"] + ["main_ipc", "expiry_date"]


@dataclass
class PatentRecord:
    row: int
    values: dict[str, Any]
    owner_ids: list[int] = field(default_factory=list)


def validate(parsed: list[ParsedRow], errors: list[RowError], owner_scope: int | None) -> list[PatentRecord]:
    """Cross-column and cross-row checks. ``owner_scope`` is the organisation an enterprise
    user may import for (None for the office)."""
    ownerships = _owner_lookup(parsed)
    known_ipc = lookups.known_ipc({c for row in parsed for c in row.values.get("ipc_codes", [])})
    seen: dict[str, int] = {}
    today = dt.date.today()
    records = []
    for row in parsed:
        values = dict(row.values)
        number = values.get("application_number")
        if number:
            if number in seen:
                errors.append(
                    RowError(row.row, "申请号", number, _("Same number as row %(row)s.") % {"row": seen[number]})
                )
            seen.setdefault(number, row.row)
            kind = KIND_DIGITS.get(number[4] if len(number) == 14 else number[2], "")
            if "patent_type" in values and values["patent_type"] != kind:
                errors.append(
                    RowError(
                        row.row,
                        "专利类型",
                        str(values["patent_type"]),
                        _("The application number says this is a %(kind)s.") % {"kind": PatentType(kind).label},
                    )
                )
            values.setdefault("patent_type", kind)
        filing = values.get("filing_date")
        if filing and filing > today:
            errors.append(RowError(row.row, "申请日", filing.isoformat(), _("The filing date is in the future.")))
        for key, header in (("publication_date", "公开日"), ("grant_date", "授权日")):
            if filing and values.get(key) and values[key] < filing:
                errors.append(RowError(row.row, header, values[key].isoformat(), _("This is before the filing date.")))
        if values.get("status") == PatentStatus.GRANTED and not values.get("grant_date"):
            errors.append(RowError(row.row, "授权日", "", _("A granted patent needs its grant date.")))
        owner_ids = []
        for code in values.get("owners", []):
            found = ownerships.get(code.upper())
            if found is None:
                errors.append(
                    RowError(
                        row.row,
                        "权利人统一社会信用代码",
                        code,
                        _("No enterprise with this code in the registry: register it first."),
                    )
                )
            elif owner_scope is not None and found[1] != owner_scope:
                errors.append(
                    RowError(
                        row.row, "权利人统一社会信用代码", code, _("You can import only your own enterprise's patents.")
                    )
                )
            else:
                owner_ids.append(found[0])
        values.pop("owners", None)
        codes = values.get("ipc_codes") or []
        unknown = [c for c in codes if c not in known_ipc]
        if unknown:
            errors.append(RowError(row.row, "IPC分类号", "; ".join(unknown), _unknown_ipc_message(unknown)))
        values["ipc_codes"] = codes
        values["main_ipc"] = codes[0] if codes else ""
        for key in ("abstract", "applicants", "inventors", "publication_number", "grant_number"):
            values.setdefault(key, "")
        values.setdefault("is_pct", False)
        values.setdefault("has_foreign_family", False)
        values.setdefault("annuity_paid_year", 0)
        values.setdefault("claims_count", None)
        values.setdefault("publication_date", None)
        values.setdefault("grant_date", None)
        if filing and values.get("patent_type"):
            values["expiry_date"] = patent_expiry(values["patent_type"], filing)
        records.append(PatentRecord(row=row.row, values=values, owner_ids=sorted(set(owner_ids))))
    return records


def _owner_lookup(parsed: list[ParsedRow]) -> dict[str, tuple[int, int]]:
    codes = {c.upper() for row in parsed for c in row.values.get("owners", [])}
    found: dict[str, tuple[int, int]] = {}
    chunk = sorted(codes)
    for start in range(0, len(chunk), 500):
        for pk, uscc, org in Enterprise.objects.filter(uscc__in=chunk[start : start + 500]).values_list(
            "pk", "uscc", "organisation_id"
        ):
            found[uscc] = (pk, org)
    return found


@dataclass
class WriteResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@transaction.atomic
def write(records: list[PatentRecord], *, actor) -> WriteResult:  # type: ignore[no-untyped-def]
    """Create new patents, update changed ones, leave identical ones alone; audit each change.
    New rows go through the bulk path (COPY on PostgreSQL)."""
    result = WriteResult()
    numbers = [r.values["application_number"] for r in records]
    existing: dict[str, Patent] = {}
    present = existing_keys(Patent, "application_number", numbers)
    for start in range(0, len(present), 900):
        for patent in Patent.objects.filter(application_number__in=present[start : start + 900]):
            existing[patent.application_number] = patent
    owners_now = _current_owners([p.pk for p in existing.values()])
    new_records: list[PatentRecord] = []
    to_update: list[tuple[Patent, dict[str, Any], list[int]]] = []
    for record in records:
        patent = existing.get(record.values["application_number"])
        if patent is None:
            new_records.append(record)
            continue
        changed = any(getattr(patent, k) != v for k, v in record.values.items())
        if not changed and owners_now.get(patent.pk, []) == record.owner_ids:
            result.unchanged += 1
            continue
        before = {**snapshot(patent), "owners": owners_now.get(patent.pk, [])}
        for key, value in record.values.items():
            setattr(patent, key, value)
        to_update.append((patent, before, record.owner_ids))

    now = timezone.now()
    columns = [*FIELDS, "is_demo", "created_at", "updated_at"]
    first_new_pk = max_pk(Patent)
    insert_rows(
        Patent,
        columns,
        ([*(r.values.get(f) for f in FIELDS), False, now, now] for r in new_records),
    )
    ids = (
        dict(Patent.objects.filter(pk__gt=first_new_pk).values_list("application_number", "pk")) if new_records else {}
    )
    through = Patent.owners.through
    links = [(ids[r.values["application_number"]], owner) for r in new_records for owner in r.owner_ids]
    if to_update:
        Patent.objects.bulk_update([p for p, _b, _o in to_update], FIELDS, batch_size=1000)
        through.objects.filter(patent_id__in=[p.pk for p, _b, _o in to_update]).delete()
        links += [(p.pk, o) for p, _b, owners in to_update for o in owners]
    insert_rows(through, ["patent", "enterprise"], links)
    changes = [
        Change(
            "patent.import",
            "portfolio.patent",
            str(ids[r.values["application_number"]]),
            f"{r.values['application_number']} {r.values['title']}"[:200],
            None,
            {**r.values, "owners": r.owner_ids},
        )
        for r in new_records
    ]
    changes += [Change.of("patent.import_update", p, b, {**snapshot(p), "owners": o}) for p, b, o in to_update]
    record_many(actor=actor, changes=changes)
    result.created, result.updated = len(new_records), len(to_update)
    return result


def _current_owners(patent_ids: list[int]) -> dict[int, list[int]]:
    owners: dict[int, list[int]] = {}
    through = Patent.owners.through
    for start in range(0, len(patent_ids), 900):
        for patent_id, enterprise_id in through.objects.filter(
            patent_id__in=patent_ids[start : start + 900]
        ).values_list("patent_id", "enterprise_id"):
            owners.setdefault(patent_id, []).append(enterprise_id)
    return {k: sorted(v) for k, v in owners.items()}
