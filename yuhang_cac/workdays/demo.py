"""The holiday table comes from a migration; the demo shows the reminder it leads to."""

from .tasks import remind_missing_calendar_year


def seed(*, password: str, today) -> None:
    remind_missing_calendar_year()
