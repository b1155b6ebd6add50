"""The opposition window of an outside mark found by the watch: its last day (Trademark Law
art. 33, counted as the Implementing Regulations art. 12 say), the hit page and list, the API
and the clerk's worklist ordered by that day."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

import rules
from similarity import actions
from similarity.importing import import_corpus_file
from similarity.models import CorpusMark, WatchHit
from similarity.opposition import last_day_to_oppose, window
from similarity.tests.base import IndexedTestCase, corpus_csv
from similarity.worklist import watch_hits_to_review

D = dt.date
HEADER = ["注册号/申请号", "商标", "申请人/权利人", "国际分类", "类似群", "申请日", "初审公告日", "商标状态"]


class LastDayTests(IndexedTestCase):
    def test_the_period_is_the_shipped_rule_with_its_source(self):
        self.assertEqual(rules.value("portfolio.trademark_opposition_period"), {"amount": 3, "unit": "months"})
        from rules.models import Rule

        rule = Rule.objects.get(key="portfolio.trademark_opposition_period", valid_from=D(2014, 5, 1))
        self.assertEqual((rule.source_article, rule.basis), ("第三十三条", "law"))
        self.assertIn("第十二条", rule.note)
        older = Rule.objects.get(key="portfolio.trademark_opposition_period", valid_from=D(2001, 12, 1))
        self.assertEqual((older.source_article, older.value["amount"]), ("第三十条", 3))

    def test_three_months_end_on_the_corresponding_day(self):
        self.assertEqual(last_day_to_oppose(D(2026, 5, 13)), D(2026, 8, 13))  # a Thursday

    def test_a_month_without_the_day_ends_on_its_last_day(self):
        self.assertEqual(last_day_to_oppose(D(2026, 8, 31)), D(2026, 11, 30))

    def test_an_end_in_the_national_day_holiday_moves_to_the_first_working_day_after(self):
        # 2026-10-02 is in the National Day holiday (1-7 October); 8 October is a working day.
        self.assertEqual(last_day_to_oppose(D(2026, 7, 2)), D(2026, 10, 8))

    def test_an_end_on_a_weekend_moves_to_monday_but_a_made_up_working_saturday_stays(self):
        self.assertEqual(last_day_to_oppose(D(2026, 6, 13)), D(2026, 9, 14))  # 13 Sep is a Sunday
        self.assertEqual(last_day_to_oppose(D(2026, 7, 10)), D(2026, 10, 10))  # a made-up working Saturday

    def test_the_window_is_open_on_its_last_day_and_closed_the_day_after(self):
        last = D(2026, 8, 13)
        self.assertTrue(window(D(2026, 5, 13), today=last).is_open)
        self.assertEqual(window(D(2026, 5, 13), today=last).days_left, 0)
        self.assertFalse(window(D(2026, 5, 13), today=last + dt.timedelta(days=1)).is_open)
        self.assertIsNone(window(None))

    def test_a_publication_under_the_2001_law_has_its_three_months_and_one_before_any_rule_has_no_window(self):
        self.assertEqual(last_day_to_oppose(D(2009, 12, 26)), D(2010, 3, 26))
        self.assertIsNone(window(D(1999, 5, 1)))

    def test_a_last_day_in_a_year_without_announced_holidays_is_provisional(self):
        self.assertFalse(window(D(2026, 5, 13)).provisional)
        self.assertTrue(window(D(2030, 5, 13)).provisional)


class OppositionHitTests(IndexedTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.entry = actions.add_protected_mark(actor=None, name="芝罘", nice_classes=[33])

    def import_marks(self):
        today = timezone.localdate()
        rows = [
            ["60000001", "芝罘湾", "甲公司", "33", "3301", "2025-01-01", str(today - dt.timedelta(days=10)), "申请中"],
            ["60000002", "芝罘港", "乙公司", "33", "3301", "2025-01-01", str(today - dt.timedelta(days=40)), "申请中"],
            ["60000003", "芝罘岛", "丙公司", "33", "3301", "2020-01-01", "2020-09-01", "已注册"],
        ]
        with self.captureOnCommitCallbacks(execute=True):
            outcome = import_corpus_file(corpus_csv(rows, HEADER), "extract.csv", actor=self.clerk)
        self.assertTrue(outcome.ok, outcome.row_errors)
        return {hit.number: hit for hit in WatchHit.objects.all()}

    def test_the_import_reads_the_publication_date_and_the_hit_keeps_it(self):
        hits = self.import_marks()
        self.assertEqual(CorpusMark.objects.get(number="60000003").publication_date, D(2020, 9, 1))
        self.assertEqual(set(hits), {"60000001", "60000002", "60000003"})
        self.assertEqual(hits["60000003"].publication_date, D(2020, 9, 1))

    def test_the_hit_page_shows_the_last_day_to_oppose_or_that_only_invalidation_remains(self):
        hits = self.import_marks()
        self.client.force_login(self.clerk)
        open_hit = hits["60000001"]
        last = last_day_to_oppose(open_hit.publication_date)
        response = self.client.get(reverse("similarity:hit_detail", args=[open_hit.pk]))
        self.assertContains(response, f"异议期最后一日：{last:%Y-%m-%d}")
        self.assertContains(response, "商标法第三十三条")
        closed = self.client.get(reverse("similarity:hit_detail", args=[hits["60000003"].pk]))
        self.assertContains(closed, "只能请求宣告无效")
        self.assertContains(closed, "商标法第四十五条第一款")
        self.assertContains(closed, "5 年内")
        self.assertNotContains(closed, "异议期最后一日：")
        listing = self.client.get(reverse("similarity:watch_list"))
        self.assertContains(listing, f"{last:%Y-%m-%d}")

    def test_the_clerks_worklist_lists_open_windows_by_their_last_day_first(self):
        hits = self.import_marks()
        items = watch_hits_to_review(self.clerk)
        self.assertEqual([i.label.split(" ~ ")[0] for i in items], ["芝罘港", "芝罘湾", "芝罘岛"])
        self.assertEqual(items[0].due, last_day_to_oppose(hits["60000002"].publication_date))
        self.assertEqual(items[1].due, last_day_to_oppose(hits["60000001"].publication_date))
        self.assertIsNone(items[2].due)
        self.assertEqual(watch_hits_to_review(self.ent_manager), [])

    def test_the_api_gives_the_last_day_and_whether_the_window_is_open(self):
        hits = self.import_marks()
        self.client.force_login(self.clerk)
        body = self.client.get(f"/api/watch/hits/{hits['60000001'].pk}").json()
        self.assertEqual(body["opposition_last_day"], str(last_day_to_oppose(hits["60000001"].publication_date)))
        self.assertTrue(body["opposition_open"])
        closed = self.client.get(f"/api/watch/hits/{hits['60000003'].pk}").json()
        self.assertFalse(closed["opposition_open"])
