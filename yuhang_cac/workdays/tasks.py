from celery import shared_task
from django.utils import timezone

from yuhang_cac.notifications.services import notify_role

from .calendar import missing_years


@shared_task
def remind_missing_calendar_year() -> int:
    """Ask the system administrators, once per year, to enter a missing holiday schedule."""
    sent = 0
    for year in missing_years(timezone.localdate()):
        sent += notify_role(
            "sysadmin",
            kind="calendar_year_missing",
            key=f"calendar-year-missing-{year}",
            context={"year": year},
        )
    return sent
