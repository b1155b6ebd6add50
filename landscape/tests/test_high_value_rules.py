"""The high-value definition's fifth category and its pledge amount as a dated rule."""

import datetime as dt

from django.test import TestCase
from django.utils import translation

import rules
from landscape.choices import AwardLevel, HighValueReason
from rules.store import RuleMissing


class HighValueDefinitionTests(TestCase):
    def test_a_national_science_and_technology_award_counts_like_the_china_patent_award(self):
        # 国家知识产权局: 获得国家科学技术奖或中国专利奖的发明专利 is the fifth category.
        self.assertIn(AwardLevel.NATIONAL_SCIENCE, AwardLevel.values)
        with translation.override("en"):
            self.assertIn("national science and technology award", str(HighValueReason.PATENT_AWARD.label))

    def test_the_pledge_amount_is_a_dated_rule_marked_unverified(self):
        from rules.models import Rule

        self.assertEqual(rules.value("landscape.high_value_pledge_amount", on=dt.date(2026, 1, 1))["amount"], 10000000)
        self.assertFalse(Rule.objects.get(key="landscape.high_value_pledge_amount").verified)
        with self.assertRaises(RuleMissing):
            rules.value("landscape.high_value_pledge_amount", on=dt.date(2020, 12, 31))
