"""Every dashboard figure against an independent computation on the demo district: raw SQL
rows, the definitions restated in plain Python, nothing shared with dashboard.figures. Then
the annual report made from the same data: its PDF reads as Chinese text with the figures
(pdftotext) and its workbook opens with openpyxl with the same totals."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import tempfile
from collections import Counter, defaultdict
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from accounts.models import District, User
from dashboard import snapshots
from dashboard.choices import Indicator as I
from dashboard.figures import build_dashboard
from dashboard.models import AnnualReport
from dashboard.tests import independent
from similarity import index

THIS_YEAR = timezone.localdate().year
YEARS = [THIS_YEAR - 2, THIS_YEAR - 1, THIS_YEAR]
CENT = Decimal("0.01")


# The home district's records only: the demo's neighbour districts (demo/neighbours.py) are not counted.
HOME = settings.DISTRICT_CODE


def rows(sql: str, params: list | None = None) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        return cursor.fetchall()


def day(value) -> dt.date | None:
    """SQLite hands dates back as text, PostgreSQL as dates."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def money(value) -> Decimal:
    return Decimal(str(value or 0)).quantize(CENT)


def truthy(value) -> bool:
    return value in (True, 1, "1", "t", "true")


def per_10k(count: int, population: int | None) -> Decimal | None:
    if not population:
        return None
    return (Decimal(count) * 10000 / population).quantize(CENT, rounding=ROUND_HALF_UP)


def ten_years_after(filed: dt.date) -> dt.date:
    try:
        return filed.replace(year=filed.year + 10)
    except ValueError:
        return filed.replace(year=filed.year + 10, day=28)


class Independent:
    """The figures for a year, recomputed from the tables."""

    # Rows as the database gives them (dates may be NULL; each use checks what it needs).
    patents: list[tuple[Any, ...]]
    loans: list[tuple[Any, ...]]
    marks: list[tuple[Any, ...]]
    events: list[tuple[Any, ...]]
    participants: list[Any]

    def __init__(self) -> None:
        self.patents = [
            (pk, kind, status, day(granted), day(expires), day(filed), truthy(pct), truthy(family))
            for pk, kind, status, granted, expires, filed, pct, family in rows(
                "SELECT id, patent_type, status, grant_date, expiry_date, filing_date, is_pct, foreign_family_granted "
                "FROM portfolio_patent WHERE id NOT IN (SELECT po.patent_id FROM portfolio_patent_owners po "
                "JOIN registry_enterprise e ON e.id = po.enterprise_id "
                "JOIN accounts_organisation_districts od ON od.organisation_id = e.organisation_id "
                "WHERE od.district_id <> %s)",
                [HOME],
            )
        ]
        self.marks = [
            (status, day(registered), day(expires), truthy(well_known), day(since))
            for status, registered, expires, well_known, since in rows(
                "SELECT status, registration_date, expiry_date, is_well_known, well_known_since "
                "FROM portfolio_trademark WHERE owner_id IN (SELECT e.id FROM registry_enterprise e "
                "JOIN accounts_organisation_districts od ON od.organisation_id = e.organisation_id "
                "WHERE od.district_id = %s)",
                [HOME],
            )
        ]
        self.gis = [day(r[0]) for r in rows("SELECT registered_on FROM portfolio_geographicalindication")]
        self.loans = [
            (status, money(amount), day(lent), firm)
            for status, amount, lent, firm in rows(
                "SELECT status, disbursed_amount, disbursed_on, enterprise_id FROM financing_pledgeloan"
            )
        ]
        self.pledges = [
            (patent, money(amount), day(lent))
            for patent, amount, lent in rows(
                "SELECT a.patent_id, l.disbursed_amount, l.disbursed_on FROM financing_pledgedasset a "
                "JOIN financing_pledgeloan l ON l.id = a.loan_id WHERE a.patent_id IS NOT NULL"
            )
        ]
        self.awards = rows("SELECT patent_id, year FROM landscape_patentaward")
        self.paid = [
            (level, year, money(debit) - money(credit))
            for level, year, debit, credit in rows(
                "SELECT s.level, a.year, e.debit, e.credit FROM funds_ledgerentry e "
                "JOIN funds_ledgeraccount a ON a.id = e.account_id "
                "JOIN funds_fundsource s ON s.id = a.source_id WHERE a.kind = 'paid' AND s.district_id = %s",
                [HOME],
            )
        ]
        self.events = [
            (kind, day(held))
            for kind, held in rows("SELECT kind, held_on FROM cultivation_training WHERE district_id = %s", [HOME])
        ]
        self.participants = [
            day(r[0])
            for r in rows(
                "SELECT t.held_on FROM cultivation_participation p JOIN cultivation_training t ON t.id = p.training_id "
                "WHERE t.district_id = %s",
                [HOME],
            )
        ]
        self.population = dict(
            rows("SELECT year, population FROM registry_districtpopulation WHERE district_id = %s", [HOME])
        )
        # Deals of the exchange registered with CNIPA (registered, or registered and paid).
        self.deals = [
            (kind, day(registered), acquirer)
            for kind, registered, acquirer in rows(
                "SELECT kind, registered_on, acquirer_id FROM exchange_deal "
                "WHERE status IN ('registered', 'paid') AND registered_on IS NOT NULL"
            )
        ]
        self.enterprises = rows(
            "SELECT COUNT(*) FROM registry_enterprise e JOIN accounts_organisation_districts od "
            "ON od.organisation_id = e.organisation_id WHERE owner_kind = 'enterprise' AND od.district_id = %s",
            [HOME],
        )[0][0]

    def population_of(self, year: int) -> int | None:
        known = [y for y in self.population if y <= year]
        return self.population[max(known)] if known else None

    def figures(self, year: int) -> dict[str, object]:
        end = dt.date(year, 12, 31)
        population = self.population_of(year)
        in_force = [
            p
            for p in self.patents
            if p[1] == "invention"
            and p[2] == "granted"
            and p[3] is not None
            and p[3] <= end
            and (p[4] is None or p[4] >= end)
        ]
        pledged_big = {pk for pk, amount, lent in self.pledges if amount > 10_000_000 and lent and lent <= end}
        awarded = {pk for pk, award_year in self.awards if award_year <= year}
        high_value = [
            p
            for p in in_force
            if p[5] <= end and (p[7] or end > ten_years_after(p[5]) or p[0] in pledged_big or p[0] in awarded)
        ]
        lent = [loan for loan in self.loans if loan[0] in ("disbursed", "closed", "defaulted") and loan[2]]
        lent = [loan for loan in lent if loan[2].year == year]
        paid: dict[str, Decimal] = defaultdict(lambda: Decimal("0.00"))
        for level, paid_year, amount in self.paid:
            if paid_year == year:
                paid[level] += amount
        kinds = Counter(kind for kind, held in self.events if held.year == year)
        deals = [
            (kind, acquirer)
            for kind, registered, acquirer in self.deals
            if registered is not None and registered.year == year
        ]
        licensees = {acquirer for kind, acquirer in deals if kind != "transfer"}
        return {
            I.VALID_INVENTION_PATENTS: len(in_force),
            I.INVENTION_PER_10K: per_10k(len(in_force), population),
            I.HIGH_VALUE_PATENTS: len(high_value),
            I.HIGH_VALUE_PER_10K: per_10k(len(high_value), population),
            I.PCT_APPLICATIONS: sum(1 for p in self.patents if p[6] and p[5].year == year),
            I.VALID_TRADEMARKS: sum(
                1
                for status, registered, expires, _wk, _since in self.marks
                if status == "registered" and registered and registered <= end and (expires is None or expires >= end)
            ),
            I.WELL_KNOWN_MARKS: sum(
                1
                for status, registered, _expires, well_known, since in self.marks
                if well_known
                and status not in ("cancelled", "invalidated")
                and (since or registered)
                and (since or registered) <= end
            ),
            I.GEOGRAPHICAL_INDICATIONS: sum(1 for registered in self.gis if registered is None or registered <= end),
            I.PLEDGE_AMOUNT: sum((loan[1] for loan in lent), Decimal("0.00")),
            I.PLEDGE_LOANS: len(lent),
            I.PLEDGE_ENTERPRISES: len({loan[3] for loan in lent}),
            I.FUNDS_PAID: sum(paid.values(), Decimal("0.00")),
            I.FUNDS_PROVINCIAL: paid["provincial"],
            I.FUNDS_MUNICIPAL: paid["municipal"],
            I.FUNDS_DISTRICT: paid["district"],
            **independent.protection(year),
            I.TRAININGS: kinds["training"],
            I.COMPETITIONS: kinds["competition"],
            I.PARTICIPANTS: sum(1 for held in self.participants if held.year == year),
            I.PATENT_TRANSFERS: sum(1 for kind, _a in deals if kind == "transfer"),
            I.PATENT_LICENCES: sum(1 for kind, _a in deals if kind != "transfer"),
            I.OPEN_LICENCES_TAKEN: sum(1 for kind, _a in deals if kind == "open"),
            I.LICENSEE_SHARE: (
                (Decimal(len(licensees)) * 100 / Decimal(self.enterprises)).quantize(Decimal("0.01"), ROUND_HALF_UP)
                if self.enterprises
                else None
            ),
        }


class DemoFiguresTests(TestCase):
    def setUp(self) -> None:
        super().setUp()
        cache.clear()  # the dashboard is cached for a minute; each test computes its own

    @classmethod
    def setUpTestData(cls):
        cls.index_dir = tempfile.mkdtemp(prefix="ipcounty-index-")
        with override_settings(SIMILARITY_INDEX_DIR=cls.index_dir):
            call_command("seed_demo", enterprises=80, stdout=io.StringIO())
        cls.expected = {year: Independent().figures(year) for year in YEARS}
        cls.leadership = User.objects.get(username="leadership")

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        index.forget_open_indexes()
        shutil.rmtree(cls.index_dir, ignore_errors=True)

    def test_the_demo_has_something_to_count_in_every_section(self):
        this_year = self.expected[THIS_YEAR]
        for code in (I.VALID_INVENTION_PATENTS, I.VALID_TRADEMARKS, I.PLEDGE_LOANS, I.TRAININGS, I.PARTICIPANTS):
            self.assertGreater(this_year[code], 0, code)
        self.assertGreater(this_year[I.FUNDS_PAID], 0)
        for code in (I.HIGH_VALUE_PATENTS, I.LEADS, I.CASES_FILED, I.TRANSFERS, I.MEDIATIONS):
            self.assertGreater(sum(self.expected[y][code] for y in YEARS), 0, code)
        self.assertEqual(rows("SELECT COUNT(*) FROM landscape_strategicindustryipc")[0][0], 0)

    def test_the_demo_holds_a_programme_that_keeps_to_the_subsidy_policy_and_shows_a_refused_one(self):
        from incentives.models import Application, AwardItem

        passing = AwardItem.objects.filter(programme__is_demo=True, programme__year=2024, policy_refusal="")
        self.assertTrue(passing.exists())
        self.assertGreater(Application.objects.filter(programme__year=2024, is_demo=True).count(), 5)
        refused = AwardItem.objects.filter(programme__is_demo=True, programme__year=THIS_YEAR)
        refused = refused.exclude(policy_refusal="")
        self.assertEqual(sorted(refused.values_list("rule", flat=True)), ["invention_granted", "pct_filed"])

    def test_every_dashboard_figure_equals_the_independent_computation(self):
        board = build_dashboard(THIS_YEAR)
        self.assertEqual(board.years, YEARS)
        checked = 0
        for _section, indicator_rows in board.sections:
            for row in indicator_rows:
                for year, value in zip(YEARS, row.values, strict=True):
                    with self.subTest(indicator=row.code, year=year):
                        self.assertEqual(value, self.expected[year][row.code])
                        checked += 1
        self.assertEqual(checked, 3 * sum(len(r) for _s, r in board.sections))
        self.assertGreaterEqual(checked, 3 * 18)

    def test_the_snapshot_holds_the_same_figures_as_the_independent_computation(self):
        home = District.default()
        refreshed = snapshots.refresh()
        self.assertIn(home.code, refreshed)
        found = snapshots.read({home.code}, YEARS)
        self.assertFalse(found.stale)
        self.assertIsNotNone(found.computed_at)
        board = build_dashboard(THIS_YEAR, home, found.values[home.code], found.top[home.code][THIS_YEAR])
        live = build_dashboard(THIS_YEAR, home)
        for _section, indicator_rows in board.sections:
            for row in indicator_rows:
                for year, value in zip(YEARS, row.values, strict=True):
                    with self.subTest(indicator=row.code, year=year):
                        self.assertEqual(value, self.expected[year][row.code])
                        self.assertEqual(str(value), str(live.row(row.code).values[YEARS.index(year)]))
        self.assertEqual(board.extra, live.extra)
        self.assertTrue(board.extra["high_value_by_enterprise"])

    def test_funds_by_level_over_three_years_add_up_from_the_ledger(self):
        board = build_dashboard(THIS_YEAR)
        paid = {label: value for label, _budget, value in board.funds_by_level}
        with translation.override("zh-hans"):
            from funds.choices import FundLevel

            for level, code in [
                (FundLevel.PROVINCIAL, I.FUNDS_PROVINCIAL),
                (FundLevel.MUNICIPAL, I.FUNDS_MUNICIPAL),
                (FundLevel.DISTRICT, I.FUNDS_DISTRICT),
            ]:
                three_years = sum((self.expected[y][code] for y in YEARS), Decimal("0.00"))
                self.assertEqual(paid.get(str(level.label), Decimal("0.00")), three_years)

    def test_leadership_opens_the_dashboard_and_sees_the_figures(self):
        self.client.force_login(self.leadership)
        page = self.client.get(reverse("dashboard:dashboard"), {"year": THIS_YEAR})
        self.assertEqual(page.status_code, 200)
        body = page.content.decode()
        for code in (I.VALID_INVENTION_PATENTS, I.VALID_TRADEMARKS, I.PLEDGE_LOANS, I.PARTICIPANTS):
            self.assertIn(f'data-indicator="{code}"', body)
        row = body.split(f'data-indicator="{I.PLEDGE_AMOUNT}"')[1].split("</tr>")[0]
        self.assertIn(f"¥{self.expected[THIS_YEAR][I.PLEDGE_AMOUNT]:,.2f}", row)
        self.assertIn("<svg", body)

    def test_the_annual_report_pdf_reads_as_chinese_and_the_workbook_has_the_totals(self):
        self.client.force_login(self.leadership)
        response = self.client.post(reverse("dashboard:report_for_year", args=[THIS_YEAR]))
        report = AnnualReport.objects.get()
        self.assertRedirects(response, reverse("dashboard:report_detail", args=[report.pk]))
        self.assertEqual((report.status, report.progress), ("done", 100), report.error)
        # Asking again within minutes opens the same report.
        self.client.post(reverse("dashboard:report_for_year", args=[THIS_YEAR]))
        self.assertEqual(AnnualReport.objects.count(), 1)

        pdf = b"".join(self.client.get(reverse("dashboard:report_download", args=[report.pk, "pdf"])).streaming_content)
        self.assertTrue(pdf.startswith(b"%PDF"))
        pdftotext = shutil.which("pdftotext") or "/usr/bin/pdftotext"
        text = subprocess.run([pdftotext, "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout  # noqa: S603
        text = text.decode()
        self.assertIn(f"{THIS_YEAR} 年度知识产权工作报告", text)
        for heading in ("知识产权创造", "商标品牌", "资助奖励资金", "人才培育", "三年趋势"):
            self.assertIn(heading, text)
        with translation.override("zh-hans"):
            self.assertIn(str(I.VALID_INVENTION_PATENTS.label), text)
        self.assertIn(f"¥{self.expected[THIS_YEAR][I.PLEDGE_AMOUNT]:,.2f}", text)

        data = b"".join(
            self.client.get(reverse("dashboard:report_download", args=[report.pk, "xlsx"])).streaming_content
        )
        book = load_workbook(io.BytesIO(data), read_only=True)
        sheet = book[f"{THIS_YEAR}年度指标"]
        table = list(sheet.iter_rows(values_only=True))
        self.assertEqual(table[0][2:5], tuple(f"{y}年" for y in YEARS))
        with translation.override("zh-hans"):
            by_label = {row[1]: row for row in table[1:]}
            for code in (I.VALID_INVENTION_PATENTS, I.PLEDGE_AMOUNT, I.FUNDS_PAID, I.PARTICIPANTS):
                cells = by_label[str(code.label)][2:5]
                self.assertEqual(
                    [Decimal(str(c)) for c in cells], [Decimal(str(self.expected[y][code])) for y in YEARS], code
                )
        levels = list(book["资金按级别合计"].iter_rows(values_only=True))[1:]
        total_paid = sum((Decimal(str(r[2])) for r in levels), Decimal("0"))
        self.assertEqual(total_paid, sum((self.expected[y][I.FUNDS_PAID] for y in YEARS), Decimal("0.00")))
