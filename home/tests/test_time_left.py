import datetime as dt

from django.test import SimpleTestCase

from core.worklists import WorkItem
from home.templatetags.worklist import time_left
from protection.tests.base import at

NOW = at(2026, 5, 6, 10)


def item(due=None, since=None) -> WorkItem:
    return WorkItem("kind", "label", "action", "/", due, since)


class TimeLeftTests(SimpleTestCase):
    """The time left never promises more than there is: left rounds down, overdue rounds up."""

    def test_a_moment_under_a_day_away_is_said_in_hours(self):
        self.assertEqual(
            time_left(item(NOW + dt.timedelta(hours=5, minutes=50)), NOW), {"text": "还剩 5 小时", "flag": "near"}
        )
        self.assertEqual(
            time_left(item(NOW - dt.timedelta(minutes=10)), NOW), {"text": "已超期 1 小时", "flag": "past"}
        )

    def test_a_moment_days_away_is_said_in_whole_days(self):
        self.assertEqual(
            time_left(item(NOW + dt.timedelta(days=2, hours=23)), NOW), {"text": "还剩 2 天", "flag": "near"}
        )
        self.assertEqual(time_left(item(NOW + dt.timedelta(days=10)), NOW), {"text": "还剩 10 天", "flag": ""})
        self.assertEqual(
            time_left(item(NOW - dt.timedelta(days=1, hours=1)), NOW), {"text": "已超期 2 天", "flag": "past"}
        )

    def test_a_day_limit_counts_calendar_days_to_its_end(self):
        self.assertEqual(time_left(item(dt.date(2026, 5, 6)), NOW), {"text": "今日到期", "flag": "near"})
        self.assertEqual(time_left(item(dt.date(2026, 5, 9)), NOW), {"text": "还剩 3 天", "flag": "near"})
        self.assertEqual(time_left(item(dt.date(2026, 5, 4)), NOW), {"text": "已超期 2 天", "flag": "past"})

    def test_an_item_without_a_limit_says_when_it_came(self):
        self.assertEqual(time_left(item(since=NOW - dt.timedelta(hours=1)), NOW), {"text": "今天", "flag": "open"})
        self.assertEqual(time_left(item(since=dt.date(2026, 5, 1)), NOW), {"text": "5 天前", "flag": "open"})
        self.assertEqual(time_left(item(), NOW), {"text": "无办理时限", "flag": "open"})
