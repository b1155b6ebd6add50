"""Demo neighbours for the roll-up: three more districts of 烟台市 (real GB/T 2260 codes) with a
few generated enterprises, a few hundred generated patents and marks each, a demo population
and targets, a risk-compensation pool of their own, and a demo city bureau
(烟台市知识产权局（演示）) that supervises them and the home district. Every record is demo data;
the home district stays ``settings.DISTRICT_CODE``."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from accounts import actions as account_actions
from accounts.choices import OrganisationKind, Role
from accounts.models import District
from dashboard import actions
from dashboard.choices import Indicator
from demo import DEMO_PASSWORD
from demo.identity import make_uscc
from financing import actions as financing_actions
from portfolio.choices import PatentStatus, PatentType, TrademarkStatus
from portfolio.models import Patent, Trademark
from registry import actions as registry_actions

# (code, enterprises, patents, marks, demo population): demo sizes, not the yearbook's.
NEIGHBOURS = [
    ("370611", 12, 300, 120, 460_000),
    ("370612", 10, 220, 90, 440_000),
    ("370613", 14, 380, 150, 400_000),
]
BUREAU_NAME = "烟台市知识产权局（演示）"
PATENT_TYPES = [PatentType.INVENTION, PatentType.UTILITY_MODEL, PatentType.DESIGN]


def _patents(rng: random.Random, code: str, owners: list, count: int, today: dt.date) -> int:
    patents = []
    for i in range(count):
        filed = dt.date(rng.randint(2012, today.year - 1), rng.randint(1, 12), rng.randint(1, 28))
        granted = filed + dt.timedelta(days=rng.randint(300, 1400))
        patent_type = rng.choices(PATENT_TYPES, weights=[35, 50, 15])[0]
        patents.append(
            Patent(
                application_number=f"{filed.year}9{code[-2:]}{i:06d}",
                patent_type=patent_type,
                title=f"演示专利 {code}-{i}",
                filing_date=filed,
                grant_date=granted if granted <= today else None,
                status=PatentStatus.GRANTED if granted <= today else PatentStatus.PENDING,
                is_pct=rng.random() < 0.04,
                is_demo=True,
            )
        )
    made = Patent.objects.bulk_create(patents)
    Patent.owners.through.objects.bulk_create(
        [Patent.owners.through(patent_id=p.pk, enterprise_id=rng.choice(owners).pk) for p in made]
    )
    return len(made)


def _marks(rng: random.Random, code: str, owners: list, count: int, today: dt.date) -> int:
    marks = []
    for i in range(count):
        filed = dt.date(rng.randint(2012, today.year - 1), rng.randint(1, 12), rng.randint(1, 28))
        registered = filed + dt.timedelta(days=rng.randint(200, 500))
        marks.append(
            Trademark(
                number=f"9{code}{i:05d}",
                mark_text=f"演示{code[-2:]}{i}",
                owner=rng.choice(owners),
                filing_date=filed,
                registration_date=registered if registered <= today else None,
                expiry_date=registered + dt.timedelta(days=3652),
                status=TrademarkStatus.REGISTERED if registered <= today else TrademarkStatus.APPLIED,
                is_demo=True,
            )
        )
    return len(Trademark.objects.bulk_create(marks))


def seed_neighbours(rng: random.Random, today: dt.date | None = None) -> dict[str, int]:
    today = today or dt.date.today()
    districts = [District.default()]
    patents = 0
    for code, n_enterprises, n_patents, n_marks, population in NEIGHBOURS:
        district = District.of_code(code)
        districts.append(district)
        owners = [
            registry_actions.register_enterprise(
                actor=None,
                uscc=make_uscc(rng, code),
                name=f"{district.name}演示企业{i + 1}号有限公司",
                district=district,
                is_demo=True,
            )
            for i in range(n_enterprises)
        ]
        patents += _patents(rng, code, owners, n_patents, today)
        _marks(rng, code, owners, n_marks, today)
        for offset, year in enumerate(range(today.year - 5, today.year + 1)):
            registry_actions.set_population(
                actor=None,
                year=year,
                population=population + 1_000 * offset,
                source="演示数据（非统计年鉴数字）",
                is_demo=True,
                district=district,
            )
        # Each district's own risk-compensation pool (a fund source of its own), with a budget.
        financing_actions.set_up_risk_pool(
            actor=None, name=f"{district.name}知识产权质押融资风险补偿资金池（演示）", is_demo=True, district=district
        )
        for year in range(today.year - 2, today.year + 1):
            financing_actions.fund_risk_pool(
                actor=None, year=year, amount=Decimal("2000000"), memo="演示：区财政注资", district=district
            )
        for indicator, value in (
            (Indicator.VALID_INVENTION_PATENTS, n_patents // 4),
            (Indicator.VALID_TRADEMARKS, n_marks // 2),
        ):
            actions.set_target(
                actor=None, year=today.year, indicator=indicator, value=Decimal(value), is_demo=True, district=district
            )
    bureau = account_actions.create_organisation(
        actor=None, name=BUREAU_NAME, kind=OrganisationKind.BUREAU, is_demo=True, districts=districts
    )
    account_actions.create_user(
        actor=None,
        organisation=bureau,
        username="bureau",
        password=DEMO_PASSWORD,
        role=Role.LEADERSHIP,
        full_name="烟台市知识产权局 联络员",
    )
    return {"neighbour_districts": len(NEIGHBOURS), "neighbour_patents": patents}
