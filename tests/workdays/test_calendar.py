from datetime import date

import pytest

from yuhang_cac.workdays.calendar import add_working_days, due_date, missing_years, working_days_between
from yuhang_cac.workdays.models import Holiday

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (date(2025, 9, 26), 1, date(2025, 9, 28)),  # Sunday 2025-09-28 is a make-up working day
        (date(2025, 9, 28), 1, date(2025, 9, 29)),
        (date(2025, 9, 30), 1, date(2025, 10, 9)),  # 10-01..08 are off (National Day + Mid-autumn)
        (date(2025, 10, 10), 1, date(2025, 10, 11)),  # Saturday 2025-10-11 is a make-up working day
        (date(2025, 10, 10), 2, date(2025, 10, 13)),
        (date(2025, 12, 5), 0, date(2025, 12, 5)),
        (date(2025, 12, 5), 5, date(2025, 12, 12)),  # plain weeks: weekends off
        (date(2026, 2, 13), 1, date(2026, 2, 14)),  # Saturday 2026-02-14 works before Spring Festival
    ],
)
def test_add_working_days_follows_the_holiday_table(start, days, expected):
    assert add_working_days(start, days) == expected


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2025, 9, 28), True),
        (date(2025, 10, 1), False),
        (date(2025, 10, 8), False),
        (date(2025, 10, 9), True),
        (date(2025, 10, 4), False),
    ],
)
def test_a_single_day_counts_only_when_it_is_a_working_day(day, working):
    before = date.fromordinal(day.toordinal() - 1)
    assert working_days_between(before, day) == int(working)


def test_working_days_between_inverts_add_working_days():
    start = date(2025, 9, 20)
    for n in range(0, 40):
        assert working_days_between(start, add_working_days(start, n)) == n


def test_working_days_between_is_negative_backwards():
    assert working_days_between(date(2025, 12, 12), date(2025, 12, 5)) == -5


def test_the_start_day_is_not_counted():
    assert add_working_days(date(2025, 12, 8), 1) == date(2025, 12, 9)


def test_a_deadline_into_an_uncovered_year_is_provisional():
    due = due_date(date(2026, 12, 20), 15)
    assert due.provisional is True
    # 2027 is absent: weekends alone count, so 15 working days after Sunday 2026-12-20.
    assert due.date == date(2027, 1, 8)


def test_a_deadline_inside_covered_years_is_not_provisional():
    assert due_date(date(2025, 9, 30), 15).provisional is False


def test_entering_the_year_makes_the_deadline_final():
    Holiday.objects.create(date=date(2027, 1, 1), kind=Holiday.Kind.OFF, name="元旦")
    due = due_date(date(2026, 12, 20), 15)
    assert due.provisional is False
    assert due.date == date(2027, 1, 11)


def test_missing_years_asks_for_next_year_from_november():
    assert missing_years(date(2026, 10, 31)) == []
    assert missing_years(date(2026, 11, 1)) == [2027]
