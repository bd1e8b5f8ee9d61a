"""The summons jobs: thin, idempotent, each selecting due rows through an indexed column.

``python manage.py run_summons_jobs`` runs them by hand.
"""

from celery import shared_task
from django.utils import timezone

from yuhang_cac.users.roles import Role
from yuhang_cac.workdays.reminders import DUE, NEAR, OVERDUE, Reminders, send_reminders

from . import services
from .models import Case, Escalation

# One reminder per case, stage (rectify, evaluate) and phase: the officer in charge hears of the
# rectification deadline, the assigned evaluator of theirs (Case.DEADLINES).
REMINDERS = Reminders(
    stages=Case.DEADLINES,
    kinds={NEAR: "summons_deadline_near", DUE: "summons_deadline_due", OVERDUE: "summons_deadline_overdue"},
    key_prefix=services.REMINDER_KEY_PREFIX,
    context=lambda case: {"number": case.number},
    url=services.case_url,
    assignee_field="officer",
    fallback_role=Role.OFFICER,
)


@shared_task
def sweep_overdue_rectifications() -> int:
    """Cases past their rectification deadline enter the escalation queue and notify the officer, once."""
    today = timezone.localdate()
    due = Case.objects.filter(Case.RECTIFY.running_q(), rectification_deadline__due_date__lt=today)
    return sum(
        services.mark_overdue(Case(pk=pk), today=today) for pk in list(due.values_list("pk", flat=True))
    )


@shared_task
def end_measure_periods() -> int:
    """Measures whose period has ended: the account's status goes back, with the reason in its history."""
    today = timezone.localdate()
    ending = Escalation.objects.measures_ending(today).values_list("pk", flat=True)
    return sum(services.end_measure(Escalation.objects.get(pk=pk), today=today) for pk in list(ending))


@shared_task
def remind_summons_deadlines() -> int:
    """Remind officers of rectification deadlines and evaluators of theirs: before, on and after the day.

    Each case, stage and phase notifies once, however often the job runs.
    """
    return send_reminders(Case.objects.select_related("officer", "evaluator"), REMINDERS)
