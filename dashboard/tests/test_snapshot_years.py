"""The snapshot checks the high-value definition once for all its years
(``landscape.quality.high_value_ids_on``): its figures must equal the live computation, year by
year, for patents that become high-value, stop being in force or are granted in between, in
both districts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.test import TestCase

from dashboard import snapshots
from dashboard.choices import Indicator as I
from dashboard.figures import high_value_top, patents_of, year_end
from financing.tests.base import TODAY, FinancingMixin
from landscape.choices import AwardLevel
from landscape.models import PatentAward, StrategicIndustryIpc
from landscape.quality import high_value_ids, high_value_ids_on, high_value_summary
from portfolio.choices import PatentStatus, PatentType
from portfolio.models import Patent
from registry.models import Enterprise

YEARS = list(range(2018, 2027))


def _invention(number: int, owners, **fields) -> Patent:
    values = {
        "application_number": f"20189{number:07d}",
        "patent_type": PatentType.INVENTION,
        "title": f"发明 {number}",
        "filing_date": dt.date(2016, 3, 1),
        "grant_date": dt.date(2018, 5, 1),
        "status": PatentStatus.GRANTED,
        **fields,
    }
    patent = Patent.objects.create(**values)
    patent.owners.set(owners)
    return patent


class HighValueOverTheYearsTests(FinancingMixin, TestCase):
    """Each criterion with a day it starts or stops counting, in both districts."""

    @classmethod
    def setUpTestData(cls):
        cls.make_financing()
        StrategicIndustryIpc.objects.create(ipc_prefix="H01M", industry_code="6.3", industry_name="新能源汽车")
        # Maintained more than ten years: from 2022-03-02 on.
        _invention(1, [cls.enterprise], filing_date=dt.date(2012, 3, 1), grant_date=dt.date(2015, 1, 5))
        # Granted abroad, granted at home only in 2021.
        _invention(2, [cls.second_enterprise], foreign_family_granted=True, grant_date=dt.date(2021, 7, 1))
        # Granted abroad, lapsed in the middle of 2023: counts to 2022.
        _invention(3, [cls.second_enterprise], foreign_family_granted=True, expiry_date=dt.date(2023, 6, 30))
        # A strategic-industry IPC code, co-owned across the two districts.
        _invention(4, [cls.enterprise, cls.second_enterprise], ipc_codes=["H01M 10/052"])
        # The China Patent Award of 2024.
        awarded = _invention(5, [cls.second_enterprise])
        PatentAward.objects.create(patent=awarded, year=2024, level=AwardLevel.GOLD)
        # No owner matched yet: the default district's.
        _invention(6, [], foreign_family_granted=True)
        # Not high-value in any year (a utility model granted abroad; a plain invention).
        _invention(7, [cls.enterprise], patent_type=PatentType.UTILITY_MODEL, foreign_family_granted=True)
        _invention(8, [cls.enterprise])
        # Pledged for ¥20,000,000, lent on 2026-05-06 (more than the ¥10,000,000 of the rule).
        big = cls.make_product(cls.bank, "Large IP loan", Decimal("0"), max_amount="50000000")
        cls.lend(cls.apply(product=big, patents=[cls.patents[1]], amount="20000000"), on=TODAY, amount="20000000")

    def test_the_ids_of_every_year_at_once_are_each_years_ids(self):
        days = [year_end(y) for y in YEARS]
        at_once = high_value_ids_on(days)
        for day in days:
            with self.subTest(day=day):
                self.assertEqual(at_once[day], set(high_value_ids(day)))
        # The criteria did change over the years (a test over constant figures would prove little).
        self.assertGreater(len({frozenset(ids) for ids in at_once.values()}), 3)
        self.assertIn(self.patents[1].pk, at_once[year_end(2026)])
        self.assertNotIn(self.patents[1].pk, at_once[year_end(2025)])

    def test_the_snapshot_equals_the_live_figures_of_every_year_in_both_districts(self):
        codes = {self.district.code, self.second_district.code}
        kept = snapshots.compute(codes, YEARS)
        names = dict(Enterprise.objects.values_list("pk", "name"))
        for district in (self.district, self.second_district):
            for year in YEARS:
                with self.subTest(district=district.code, year=year):
                    live = high_value_summary(year_end(year), patents_of(district), district)["total"]
                    figures = kept[district.code][year]
                    self.assertEqual(figures[I.HIGH_VALUE_PATENTS], live)
                    top = [
                        (names[int(key.rsplit(":", 1)[1])], n)
                        for key, n in sorted(figures.items())
                        if key.startswith(snapshots.TOP_KEY)
                    ]
                    self.assertEqual(top, high_value_top(year, district))
        self.assertEqual(
            [kept[self.second_district.code][y][I.HIGH_VALUE_PATENTS] for y in YEARS],
            [2, 2, 2, 3, 3, 2, 3, 3, 3],
        )
