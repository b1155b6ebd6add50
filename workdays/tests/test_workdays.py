import datetime as dt

import pytest

from workdays import add_workdays, is_announced, is_workday, next_workday, workdays_between

D = dt.date


def test_national_day_week_is_not_working_and_the_make_up_saturday_is() -> None:
    # 2026: 1–7 October are holidays; Saturday 10 October is a make-up workday.
    assert not is_workday(D(2026, 10, 1))
    assert not is_workday(D(2026, 10, 7))
    assert is_workday(D(2026, 10, 10))


def test_five_working_days_from_the_last_day_before_national_day() -> None:
    # From Wednesday 30 September 2026: 8, 9, 10 (make-up Saturday), 12, 13 October.
    assert add_workdays(D(2026, 9, 30), 5) == D(2026, 10, 13)


def test_spring_festival_2026() -> None:
    assert not is_workday(D(2026, 2, 17))  # 初一
    assert add_workdays(D(2026, 2, 13), 1) == D(2026, 2, 14)  # make-up Saturday


def test_zero_days_moves_to_a_working_day() -> None:
    assert add_workdays(D(2026, 10, 1), 0) == next_workday(D(2026, 10, 1)) == D(2026, 10, 8)


def test_workdays_between_counts_both_ways() -> None:
    assert workdays_between(D(2026, 9, 30), D(2026, 10, 13)) == 5
    assert workdays_between(D(2026, 10, 13), D(2026, 9, 30)) == -5
    assert workdays_between(D(2026, 5, 6), D(2026, 5, 6)) == 0


@pytest.mark.parametrize("n", [1, 3, 10, 30])
def test_add_and_between_agree(n: int) -> None:
    start = D(2026, 4, 30)
    assert workdays_between(start, add_workdays(start, n)) == n


def test_unannounced_years_fall_back_to_weekdays_and_say_so() -> None:
    assert not is_announced(D(2030, 1, 7))
    assert is_workday(D(2030, 1, 7))  # a Monday
    assert not is_workday(D(2030, 1, 5))  # a Saturday
    assert is_announced(D(2026, 1, 5))


def test_negative_counts_are_refused() -> None:
    with pytest.raises(ValueError):
        add_workdays(D(2026, 1, 5), -1)
