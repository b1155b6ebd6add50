"""Demo trainings and competitions over the last three years, with participants drawn from
the demo talent registry, and a demo key-brand list taken from demo enterprises' registered
marks, each walked to a stage of its progress."""

from __future__ import annotations

import datetime as dt
import random

from accounts.models import User
from cultivation import actions
from cultivation.choices import BrandGoal, BrandStage, EventKind, EventLevel
from portfolio.choices import TrademarkStatus
from portfolio.models import Trademark
from registry.models import Talent

TRAININGS = [
    ("专利挖掘与布局实务培训（演示）", "芝罘区市场监督管理局", EventLevel.DISTRICT),
    ("商标品牌培育与保护培训（演示）", "烟台市市场监督管理局", EventLevel.MUNICIPAL),
    ("知识产权质押融资政策解读会（演示）", "芝罘区市场监督管理局", EventLevel.DISTRICT),
    ("企业知识产权合规管理培训（演示）", "山东省知识产权局", EventLevel.PROVINCIAL),
    ("专利代理实务研修班（演示）", "国家知识产权局专利局济南代办处", EventLevel.NATIONAL),
]
COMPETITIONS = [
    ("芝罘区知识产权知识竞赛（演示）", "芝罘区市场监督管理局", EventLevel.DISTRICT),
    ("烟台市专利创新创业大赛（演示）", "烟台市市场监督管理局", EventLevel.MUNICIPAL),
]
PRIZES = ["一等奖", "二等奖", "二等奖", "三等奖", "三等奖", "三等奖", "优秀奖", "参赛"]
# (goal, stage reached) for the demo key brands, in order.
BRAND_PLAN = [
    (BrandGoal.WELL_KNOWN_MARK, BrandStage.FILED),
    (BrandGoal.WELL_KNOWN_MARK, BrandStage.PREPARING),
    (BrandGoal.REGIONAL_BRAND, BrandStage.ACHIEVED),
    (BrandGoal.GEOGRAPHICAL_INDICATION, BrandStage.PREPARING),
    (BrandGoal.WELL_KNOWN_MARK, BrandStage.PLANNED),
    (BrandGoal.REGIONAL_BRAND, BrandStage.PLANNED),
]
PATH = [BrandStage.PREPARING, BrandStage.FILED, BrandStage.ACHIEVED]


def seed_cultivation(seed: int = 9, today: dt.date | None = None) -> dict[str, int]:
    rng = random.Random(seed)
    today = today or dt.date.today()
    clerk = User.objects.filter(username="clerk").first()
    talent = list(Talent.objects.filter(is_demo=True).order_by("pk"))
    trainings = 0
    for year in (today.year - 2, today.year - 1, today.year):
        events = [(EventKind.TRAINING, t) for t in rng.sample(TRAININGS, k=3 + (year % 2))]
        events += [(EventKind.COMPETITION, c) for c in COMPETITIONS[: 1 + (year % 2)]]
        for kind, (title, organiser, level) in events:
            last = today if year == today.year else dt.date(year, 12, 20)
            held_on = dt.date(year, 3, 1) + dt.timedelta(days=rng.randrange(max(1, (last - dt.date(year, 3, 1)).days)))
            training = actions.create_training(
                actor=clerk,
                kind=kind,
                title=title,
                organiser=organiser,
                level=level,
                held_on=held_on,
                place="芝罘区政务服务中心（演示）",
                is_demo=True,
            )
            trainings += 1
            people = rng.sample(talent, k=min(len(talent), rng.randint(8, 25)))
            for index, person in enumerate(people):
                if kind == EventKind.COMPETITION:
                    result = PRIZES[min(index, len(PRIZES) - 1)]
                    certificate = f"ZF-JS-{year}-{training.pk:03d}{index + 1:03d}" if result != "参赛" else ""
                else:
                    result = "结业" if rng.random() < 0.9 else "未结业"
                    certificate = f"ZF-PX-{year}-{training.pk:03d}{index + 1:03d}" if result == "结业" else ""
                actions.record_participation(
                    actor=clerk, training=training, talent=person, result=result, certificate_number=certificate
                )
    return {"trainings": trainings, "key_brands": _seed_brands(rng, clerk, today)}


def _seed_brands(rng: random.Random, clerk, today: dt.date) -> int:
    leader = User.objects.filter(username="leader").first() or clerk
    marks = list(
        Trademark.objects.filter(is_demo=True, status=TrademarkStatus.REGISTERED)
        .select_related("owner")
        .prefetch_related("goods")
        .order_by("-is_well_known", "registration_date", "pk")
    )
    owners_done: set[int] = set()
    made = 0
    for mark in marks:
        if made == len(BRAND_PLAN):
            break
        if mark.owner_id in owners_done:
            continue
        owners_done.add(mark.owner_id)
        goal, stage = BRAND_PLAN[made]
        same_owner = [m for m in marks if m.owner_id == mark.owner_id]
        brand = actions.add_key_brand(
            actor=clerk,
            name=mark.mark_text,
            owner=mark.owner,
            goal=goal,
            trademarks=same_owner,
            target_year=today.year + rng.randint(0, 2),
            note="演示：列入区重点商标品牌培育名录",
            is_demo=True,
        )
        for step in PATH[: PATH.index(stage) + 1] if stage in PATH else []:
            actions.move_key_brand(actor=leader, brand=brand, to_stage=step, note="演示进展")
        made += 1
    return made
