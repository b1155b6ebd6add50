"""Import of outside marks (e.g. a national register extract) into the search corpus, by the
same rules as the portfolio importers: CSV (UTF-8, BOM, GBK) or XLSX, every row checked, a file
with one bad row imports nothing and lists every bad row, rows keyed by their number so the
same file imported twice changes nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from core.actions import require
from portfolio.importing.columns import Column, RowError, choice_parser, map_headers, parse_date, parse_rows
from portfolio.importing.readers import ReadLimits, UnreadableFile, read_table
from portfolio.importing.trademarks import STATUSES, _classes, _groups, _number
from refdata import lookups
from similarity.permissions import can_keep_protected_list

COLUMNS: list[Column] = [
    Column("number", "注册号/申请号", ("number", "注册号", "申请号"), True, _number, "12345678"),
    Column("mark_text", "商标", ("mark", "商标名称"), True, str, "芝罘"),
    Column("holder_name", "申请人/权利人", ("holder", "applicant", "申请人", "权利人", "申请人名称"), False, str, ""),
    Column("classes", "国际分类", ("nice classes", "类别", "nice"), False, _classes, "33"),
    Column("groups", "类似群", ("groups", "similar-goods groups"), False, _groups, "3301"),
    Column("filing_date", "申请日", ("filing date", "申请日期"), False, parse_date, "2015-03-02"),
    Column(
        "publication_date",
        "初审公告日",
        ("publication date", "初审公告日期", "公告日期", "初审公告"),
        False,
        parse_date,
        "2026-10-13",
    ),
    Column("status", "商标状态", ("status",), False, choice_parser(STATUSES), "已注册"),
    Column("source", "来源", ("source",), False, str, "国家商标局注册公告"),
]


@dataclass
class CorpusRecord:
    row: int
    values: dict[str, Any]


def validate(parsed, errors: list[RowError], default_source: str) -> list[CorpusRecord]:
    """Cross-column and cross-row checks; adds to ``errors``."""
    seen: dict[str, int] = {}
    bad_goods = {e.row for e in errors if e.column in ("类似群", "国际分类")}
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
        groups = v.get("groups") or []
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
        elif not groups and row.row not in bad_goods:
            errors.append(RowError(row.row, "国际分类", "", _("Give the Nice classes or the similar-goods groups.")))
        all_classes = sorted(set(classes or []) | set(group_classes.values()))
        records.append(
            CorpusRecord(
                row=row.row,
                values={
                    "number": number,
                    "mark_text": v.get("mark_text", "").strip()[:200],
                    "holder_name": v.get("holder_name", "")[:300],
                    "nice_classes": all_classes,
                    "groups": sorted(set(groups)),
                    "filing_date": v.get("filing_date"),
                    "publication_date": v.get("publication_date"),
                    "status": v.get("status", ""),
                    "source": (v.get("source") or default_source)[:100],
                },
            )
        )
    return records


@dataclass
class CorpusOutcome:
    total: int = 0
    file_errors: list[str] = field(default_factory=list)
    row_errors: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    corpus_import: Any = None

    @property
    def ok(self) -> bool:
        return self.corpus_import is not None


def import_corpus_file(
    data: bytes, filename: str, *, actor, source: str = "", limits: ReadLimits | None = None
) -> CorpusOutcome:
    """Read and check the whole file; write it only when every row is good. ``limits``
    default to the upload limits of the settings."""
    from similarity.actions import write_corpus

    require(can_keep_protected_list(actor))
    outcome = CorpusOutcome()
    try:
        table = read_table(data, filename, limits)
    except UnreadableFile as exc:
        outcome.file_errors.append(str(exc))
        return outcome
    outcome.total = len(table.rows)
    mapping, missing = map_headers(table.headers, COLUMNS)
    if missing:
        outcome.file_errors.extend(missing)
        return outcome
    parsed, errors = parse_rows(table.rows, COLUMNS, mapping)
    records = validate(parsed, errors, source or filename)
    if errors:
        outcome.row_errors = sorted(errors, key=lambda e: e.row)
        return outcome
    result = write_corpus(records, actor=actor, file_name=filename, source=source or filename)
    outcome.corpus_import = result
    outcome.created, outcome.updated, outcome.unchanged = (
        result.created_count,
        result.updated_count,
        result.unchanged_count,
    )
    return outcome
