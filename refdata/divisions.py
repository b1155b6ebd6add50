"""GB/T 2260 administrative divisions, down to the street (township), from the National
Bureau of Statistics 2023 codes shipped in refdata/regions, with the codes newer than that list
and the former codes a USCC may still carry (see refdata/README.md)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Division:
    code: str  # 6 digits for province/city/county, 9 for a street
    name: str
    level: str  # province, city, county, street
    parent: str


def _dir() -> Path:
    return Path(settings.REFDATA_DIR) / "regions"


@cache
def divisions() -> dict[str, Division]:
    """Every division keyed by its code; provinces and cities padded to 6 digits."""
    out: dict[str, Division] = {}
    with open(_dir() / "provinces.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            code = row["code"].ljust(6, "0")
            out[code] = Division(code, row["name"], "province", "")
    with open(_dir() / "cities.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            code = row["code"].ljust(6, "0")
            out[code] = Division(code, row["name"], "city", row["provinceCode"].ljust(6, "0"))
    with open(_dir() / "areas.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            out[row["code"]] = Division(row["code"], row["name"], "county", row["cityCode"].ljust(6, "0"))
    with open(_dir() / "streets.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            out[row["code"]] = Division(row["code"], row["name"], "street", row["areaCode"])
    return out


def lookup(code: str) -> Division | None:
    return divisions().get(code)


@dataclass(frozen=True)
class FormerDivision:
    """A code on a Ministry of Civil Affairs list at some time since USCCs began (2015-10) that is
    on neither the 2023 list nor the Ministry's current one: a county since merged, renamed or
    recoded (370684 蓬莱市), including ones first listed after 2015 (540530 错那县, from 2016)
    or listed only some months (510180 简阳市, 2016)."""

    code: str
    name: str
    first_listed: int  # the year of the first list carrying it (1980: on the first list we have)
    last_listed: int | None  # the year of the last one; None: still on the 2020 list


@cache
def historical() -> dict[str, FormerDivision]:
    """Every former code, from refdata/regions/historical.csv (made by refdata/derive_regions.py).
    A USCC keeps the code of the authority that issued it."""
    out: dict[str, FormerDivision] = {}
    with open(_dir() / "historical.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            last = int(row["last_listed"]) if row["last_listed"] else None
            out[row["code"]] = FormerDivision(row["code"], row["name"], int(row["first_listed"]), last)
    return out


@cache
def newer() -> dict[str, Division]:
    """Codes on the Ministry's current list (2026-09) that the 2023 list lacks, e.g. 653229 和安县
    (created 2024); from refdata/regions/newer.csv. No streets are known for them."""
    out: dict[str, Division] = {}
    with open(_dir() / "newer.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            level = "county" if row["parent"] else "province"
            out[row["code"]] = Division(row["code"], row["name"], level, row["parent"])
    return out


def is_historical_code(code: str) -> bool:
    return code in historical() and code not in divisions() and code not in newer()


def historical_note(code: str) -> str:
    """蓬莱市, listed 1995–2019: what the enterprise page says beside a historical code."""
    former = historical().get(code)
    if former is None:
        return ""
    if former.last_listed is None:
        return _("%(name)s, listed from %(first)d to 2020 or later") % {
            "name": former.name,
            "first": former.first_listed,
        }
    return _("%(name)s, listed %(first)d–%(last)d") % {
        "name": former.name,
        "first": former.first_listed,
        "last": former.last_listed,
    }


def is_division_code(code: str, historical_too: bool = False) -> bool:
    """A 6-digit GB/T 2260 code of a province, city or county in use now (the 2023 list or the
    Ministry's current one), or, with ``historical_too``, one in use at any time since USCCs
    began."""
    division = lookup(code)
    if (division is not None and division.level != "street") or code in newer():
        return True
    return historical_too and is_historical_code(code)


@cache
def streets_of(county_code: str) -> tuple[Division, ...]:
    return tuple(d for d in divisions().values() if d.level == "street" and d.parent == county_code)


def full_name(code: str) -> str:
    """芝罘区 street codes expand to 山东省 烟台市 芝罘区 向阳街道."""
    parts: list[str] = []
    division = lookup(code)
    while division is not None:
        if division.name != "市辖区":
            parts.append(division.name)
        division = lookup(division.parent) if division.parent else None
    return " ".join(reversed(parts))
