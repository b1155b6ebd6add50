import datetime as dt
import itertools

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import rules
from audit.models import AuditEvent
from core.tests.people import PeopleTestCase
from core.tests.querycount import assert_queries_do_not_grow
from deadlines import CALENDAR_DAYS, HOURS, WORKING_DAYS, Limit
from rules.actions import add_rule_version
from rules.catalogue import ENTRIES
from rules.choices import Basis
from rules.models import Rule
from rules.store import RuleMissing


class RuleStoreTests(PeopleTestCase):
    def test_every_rule_the_code_reads_ships_with_a_version_and_a_source(self):
        for entry in ENTRIES:
            row = Rule.objects.filter(key=entry.key).order_by("valid_from").first()
            self.assertIsNotNone(row, entry.key)
            self.assertTrue(row.source_title, entry.key)

    def test_the_limits_in_force_today_are_the_ones_the_code_applied_before(self):
        self.assertEqual(rules.limit("protection.filing_decision"), Limit(15, WORKING_DAYS))
        self.assertEqual(rules.limit("protection.case_decision"), Limit(90, CALENDAR_DAYS))
        self.assertEqual(rules.limit("protection.case_decision_extension"), Limit(30, CALENDAR_DAYS))
        self.assertEqual(rules.limit("protection.transfer_sending"), Limit(24, HOURS))
        self.assertEqual(rules.limit("protection.police_answer"), Limit(3, CALENDAR_DAYS))

    def test_a_rule_is_answered_for_the_day_asked(self):
        # 国知发保字〔2021〕1号: application-stage subsidies end by June 2021, grant-stage ones by 2025.
        key = "incentives.patent_subsidy_policy"
        self.assertTrue(rules.value(key, on=dt.date(2021, 6, 30))["application_subsidy"])
        self.assertFalse(rules.value(key, on=dt.date(2021, 7, 1))["application_subsidy"])
        self.assertTrue(rules.value(key, on=dt.date(2024, 12, 31))["grant_subsidy"])
        self.assertFalse(rules.value(key, on=dt.date(2025, 1, 1))["grant_subsidy"])
        with self.assertRaises(RuleMissing):
            rules.value(key, on=dt.date(2020, 1, 1))

    def test_the_head_adds_a_dated_version_and_the_old_one_still_answers_before_it(self):
        before = AuditEvent.objects.filter(action="rule.add_version").count()
        add_rule_version(
            actor=self.leader,
            key="protection.mediation_answer",
            value={"amount": 2, "unit": "workdays"},
            valid_from=dt.date(2027, 1, 1),
            basis=Basis.DISTRICT,
            source_title="区知识产权保护工作规则（2027）",
        )
        self.assertEqual(rules.limit("protection.mediation_answer", on=dt.date(2026, 12, 31)).amount, 3)
        self.assertEqual(rules.limit("protection.mediation_answer", on=dt.date(2027, 1, 1)).amount, 2)
        self.assertEqual(Rule.objects.filter(key="protection.mediation_answer").count(), 2)
        self.assertEqual(AuditEvent.objects.filter(action="rule.add_version").count(), before + 1)

    def test_only_the_head_changes_a_rule(self):
        for person in (self.clerk, self.enforcer, self.ent_manager, self.police_liaison):
            with self.assertRaises(PermissionDenied):
                add_rule_version(
                    actor=person,
                    key="protection.mediation_answer",
                    value={"amount": 2, "unit": "workdays"},
                    valid_from=dt.date(2027, 1, 1),
                    basis=Basis.DISTRICT,
                    source_title="x",
                )

    def test_a_version_needs_its_source_a_known_rule_a_sane_value_and_a_free_day(self):
        good = {
            "actor": self.leader,
            "key": "protection.mediation_answer",
            "value": {"amount": 2, "unit": "workdays"},
            "valid_from": dt.date(2027, 1, 1),
            "basis": Basis.DISTRICT,
            "source_title": "区工作规则",
        }
        for bad in (
            {"source_title": " "},
            {"key": "protection.no_such_rule"},
            {"value": {"amount": -1, "unit": "workdays"}},
            {"value": {"amount": 2, "unit": "fortnights"}},
            {"valid_from": dt.date(2020, 1, 1)},  # the shipped version begins that day
        ):
            with self.assertRaises(ValidationError, msg=bad):
                add_rule_version(**{**good, **bad})

    def test_reading_many_rules_costs_one_query(self):
        with CaptureQueriesContext(connection) as queries:
            for _ in range(50):
                rules.limit("protection.filing_decision", on=dt.date(2026, 3, 2))
                rules.value("incentives.patent_subsidy_policy", on=dt.date(2024, 3, 2))
        self.assertEqual(len(queries), 1)


class RulePageTests(PeopleTestCase):
    def test_the_office_sees_every_rule_with_its_source_grouped_by_domain(self):
        self.client.force_login(self.clerk)
        page = self.client.get(reverse("rules:list"))
        self.assertEqual(page.status_code, 200)
        text = page.content.decode()
        self.assertIn("protection.filing_decision", text)
        self.assertIn("第三十三条", text)  # 人民调解法 art. 33 beside the confirmation window
        self.assertIn("国知发保字〔2021〕1号", text)
        self.assertNotIn(reverse("rules:add_version", args=["protection.filing_decision"]), text)

    def test_others_get_404_for_the_rules_page(self):
        for person in (self.ent_manager, self.bank_officer, self.mediator, self.police_liaison, self.court_liaison):
            self.client.force_login(person)
            self.assertEqual(self.client.get(reverse("rules:list")).status_code, 404)
            url = reverse("rules:add_version", args=["protection.filing_decision"])
            self.assertEqual(self.client.get(url).status_code, 404)
            self.assertEqual(self.client.post(url, {}).status_code, 404)

    def test_an_office_clerk_cannot_add_a_version(self):
        self.client.force_login(self.clerk)
        url = reverse("rules:add_version", args=["protection.filing_decision"])
        self.assertEqual(self.client.get(url).status_code, 403)

    def test_the_head_adds_a_version_from_the_page_and_both_versions_are_listed(self):
        self.client.force_login(self.leader)
        url = reverse("rules:add_version", args=["protection.mediation_answer"])
        self.assertEqual(self.client.get(url).status_code, 200)
        response = self.client.post(
            url,
            {
                "value": '{"amount": 2, "unit": "workdays"}',
                "valid_from": "2027-01-01",
                "basis": Basis.DISTRICT,
                "source_title": "区知识产权保护工作规则（2027年修订）",
            },
        )
        self.assertRedirects(response, reverse("rules:list"))
        text = self.client.get(reverse("rules:list")).content.decode()
        self.assertIn("2027-01-01", text)
        self.assertIn("区知识产权保护工作规则（2027年修订）", text)
        self.assertEqual(Rule.objects.filter(key="protection.mediation_answer").count(), 2)

    def test_the_page_costs_a_fixed_number_of_queries(self):
        self.client.force_login(self.clerk)
        years = itertools.count(2027)

        def add(n: int) -> None:
            for year in itertools.islice(years, n):
                add_rule_version(
                    actor=self.leader,
                    key="protection.mediation_answer",
                    value={"amount": 2, "unit": "workdays"},
                    valid_from=dt.date(year, 1, 1),
                    basis=Basis.DISTRICT,
                    source_title="区工作规则",
                )

        assert_queries_do_not_grow(self, [reverse("rules:list")], add, rows=1)


class EarliestVersionTests(PeopleTestCase):
    def test_a_clock_for_a_day_before_the_first_version_uses_the_first_version(self):
        with self.assertRaises(RuleMissing):
            rules.limit("protection.filing_decision", on=dt.date(2018, 1, 2))
        self.assertEqual(
            rules.limit("protection.filing_decision", on=dt.date(2018, 1, 2), earliest=True), Limit(15, WORKING_DAYS)
        )
