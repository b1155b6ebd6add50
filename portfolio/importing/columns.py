"""Column specifications shared by the patent and trademark importers: which headers a
column may have (Chinese first, English accepted), whether it is required, and how its text
is parsed, with a message that says what to fix."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

TRUE_WORDS = {"是", "y", "yes", "true", "1", "有"}
FALSE_WORDS = {"否", "n", "no", "false", "0", "无", ""}


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # the template's header (Chinese)
    aliases: tuple[str, ...] = ()
    required: bool = False
    parse: Callable[[str], Any] = str
    example: str = ""

    def headers(self) -> set[str]:
        return {self.header, self.key, *self.aliases}


@dataclass
class RowError:
    row: int
    column: str
    value: str
    message: str


@dataclass
class ParsedRow:
    row: int
    values: dict[str, Any] = field(default_factory=dict)


def parse_date(text: str) -> dt.date:
    cleaned = text.strip().replace("/", "-").replace(".", "-").replace("年", "-").replace("月", "-").rstrip("日")
    try:
        return dt.date.fromisoformat(cleaned if len(cleaned) == 10 else _pad_date(cleaned))
    except ValueError:
        raise ValidationError(_("Not a date: write it as 2023-05-17.")) from None


def _pad_date(text: str) -> str:
    parts = text.split("-")
    if len(parts) != 3:
        raise ValueError(text)
    return f"{int(parts[0]):04d}-{int(parts[1]):02d}-{int(parts[2]):02d}"


def parse_bool(text: str) -> bool:
    word = text.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValidationError(_("Write 是 or 否 (yes or no)."))


def parse_int(text: str) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        raise ValidationError(_("Write a whole number.")) from None
    if value < 0:
        raise ValidationError(_("Write a whole number of 0 or more."))
    return value


def parse_list(text: str) -> list[str]:
    """'A61K 31/00; A61P 35/00' -> ['A61K 31/00', 'A61P 35/00'] (; ； , ， and line breaks)."""
    for sep in ("；", "，", ",", "\n"):
        text = text.replace(sep, ";")
    return [part.strip() for part in text.split(";") if part.strip()]


def choice_parser(choices: dict[str, str]) -> Callable[[str], str]:
    """Accepts the value or any of its labels (Chinese or English), case-insensitive."""
    lookup = {k.lower(): v for k, v in choices.items()}

    def parse(text: str) -> str:
        value = lookup.get(text.strip().lower())
        if value is None:
            raise ValidationError(
                _("Not one of: %(choices)s.") % {"choices": "、".join(sorted({k for k in choices if not k.isascii()}))}
            )
        return value

    return parse


def map_headers(headers: list[str], columns: list[Column]) -> tuple[dict[str, str], list[str]]:
    """Which file header feeds which column, and the messages for missing required columns."""
    mapping: dict[str, str] = {}
    for column in columns:
        for header in headers:
            if header in column.headers() or header.lower() in {h.lower() for h in column.headers()}:
                mapping[column.key] = header
                break
    missing = [
        _("The file has no column %(header)s: download the template to see the columns.") % {"header": c.header}
        for c in columns
        if c.required and c.key not in mapping
    ]
    return mapping, missing


def parse_rows(
    rows: list[tuple[int, dict[str, str]]],
    columns: list[Column],
    mapping: dict[str, str],
    progress: Callable[[int], None] | None = None,
) -> tuple[list[ParsedRow], list[RowError]]:
    parsed: list[ParsedRow] = []
    errors: list[RowError] = []
    for done, (number, cells) in enumerate(rows, start=1):
        if progress is not None and done % 2000 == 0:
            progress(done)
        row = ParsedRow(row=number)
        for column in columns:
            text = cells.get(mapping.get(column.key, ""), "").strip()
            if not text:
                if column.required:
                    errors.append(RowError(number, column.header, "", _("This column must be filled in.")))
                continue
            try:
                row.values[column.key] = column.parse(text)
            except ValidationError as exc:
                errors.append(RowError(number, column.header, text, " ".join(exc.messages)))
        parsed.append(row)
    return parsed, errors
