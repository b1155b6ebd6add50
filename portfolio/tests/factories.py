"""Rows for import tests, built with valid numbers and codes from the loaded reference data."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import random

from portfolio.numbers import check_character

SERIAL = itertools.count(1)


def application_number(rng: random.Random, year: int = 2019, kind: str = "1") -> str:
    body = f"{year}{kind}{rng.randrange(10**7):07d}"
    return f"{body}.{check_character(body)}"


def numbered(serial: int, year: int = 2020, kind: str = "1") -> str:
    """The application number with the given serial, and its check character."""
    body = f"{year}{kind}{serial:07d}"
    return f"{body}.{check_character(body)}"


def patent_rows(n: int, owner_uscc: str, seed: int = 1) -> list[dict[str, str]]:
    rng = random.Random(seed)
    used: set[str] = set()
    rows: list[dict[str, str]] = []
    while len(rows) < n:
        number = application_number(rng, rng.randint(2010, 2023))
        if number in used:
            continue
        used.add(number)
        rows.append(
            {
                "申请号": number,
                "专利类型": "发明",
                "名称": f"一种测试装置{len(rows)}",
                "申请日": dt.date(2015, 1, 1).isoformat(),
                "授权日": "2017-03-01",
                "IPC分类号": rng.choice(["A61K 31/00", "H04L 9/00;G06F 21/00", "C12G 1/00"]),
                "法律状态": "有效",
                "权利要求数": "10",
                "年费缴至年度": "8",
                "权利人统一社会信用代码": owner_uscc,
            }
        )
    return rows


def to_csv(rows: list[dict[str, str]], encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def to_xlsx(rows: list[dict[str, str]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    workbook = Workbook()
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)  # a new workbook's one sheet
    sheet.append(list(rows[0]))
    for row in rows:
        sheet.append(list(row.values()))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def add_due_rights(n: int, owners: list) -> None:
    """For each owner, n granted inventions (an annuity falls due every year) and n marks whose
    ten years end within one or two months: two reminders each within the year."""
    from portfolio import actions

    today = dt.date.today()
    filed = dt.date(today.year - 8, today.month, 1) + dt.timedelta(days=40)
    registered = dt.date(today.year - 10, today.month, 1) + dt.timedelta(days=60)  # ten years end in 1–2 months
    for _ in range(n):
        for owner in owners:
            serial = next(SERIAL)
            actions.add_patent(
                actor=None,
                application_number=numbered(serial, year=2018),
                owners=[owner],
                title="x",
                filing_date=filed.isoformat(),
                grant_date=(filed + dt.timedelta(days=730)).isoformat(),
                annuity_paid_year=8,  # the 9th year's annuity is due in a month
                status="granted",
            )
            actions.add_trademark(
                actor=None,
                number=f"7100{serial:04d}",
                mark_text=f"提醒{serial}",
                owner=owner,
                groups=["3301"],
                filing_date=dt.date(today.year - 11, today.month, 1).isoformat(),
                registration_date=registered.isoformat(),
                status="registered",
            )
