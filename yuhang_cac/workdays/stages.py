"""Which deadline runs in which status: a workflow's clocks written once, as data.

A model that times its stages with ``Deadline`` rows declares them on the model::

    DEADLINES = DeadlineStages(
        DeadlineStage("accept", "accept_deadline", (Status.SUBMITTED,), gettext_noop("accept it")),
        DeadlineStage("verify", "verify_deadline", (Status.ACCEPTED,), gettext_noop("verify it")),
    )

and derives from that one table the deadline running now (``current``), the overdue filter
(``overdue_q``, read at query time, never stored) and the rows a reminder job looks at
(``due_by_q``, through the indexed due date of open deadlines).
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from .models import Deadline


@dataclass(frozen=True)
class DeadlineStage:
    """One clock: the deadline in ``field`` runs while the object's status is one of ``statuses``.

    ``label`` is an untranslated text (``gettext_noop``) naming what is due, for reminders;
    ``assignee_field`` names who is reminded in this stage when it is not the workflow's usual one.
    """

    name: str
    field: str
    statuses: tuple[str, ...]
    label: str = ""
    assignee_field: str | None = None

    def running_q(self, status_field: str = "status") -> Q:
        return Q(**{f"{status_field}__in": self.statuses, f"{self.field}__closed_at__isnull": True})


class DeadlineStages:
    """The stages of one workflow, in order; at most one runs in any status."""

    def __init__(self, *stages: DeadlineStage, status_field: str = "status"):
        seen = [status for stage in stages for status in stage.statuses]
        if len(seen) != len(set(seen)):
            raise ValueError("a status runs at most one deadline")
        self.stages = stages
        self.status_field = status_field

    def __iter__(self):
        return iter(self.stages)

    def fields(self) -> list[str]:
        return [stage.field for stage in self.stages]

    def stage_of(self, obj) -> DeadlineStage | None:
        status = getattr(obj, self.status_field)
        return next((stage for stage in self.stages if status in stage.statuses), None)

    def current(self, obj) -> Deadline | None:
        """The deadline running in the object's status, if any."""
        stage = self.stage_of(obj)
        return getattr(obj, stage.field) if stage else None

    def overdue_q(self, today: date) -> Q:
        """Rows whose running deadline has passed by ``today``."""
        condition = Q(pk__in=[])
        for stage in self.stages:
            condition |= stage.running_q(self.status_field) & Q(**{f"{stage.field}__due_date__lt": today})
        return condition

    def due_by_q(self, stage: DeadlineStage, horizon: date) -> Q:
        """Rows in ``stage`` whose deadline falls on or before ``horizon``."""
        return stage.running_q(self.status_field) & Q(**{f"{stage.field}__due_date__lte": horizon})
