"""Working days in China: weekends off except make-up days, public holidays off.

Every app counts deadlines through these functions. The start day itself is
never counted. A year with no rows in the holiday table is counted on weekends
alone, and a result that crosses such a year is provisional.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from .models import Deadline, Holiday


@dataclass(frozen=True)
class WorkCalendar:
    off: frozenset[date]
    workdays: frozenset[date]
    covered_years: frozenset[int]

    def is_working_day(self, day: date) -> bool:
        if day in self.workdays:
            return True
        return day.weekday() < 5 and day not in self.off

    def covers(self, first: date, last: date) -> bool:
        return all(year in self.covered_years for year in range(first.year, last.year + 1))


def load_calendar(first: date, last: date) -> WorkCalendar:
    """The calendar for the days from ``first`` to ``last`` (two small queries)."""
    rows = Holiday.objects.filter(date__range=(first, last)).values_list("date", "kind")
    return WorkCalendar(
        off=frozenset(d for d, kind in rows if kind == Holiday.Kind.OFF),
        workdays=frozenset(d for d, kind in rows if kind == Holiday.Kind.WORKDAY),
        covered_years=frozenset(d.year for d in Holiday.objects.dates("date", "year")),
    )


def _span(start: date, days: int) -> date:
    # Long holidays (Spring Festival, National Day) never take more than about
    # half of a span, so twice the days plus a month always reaches the answer.
    return start + timedelta(days=days * 2 + 31)


def add_working_days(start: date, days: int, calendar: WorkCalendar | None = None) -> date:
    """The day on which ``days`` working days after ``start`` have passed."""
    calendar = calendar or load_calendar(start, _span(start, days))
    day, left = start, days
    while left > 0:
        day += timedelta(days=1)
        if calendar.is_working_day(day):
            left -= 1
    return day


def working_days_between(start: date, end: date, calendar: WorkCalendar | None = None) -> int:
    """Working days after ``start`` up to and including ``end`` (negative if ``end`` is earlier)."""
    if end < start:
        return -working_days_between(end, start, calendar)
    calendar = calendar or load_calendar(start, end)
    return sum(calendar.is_working_day(start + timedelta(days=i)) for i in range(1, (end - start).days + 1))


@dataclass(frozen=True)
class DueDate:
    date: date
    provisional: bool


def due_date(start: date, days: int) -> DueDate:
    """``add_working_days`` plus whether the holiday table covered every year it crossed."""
    calendar = load_calendar(start, _span(start, days))
    day = add_working_days(start, days, calendar)
    return DueDate(day, not calendar.covers(start, day))


def missing_years(today: date) -> list[int]:
    """Years the table lacks that work needs: this year, next year from November, open deadlines'."""
    covered = {d.year for d in Holiday.objects.dates("date", "year")}
    wanted = {today.year} | ({today.year + 1} if today.month >= 11 else set())
    wanted |= {d.year for d in Deadline.objects.filter(closed_at__isnull=True).dates("due_date", "year")}
    return sorted(year for year in wanted if year not in covered)
