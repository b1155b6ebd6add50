"""Readers for the reference data files shipped in ``refdata/data`` (see refdata/README.md).

The big files are shipped xz-compressed (``ipc_zh_2026_01.csv.xz``); every reader takes either
the plain file or its ``.xz`` twin, so an office that loads a newer edition (``REFDATA_SOURCE``)
may lay out plain files in the same folders.

Plain Python, no Django: each reader turns one upstream file into simple tuples, and the
parsers for the free-text parts (the 注 notes of the similar-goods table, the SQL LIKE patterns
of the technology concordance) are tested on their own. `refdata.loading` writes the result to
the database.
"""

from __future__ import annotations

import csv
import io
import json
import lzma
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

IPC_FILE = Path("ipc_zh_cr_zl_v2") / "ipc_zh_2026_01.csv"
NICE_CLASSES_FILE = Path("cn_similar_goods_lanbing") / "classes.csv"
GROUPS_FILE = Path("cn_similar_goods_lanbing") / "groups.csv"
ITEMS_FILE = Path("cn_similar_goods_lanbing") / "items.csv"
NICE_EN_FILE = Path("nice_kylemcdonald") / "classes.json"
TECH_FILE = Path("patentsview_ipc_technology") / "ipc_technology.csv"

REQUIRED_FILES = (IPC_FILE, NICE_CLASSES_FILE, GROUPS_FILE, ITEMS_FILE, NICE_EN_FILE, TECH_FILE)

# The copies shipped with the product, and the real patent samples the tests and benchmarks use.
SHIPPED = Path(__file__).resolve().parent / "data"
SAMPLES = SHIPPED / "samples"


class IpcRow(NamedTuple):
    code: str
    level: str
    title_zh: str
    parent_code: str


class NiceClassRow(NamedTuple):
    number: int
    name_zh: str
    heading_zh: str
    notes_zh: str
    heading_en: str


class GroupRow(NamedTuple):
    code: str
    nice_class: int
    title_zh: str
    notes: str
    similar: dict[str, list[str]]  # related group code -> the note clauses that say so


class ItemRow(NamedTuple):
    group_code: str
    part: str
    item_code: str
    name_zh: str
    cn_only: bool


class TechPatternRow(NamedTuple):
    field_number: int
    sector_en: str
    field_en: str
    pattern: str
    subclass: str
    main_group: int | None


def _located(path: Path) -> Path | None:
    """The file itself, else its xz-compressed twin, else None."""
    if path.is_file():
        return path
    packed = path.with_name(path.name + ".xz")
    return packed if packed.is_file() else None


def missing_files(source: Path) -> list[Path]:
    return [source / name for name in REQUIRED_FILES if _located(source / name) is None]


def open_text(path: Path, encoding: str = "utf-8") -> io.TextIOBase:
    """Open a reference file (or its ``.xz`` twin) for reading text."""
    found = _located(path)
    if found is None:
        raise FileNotFoundError(path)
    if found.suffix == ".xz":
        return io.TextIOWrapper(lzma.open(found, "rb"), encoding=encoding, newline="")
    return open(found, encoding=encoding, newline="")


def _rows(path: Path) -> Iterator[dict[str, str]]:
    # utf-8-sig: the concordance file starts with a byte-order mark.
    with open_text(path, encoding="utf-8-sig") as fh:
        yield from csv.DictReader(fh)


# The Chinese IPC titles were extracted from CNIPA's PDF edition, and the extraction left marks
# of the page layout in the text: a space wherever a title wrapped onto a new line ("口 香糖"),
# the character 一 lost before 般 where it began a line ("； 般燃烧发动机" for "；一般燃烧发动机"),
# and a backslash before some brackets ("\\〔4…\\〕"). The few private-use glyphs (symbols the PDF
# font drew itself, eleven titles) are left: what they stood for cannot be read back from the
# file, and a guess would change a chemical formula. The shipped file stays as its
# source published it (refdata/README.md), so the titles are cleaned here, as they are loaded.
_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_SPACE_BY_CJK = re.compile(f"(?<=[{_CJK}])\\s+|\\s+(?=[{_CJK}])")
_LOST_YI = re.compile(f"(^|(?<=[^一{_CJK}])|(?<=[；，、：（。]))般|(?<=[的])般(?=[^若])")


def clean_ipc_title(title: str) -> str:
    """An IPC title without the PDF extraction's stray spaces and backslashes, with 一般 made whole."""
    text = title.replace("\\〔", "〔").replace("\\〕", "〕")
    text = _SPACE_BY_CJK.sub("", text.strip())
    return _LOST_YI.sub("一般", text)


def read_ipc(source: Path) -> Iterator[IpcRow]:
    """Every IPC entry, its title cleaned of the PDF extraction's marks (``clean_ipc_title``)."""
    for row in _rows(source / IPC_FILE):
        yield IpcRow(row["code"], row["level"], clean_ipc_title(row["title_zh"]), row["parent_code"])


def read_nice_classes(source: Path) -> list[NiceClassRow]:
    """The 45 classes with the Chinese heading and notes of the 区分表 and the English heading
    of NCL 13-2026 (matched by class number)."""
    with open_text(source / NICE_EN_FILE) as fh:
        english = {int(entry["number"]): entry["heading"] for entry in json.load(fh)}
    return [
        NiceClassRow(
            number=int(row["class_no"]),
            name_zh=row["class_name"],
            heading_zh=row["heading"],
            notes_zh=row["notes"],
            heading_en=english.get(int(row["class_no"]), ""),
        )
        for row in _rows(source / NICE_CLASSES_FILE)
    ]


def read_groups(source: Path) -> list[GroupRow]:
    """The 491 similar-goods groups, with their 注 notes and the groups those notes call similar."""
    rows = list(_rows(source / GROUPS_FILE))
    known = {row["group_code"] for row in rows}
    groups = []
    for row in rows:
        code = row["group_code"]
        notes = extract_notes(row["raw_content"])
        similar: dict[str, list[str]] = {}
        for clause in (clause for note in notes for clause in split_clauses(note)):
            for other in similar_groups_in_clause(clause):
                if other in known and other != code:
                    similar.setdefault(other, [])
                    if clause not in similar[other]:
                        similar[other].append(clause)
        groups.append(GroupRow(code, int(row["class_no"]), row["group_title"], "\n".join(notes), similar))
    return groups


def read_items(source: Path) -> Iterator[ItemRow]:
    for row in _rows(source / ITEMS_FILE):
        yield ItemRow(row["group_code"], row["part"], row["item_code"], row["item_name_zh"], row["cn_only_item"] == "1")


def read_tech_patterns(source: Path) -> list[TechPatternRow]:
    out = []
    for row in _rows(source / TECH_FILE):
        subclass, main_group = parse_tech_pattern(row["IPC_code"])
        out.append(
            TechPatternRow(
                int(row["Field_number"]), row["Sector_en"], row["Field_en"], row["IPC_code"], subclass, main_group
            )
        )
    return out


# --- the concordance's SQL LIKE patterns -------------------------------------------------------

_SUBCLASS_PATTERN = re.compile(r"([A-H]\d\d[A-Z])%")
_MAIN_GROUP_PATTERN = re.compile(r"([A-H]\d\d[A-Z])\s*(\d{1,4})/%")


def parse_tech_pattern(pattern: str) -> tuple[str, int | None]:
    """`F21H%` is a whole subclass: ("F21H", None). `A61K  31/%` is one main group with all its
    subgroups: ("A61K", 31). The file pads main groups to the fixed-width form (`H04N   3/%`);
    reading the number as an integer keeps `A61K 1/%` from matching A61K 101/00, which a
    prefix match on the unpadded string would not guarantee."""
    text = pattern.strip()
    if match := _SUBCLASS_PATTERN.fullmatch(text):
        return match[1], None
    if match := _MAIN_GROUP_PATTERN.fullmatch(text):
        return match[1], int(match[2])
    raise ValueError(f"unexpected IPC pattern in the technology concordance: {pattern!r}")


# --- the 注 notes of the similar-goods table ----------------------------------------------------

_NOTE_START = re.compile(r"注[：:]")
_PART_HEADER = re.compile(r"\s*\([一二三四五六七八九十]+\)")
_NUMBERED = re.compile(r"\s*\d+\.")
# An item line lists goods with their codes: 氨*010061,无水氨010066,※液体二氧化硫C010001
_ITEM_CODE = re.compile(r"(?<![0-9])C?\d{6}(?![0-9])")


def extract_notes(raw_content: str) -> list[str]:
    """The 注 notes of a group's content, one string per note block, in order.

    A note starts at 注： (sometimes at the end of an item line) and runs over the numbered
    lines after it; a line that opens a new part "(二)…" or lists item codes ends it. Lines
    that are neither are the note's own text wrapped onto a new line and stay with it."""
    notes: list[str] = []
    current: list[str] | None = None
    for line in raw_content.splitlines():
        start = _NOTE_START.search(line)
        if start:
            if current:
                notes.append("".join(current))
            current = [line[start.end() :].strip()]
        elif current is not None and (_PART_HEADER.match(line) or _ITEM_CODE.search(line)):
            notes.append("".join(current))
            current = None
        elif current is not None:
            current.append(("\n" if _NUMBERED.match(line) else "") + line.strip())
    if current:
        notes.append("".join(current))
    return [note for note in notes if note]


_CLAUSE_END = re.compile(r"[；;。\n]|(?=(?<![\d.])\d{1,2}\.[^\d])")
_GROUP_CODE = re.compile(r"(?<![0-9A-Za-z])\d{4}(?![0-9])")
_OLD_EDITION = re.compile(r"第[一二三四五六七八九十]+版")


def split_clauses(note: str) -> list[str]:
    """Cut a note at 。/；/line ends and at numbering ("…类似;5.材料…"), dropping the numbers."""
    clauses = []
    for piece in _CLAUSE_END.split(note):
        piece = re.sub(r"^\s*\d{1,2}\.", "", piece).strip(" ,，:：")
        if piece:
            clauses.append(piece)
    return clauses


def similar_groups_in_clause(clause: str) -> list[str]:
    """The group codes one clause calls similar ("X与0202二氧化钛(颜料)类似"), in order.

    Only "与 … 类似" counts. "与第十版及以前版本0104…交叉检索" (cross-search with old editions
    of the table) does not, nor "不类似", "跨类似群保护商品" (goods listed in several groups)
    or "本类似群" (which names the group itself)."""
    text = unicodedata.normalize("NFKC", clause)
    found: list[str] = []
    # Each piece of text before a "类似" (not 不类似, not 类似群) is a candidate; the similar
    # groups are named after the first 与 in it (an item name may itself contain 与), and
    # after the last 交叉检索 if an old-edition clause comes first in the same piece.
    start = 0
    for match in re.finditer("类似", text):
        piece, start = text[start : match.start()], match.end()
        if piece.endswith("不") or text.startswith("群", match.end()):
            continue
        if "交叉检索" in piece:
            piece = piece.rsplit("交叉检索", 1)[1]
        if "与" not in piece:
            continue
        target = piece.split("与", 1)[1]
        if _OLD_EDITION.search(target):
            continue  # similar to an old edition's goods, not to a current group
        for code in _GROUP_CODE.findall(target):
            if code not in found:
                found.append(code)
    return found
