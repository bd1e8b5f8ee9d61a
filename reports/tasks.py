from celery import shared_task
from django.urls import reverse

from yuhang_cac.users.roles import Role
from yuhang_cac.workdays.reminders import DUE, NEAR, OVERDUE, Reminders, send_reminders

from .evidence import purge_stale_staging as purge_staging_folders
from .models import Report


@shared_task
def purge_stale_staging() -> int:
    """Remove evidence staged for forms never sent, older than REPORT_STAGING_HOURS."""
    return purge_staging_folders()


REMINDERS = Reminders(
    stages=Report.DEADLINES,
    kinds={NEAR: "report_deadline_near", DUE: "report_deadline_due", OVERDUE: "report_overdue"},
    key_prefix="report",
    context=lambda report: {"number": report.number},
    url=lambda report: reverse("reports:detail", args=[report.pk]),
    assignee_field="assignee",
    fallback_role=Role.OFFICER,
)


@shared_task
def remind_report_deadlines() -> int:
    """Remind assignees (or all officers, if nobody is assigned) before, on and after a report's deadline.

    Each report, stage and phase notifies once, however often the job runs.
    """
    return send_reminders(Report.objects.select_related("assignee"), REMINDERS)
