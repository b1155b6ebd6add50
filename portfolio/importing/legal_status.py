"""Lists of legal-status changes (法律状态变更) as the patent databases export them: one row
per published event — grant, lapse for non-payment of annuities, restoration, transfer,
licence, pledge, invalidation… — with the patent's application number and the event's date.

Each event is kept (``PatentStatusEvent``), so a patent's status on any past day is known; a
patent's current status becomes the status after its latest status-changing event. Same
all-or-nothing checking as the other imports; importing a list again adds nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from audit.trail import Change, record_many, snapshot
from portfolio.importing.columns import Column, RowError, parse_date, parse_rows
from portfolio.importing.owners import split_names
from portfolio.importing.ownership import apply_transfers, new_owners_in
from portfolio.importing.patents import WriteResult, _application_number
from portfolio.models import STATUS_AFTER, ImportJob, Patent, PatentStatusEvent, StatusEventKind

COLUMNS: list[Column] = [
    Column("application_number", "申请号", ("专利申请号", "application number"), True, _application_number),
    Column(
        "day",
        "法律状态公告日",
        ("法律状态日", "法律状态日期", "法律状态生效日", "生效日", "公告日", "事件日期", "date"),
        True,
        parse_date,
    ),
    Column("text", "法律状态", ("法律状态信息", "法律状态变更", "法律事件", "事件", "legal status"), True, str),
    Column("detail", "详细信息", ("法律状态详情", "详情", "变更内容", "描述", "details"), False, str),
    # A transfer's new owners, where the list has a column of their own (else read from the details).
    Column(
        "new_owners",
        "变更后权利人",
        ("新权利人", "受让人", "变更后专利权人", "变更后申请人", "new owners", "assignee"),
        False,
        str,
    ),
]

# Words of the published legal status, checked in this order (a restoration names the lapse
# it undoes; a pledge's release names the pledge).
_KINDS: list[tuple[tuple[str, ...], str]] = [
    (("恢复",), StatusEventKind.RESTORATION),
    (("未缴年费", "年费终止"), StatusEventKind.LAPSE),
    (("期限届满", "届满"), StatusEventKind.EXPIRY),
    (("部分无效",), StatusEventKind.PARTIAL_INVALIDATION),
    (("无效",), StatusEventKind.INVALIDATION),
    (("质押",), StatusEventKind.PLEDGE),
    (("许可",), StatusEventKind.LICENCE),
    (("转移", "转让", "权利人的变更", "专利权人的变更"), StatusEventKind.TRANSFER),
    (("撤回",), StatusEventKind.WITHDRAWAL),
    (("授权",), StatusEventKind.GRANT),
]
_RELEASE = ("解除", "注销")


def event_kind(text: str) -> str:
    """The kind of event a published legal status names; OTHER when none fits (kept, with no
    effect on the status)."""
    for words, kind in _KINDS:
        if any(word in text for word in words):
            if kind == StatusEventKind.PLEDGE and any(word in text for word in _RELEASE):
                return StatusEventKind.PLEDGE_RELEASE
            return kind
    return StatusEventKind.OTHER


def import_rows(
    rows: list[tuple[int, list[str]]],
    mapping: dict[str, int],
    *,
    actor: Any,
    progress: Callable[[int], None] | None = None,
    job: ImportJob | None = None,
    source: tuple[str, dt.date | None] | None = None,
) -> tuple[WriteResult | None, list[RowError], int]:
    """Check and write the list's events; returns the counts (None if any row is bad), the
    errors, and how many new owners of transfers now wait on the matching queue."""
    parsed, errors = parse_rows(rows, COLUMNS, mapping, progress)
    numbers = {p.values["application_number"] for p in parsed if "application_number" in p.values}
    patents = _patents(numbers)
    today = dt.date.today()
    events: list[PatentStatusEvent] = []
    seen: set[tuple[Any, ...]] = set()
    for row in parsed:
        values = row.values
        number, day = values.get("application_number"), values.get("day")
        patent = patents.get(number) if number else None
        if number and patent is None:
            message = _("No patent with this number in the portfolio: import the patent first.")
            errors.append(RowError(row.row, "申请号", number, message))
        if day and day > today:
            errors.append(RowError(row.row, "法律状态公告日", day.isoformat(), _("This date is in the future.")))
        if patent is None or not day or "text" not in values:
            continue
        kind = event_kind(values["text"])
        detail = values.get("detail", "")[:500]
        new_owners = ""
        if kind == StatusEventKind.TRANSFER:
            new_owners = (";".join(split_names(values.get("new_owners", ""))) or new_owners_in(detail))[:500]
        key = (patent.pk, day, kind, detail)
        if key in seen:
            continue
        seen.add(key)
        events.append(
            PatentStatusEvent(
                patent=patent,
                day=day,
                kind=kind,
                status_after=STATUS_AFTER.get(kind, ""),  # type: ignore[call-overload]  # kind is one of StatusEventKind's values
                text=values["text"][:200],
                detail=detail,
                new_owners=new_owners,
                source=source[0][:200] if source else "",
                job=job,
            )
        )
    if errors:
        return None, errors, 0
    with transaction.atomic():
        before = set(
            PatentStatusEvent.objects.filter(patent_id__in=[p.pk for p in patents.values()]).values_list(
                "patent_id", "day", "kind", "detail"
            )
        )
        new = [e for e in events if (e.patent_id, e.day, e.kind, e.detail) not in before]
        PatentStatusEvent.objects.bulk_create(new, batch_size=1000)
        changed = _apply(patents, {e.patent_id for e in new}, actor, source)
        moved, waiting = apply_transfers(new, actor=actor, job=job)
    result = WriteResult(created=len(new), updated=len(changed | moved), unchanged=len(events) - len(new))
    return result, errors, waiting


def _patents(numbers: set[str]) -> dict[str, Patent]:
    found: dict[str, Patent] = {}
    chunk = sorted(numbers)
    for start in range(0, len(chunk), 900):
        for patent in Patent.objects.filter(application_number__in=chunk[start : start + 900]):
            found[patent.application_number] = patent
    return found


def _apply(
    patents: dict[str, Patent], touched: set[int], actor: Any, source: tuple[str, dt.date | None] | None
) -> set[int]:
    """Each patent with new events takes the status after its latest status-changing event
    (and its grant date from a grant event, when it has none); one audit event per patent
    changed."""
    if not touched:
        return set()
    latest: dict[int, PatentStatusEvent] = {}
    grants: dict[int, dt.date] = {}
    for event in PatentStatusEvent.objects.filter(patent_id__in=touched).exclude(status_after="").order_by("day", "pk"):
        latest[event.patent_id] = event
        if event.kind == StatusEventKind.GRANT:
            grants.setdefault(event.patent_id, event.day)
    by_id = {p.pk: p for p in patents.values()}
    changes, updated = [], []
    for pk, event in latest.items():
        patent = by_id[pk]
        old = snapshot(patent)
        patent.status = event.status_after
        if patent.grant_date is None and pk in grants:
            patent.grant_date = grants[pk]
        if source is not None:
            patent.source, patent.source_date = source[0][:200], source[1]
        after = snapshot(patent)
        if after != old:
            changes.append(Change.of("patent.status_import", patent, before=old, after=after))
            updated.append(patent)
    Patent.objects.bulk_update(updated, ["status", "grant_date", "source", "source_date"], batch_size=1000)
    record_many(actor=actor, changes=changes)
    return {p.pk for p in updated}
