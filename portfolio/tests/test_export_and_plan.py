import datetime as dt
import io
import itertools

import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from core.exporting import csv_text, neutralise
from core.tests.people import PeopleTestCase
from core.tests.querycount import assert_queries_do_not_grow
from portfolio import actions
from portfolio.models import Patent, Trademark
from portfolio.plan import build_plan
from portfolio.reminders import reminders
from portfolio.tests.factories import numbered
from registry import actions as registry_actions


class ExportTests(PeopleTestCase):
    def test_an_exported_file_holds_no_formula_cell(self):
        actions.add_patent(
            actor=self.clerk,
            application_number="201710601862.3",
            owners=[self.enterprise],
            title='=HYPERLINK("http://evil.example","click")',
            applicants="+SUM(A1:A9)",
            inventors="@cmd",
            abstract="-2+3",
            filing_date="2017-07-21",
            status="pending",
        )
        response = self.client_for(self.clerk).get(reverse("portfolio:patent_list") + "?export=xlsx")
        workbook = load_workbook(io.BytesIO(response.content))
        cells = [c for row in workbook.active.iter_rows() for c in row]
        self.assertFalse([c.coordinate for c in cells if c.data_type == "f"])
        values = [c.value for c in cells if isinstance(c.value, str)]
        self.assertIn('\'=HYPERLINK("http://evil.example","click")', values)
        self.assertIn("'+SUM(A1:A9)", values)
        self.assertIn("'@cmd", values)

    def test_csv_cells_are_neutralised_too(self):
        text = csv_text(["a"], [["=1+1"], ["-5"], ["ok"]])
        self.assertEqual(text.splitlines(), ["a", "'=1+1", "'-5", "ok"])
        self.assertEqual(neutralise(5), 5)

    def client_for(self, user):
        self.client.force_login(user)
        return self.client


class ReminderTests(PeopleTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # Filed 2017-07-21, granted, annuities paid through year 9: year 10 falls due on 2026-07-21.
        cls.patent = actions.add_patent(
            actor=None,
            application_number="201710601862.3",
            owners=[cls.enterprise],
            title="x",
            filing_date="2017-07-21",
            grant_date="2019-01-01",
            status="granted",
            annuity_paid_year=9,
        )
        # Registered 2016-09-30: expires 2026-09-29, renewal window open from 2025-09-30.
        cls.mark = actions.add_trademark(
            actor=None,
            number="50000001",
            owner=cls.enterprise,
            groups=["3301"],
            mark_text="M",
            filing_date="2015-01-01",
            registration_date="2016-09-30",
            status="registered",
        )

    def kinds(self, today):
        return {
            (r.kind, r.due, r.workdays_left)
            for r in reminders(Patent.objects.all(), Trademark.objects.all(), today=today)
        }

    def test_annuity_due_and_renewal_window_in_working_days(self):
        found = self.kinds(dt.date(2026, 6, 1))
        # 2 June – 21 July 2026: 36 weekdays less the Dragon Boat Festival (Fri 19 June).
        self.assertIn(("annuity", dt.date(2026, 7, 21), 35), found)
        # to 29 September: 86 weekdays, less 19 June and Mid-Autumn (Fri 25 September),
        # plus Sunday 20 September, a make-up workday.
        self.assertIn(("renewal", dt.date(2026, 9, 29), 85), found)

    def test_after_expiry_the_grace_period_is_reminded(self):
        found = self.kinds(dt.date(2026, 10, 20))
        self.assertIn("renewal_grace", {k for k, _d, _w in found})
        self.assertIn("annuity_grace", {k for k, _d, _w in found})

    def test_reminder_page_shows_only_own_rights(self):
        with time_machine.travel(dt.datetime(2026, 6, 1, 9, tzinfo=dt.UTC), tick=False):
            self.client.force_login(self.other_manager)
            self.assertNotContains(self.client.get(reverse("portfolio:reminders")), "201710601862.3")
            self.client.force_login(self.ent_member)
            self.assertContains(self.client.get(reverse("portfolio:reminders")), "201710601862.3")


class PlanTests(PeopleTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for enterprise in (cls.enterprise, cls.other_enterprise):
            registry_actions.update_enterprise(actor=None, enterprise=enterprise, industry="酒、饮料和精制茶制造业")
        cls.enterprise.refresh_from_db()
        for number, owner in [("201710601862.3", cls.enterprise), ("97101765.4", cls.other_enterprise)]:
            actions.add_patent(
                actor=None,
                application_number=number,
                owners=[owner],
                title="x",
                filing_date="2017-07-21" if number.startswith("2017") else "1997-02-01",
                status="pending",
                ipc_codes=["C12G 1/00"],
            )
        actions.add_trademark(
            actor=None,
            number="60000001",
            owner=cls.enterprise,
            groups=["3301"],
            mark_text="M",
            filing_date="2015-01-01",
            status="applied",
        )

    def test_holdings_by_type_section_and_class(self):
        plan = build_plan(self.enterprise, today=dt.date(2026, 6, 1))
        self.assertEqual(
            [(value, n) for value, _label, n in plan.by_type], [("invention", 1), ("utility_model", 0), ("design", 0)]
        )
        self.assertEqual([s for s, _t, _n in plan.by_section], ["C"])
        self.assertEqual([(c, n) for c, _name, n in plan.by_class], [(33, 1)])

    def test_peers_median(self):
        plan = build_plan(self.enterprise, today=dt.date(2026, 6, 1))
        rows = {r.measure: (r.mine, r.median, r.peers) for r in plan.peer_rows}
        self.assertEqual(rows["invention"], (1, 1, 2))
        self.assertEqual(rows["marks"], (1, 0.5, 2))

    def test_gaps_come_from_the_similar_goods_notes(self):
        from refdata import lookups

        plan = build_plan(self.enterprise, today=dt.date(2026, 6, 1))
        expected = {lookups.group_class(g) for g in lookups.related_groups("3301")} - {33}
        self.assertEqual({gap.nice_class for gap in plan.gaps}, expected)

    def test_plan_page_renders_for_the_owner(self):
        self.client.force_login(self.ent_member)
        response = self.client.get(reverse("portfolio:enterprise_plan", args=[self.enterprise.pk]))
        self.assertContains(response, 'id="peers"')


class ListQueryCountTests(PeopleTestCase):
    def test_patent_and_trademark_lists_do_not_grow_with_rows(self):
        self.client.force_login(self.clerk)
        urls = [reverse("portfolio:patent_list"), reverse("portfolio:trademark_list"), reverse("portfolio:import_list")]
        serial = itertools.count(1)

        def add(n):
            for i in itertools.islice(serial, n):
                add_one(i)

        def add_one(i):
            actions.add_patent(
                actor=None,
                application_number=numbered(i, year=2018),
                owners=[self.enterprise],
                title="x",
                filing_date="2018-01-01",
                status="pending",
            )
            actions.add_trademark(
                actor=None,
                number=f"7000000{i}",
                owner=self.enterprise,
                groups=["3301"],
                mark_text="M",
                filing_date="2015-01-01",
                status="applied",
            )

        assert_queries_do_not_grow(self, urls, add, rows=3)
