"""Column specifications shared by the patent and trademark importers: which headers a
column may have (Chinese first, English accepted), whether it is required, and how its text
is parsed, with a message that says what to fix."""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
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


@functools.lru_cache(maxsize=65536)
def parse_date(text: str) -> dt.date:
    """A date written 2023-05-17, 2023/5/17, 2023.5.17 or 2023年5月17日. Cached: a file of
    100,000 rows holds a few thousand distinct dates."""
    if len(text) == 10 and text[4] == "-":
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    if len(text) == 8 and text.isdigit():  # 20170721, as the patent databases write dates
        text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
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


def choice_parser(choices: Mapping[str, str]) -> Callable[[str], str]:
    """Accepts the value or any of its labels (Chinese or English), case-insensitive."""
    # Plain strings, not the TextChoices members: they compare equal, and the bulk writer
    # formats an exact str faster than a subclass.
    lookup = {k.lower(): str(v) for k, v in choices.items()}

    def parse(text: str) -> str:
        value = lookup.get(text.strip().lower())
        if value is None:
            raise ValidationError(
                _("Not one of: %(choices)s.") % {"choices": "、".join(sorted({k for k in choices if not k.isascii()}))}
            )
        return value

    return parse


def normalise_header(text: str) -> str:
    """A heading as compared: full-width letters, digits and brackets folded to half-width
    (NFKC: 公开（公告）号 = 公开(公告)号), every space removed, lower-cased; a trailing colon or
    a "*" marking a required column in a template is dropped."""
    folded = unicodedata.normalize("NFKC", text)
    return "".join(folded.split()).rstrip(":*").lower()


def map_headers(headers: list[str], columns: list[Column]) -> tuple[dict[str, int], list[str]]:
    """Which file column (its position) feeds which column, and the messages for missing
    required columns. Headings are compared after ``normalise_header``; the first heading of
    the file that is one of a column's names feeds it."""
    mapping: dict[str, int] = {}
    normalised = [normalise_header(h) for h in headers]
    for column in columns:
        names = {normalise_header(h) for h in column.headers()}
        for position, header in enumerate(normalised):
            if header and header in names:
                mapping[column.key] = position
                break
    missing = [
        _("The file has no column %(header)s: download the template to see the columns.") % {"header": c.header}
        for c in columns
        if c.required and c.key not in mapping
    ]
    return mapping, missing


def used_and_ignored(
    headers: list[str], mapping: dict[str, int], columns: list[Column]
) -> tuple[list[list[str]], list[str]]:
    """For the import's page: each file heading that was read with the column it fed
    ([heading, column]), and the headings that were not read at all."""
    by_position = {position: key for key, position in mapping.items()}
    label = {c.key: c.header for c in columns}
    used = [[headers[p], label[by_position[p]]] for p in sorted(by_position)]
    ignored = [h for p, h in enumerate(headers) if p not in by_position and h.strip()]
    return used, ignored


def parse_rows(
    rows: list[tuple[int, list[str]]],
    columns: list[Column],
    mapping: dict[str, int],
    progress: Callable[[int], None] | None = None,
) -> tuple[list[ParsedRow], list[RowError]]:
    """Parse every cell of every row, collecting every error. This loop runs once per cell of
    a 100,000-row file, so the per-column facts are looked up once, before it; text columns
    (``parse=str``) are taken as they are, without a call."""
    plan = [
        (column.key, mapping[column.key], None if column.parse is str else column.parse, column.required, column.header)
        for column in columns
        if column.key in mapping
    ]
    must_fill = _("This column must be filled in.")
    parsed: list[ParsedRow] = []
    errors: list[RowError] = []
    for done, (number, cells) in enumerate(rows, start=1):
        if progress is not None and done % 2000 == 0:
            progress(done)
        values: dict[str, Any] = {}
        for key, position, parse, required, header in plan:
            text = cells[position].strip()
            if not text:
                if required:
                    errors.append(RowError(number, header, "", must_fill))
                continue
            if parse is None:
                values[key] = text
                continue
            try:
                values[key] = parse(text)
            except ValidationError as exc:
                errors.append(RowError(number, header, text, " ".join(exc.messages)))
        parsed.append(ParsedRow(number, values))
    return parsed, errors


def enterprises_by_uscc(codes: set[str]) -> dict[str, tuple[int, int]]:
    """The registry's enterprises for these codes: code -> (enterprise id, organisation id),
    in chunks that stay under SQLite's parameter limit."""
    from registry.models import Enterprise

    found: dict[str, tuple[int, int]] = {}
    chunk = sorted(codes)
    for start in range(0, len(chunk), 500):
        rows = Enterprise.objects.filter(uscc__in=chunk[start : start + 500]).values_list(
            "pk", "uscc", "organisation_id"
        )
        for pk, uscc, organisation in rows:
            found[uscc] = (pk, organisation)
    return found


def enterprises_of_organisation(organisation_id: int) -> set[int]:
    """The ids of the enterprises an organisation holds (the rights its manager may edit)."""
    from registry.models import Enterprise

    return set(Enterprise.objects.filter(organisation_id=organisation_id).values_list("pk", flat=True))


class _Bad:
    """A cell that failed to parse, with the message for its row."""

    __slots__ = ("message",)

    def __init__(self, message: str) -> None:
        self.message = message


def _parse_distinct(parse: Callable[[str], Any], texts: set[str]) -> tuple[dict[str, Any], bool]:
    """Each text's value (None for an empty cell, ``_Bad`` for a bad one) and whether any is
    bad. One loop without a call per text besides ``parse``: numbers, IPC cells and
    publication numbers are distinct in every row of a database's export."""
    results: dict[str, Any] = {}
    bad = False
    for text in texts:
        if not text:
            results[text] = None
            continue
        try:
            results[text] = parse(text)
        except ValidationError as exc:
            results[text] = _Bad(" ".join(exc.messages))
            bad = True
    return results, bad


_EDGE_SPACE = re.compile(r"\s\x00|\x00\s")


def stripped(cells: Sequence[str]) -> list[str]:
    """The cells without surrounding whitespace (``str.strip``'s, full-width spaces included).
    Most cells of an export have none: one search over the column's text says so, and the
    column is taken as it is instead of stripping 100,000 cells one by one (``\\s`` is the
    same set of characters as ``str.isspace``)."""
    joined = "\x00".join(cells)
    if joined and (joined[0].isspace() or joined[-1].isspace() or _EDGE_SPACE.search(joined)):
        return list(map(str.strip, cells))
    return list(cells)


def pg_array(values: Iterable[str | int]) -> str:
    """An array query parameter spelled as PostgreSQL's array text (cast it in the SQL:
    ``= ANY(%s::text[])``). psycopg adapts a Python list element by element, which took over a
    second for the 100,000 numbers of a file; one string goes as it is."""
    texts = list(map(str, values))
    blob = "".join(texts)
    if '"' in blob or "\\" in blob:
        texts = [t.replace("\\", "\\\\").replace('"', '\\"') for t in texts]
    return '{"' + '","'.join(texts) + '"}' if texts else "{}"


def transpose(cell_rows: list[list[str]]) -> list[tuple[str, ...]]:
    """The rows' cells column by column, transposed in one call (``zip`` in C, not a loop per
    cell: at 100,000 rows the loops cost more than the parsing). The reader gives every row
    the header's width; a row given shorter reads as empty cells."""
    if not cell_rows:
        return []
    width = max(map(len, cell_rows))
    if min(map(len, cell_rows)) != width:
        cell_rows = [[*cells, *[""] * (width - len(cells))] for cells in cell_rows]
    return list(zip(*cell_rows, strict=True))


def parse_columns(
    rows: list[tuple[int, list[str]]],
    columns: list[Column],
    mapping: dict[str, int],
    errors: list[RowError],
    progress: Callable[[int], None] | None = None,
    block: int = 20_000,
) -> dict[str, list[Any]]:
    """``parse_rows`` column by column, for large files: for each column of the file a list
    with one value per row, None where the cell is empty or bad; every bad cell is an error.

    A column of few distinct texts (dates, choices, owners) parses each distinct text once;
    text columns (``parse=str``) are only stripped. Within a row the errors come in column
    order, as ``parse_rows`` gives them once sorted by row."""
    must_fill = _("This column must be filled in.")
    present = [(c, mapping[c.key]) for c in columns if c.key in mapping]
    parsed: dict[str, list[Any]] = {c.key: [] for c, _position in present}
    for start in range(0, len(rows), block):
        chunk = rows[start : start + block]
        numbers = [number for number, _cells in chunk]
        # The block transposed in one call: the file's columns, each a tuple of its cells.
        by_column = transpose([cells for _number, cells in chunk])
        for column, position in present:
            texts = stripped(by_column[position])
            distinct = set(texts)
            if column.parse is str:
                values: list[Any] = [text or None for text in texts] if "" in distinct else texts
                bad = False
            else:
                # Each distinct text once: a file holds few distinct dates, choices and owners.
                results, bad = _parse_distinct(column.parse, distinct)
                values = list(map(results.__getitem__, texts))
            if bad or (column.required and "" in distinct):
                for i, (text, value) in enumerate(zip(texts, values, strict=True)):
                    if type(value) is _Bad:
                        errors.append(RowError(numbers[i], column.header, text, value.message))
                        values[i] = None
                    elif not text and column.required:
                        errors.append(RowError(numbers[i], column.header, "", must_fill))
            parsed[column.key] += values
        if progress is not None:
            progress(start + len(chunk))
    return parsed
