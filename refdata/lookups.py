"""Look-ups and validators over the reference tables, for forms, actions and the API.

Validators raise `django.core.exceptions.ValidationError` with a translated message that names
the code and says what to fix, and return the normalised value on success (Django ignores a
validator's return value, so they still work in a field's `validators=[...]`).

Caching, per process: the small tables (45 classes, 491 groups, 12,266 items, 763 concordance
lines) are read whole on first use; IPC entries (77,242) are fetched one by one and only the
ones found are kept. Nothing is cached while a table is empty, so a worker that started before
`load_refdata` ran sees the data once it is there; `clear_cache()` (called by the loader)
forgets everything. An empty table raises `RefdataNotLoaded` rather than calling every code wrong.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple, TypeVar

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from refdata.choices import IpcLevel
from refdata.models import GoodsGroup, GoodsGroupRelation, GoodsItem, IpcEntry, NiceClass, TechFieldPattern

T = TypeVar("T")


class RefdataNotLoaded(ImproperlyConfigured):
    """A reference table is empty: the data was never loaded into this database."""

    def __init__(self, table: str) -> None:
        super().__init__(f"the reference table {table} is empty: run `python manage.py load_refdata`")


class IpcNode(NamedTuple):
    """One IPC entry as the look-ups return it (a plain tuple, safe to cache and share)."""

    code: str
    level: str
    title_zh: str
    parent_code: str


_tables: dict[str, Any] = {}
_ipc_found: dict[str, IpcNode] = {}


def clear_cache() -> None:
    """Forget everything read from the reference tables (after a reload, or between tests)."""
    _tables.clear()
    _ipc_found.clear()


def _table(name: str, build: Callable[[], T]) -> T:
    if name not in _tables:
        value = build()
        if not value:
            raise RefdataNotLoaded(name)
        _tables[name] = value
    return _tables[name]


def _clean(value: object) -> str:
    """Full-width letters, digits, slashes and spaces (typed with a Chinese input method) become
    their ASCII forms; surrounding space goes."""
    return unicodedata.normalize("NFKC", str(value)).strip()


# --- IPC ------------------------------------------------------------------------------------

_IPC_SHAPES = (
    (re.compile(r"[A-H]"), IpcLevel.SECTION),
    (re.compile(r"[A-H]\d\d"), IpcLevel.CLASS),
    (re.compile(r"[A-H]\d\d[A-Z]"), IpcLevel.SUBCLASS),
)
_IPC_GROUP = re.compile(r"([A-H]\d\d[A-Z])(\d{1,4})(?:/(\d{1,6}))?")
# The fixed-width form of patent data files: subclass, main group in 4 digits, subgroup in 6.
_IPC_FIXED = re.compile(r"([A-H]\d\d[A-Z])(\d{4})(\d{6})")
_IPC_VERSION = re.compile(r"\(\d{4}\.\d{2}\)$")  # "A61K 31/00 (2006.01)"


def _ipc_format_error(code: object) -> ValidationError:
    return ValidationError(
        _(
            "%(code)s is not an IPC symbol: write it as section letter, class digits, subclass letter "
            "and group, like A61K 31/00."
        )
        % {"code": str(code).strip() or "''"},
        code="ipc_format",
    )


def normalise_ipc(code: str) -> str:
    """The IPC symbol in the table's form: "A61K 31/00", "a61k31/00", "Ａ６１Ｋ　31／00",
    "A61K 31/00 (2006.01)" and the fixed-width "A61K0031000000" all become "A61K31/00";
    "A61K 31" is taken as the main group "A61K31/00". Checks the shape only (see validate_ipc)."""
    text = re.sub(r"\s+", "", _IPC_VERSION.sub("", _clean(code).upper()))
    if match := _IPC_FIXED.fullmatch(text):
        subgroup = match[3].rstrip("0").ljust(2, "0")
        return f"{match[1]}{int(match[2])}/{subgroup}"
    for shape, _level in _IPC_SHAPES:
        if shape.fullmatch(text):
            return text
    if match := _IPC_GROUP.fullmatch(text):
        main = int(match[2])
        if main == 0:
            raise _ipc_format_error(code)
        return f"{match[1]}{main}/{match[3] or '00'}"
    raise _ipc_format_error(code)


def _ipc_entries(codes: list[str]) -> dict[str, IpcNode]:
    wanted = [code for code in codes if code not in _ipc_found]
    if wanted:
        rows = IpcEntry.objects.filter(code__in=wanted).values_list("code", "level", "title_zh", "parent_id")
        for code, level, title, parent in rows:
            _ipc_found[code] = IpcNode(code, level, title, parent or "")
        if any(code not in _ipc_found for code in wanted) and "ipc" not in _tables:
            _table("ipc", IpcEntry.objects.exists)  # raises RefdataNotLoaded on an empty table
    return {code: _ipc_found[code] for code in codes if code in _ipc_found}


def known_ipc(codes: Iterable[str]) -> set[str]:
    """Which of these normalised symbols are IPC entries: one query per 500 unknown symbols,
    for bulk imports (validate_ipc asks one at a time)."""
    wanted = sorted(set(codes))
    known: set[str] = set()
    for start in range(0, len(wanted), 500):
        known.update(_ipc_entries(wanted[start : start + 500]))
    return known


def _ipc_entry(code: str) -> IpcNode:
    symbol = normalise_ipc(code)
    entry = _ipc_entries([symbol]).get(symbol)
    if entry is None:
        raise ValidationError(
            _("%(code)s is not in the IPC (edition 2026.01): check the symbol, or pick it from the classification.")
            % {"code": symbol},
            code="ipc_unknown",
        )
    return entry


def validate_ipc(code: str) -> str:
    """The symbol must be an entry of the Chinese IPC 2026.01 at any level; returns it normalised."""
    return _ipc_entry(code).code


def ipc_title(code: str) -> str:
    """The Chinese title of an IPC entry, exactly as the source has it."""
    return _ipc_entry(code).title_zh


def _ipc_prefix(code: str, level: IpcLevel, length: int) -> str:
    symbol = validate_ipc(code)
    if len(symbol) < length:
        raise ValidationError(
            _("%(code)s is above the %(level)s level of the IPC: give a more specific symbol.")
            % {"code": symbol, "level": str(level.label).lower()},
            code="ipc_level",
        )
    return symbol[:length]


def ipc_section(code: str) -> str:
    """ "A" for any valid symbol under section A."""
    return _ipc_prefix(code, IpcLevel.SECTION, 1)


def ipc_class(code: str) -> str:
    """ "A61" for A61K31/00; raises for a bare section."""
    return _ipc_prefix(code, IpcLevel.CLASS, 3)


def ipc_subclass(code: str) -> str:
    """ "A61K" for A61K31/00; raises for a section or class."""
    return _ipc_prefix(code, IpcLevel.SUBCLASS, 4)


def ipc_path(code: str) -> list[IpcNode]:
    """The chain from the section down to the entry itself: A → A61 → A61K → A61K31/00 →
    A61K31/395. A subgroup's parent is its main group (the table has no dot levels)."""
    entry = _ipc_entry(code)
    symbol = entry.code
    ancestors = [symbol[:1], symbol[:3], symbol[:4]]
    if "/" in symbol:
        ancestors.append(symbol.split("/")[0] + "/00")
    found = _ipc_entries(ancestors)
    path = [found[a] for a in dict.fromkeys(ancestors) if a in found and a != symbol]
    return [*path, entry]


# --- Nice classes and the similar-goods table --------------------------------------------------


def _nice_classes() -> dict[int, tuple[str, str, str]]:
    def build() -> dict[int, tuple[str, str, str]]:
        rows = NiceClass.objects.values_list("number", "name_zh", "heading_zh", "heading_en")
        return {number: (name, heading_zh, heading_en) for number, name, heading_zh, heading_en in rows}

    return _table("nice_classes", build)


def validate_nice_class(value: int | str) -> int:
    """A Nice class from 1 to 45, given as 5, "05", "５" or "第五类"; returns its number."""
    text = _clean(value)
    classes = _nice_classes()
    number = int(text) if text.isdigit() else next((n for n, row in classes.items() if row[0] == text), None)
    if number is None or number not in classes:
        raise ValidationError(
            _("%(value)s is not a Nice class: enter a class number from 1 to 45.") % {"value": text or "''"},
            code="nice_class",
        )
    return number


def nice_class_name(value: int | str) -> str:
    """The Chinese name of the class, e.g. 第一类."""
    return _nice_classes()[validate_nice_class(value)][0]


def nice_class_heading(value: int | str) -> str:
    """The class heading in the active language: English (NCL 13-2026) when the page is in
    English, else the Chinese heading of the 区分表."""
    _name, heading_zh, heading_en = _nice_classes()[validate_nice_class(value)]
    if (get_language() or "").startswith("en") and heading_en:
        return heading_en
    return heading_zh


def nice_class_choices() -> list[tuple[int, str]]:
    """(number, "第一类") pairs for a form's select."""
    return [(number, row[0]) for number, row in sorted(_nice_classes().items())]


def _groups() -> dict[str, tuple[int, str]]:
    return _table(
        "goods_groups",
        lambda: {
            code: (nice, title)
            for code, nice, title in GoodsGroup.objects.values_list("code", "nice_class", "title_zh")
        },
    )


def validate_group(code: str | int) -> str:
    """A similar group of the Chinese table ("0101"; 101 and "101" are read as 0101); returns the code."""
    text = _clean(code)
    group = text.zfill(4) if text.isdigit() and len(text) <= 4 else text
    if group not in _groups():
        raise ValidationError(
            _(
                "%(code)s is not a similar group of the Chinese table: a group code has four digits, "
                "the class and the group number, like 0101."
            )
            % {"code": text or "''"},
            code="goods_group",
        )
    return group


def group_class(code: str | int) -> int:
    """The Nice class a group belongs to: 1 for 0101."""
    return _groups()[validate_group(code)][0]


def group_title(code: str | int) -> str:
    return _groups()[validate_group(code)][1]


def validate_group_in_class(group: str | int, nice: int | str) -> str:
    """The group must exist and belong to the given class; returns the group code."""
    code = validate_group(group)
    number = validate_nice_class(nice)
    actual = _groups()[code][0]
    if actual != number:
        raise ValidationError(
            _("Group %(group)s belongs to class %(actual)d, not class %(nice)d: pick a group of class %(nice)d.")
            % {"group": code, "actual": actual, "nice": number},
            code="group_class",
        )
    return code


def _relations() -> dict[str, frozenset[str]]:
    if "goods_relations" not in _tables:
        _groups()  # an empty group table raises here; an empty relation table is possible data
        related: dict[str, set[str]] = {}
        for group, other in GoodsGroupRelation.objects.values_list("group", "related_group"):
            related.setdefault(group, set()).add(other)
            related.setdefault(other, set()).add(group)
        _tables["goods_relations"] = {code: frozenset(others) for code, others in related.items()}
    return _tables["goods_relations"]


def related_groups(group: str | int) -> set[str]:
    """The other groups the table's notes call similar to (some goods of) this one, read in
    both directions. Usually only some items are meant: GoodsGroupRelation.note says which."""
    return set(_relations().get(validate_group(group), ()))


_ITEM_CODE = re.compile(r"C?\d{6}")


def _items() -> dict[str, frozenset[str]]:
    def build() -> dict[str, frozenset[str]]:
        groups: dict[str, set[str]] = {}
        for item_code, group in GoodsItem.objects.values_list("item_code", "group"):
            groups.setdefault(item_code, set()).add(group)
        return {code: frozenset(found) for code, found in groups.items()}

    return _table("goods_items", build)


def validate_item(item_code: str, group: str | int | None = None) -> str:
    """An item code of the similar-goods table (6-digit Nice basic number, or C + 6 digits for
    items only the Chinese table lists), optionally required to be listed in `group`.
    Returns the normalised code."""
    code = _clean(item_code).upper()
    if not _ITEM_CODE.fullmatch(code):
        raise ValidationError(
            _(
                "%(code)s is not an item code: it is six digits (the Nice basic number, like 010061), "
                "or C and six digits for items only the Chinese table lists."
            )
            % {"code": code or "''"},
            code="item_format",
        )
    groups = _items().get(code)
    if not groups:
        raise ValidationError(
            _("%(code)s is not an item of the similar goods table: pick the item from the table.") % {"code": code},
            code="item_unknown",
        )
    if group is not None:
        wanted = validate_group(group)
        if wanted not in groups:
            raise ValidationError(
                _("Item %(code)s is listed in group %(groups)s, not in group %(group)s: change the group or the item.")
                % {"code": code, "groups": ", ".join(sorted(groups)), "group": wanted},
                code="item_group",
            )
    return code


# --- WIPO technology fields ---------------------------------------------------------------------


def _concordance() -> tuple[dict[str, int], dict[tuple[str, int], int]]:
    def build() -> tuple[dict[str, int], dict[tuple[str, int], int]]:
        by_subclass: dict[str, int] = {}
        by_main_group: dict[tuple[str, int], int] = {}
        for subclass, main_group, field in TechFieldPattern.objects.values_list("subclass", "main_group", "field"):
            if main_group is None:
                by_subclass[subclass] = field
            else:
                by_main_group[(subclass, main_group)] = field
        return by_subclass, by_main_group

    return _table("tech_patterns", build)


def tech_fields_for_ipc(code: str) -> list[int]:
    """WIPO technology field numbers (1–35) for an IPC symbol, by the concordance.

    The concordance gives each subclass one field, except subclasses it splits by main group
    (A61K 8/ is Organic fine chemistry, the other A61K groups Pharmaceuticals; H04N, G01N,
    B01D, C13B and E01F likewise). A main-group line is more specific and wins over a
    subclass line, so a group or subgroup symbol gets at most one field. A subclass that is
    split gets every field of its main-group lines; a class or section every field under it.
    The symbol only has to be well formed, not in the Chinese table, so symbols from older
    IPC editions in patent data still map. Main groups the concordance does not list (newer
    than it, e.g. A61K40/00) and subclasses it lacks (e.g. the H10 subclasses, G06V) get [].
    """
    symbol = normalise_ipc(code)
    by_subclass, by_main_group = _concordance()
    if "/" in symbol:
        subclass, main = symbol[:4], int(symbol[4:].split("/")[0])
        field = by_main_group.get((subclass, main), by_subclass.get(subclass))
        return [field] if field is not None else []
    fields = {field for subclass, field in by_subclass.items() if subclass.startswith(symbol)}
    fields |= {field for (subclass, _main), field in by_main_group.items() if subclass.startswith(symbol)}
    return sorted(fields)
