"""GB/T 2260 administrative divisions, down to the street (township), from the National
Bureau of Statistics 2023 codes shipped in refdata/regions (see refdata/README.md)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings


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


@cache
def historical() -> dict[str, Division]:
    """County-level and higher codes in use when USCCs began (the Ministry of Civil Affairs'
    2015 list) that the 2023 list no longer has: counties since merged, renamed or recoded
    (e.g. 370684 蓬莱市). A USCC keeps the code of the authority that issued it."""
    out: dict[str, Division] = {}
    with open(_dir() / "historical.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            out[row["code"]] = Division(row["code"], row["name"], "historical", "")
    return out


def is_historical_code(code: str) -> bool:
    return code in historical() and code not in divisions()


def is_division_code(code: str, historical_too: bool = False) -> bool:
    """A 6-digit GB/T 2260 code of a province, city or county (or, with ``historical_too``, one
    that was in use at any time since USCCs began)."""
    division = lookup(code)
    if division is not None and division.level != "street":
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
