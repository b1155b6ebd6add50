"""The trademark importer: columns, row validation and the all-or-nothing write."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.trail import Change, record_many, snapshot
from portfolio.actions import notify_trademarks_changed
from portfolio.choices import MarkKind, TrademarkStatus
from portfolio.importing.columns import (
    Column,
    ParsedRow,
    RowError,
    choice_parser,
    enterprises_by_uscc,
    parse_bool,
    parse_date,
    parse_list,
    parse_rows,
)
from portfolio.importing.patents import WriteResult
from portfolio.models import Trademark, TrademarkGoods
from refdata import lookups

STATUSES = {
    "申请中": TrademarkStatus.APPLIED,
    "applied": TrademarkStatus.APPLIED,
    "已注册": TrademarkStatus.REGISTERED,
    "注册": TrademarkStatus.REGISTERED,
    "registered": TrademarkStatus.REGISTERED,
    "已到期": TrademarkStatus.EXPIRED,
    "expired": TrademarkStatus.EXPIRED,
    "已注销": TrademarkStatus.CANCELLED,
    "cancelled": TrademarkStatus.CANCELLED,
    "已无效": TrademarkStatus.INVALIDATED,
    "invalidated": TrademarkStatus.INVALIDATED,
    "驳回": TrademarkStatus.REJECTED,
    "rejected": TrademarkStatus.REJECTED,
}
KINDS = {
    "普通": MarkKind.ORDINARY,
    "普通商标": MarkKind.ORDINARY,
    "ordinary": MarkKind.ORDINARY,
    "集体": MarkKind.COLLECTIVE,
    "集体商标": MarkKind.COLLECTIVE,
    "collective": MarkKind.COLLECTIVE,
    "证明": MarkKind.CERTIFICATION,
    "证明商标": MarkKind.CERTIFICATION,
    "certification": MarkKind.CERTIFICATION,
}


def _number(text: str) -> str:
    number = text.strip().upper().replace(" ", "")
    if not number.isalnum() or len(number) > 20:
        raise ValidationError(_("A trademark number is letters and digits only, e.g. 12345678."))
    return number


def _groups(text: str) -> list[str]:
    groups, problems = [], []
    for code in parse_list(text):
        code = code.zfill(4)
        try:
            lookups.validate_group(code)
        except ValidationError:
            problems.append(code)
            continue
        groups.append(code)
    if problems:
        raise ValidationError(
            _("Not a similar-goods group: %(codes)s. Write 4-digit group codes such as 3301.")
            % {"codes": "、".join(problems)}
        )
    return groups


def _classes(text: str) -> list[int]:
    classes = []
    for part in parse_list(text):
        try:
            number = int(part.removeprefix("第").removesuffix("类"))
            lookups.validate_nice_class(number)
        except (ValueError, ValidationError):
            raise ValidationError(_("Nice classes are numbers from 1 to 45, e.g. 33;35.")) from None
        classes.append(number)
    return classes


COLUMNS: list[Column] = [
    Column("number", "注册号/申请号", ("number", "注册号", "申请号", "申请/注册号"), True, _number, "12345678"),
    Column("mark_text", "商标", ("mark", "商标名称"), True, str, "芝罘湾"),
    Column("kind", "商标类型", ("kind",), False, choice_parser(KINDS), "普通商标"),
    Column("owner", "权利人统一社会信用代码", ("owner uscc", "owner"), True, lambda t: t.strip().upper(), ""),
    Column("classes", "国际分类", ("nice classes", "类别", "国际分类号", "国际类别"), False, _classes, "33"),
    Column("groups", "类似群", ("groups", "similar-goods groups"), True, _groups, "3301"),
    Column("items", "指定商品/服务", ("items", "goods"), False, parse_list, "葡萄酒;白兰地"),
    Column("filing_date", "申请日", ("filing date", "申请日期"), True, parse_date, "2015-03-02"),
    Column("registration_date", "注册日", ("registration date", "注册日期"), False, parse_date, "2016-05-07"),
    Column(
        "preliminary_publication_date",
        "初审公告日期",
        ("初审公告日", "preliminary publication date"),
        False,
        parse_date,
        "",
    ),
    Column(
        "registration_publication_date",
        "注册公告日期",
        ("注册公告日", "registration publication date"),
        False,
        parse_date,
        "",
    ),
    Column("status", "商标状态", ("status", "当前状态", "商标流程状态"), True, choice_parser(STATUSES), "已注册"),
    Column("is_well_known", "驰名商标", ("well-known",), False, parse_bool, "否"),
    Column("well_known_since", "驰名认定日期", ("well-known since",), False, parse_date, ""),
]
FIELDS = [
    "mark_text",
    "kind",
    "owner_id",
    "filing_date",
    "registration_date",
    "preliminary_publication_date",
    "registration_publication_date",
    "status",
    "is_well_known",
    "well_known_since",
    "expiry_date",
]


@dataclass
class TrademarkRecord:
    row: int
    values: dict[str, Any]
    goods: list[tuple[int, str, str]] = field(default_factory=list)  # (class, group, items)


def import_rows(
    rows: list[tuple[int, list[str]]],
    mapping: dict[str, int],
    *,
    owner_scope: int | None,
    actor,
    progress: Callable[[int], None] | None = None,
) -> tuple[WriteResult | None, list[RowError]]:
    """Check every row, then write only a file without errors; a file of trademarks is small
    enough to go row by row."""
    parsed, errors = parse_rows(rows, COLUMNS, mapping, progress)
    records = validate(parsed, errors, owner_scope)
    if errors:
        return None, errors
    return write(records, actor=actor), errors


def validate(parsed: list[ParsedRow], errors: list[RowError], owner_scope: int | None) -> list[TrademarkRecord]:
    owners = enterprises_by_uscc({row.values["owner"] for row in parsed if row.values.get("owner")})
    # Who holds the marks the file names today: a manager may overwrite only their own
    # enterprise's marks, not take another's by naming its number with their own code.
    held_by = {} if owner_scope is None else _stored_owner_organisations([row.values.get("number") for row in parsed])
    seen: dict[str, int] = {}
    today = dt.date.today()
    records = []
    for row in parsed:
        v = row.values
        number = v.get("number")
        if number:
            if number in seen:
                errors.append(
                    RowError(row.row, "注册号/申请号", number, _("Same number as row %(row)s.") % {"row": seen[number]})
                )
            seen.setdefault(number, row.row)
            if number in held_by and held_by[number] != owner_scope:
                errors.append(
                    RowError(
                        row.row,
                        "注册号/申请号",
                        number,
                        _("Another enterprise holds this trademark: you may import only your own enterprise's."),
                    )
                )
        owner = owners.get(v.get("owner", ""))
        if v.get("owner") and owner is None:
            errors.append(
                RowError(
                    row.row,
                    "权利人统一社会信用代码",
                    v["owner"],
                    _("No enterprise with this code in the registry: register it first."),
                )
            )
        elif owner and owner_scope is not None and owner[1] != owner_scope:
            errors.append(
                RowError(
                    row.row,
                    "权利人统一社会信用代码",
                    v["owner"],
                    _("You can import only your own enterprise's trademarks."),
                )
            )
        groups = v.get("groups", [])
        classes = v.get("classes")
        group_classes = {g: lookups.group_class(g) for g in groups}
        if classes is not None:
            stray = [g for g, c in group_classes.items() if c not in classes]
            if stray:
                errors.append(
                    RowError(
                        row.row, "类似群", "、".join(stray), _("These groups are not in the classes given in 国际分类.")
                    )
                )
        filing, registered = v.get("filing_date"), v.get("registration_date")
        if filing and filing > today:
            errors.append(RowError(row.row, "申请日", filing.isoformat(), _("The filing date is in the future.")))
        for key, header in (
            ("preliminary_publication_date", "初审公告日期"),
            ("registration_publication_date", "注册公告日期"),
        ):
            day = v.get(key)
            if filing and day and day < filing:
                errors.append(RowError(row.row, header, day.isoformat(), _("This is before the filing date.")))
        if filing and registered and registered < filing:
            errors.append(RowError(row.row, "注册日", registered.isoformat(), _("This is before the filing date.")))
        if v.get("status") == TrademarkStatus.REGISTERED and not registered:
            errors.append(RowError(row.row, "注册日", "", _("A registered mark needs its registration date.")))
        if v.get("well_known_since") and not v.get("is_well_known"):
            errors.append(RowError(row.row, "驰名商标", "", _("A recognition date is given, so write 是 here.")))
        items = v.get("items", [])
        goods = [(group_classes[g], g, "、".join(items) if i == 0 else "") for i, g in enumerate(groups)]
        values = {
            "number": number,
            "mark_text": v.get("mark_text", ""),
            "kind": v.get("kind", MarkKind.ORDINARY),
            "owner_id": owner[0] if owner else None,
            "filing_date": filing,
            "registration_date": registered,
            "preliminary_publication_date": v.get("preliminary_publication_date"),
            "registration_publication_date": v.get("registration_publication_date"),
            "status": v.get("status"),
            "is_well_known": v.get("is_well_known", False),
            "well_known_since": v.get("well_known_since"),
        }
        values["expiry_date"] = Trademark(registration_date=registered).compute_expiry()
        records.append(TrademarkRecord(row=row.row, values=values, goods=goods))
    return records


def _stored_owner_organisations(numbers: list[str | None]) -> dict[str, int]:
    """For the numbers already stored: the organisation of the mark's current owner."""
    wanted = sorted({n for n in numbers if n})
    held: dict[str, int] = {}
    for start in range(0, len(wanted), 900):
        rows = Trademark.objects.filter(number__in=wanted[start : start + 900]).values_list(
            "number", "owner__organisation_id"
        )
        held.update(rows)
    return held


@transaction.atomic
def write(records: list[TrademarkRecord], *, actor) -> WriteResult:
    result = WriteResult()
    numbers = [r.values["number"] for r in records]
    existing: dict[str, Trademark] = {}
    for start in range(0, len(numbers), 900):
        for stored in Trademark.objects.filter(number__in=numbers[start : start + 900]).prefetch_related("goods"):
            existing[stored.number] = stored
    to_create: list[Trademark] = []
    create_goods: list[Any] = []
    to_update: list[Any] = []
    for record in records:
        mark = existing.get(record.values["number"])
        if mark is None:
            to_create.append(Trademark(**record.values))
            create_goods.append(record.goods)
            continue
        goods_now = [(g.nice_class, g.group_code, g.items) for g in mark.goods.all()]
        changed = any(getattr(mark, k) != val for k, val in record.values.items())
        if not changed and sorted(goods_now) == sorted(record.goods):
            result.unchanged += 1
            continue
        before = {**snapshot(mark), "goods": goods_now}
        for key, val in record.values.items():
            setattr(mark, key, val)
        to_update.append((mark, before, record.goods))
    created = Trademark.objects.bulk_create(to_create, batch_size=2000)
    goods_rows = [
        TrademarkGoods(trademark_id=m.pk, nice_class=c, group_code=g, items=i)
        for m, goods in zip(created, create_goods, strict=True)
        for c, g, i in goods
    ]
    if to_update:
        Trademark.objects.bulk_update([m for m, _b, _g in to_update], FIELDS, batch_size=1000)
        TrademarkGoods.objects.filter(trademark_id__in=[m.pk for m, _b, _g in to_update]).delete()
        goods_rows += [
            TrademarkGoods(trademark_id=m.pk, nice_class=c, group_code=g, items=i)
            for m, _b, goods in to_update
            for c, g, i in goods
        ]
    TrademarkGoods.objects.bulk_create(goods_rows, batch_size=5000)
    changes = [
        Change.of("trademark.import", m, None, {**snapshot(m), "goods": g})
        for m, g in zip(created, create_goods, strict=True)
    ]
    changes += [Change.of("trademark.import_update", m, b, {**snapshot(m), "goods": g}) for m, b, g in to_update]
    record_many(actor=actor, changes=changes)
    notify_trademarks_changed([m.pk for m in created] + [m.pk for m, _b, _g in to_update])
    result.created, result.updated = len(created), len(to_update)
    return result
