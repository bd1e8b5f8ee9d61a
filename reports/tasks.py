from celery import shared_task
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from yuhang_cac.notifications.services import notify
from yuhang_cac.users.models import User
from yuhang_cac.users.roles import Role
from yuhang_cac.workdays.calendar import add_working_days

from .evidence import purge_stale_staging as purge_staging_folders
from .models import Report


@shared_task
def purge_stale_staging() -> int:
    """Remove evidence staged for forms never sent, older than REPORT_STAGING_HOURS."""
    return purge_staging_folders()


@shared_task
def remind_report_deadlines() -> int:
    """Remind assignees (or all officers, if nobody is assigned) before, on and after a report's deadline.

    Each report, stage and phase notifies once, however often the job runs.
    """
    today = timezone.localdate()
    horizon = add_working_days(today, REMIND_WORKING_DAYS_BEFORE)
    return sum(_remind(report, stage, today) for report, stage in _due_reports(horizon))


REMIND_WORKING_DAYS_BEFORE = 2
STAGES = {
    "accept": ([Report.Status.SUBMITTED], "accept_deadline", gettext_noop("accept it")),
    "verify": (
        [Report.Status.ACCEPTED, Report.Status.VERIFYING],
        "verify_deadline",
        gettext_noop("verify it"),
    ),
}


def _due_reports(horizon):
    for stage, (statuses, field, _label) in STAGES.items():
        reports = Report.objects.filter(
            status__in=statuses, **{f"{field}__closed_at__isnull": True, f"{field}__due_date__lte": horizon}
        ).select_related(field, "assignee")
        for report in reports:
            yield report, stage


def _remind(report: Report, stage: str, today) -> int:
    _statuses, field, label = STAGES[stage]
    due = getattr(report, field).due_date
    kind, phase = (
        ("report_overdue", "overdue")
        if due < today
        else ("report_deadline_due", "due")
        if due == today
        else ("report_deadline_near", "near")
    )
    recipients = (
        [report.assignee] if report.assignee_id else User.objects.filter(role=Role.OFFICER, is_active=True)
    )
    context = {"number": report.number, "stage": _(label), "due": f"{due:%Y-%m-%d}"}
    url = reverse("reports:detail", args=[report.pk])
    key = f"report-{report.pk}-{stage}-{phase}"
    return sum(notify(user, kind, report, key, context=context, url=url) for user in recipients)
