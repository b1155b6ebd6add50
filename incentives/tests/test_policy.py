"""国知发保字〔2021〕1号: no subsidy for patent applications (all application-stage subsidies
ended by the end of June 2021), grant-stage subsidies only after grant and at most 50 % of the
official fees, never annuities or agency fees, and all grant-stage subsidies ended by 2025."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse

from funds.choices import FundLevel
from incentives import actions
from incentives.choices import RuleKind
from incentives.policy import grant_share_limit
from incentives.tests.base import FundsMixin

D = dt.date


class SubsidyPolicyTests(FundsMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.make_funds()

    def make_programme(self, year, **dates):
        return actions.create_programme(
            actor=None,
            name=f"Programme {year}",
            year=year,
            opens_on=dates.get("opens_on", D(year, 3, 1)),
            closes_on=dates.get("closes_on", D(year, 12, 31)),
            period_start=D(year - 1, 1, 1),
            period_end=D(year - 1, 12, 31),
        )

    def make_item(self, programme, rule, **extra):
        return actions.add_award_item(
            actor=None,
            programme=programme,
            name=str(rule),
            rule=rule,
            amount=Decimal("1500"),
            shares=[(self.district, Decimal(100))],
            **extra,
        )

    def test_a_subsidy_per_patent_application_is_refused_from_july_2021(self):
        # “2021年6月底前要全面取消各级专利申请阶段的资助”
        item = self.make_item(self.make_programme(2022), RuleKind.PCT_FILED)
        self.assertTrue(item.refused)
        self.assertIn("国知发保字〔2021〕1号", item.policy_refusal)
        early = self.make_item(
            self.make_programme(2021, opens_on=D(2021, 2, 1), closes_on=D(2021, 6, 30)), RuleKind.PCT_FILED
        )
        self.assertFalse(early.refused)

    def test_a_grant_stage_subsidy_passes_until_2024_and_is_refused_from_2025(self):
        # “在2025年以前全部取消”
        self.assertFalse(self.make_item(self.make_programme(2024), RuleKind.INVENTION_GRANTED).refused)
        self.assertTrue(self.make_item(self.make_programme(2025), RuleKind.INVENTION_GRANTED).refused)
        straddling = self.make_programme(2024, closes_on=D(2025, 3, 31))
        self.assertTrue(self.make_item(straddling, RuleKind.INVENTION_GRANTED).refused)

    def test_items_outside_patent_filings_and_grants_are_not_touched(self):
        programme = self.make_programme(2026)
        for rule in (RuleKind.WELL_KNOWN_MARK, RuleKind.GEOGRAPHICAL_INDICATION, RuleKind.LOAN_INTEREST):
            self.assertFalse(self.make_item(programme, rule).refused)

    def test_the_grant_stage_share_is_at_most_half_the_official_fees(self):
        # “资助对象所获得的各级各类资助总额不得高于其获得专利权所缴纳的官方规定费用的50%”
        self.assertEqual(grant_share_limit(self.make_programme(2024)), 50)

    def test_a_refused_item_takes_no_application_and_says_why(self):
        programme = self.make_programme(2026)
        item = self.make_item(programme, RuleKind.INVENTION_GRANTED)
        with self.assertRaisesMessage(ValidationError, "2025"):
            actions.submit_application(
                actor=self.ent_manager,
                programme=programme,
                enterprise=self.enterprise,
                asset_keys=[(item, f"patent:{self.patents[0].pk}")],
                today=D(2026, 5, 6),
            )

    def test_the_programme_page_shows_the_refusal_and_the_apply_page_leaves_the_item_out(self):
        programme = self.make_programme(2026)
        self.make_item(programme, RuleKind.INVENTION_GRANTED)
        self.client.force_login(self.clerk)
        page = self.client.get(reverse("incentives:programme_detail", args=[programme.pk])).content.decode()
        self.assertIn("国知发保字〔2021〕1号", page)

    def test_a_documented_exception_lets_the_item_run_and_is_flagged(self):
        item = self.make_item(
            self.make_programme(2026), RuleKind.INVENTION_GRANTED, policy_exception="省局批复（演示）"
        )
        self.assertFalse(item.refused)
        self.assertTrue(item.policy_refusal)


class FundLevelsStillWork(TestCase):
    def test_fund_levels_are_unchanged(self):
        self.assertIn(FundLevel.DISTRICT, FundLevel.values)
