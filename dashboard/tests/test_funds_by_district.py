"""The dashboard's funds figures are the district's own (issue 21): each district's office pays
from fund sources of its own district, and its dashboard, its snapshot and its column in the
roll-up count those payments and no other district's."""

from __future__ import annotations

from decimal import Decimal

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from core.tests.people import PeopleTestCase
from dashboard import snapshots
from dashboard.choices import Indicator as I
from dashboard.figures import build_dashboard, year_figures
from dashboard.rollup import build_rollup
from funds import actions as fund_actions
from funds import ledger
from funds.choices import EntryKind, FundLevel

LAST_YEAR = timezone.localdate().year - 1


def _pay(source, year: int, amount: str) -> None:
    """Commit and pay ``amount`` from ``source`` (what an award payment posts)."""
    for kind in (EntryKind.COMMIT, EntryKind.PAY):
        ledger.post(kind=kind, source=source, year=year, amount=Decimal(amount), memo="test")


class FundsByDistrictTests(PeopleTestCase):
    """Both districts hold a 区级资金 and a 市级资金 of their own; the default district paid
    ¥3,000 + ¥1,000 last year, the second district ¥700 (and ¥50 the year before)."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        here = fund_actions.create_fund_source(actor=cls.clerk, name="区级资金", level=FundLevel.DISTRICT)
        here_city = fund_actions.create_fund_source(actor=cls.clerk, name="市级资金", level=FundLevel.MUNICIPAL)
        there = fund_actions.create_fund_source(actor=cls.second_clerk, name="区级资金", level=FundLevel.DISTRICT)
        for source, actor in ((here, cls.clerk), (here_city, cls.clerk), (there, cls.second_clerk)):
            for year in (LAST_YEAR - 1, LAST_YEAR):
                fund_actions.allocate_budget(actor=actor, source=source, year=year, amount=Decimal("10000"))
        _pay(here, LAST_YEAR, "3000")
        _pay(here_city, LAST_YEAR, "1000")
        _pay(there, LAST_YEAR, "700")
        _pay(there, LAST_YEAR - 1, "50")

    def setUp(self) -> None:
        super().setUp()
        cache.clear()

    def test_each_districts_dashboard_counts_its_own_funds(self):
        here = year_figures(LAST_YEAR, self.district)
        there = year_figures(LAST_YEAR, self.second_district)
        self.assertEqual(
            (here[I.FUNDS_PAID], here[I.FUNDS_DISTRICT], here[I.FUNDS_MUNICIPAL]),
            (Decimal("4000.00"), Decimal("3000.00"), Decimal("1000.00")),
        )
        self.assertEqual(
            (there[I.FUNDS_PAID], there[I.FUNDS_DISTRICT], there[I.FUNDS_MUNICIPAL]),
            (Decimal("700.00"), Decimal("700.00"), Decimal("0.00")),
        )
        board = build_dashboard(LAST_YEAR, self.second_district)
        self.assertEqual(board.row(I.FUNDS_PAID).values[-2:], [Decimal("50.00"), Decimal("700.00")])
        expected = {("区级资金", LAST_YEAR - 1), ("区级资金", LAST_YEAR)}
        self.assertEqual({(r.source, r.year) for r in board.funds}, expected)
        self.assertEqual([paid for _label, _budget, paid in board.funds_by_level], [Decimal("750.00")])

    def test_the_second_districts_dashboard_page_shows_its_funds_not_the_others(self):
        self.client.force_login(self.second_leader)
        page = self.client.get(reverse("dashboard:dashboard"), {"year": LAST_YEAR})
        board = page.context["board"]
        self.assertEqual(board.district, self.second_district)
        self.assertEqual(board.row(I.FUNDS_PAID).actual, Decimal("700.00"))
        self.assertEqual(sum(r.paid for r in board.funds), Decimal("750.00"))

    def test_the_snapshot_and_the_rollup_keep_each_districts_funds(self):
        snapshots.refresh()
        found = snapshots.read({self.district.code, self.second_district.code}, [LAST_YEAR - 1, LAST_YEAR])
        self.assertEqual(found.values[self.district.code][LAST_YEAR][I.FUNDS_PAID], Decimal("4000.00"))
        self.assertEqual(found.values[self.second_district.code][LAST_YEAR][I.FUNDS_PAID], Decimal("700.00"))
        self.assertEqual(found.values[self.second_district.code][LAST_YEAR - 1][I.FUNDS_PAID], Decimal("50.00"))
        table = build_rollup(LAST_YEAR, [self.district, self.second_district])
        cells = {row.district.code: row.cell(I.FUNDS_PAID) for row in table.rows}
        self.assertEqual(cells[self.district.code].value, Decimal("4000.00"))
        self.assertEqual(cells[self.second_district.code].value, Decimal("700.00"))
        self.assertEqual((cells[self.district.code].rank, cells[self.second_district.code].rank), (1, 2))
        self.client.force_login(self.bureau_reader)
        self.assertContains(self.client.get(reverse("dashboard:rollup"), {"year": LAST_YEAR}), "4,000.00")
