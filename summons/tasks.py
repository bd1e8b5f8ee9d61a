"""The summons jobs: thin, idempotent, each selecting due rows through an indexed column.

``python manage.py run_summons_jobs`` runs them by hand.
"""

from celery import shared_task
from django.utils import timezone

from yuhang_cac.notifications.services import notify
from yuhang_cac.workdays.calendar import add_working_days

from . import services
from .models import Case, Escalation, EvaluatorAssignment

REMIND_WORKING_DAYS_BEFORE = 2


@shared_task
def sweep_overdue_rectifications() -> int:
    """Cases past their rectification deadline enter the escalation queue and notify the officer, once."""
    today = timezone.localdate()
    due = Case.objects.filter(
        status=Case.Status.RECTIFYING,
        rectification_deadline__closed_at__isnull=True,
        rectification_deadline__due_date__lt=today,
    ).values_list("pk", flat=True)
    return sum(services.mark_overdue(Case(pk=pk), today=today) for pk in list(due))


@shared_task
def end_measure_periods() -> int:
    """Measures whose period has ended: the account's status goes back, with the reason in its history."""
    today = timezone.localdate()
    ending = Escalation.objects.measures_ending(today).values_list("pk", flat=True)
    return sum(services.end_measure(Escalation.objects.get(pk=pk), today=today) for pk in list(ending))


@shared_task
def remind_summons_deadlines() -> int:
    """Remind officers of rectification deadlines and evaluators of theirs: before, on and after the day.

    Each deadline and phase notifies once, however often the job runs.
    """
    today = timezone.localdate()
    horizon = add_working_days(today, REMIND_WORKING_DAYS_BEFORE)
    return _remind_rectifications(today, horizon) + _remind_evaluators(today, horizon)


def _phase(due, today) -> str:
    return "overdue" if due < today else "due" if due == today else "near"


def _remind_rectifications(today, horizon) -> int:
    # Past the day the sweep takes over (summons_overdue); here only "near" and "due".
    cases = Case.objects.filter(
        status=Case.Status.RECTIFYING,
        rectification_deadline__closed_at__isnull=True,
        rectification_deadline__due_date__lte=horizon,
        rectification_deadline__due_date__gte=today,
    ).select_related("rectification_deadline", "officer")
    sent = 0
    for case in cases:
        due = case.rectification_deadline.due_date
        phase = _phase(due, today)
        sent += notify(
            case.officer,
            f"summons_deadline_{phase}",
            case,
            f"summons-{case.pk}-rectification-{phase}",
            context={"number": case.number, "due": f"{due:%Y-%m-%d}"},
            url=services.case_url(case),
        )
    return sent


def _remind_evaluators(today, horizon) -> int:
    assignments = EvaluatorAssignment.objects.filter(
        recused_at=None,
        case__status=Case.Status.EVALUATING,
        deadline__closed_at__isnull=True,
        deadline__due_date__lte=horizon,
    ).select_related("case", "deadline", "evaluator")
    sent = 0
    for assignment in assignments:
        due = assignment.deadline.due_date
        phase = _phase(due, today)
        sent += notify(
            assignment.evaluator,
            f"summons_evaluation_{phase}",
            assignment.case,
            f"summons-assignment-{assignment.pk}-{phase}",
            context={"number": assignment.case.number, "due": f"{due:%Y-%m-%d}"},
            url=services.case_url(assignment.case),
        )
    return sent
