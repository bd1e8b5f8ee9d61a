"""One reminder engine for every workflow's deadlines (docs/domain.md §7).

A beat task hands over its queryset and its ``DeadlineStages``; the engine finds the rows
whose running deadline is near (``days_before`` working days ahead), due today or past, and
notifies once per object, stage and phase — the dedupe key is
``<key_prefix>-<pk>-<stage>-<phase>`` — so the job may run any number of times. Who is
reminded: the stage's assignee, else every active user of ``fallback_role``.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from yuhang_cac.notifications.services import notify

from .calendar import add_working_days
from .stages import DeadlineStage, DeadlineStages

NEAR, DUE, OVERDUE = "near", "due", "overdue"
DAYS_BEFORE = 2


@dataclass(frozen=True)
class Reminders:
    """What a workflow tells the engine about its reminders.

    ``kinds`` maps each phase (near, due, overdue) to a notification kind whose text may use
    ``%(stage)s`` and ``%(due)s`` besides what ``context`` returns for the object.
    """

    stages: DeadlineStages
    kinds: dict[str, str]
    key_prefix: str
    context: Callable[..., dict]
    url: Callable[..., str]
    assignee_field: str = "assignee"
    fallback_role: str = "officer"
    days_before: int = DAYS_BEFORE


def phase(due: date, today: date) -> str:
    if due < today:
        return OVERDUE
    return DUE if due == today else NEAR


def send_reminders(queryset: QuerySet, reminders: Reminders, *, today: date | None = None) -> int:
    """Remind about every running deadline of ``queryset`` that is near, due or past; returns how many new."""
    today = today or timezone.localdate()
    horizon = add_working_days(today, reminders.days_before)
    sent = 0
    for stage in reminders.stages:
        rows = queryset.filter(reminders.stages.due_by_q(stage, horizon)).select_related(stage.field)
        for obj in rows.iterator(chunk_size=500):
            sent += _remind(obj, stage, reminders, today)
    return sent


def _remind(obj, stage: DeadlineStage, reminders: Reminders, today: date) -> int:
    due = getattr(obj, stage.field).due_date
    current = phase(due, today)
    context = {**reminders.context(obj), "stage": _(stage.label), "due": f"{due:%Y-%m-%d}"}
    key = f"{reminders.key_prefix}-{obj.pk}-{stage.name}-{current}"
    kind, url = reminders.kinds[current], reminders.url(obj)
    recipients = recipients_of(obj, stage.assignee_field or reminders.assignee_field, reminders.fallback_role)
    return sum(notify(user, kind, obj, key, context=context, url=url) for user in recipients)


def recipients_of(obj, assignee_field: str, fallback_role: str) -> Iterable:
    """The assignee, else every active user holding the fallback role."""
    if getattr(obj, f"{assignee_field}_id", None):
        return [getattr(obj, assignee_field)]
    return get_user_model().objects.filter(role=fallback_role, is_active=True)
