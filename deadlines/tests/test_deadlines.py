"""The deadline engine against dates counted by hand on the State Council's holiday
arrangements for 2024–2026 (holidays and make-up workdays)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from deadlines import (
    CALENDAR_DAYS,
    HOURS,
    WORKING_DAYS,
    Clock,
    Limit,
    Pause,
    due_moment,
    flag,
    working_time_between,
)

SH = ZoneInfo("Asia/Shanghai")


def at(y: int, m: int, d: int, h: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, h, minute, tzinfo=SH)


def end_of(y: int, m: int, d: int) -> dt.datetime:
    return dt.datetime(y, m, d, 23, 59, 59, tzinfo=SH)


def test_fifteen_working_days_across_national_day_2024_with_both_make_up_days() -> None:
    # From Fri 20 Sep: 23–27 Sep (5), Sun 29 Sep make-up (6), 30 Sep (7), 1–7 Oct off,
    # 8–11 Oct (11), Sat 12 Oct make-up (12), 14–16 Oct (15).
    assert due_moment(at(2024, 9, 20), Limit(15, WORKING_DAYS)) == end_of(2024, 10, 16)


def test_fifteen_working_days_across_spring_festival_2025() -> None:
    # From Mon 20 Jan: 21–24 (4), Sun 26 Jan make-up (5), 27 Jan (6), 28 Jan–4 Feb off,
    # 5–7 Feb (9), Sat 8 Feb make-up (10), 10–14 Feb (15).
    assert due_moment(at(2025, 1, 20), Limit(15, WORKING_DAYS)) == end_of(2025, 2, 14)


def test_fifteen_working_days_across_spring_festival_2026() -> None:
    # From Tue 10 Feb: 11–13 (3), Sat 14 Feb make-up (4), 15–23 Feb off, 24–27 Feb (8),
    # Sat 28 Feb make-up (9), 2–6 Mar (14), 9 Mar (15).
    assert due_moment(at(2026, 2, 10), Limit(15, WORKING_DAYS)) == end_of(2026, 3, 9)


def test_extension_adds_fifteen_more_working_days() -> None:
    assert Limit(15, WORKING_DAYS) + Limit(15, WORKING_DAYS) == Limit(30, WORKING_DAYS)
    # 15 more after 16 Oct 2024: 17, 18, 21–25, 28–31 Oct, 1, 4, 5, 6 Nov.
    assert due_moment(at(2024, 9, 20), Limit(30, WORKING_DAYS)) == end_of(2024, 11, 6)


def test_calendar_days_ending_on_a_holiday_move_to_the_next_working_day() -> None:
    # 90 days from 10 Jul 2025 is 8 Oct 2025, the last day of the National Day holiday.
    assert due_moment(at(2025, 7, 10), Limit(90, CALENDAR_DAYS)) == end_of(2025, 10, 9)


def test_three_calendar_days_before_national_day_2026() -> None:
    # 28 Sep + 3 = Thu 1 Oct, a holiday until 7 Oct.
    assert due_moment(at(2026, 9, 28), Limit(3, CALENDAR_DAYS)) == end_of(2026, 10, 8)


def test_three_calendar_days_ending_on_a_weekday_stay() -> None:
    assert due_moment(at(2024, 3, 4), Limit(3, CALENDAR_DAYS)) == end_of(2024, 3, 7)


def test_hours_count_through_holidays() -> None:
    assert due_moment(at(2026, 9, 30, 18), Limit(24, HOURS)) == at(2026, 10, 1, 18)


def test_a_pause_stops_working_days() -> None:
    # From Fri 1 Mar 2024 with testing from 5 Mar to 11 Mar: 4, 5 Mar count (2); 6–11 Mar do
    # not; 12–15 (6), 18–22 (11), 25–28 (15).
    pauses = [Pause(at(2024, 3, 5), at(2024, 3, 11))]
    assert due_moment(at(2024, 3, 1), Limit(15, WORKING_DAYS)) == end_of(2024, 3, 22)
    assert due_moment(at(2024, 3, 1), Limit(15, WORKING_DAYS), pauses) == end_of(2024, 3, 28)


def test_a_pause_stops_calendar_days_and_the_holiday_rule_still_applies() -> None:
    # 90 days from 5 Jan 2026 is Sun 5 Apr (Qingming, off until 6 Apr) → Tue 7 Apr.
    assert due_moment(at(2026, 1, 5), Limit(90, CALENDAR_DAYS)) == end_of(2026, 4, 7)
    # A hearing from 1 Feb to 20 Feb takes out 2–20 Feb (19 days): 5 Apr + 19 = Fri 24 Apr.
    pauses = [Pause(at(2026, 2, 1), at(2026, 2, 20))]
    assert due_moment(at(2026, 1, 5), Limit(90, CALENDAR_DAYS), pauses) == end_of(2026, 4, 24)


def test_a_pause_within_the_day_it_began_costs_nothing_for_days() -> None:
    pauses = [Pause(at(2024, 3, 5, 9), at(2024, 3, 5, 17))]
    assert due_moment(at(2024, 3, 1), Limit(15, WORKING_DAYS), pauses) == end_of(2024, 3, 22)


def test_a_pause_adds_its_hours_to_an_hours_limit() -> None:
    pauses = [Pause(at(2026, 3, 2, 10), at(2026, 3, 2, 14))]
    assert due_moment(at(2026, 3, 2, 9), Limit(24, HOURS), pauses) == at(2026, 3, 3, 13)


def test_an_open_pause_has_no_due_moment() -> None:
    pauses = [Pause(at(2026, 3, 2, 10))]
    assert due_moment(at(2026, 3, 2, 9), Limit(24, HOURS), pauses) is None
    assert flag(at(2026, 3, 2, 9), None, at(2026, 3, 9), Limit(24, HOURS)) == "paused"


def test_flags_near_and_past() -> None:
    start, limit = at(2024, 9, 20), Limit(15, WORKING_DAYS)
    due = due_moment(start, limit)
    assert flag(start, due, at(2024, 9, 23), limit) == "ok"
    assert flag(start, due, at(2024, 10, 14), limit) == "near"  # two working days left
    assert flag(start, due, at(2024, 10, 17), limit) == "past"
    hours = Limit(24, HOURS)
    start = at(2026, 3, 2, 9)
    due = due_moment(start, hours)
    assert flag(start, due, at(2026, 3, 2, 19), hours) == "ok"
    assert flag(start, due, at(2026, 3, 3, 5), hours) == "near"  # 4 h of 24 left


def test_a_clock_of_a_step_taken_late_says_past() -> None:
    start, limit = at(2024, 9, 20), Limit(15, WORKING_DAYS)
    assert Clock.of(start, limit, at(2024, 12, 1), done_at=at(2024, 10, 16, 18)).flag == "done"
    assert Clock.of(start, limit, at(2024, 12, 1), done_at=at(2024, 10, 17, 9)).flag == "past"


def test_working_time_leaves_out_holidays_and_counts_make_up_days() -> None:
    # Mon 30 Sep 2024 16:00 → Tue 8 Oct 10:00: 8 h on 30 Sep, 1–7 Oct off, 10 h on 8 Oct.
    assert working_time_between(at(2024, 9, 30, 16), at(2024, 10, 8, 10)) == dt.timedelta(hours=18)
    # Fri 24 Jan 2025 16:00 → Sun 26 Jan 10:00 (a make-up workday): 8 h + 10 h.
    assert working_time_between(at(2025, 1, 24, 16), at(2025, 1, 26, 10)) == dt.timedelta(hours=18)
    assert working_time_between(at(2025, 1, 26, 10), at(2025, 1, 24, 16)) == dt.timedelta(0)


def test_naive_moments_are_refused() -> None:
    with pytest.raises(ValueError):
        due_moment(dt.datetime(2026, 1, 5), Limit(3, CALENDAR_DAYS))
    with pytest.raises(ValueError):
        Limit(3, "fortnights")
