"""The reminder engine: near, due and overdue, once per object, stage and phase; the assignee or the role."""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from reports import services
from reports.models import Report
from reports.tasks import REMINDERS
from tests.reports.factories import submitted
from yuhang_cac.notifications.models import Notification
from yuhang_cac.workdays.reminders import DUE, NEAR, OVERDUE, phase, send_reminders
from yuhang_cac.workdays.stages import DeadlineStage, DeadlineStages

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("due", "expected"), [(date(2026, 5, 6), NEAR), (date(2026, 5, 5), DUE), (date(2026, 5, 4), OVERDUE)]
)
def test_the_phase_follows_the_due_date(due, expected):
    assert phase(due, date(2026, 5, 5)) == expected


def test_a_status_runs_at_most_one_deadline():
    with pytest.raises(ValueError):
        DeadlineStages(DeadlineStage("a", "a_deadline", ("x",)), DeadlineStage("b", "b_deadline", ("x",)))


def test_the_current_deadline_follows_the_status():
    stages = DeadlineStages(
        DeadlineStage("a", "a_deadline", ("x",)), DeadlineStage("b", "b_deadline", ("y",))
    )
    thing = SimpleNamespace(status="y", a_deadline="A", b_deadline="B")
    assert stages.current(thing) == "B"
    thing.status = "z"
    assert stages.current(thing) is None


def test_each_phase_reminds_once_with_its_own_key(user_of):
    officer = user_of("officer")
    report, _ = submitted()
    services.assign_report(report, officer, by=officer)
    due = report.accept_deadline.due_date
    queryset = Report.objects.all()
    sent = [send_reminders(queryset, REMINDERS, today=day) for day in (due - timedelta(days=1), due, due)]
    sent.append(send_reminders(queryset, REMINDERS, today=due + timedelta(days=1)))
    assert sent == [1, 1, 0, 1]
    keys = set(Notification.objects.filter(user=officer).values_list("dedupe_key", flat=True))
    assert {f"report-{report.pk}-accept-due", f"report-{report.pk}-accept-overdue"} <= keys


def test_without_an_assignee_every_active_user_of_the_role_is_reminded(user_of):
    user_of("officer")
    user_of("officer", username="officer2")
    user_of("officer", username="gone", is_active=False)
    submitted(submitted_at=timezone.now() - timedelta(days=30))
    assert send_reminders(Report.objects.all(), REMINDERS) == 2


def test_the_engine_looks_only_at_the_queryset_it_is_given(user_of):
    user_of("officer")
    submitted(submitted_at=timezone.now() - timedelta(days=30))
    assert send_reminders(Report.objects.none(), REMINDERS) == 0
