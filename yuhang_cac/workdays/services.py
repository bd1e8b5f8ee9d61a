"""Writes on the calendar and on deadlines. The due date is set here and nowhere else."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .calendar import due_date
from .models import Deadline, DeadlineAdjustment, Holiday


class DeadlineError(Exception):
    """A deadline change that is refused; the message is for the user."""


def _apply_due(deadline: Deadline) -> bool:
    due = due_date(deadline.start_date, deadline.total_days)
    changed = (deadline.due_date, deadline.provisional) != (due.date, due.provisional)
    deadline.due_date, deadline.provisional = due.date, due.provisional
    return changed


@transaction.atomic
def open_deadline(purpose: str, start: date, days: int, *, by=None) -> Deadline:
    """A new deadline of ``days`` working days after ``start``."""
    deadline = Deadline(purpose=purpose, start_date=start, days=days)
    _apply_due(deadline)
    deadline._history_user = by
    deadline.save()
    return deadline


@transaction.atomic
def adjust_deadline(deadline: Deadline, kind: str, days: int, *, reason: str, by) -> Deadline:
    """Extend or suspend an open deadline by ``days`` working days, recording why."""
    deadline = Deadline.objects.select_for_update().get(pk=deadline.pk)
    if not deadline.is_open:
        raise DeadlineError(_("A closed deadline cannot be changed."))
    if days <= 0 or not reason.strip():
        raise DeadlineError(_("An adjustment needs a positive number of days and a reason."))
    DeadlineAdjustment.objects.create(deadline=deadline, kind=kind, days=days, reason=reason, by=by)
    field = "extension_days" if kind == DeadlineAdjustment.Kind.EXTENSION else "suspension_days"
    setattr(deadline, field, getattr(deadline, field) + days)
    _apply_due(deadline)
    deadline._change_reason = reason
    deadline._history_user = by
    deadline.save(update_fields=[field, "due_date", "provisional"])
    return deadline


@transaction.atomic
def close_deadline(deadline: Deadline, *, by=None) -> Deadline:
    """Stop the clock: the stage it timed is done. Closing twice changes nothing."""
    deadline = Deadline.objects.select_for_update().get(pk=deadline.pk)
    if deadline.is_open:
        deadline.closed_at = timezone.now()
        deadline._history_user = by
        deadline.save(update_fields=["closed_at"])
    return deadline


def recompute_open_deadlines(*, reason: str, by=None) -> int:
    """Count every open deadline again after the holiday table changed; returns how many moved."""
    moved = 0
    for deadline in Deadline.objects.filter(closed_at__isnull=True).iterator():
        if _apply_due(deadline):
            deadline._change_reason = reason
            deadline._history_user = by
            deadline.save(update_fields=["due_date", "provisional"])
            moved += 1
    return moved


@transaction.atomic
def save_holiday(holiday: Holiday, *, by) -> int:
    """Save a row of the holiday table and move the open deadlines it affects."""
    holiday._history_user = by
    holiday.save()
    return recompute_open_deadlines(reason=_("Holiday table changed: %(day)s") % {"day": holiday}, by=by)


@transaction.atomic
def delete_holiday(holiday: Holiday, *, by) -> int:
    label = str(holiday)
    holiday._history_user = by
    holiday.delete()
    return recompute_open_deadlines(reason=_("Holiday table row removed: %(day)s") % {"day": label}, by=by)
