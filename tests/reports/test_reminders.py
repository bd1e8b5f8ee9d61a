from datetime import timedelta

import pytest
from django.utils import timezone

from reports import services
from reports.tasks import remind_report_deadlines
from tests.reports.factories import submitted
from yuhang_cac.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_overdue_reports_notify_the_assignee_once_however_often_the_job_runs(user_of):
    officer = user_of("officer")
    report, _ = submitted(submitted_at=timezone.now() - timedelta(days=30))
    services.assign_report(report, officer, by=officer)
    assert remind_report_deadlines() == 1
    assert remind_report_deadlines() == 0
    notice = Notification.objects.get(kind="report_overdue")
    assert notice.user == officer and report.number in notice.message and "受理" in notice.message


def test_unassigned_reports_notify_every_officer(user_of):
    user_of("officer")
    user_of("officer", username="officer2")
    user_of("leader")
    submitted(submitted_at=timezone.now() - timedelta(days=30))
    assert remind_report_deadlines() == 2


def test_a_new_report_is_not_yet_due(user_of):
    user_of("officer")
    submitted()
    assert remind_report_deadlines() == 0


def test_each_stage_reminds_again(user_of):
    officer = user_of("officer")
    report, _ = submitted(submitted_at=timezone.now() - timedelta(days=60))
    services.assign_report(report, officer, by=officer)
    remind_report_deadlines()
    services.accept_report(report, by=officer, today=timezone.localdate() - timedelta(days=40))
    assert remind_report_deadlines() == 1
    assert Notification.objects.filter(kind="report_overdue").count() == 2


def test_finished_reports_are_never_reminded(user_of):
    officer = user_of("officer")
    report, _ = submitted(submitted_at=timezone.now() - timedelta(days=30))
    services.refuse_report(report, reason="unclear", public_reply="线索不清。", by=officer)
    assert remind_report_deadlines() == 0
