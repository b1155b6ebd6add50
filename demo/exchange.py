"""The demo patent exchange: a demo university and a demo institute offering generated patents
(titles and abstracts written for the demo, no real patent), two of them open-licence
declarations; needs of demo enterprises matched against them; an open licence taken and
recorded this year, a transfer in negotiation. Everything is labelled 演示 / demo."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile

from accounts import actions as account_actions
from accounts.choices import OrganisationKind, Role
from accounts.models import User
from demo import DEMO_PASSWORD
from exchange import actions
from exchange.choices import DealKind, DealStatus, OfferMode, SourceKind
from portfolio.numbers import check_character
from registry.models import Enterprise

# (title, abstract, main IPC, mode) — written for the demo.
OFFERS = [
    (
        "一种海参低温脱水加工方法（演示）",
        "海参经低温真空脱水后保持营养成分，复水率高，适合海洋食品加工企业。",
        "A23L 17/00",
        OfferMode.OPEN_LICENCE,
    ),
    (
        "葡萄酒发酵罐温度自动控制系统（演示）",
        "发酵罐内多点测温，按发酵阶段自动调节冷却水流量，控制葡萄酒发酵温度。",
        "C12G 1/02",
        OfferMode.LICENCE,
    ),
    (
        "一种锂电池正极材料包覆改性方法（演示）",
        "在高镍正极材料表面包覆氧化物层，提高锂电池循环寿命与热稳定性。",
        "H01M 4/525",
        OfferMode.OPEN_LICENCE,
    ),
    (
        "海带养殖抗风浪浮筏（演示）",
        "浮筏采用柔性连接与配重结构，减轻风浪对海带养殖筏架的破坏。",
        "A01G 33/02",
        OfferMode.TRANSFER,
    ),
    (
        "数控机床主轴热变形补偿方法（演示）",
        "根据主轴温度场模型实时补偿热变形，提高数控机床加工精度。",
        "B23Q 15/18",
        OfferMode.TRANSFER,
    ),
    (
        "一种中药提取液浓缩装置（演示）",
        "多效蒸发与膜浓缩结合，降低中药提取液浓缩能耗。",
        "B01D 1/26",
        OfferMode.LICENCE,
    ),
    (
        "基于视觉的零件表面缺陷检测方法（演示）",
        "利用卷积神经网络识别零件表面划痕与凹坑，用于装备制造质检。",
        "G06T 7/00",
        OfferMode.LICENCE,
    ),
    (
        "苹果果汁酶解澄清工艺（演示）",
        "复合果胶酶分段酶解，缩短苹果汁澄清时间并提高出汁率。",
        "A23L 2/84",
        OfferMode.TRANSFER,
    ),
]
NEEDS = [
    (
        "提高储能电池循环寿命（演示）",
        "我们生产储能电池组，正极材料循环寿命不足，希望引进锂电池正极材料改性技术。",
        ["H01M"],
    ),
    ("海参干制品复水率低（演示）", "公司做海参干制品，复水后口感差，想找海参脱水加工的新方法。", []),
    ("机床加工精度不稳定（演示）", "夏季车间温度高时机床加工精度下降，需要主轴热变形补偿技术。", []),
]


def _number(i: int) -> str:
    body = f"2022{10_000_000 + 770 + i:08d}"
    return f"{body}.{check_character(body)}"


def seed_exchange(today: dt.date | None = None) -> dict[str, int]:
    today = today or dt.date.today()
    university = account_actions.create_organisation(
        actor=None, name="烟台演示大学", kind=OrganisationKind.UNIVERSITY, is_demo=True
    )
    institute = account_actions.create_organisation(
        actor=None, name="烟台演示海洋研究院", kind=OrganisationKind.UNIVERSITY, is_demo=True
    )
    account_actions.create_user(
        actor=None, organisation=university, username="university", password=DEMO_PASSWORD,
        role=Role.MEMBER, full_name="烟台演示大学 技术转移中心",
    )  # fmt: skip
    offers = []
    for i, (title, abstract, ipc, mode) in enumerate(OFFERS):
        owner, source = (university, SourceKind.UNIVERSITY) if i % 2 == 0 else (institute, SourceKind.INSTITUTE)
        open_terms = (
            {"royalty_rate": Decimal("3.00"), "licence_years": 3, "published_on": today - dt.timedelta(days=60)}
            if mode == OfferMode.OPEN_LICENCE
            else {}
        )
        offers.append(
            actions.list_offer(
                actor=None,
                organisation=owner,
                source_kind=source,
                application_number=_number(i),
                title=title,
                abstract=abstract,
                ipc_codes=[ipc],
                filing_date=dt.date(2022, 3 + i, 10),
                grant_date=dt.date(2024, 2 + i, 20),
                claims_count=6 + i,
                mode=mode,
                asking_price=Decimal("150000.00") if mode == OfferMode.TRANSFER else None,
                is_demo=True,
                **open_terms,  # type: ignore[arg-type]  # the open-licence terms: Decimal, int, date
            )
        )
    enterprises = list(Enterprise.objects.filter(is_demo=True).order_by("pk")[:3])
    needs = [
        actions.post_need(actor=None, enterprise=e, title=t, description=d, ipc_codes=codes, is_demo=True)
        for e, (t, d, codes) in zip(enterprises, NEEDS, strict=False)
    ]
    clerk = User.objects.get(username="clerk")
    # The first demo enterprise (ent_manager's) took the battery open licence; it is recorded.
    deal = actions.open_deal(
        actor=clerk, offer=offers[2], acquirer=enterprises[0], kind=DealKind.OPEN_LICENCE, need=needs[0], is_demo=True
    )
    contract = ContentFile(b"%PDF-1.4\n% demo licence contract\n", name="demo-contract.pdf")
    signed = max(today - dt.timedelta(days=20), dt.date(today.year, 1, 1))
    deal = actions.move_deal(actor=clerk, deal=deal, to_status=DealStatus.SIGNED, contract=contract, signed_on=signed)
    actions.move_deal(
        actor=clerk,
        deal=deal,
        to_status=DealStatus.REGISTERED,
        cnipa_number=f"{today.year}370000001（演示）",
        registered_on=max(today - dt.timedelta(days=5), signed),
    )
    # A transfer of the machine-tool patent to the third enterprise, in negotiation.
    actions.open_deal(
        actor=clerk, offer=offers[4], acquirer=enterprises[2], kind=DealKind.TRANSFER, need=needs[2],
        amount=Decimal("120000.00"), is_demo=True,
    )  # fmt: skip
    return {"offers": len(offers), "needs": len(needs), "deals": 2}
