"""Demo patents, trademarks and protected rights for the demo district, with IPC codes and
similar-goods groups drawn from the loaded reference data. Written through the importers,
the same path as a clerk's file."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random

from portfolio import actions as portfolio_actions
from portfolio.choices import GiProtection, SpecialSignKind
from portfolio.importing.runner import import_file
from portfolio.numbers import check_character
from refdata.models import GoodsGroup, IpcEntry
from registry.models import Enterprise

# Where each demo industry patents (IPC class prefixes) and registers marks (Nice classes).
INDUSTRY_IPC = {
    "通用设备制造业": ["F16", "B23", "F04"],
    "专用设备制造业": ["B65", "B01", "B02"],
    "化学原料和化学制品制造业": ["C07", "C08", "C09"],
    "医药制造业": ["A61K", "A61P", "C07D"],
    "酒、饮料和精制茶制造业": ["C12G", "C12C", "A23F"],
    "食品制造业": ["A23L", "A23G", "A21D"],
    "计算机、通信和其他电子设备制造业": ["H04", "G06", "H01"],
    "汽车制造业": ["B60", "F02", "B62"],
    "软件和信息技术服务业": ["G06F", "G06Q", "H04L"],
    "批发业": ["G06Q", "B65D"],
}
INDUSTRY_NICE = {
    "通用设备制造业": [7, 6],
    "专用设备制造业": [7, 11],
    "化学原料和化学制品制造业": [1, 2],
    "医药制造业": [5, 10],
    "酒、饮料和精制茶制造业": [33, 32, 30],
    "食品制造业": [29, 30],
    "计算机、通信和其他电子设备制造业": [9, 42],
    "汽车制造业": [12, 7],
    "软件和信息技术服务业": [9, 42, 35],
    "批发业": [35, 39],
}
TYPE_DIGIT = {"发明": "1", "实用新型": "2", "外观设计": "3"}


def _application_number(rng: random.Random, year: int, kind: str, used: set[str]) -> str:
    while True:
        body = f"{year}{TYPE_DIGIT[kind]}{rng.randrange(10**7):07d}"
        if body not in used:
            used.add(body)
            return f"{body}.{check_character(body)}"


def _patent_rows(rng: random.Random, enterprises: list[Enterprise], today: dt.date) -> list[dict[str, str]]:
    ipc_pool: dict[str, list[tuple[str, str]]] = {}
    for prefixes in INDUSTRY_IPC.values():
        for prefix in prefixes:
            if prefix not in ipc_pool:
                ipc_pool[prefix] = list(
                    IpcEntry.objects.filter(code__startswith=prefix, level="main_group").values_list("code", "title_zh")
                )
    used: set[str] = set()
    rows = []
    for enterprise in enterprises:
        prefixes = [p for p in INDUSTRY_IPC.get(enterprise.industry, ["G06"]) if ipc_pool.get(p)]
        count = rng.choices([0, 1, 3, 6, 12, 25], weights=[10, 20, 30, 20, 15, 5])[0]
        for _ in range(count):
            kind = rng.choices(["发明", "实用新型", "外观设计"], weights=[45, 45, 10])[0]
            filed = today - dt.timedelta(days=rng.randint(60, 365 * 15))
            code, title = rng.choice(ipc_pool[rng.choice(prefixes)])
            second_code = rng.choice(ipc_pool[rng.choice(prefixes)])[0]
            years = (today - filed).days / 365.25
            term = 20 if kind == "发明" else 10
            if years > term:
                status = "届满"
            elif kind == "发明" and years < 2:
                status = "审中"
            else:
                status = rng.choices(["有效", "失效", "撤回"], weights=[80, 15, 5])[0]
            granted = filed + dt.timedelta(days=rng.randint(180, 700)) if status in ("有效", "失效", "届满") else None
            if granted and granted > today:
                granted, status = None, "审中"
            paid = int(years) + (1 if rng.random() < 0.8 else 0) if status == "有效" else 0
            rows.append(
                {
                    "申请号": _application_number(rng, filed.year, kind, used),
                    "专利类型": kind,
                    "名称": f"一种{title[:24].split('（')[0].split('；')[0]}",
                    "申请人": enterprise.name,
                    "申请日": filed.isoformat(),
                    "授权日": granted.isoformat() if granted else "",
                    "IPC分类号": f"{code};{second_code}",
                    "法律状态": status,
                    "权利要求数": str(rng.randint(1, 20)) if kind != "外观设计" else "",
                    "PCT申请": "是" if kind == "发明" and rng.random() < 0.08 else "否",
                    "海外同族": "是" if kind == "发明" and rng.random() < 0.05 else "否",
                    "年费缴至年度": str(min(paid, term)),
                    "权利人统一社会信用代码": enterprise.uscc,
                }
            )
            # Demo assumption (no random draw, so the rest of the data stays the same): a foreign
            # family filed four years ago or more has a member granted abroad.
            rows[-1]["海外同族已授权"] = "是" if rows[-1]["海外同族"] == "是" and years >= 4 else "否"
    return rows


def _trademark_rows(rng: random.Random, enterprises: list[Enterprise], today: dt.date) -> list[dict[str, str]]:
    groups_by_class: dict[int, list[str]] = {}
    for code, nice in GoodsGroup.objects.values_list("code", "nice_class__number"):
        groups_by_class.setdefault(nice, []).append(code)
    used: set[str] = set()
    rows = []
    for enterprise in enterprises:
        base = enterprise.name.removeprefix("烟台").removesuffix("有限公司")[:2]
        for index in range(rng.choices([0, 1, 2, 4], weights=[25, 40, 25, 10])[0]):
            nice = rng.choice(INDUSTRY_NICE.get(enterprise.industry, [35]))
            groups = rng.sample(groups_by_class[nice], k=min(len(groups_by_class[nice]), rng.randint(1, 3)))
            filed = today - dt.timedelta(days=rng.randint(100, 365 * 14))
            registered = filed + dt.timedelta(days=rng.randint(270, 540))
            status = "已注册" if registered <= today else "申请中"
            number = f"{rng.randrange(10**7, 10**8)}"
            while number in used:
                number = f"{rng.randrange(10**7, 10**8)}"
            used.add(number)
            rows.append(
                {
                    "注册号/申请号": number,
                    "商标": base if index == 0 else base + rng.choice(["牌", "坊", "源", "GO", "+"]),
                    "商标类型": "普通商标",
                    "权利人统一社会信用代码": enterprise.uscc,
                    "类似群": ";".join(groups),
                    "申请日": filed.isoformat(),
                    "注册日": registered.isoformat() if status == "已注册" else "",
                    "商标状态": status,
                    "驰名商标": "是" if index == 0 and rng.random() < 0.03 else "否",
                }
            )
    return rows


def _csv(rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list({k: None for row in rows for k in row}))
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def seed_portfolio(rng: random.Random, enterprises: list[Enterprise], today: dt.date | None = None) -> dict[str, int]:
    today = today or dt.date.today()
    patents = import_file("patents", _csv(_patent_rows(rng, enterprises, today)), "demo-patents.csv", actor=None)
    marks = import_file("trademarks", _csv(_trademark_rows(rng, enterprises, today)), "demo-marks.csv", actor=None)
    for outcome in (patents, marks):
        if not outcome.ok:
            raise RuntimeError(f"demo data did not import: {outcome.file_errors or outcome.row_errors[:5]}")
    from portfolio.models import Patent, Trademark

    Patent.objects.update(is_demo=True)
    Trademark.objects.filter(owner__is_demo=True).update(is_demo=True)
    portfolio_actions.add_geographical_indication(
        actor=None,
        name="烟台苹果",
        product="苹果",
        protection=GiProtection.CERTIFICATION_MARK,
        holder_name="烟台市苹果协会（演示）",
        region="山东省烟台市",
        nice_class=31,
        is_demo=True,
    )
    portfolio_actions.add_geographical_indication(
        actor=None,
        name="烟台葡萄酒",
        product="葡萄酒",
        protection=GiProtection.CERTIFICATION_MARK,
        holder_name="烟台葡萄酒行业协会（演示）",
        region="山东省烟台市",
        nice_class=33,
        is_demo=True,
    )
    portfolio_actions.add_special_sign(
        actor=None, name="奥林匹克五环", kind=SpecialSignKind.OLYMPIC, holder_name="国际奥林匹克委员会", is_demo=True
    )
    from similarity.actions import sync_protected_list

    sync_protected_list(actor=None)
    assert patents.result is not None and marks.result is not None  # the demo files import whole
    return {"patents": patents.result.created, "trademarks": marks.result.created}
