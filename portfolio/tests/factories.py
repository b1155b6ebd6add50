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


# Heading variants the patent databases' exports use, one list per column (the first is the
# heading the importer shows); a file takes variant ``i % len`` of each column.
EXPORT_HEADINGS: dict[str, list[str]] = {
    "application_number": ["申请号", "专利申请号", "申请号码", "Application Number"],
    "title": ["名称", "发明名称", "专利名称", "标题", "发明（设计）名称"],
    "applicants": ["申请（专利权）人", "申请(专利权)人", "申请 （专利权） 人", "申请人", "专利权人"],
    "current_owners": ["当前权利人", "当前专利权人", "当前申请（专利权）人", "当前申请(专利权)人"],
    "inventors": ["发明人", "发明（设计）人", "设计人"],
    "filing_date": ["申请日", "申请日期", "Filing Date"],
    "publication_number": ["公开（公告）号", "公开(公告)号", "公开号", "公告号"],
    "publication_date": ["公开（公告）日", "公开(公告)日", "公开日", "公告日"],
    "grant_date": ["授权公告日", "授权日", "授权日期"],
    "main_ipc": ["IPC主分类号", "主分类号", "IPC主分类", "ＩＰＣ主分类号"],
    "ipc_codes": ["IPC分类号", "IPC", "分类号"],
    "status": ["法律状态", "当前法律状态", "简单法律状态", "法律状态/事件"],
    "family": ["同族", "同族专利", "简单同族"],
    "patent_type": ["专利类型", "专利类别"],
}


def export_rows(
    n: int, owners: list[str], variant: int = 0, seed: int = 7, current: bool = True
) -> list[dict[str, str]]:
    """Rows of a database export under heading variant ``variant``; the owners by name, the
    dates written 20170721 as the databases write them."""
    rng = random.Random(seed)
    h = {key: names[variant % len(names)] for key, names in EXPORT_HEADINGS.items()}
    used: set[str] = set()
    rows: list[dict[str, str]] = []
    while len(rows) < n:
        number = application_number(rng, rng.randint(2012, 2020))
        if number in used:
            continue
        used.add(number)
        granted = rng.random() < 0.7
        owner = owners[len(rows) % len(owners)]
        row = {
            h["application_number"]: ("CN" + number) if variant % 2 else number,
            h["patent_type"]: "发明授权" if granted else "发明申请",
            h["title"]: f"一种导出测试装置{len(rows)}",
            h["applicants"]: owner,
            h["inventors"]: "张三;李四",
            h["filing_date"]: "20150302" if variant % 2 else "2015-03-02",
            h["publication_number"]: f"CN{105000000 + len(rows)}A",
            h["publication_date"]: "2015-09-01",
            h["grant_date"]: "2017-05-10" if granted else "",
            h["main_ipc"]: "A61K 31/00",
            h["ipc_codes"]: "A61K 31/00;A61P 35/00",
            h["status"]: "有效" if granted else "审中",
            h["family"]: "CN105000000A;US2016000001A1" if len(rows) % 3 == 0 else "CN105000000A",
            "申请人地址": "山东省烟台市芝罘区",  # a column the importer does not read
        }
        if current:
            row[h["current_owners"]] = owner
        rows.append(row)
    return rows


def granted_invention(serial: int, owner, title: str, **extra):
    """An invention filed 2020-01-06 and granted 2022-03-01, owned by ``owner``: the patent the
    legal-status tests change."""
    from portfolio.models import Patent

    patent = Patent.objects.create(
        application_number=numbered(serial), patent_type="invention", title=title,
        filing_date=dt.date(2020, 1, 6), grant_date=dt.date(2022, 3, 1), status="granted",
        expiry_date=dt.date(2040, 1, 5), **extra,
    )  # fmt: skip
    patent.owners.add(owner)
    return patent
