"""The summons jobs: idempotent, each run twice notifies once (DOMAIN.md §7)."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from summons import services
from summons.models import Case, Escalation
from summons.tasks import end_measure_periods, remind_summons_deadlines, sweep_overdue_rectifications
from tests.summons import factories
from tests.summons.factories import case_at
from yuhang_cac.notifications.models import Notification

pytestmark = pytest.mark.django_db
S = Case.Status


def overdue_case(officer) -> Case:
    case = case_at(S.MET)
    services.order_rectification(case, start=timezone.localdate() - timedelta(days=60), by=officer)
    return case


def test_overdue_rectifications_enter_the_escalation_queue_once(user_of, django_capture_on_commit_callbacks):
    officer = user_of("officer")
    case = overdue_case(officer)
    in_time = case_at(S.RECTIFYING)
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_overdue_rectifications() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_overdue_rectifications() == 0
    assert Case.objects.get(pk=case.pk).status == S.OVERDUE
    assert Case.objects.get(pk=in_time.pk).status == S.RECTIFYING
    notice = Notification.objects.get(kind="summons_overdue")
    assert notice.user == officer and case.number in notice.message


def test_rectification_reminders_reach_the_officer_once_on_the_day(user_of):
    officer = user_of("officer")
    case = case_at(S.RECTIFYING)
    assert remind_summons_deadlines() == 0  # ten working days away
    deadline = case.rectification_deadline
    deadline.due_date = timezone.localdate()
    deadline.save(update_fields=["due_date"])
    assert remind_summons_deadlines() == 1
    assert remind_summons_deadlines() == 0
    notice = Notification.objects.get(kind="summons_deadline_due")
    assert notice.user == officer and case.number in notice.message


def test_evaluators_are_reminded_once_when_their_evaluation_is_late(user_of):
    expert = user_of("expert")
    case = case_at(S.EVALUATING)
    deadline = case.evaluation_deadline
    deadline.due_date = timezone.localdate() - timedelta(days=1)
    deadline.save(update_fields=["due_date"])
    assert remind_summons_deadlines() == 1
    assert remind_summons_deadlines() == 0
    notice = Notification.objects.get(kind="summons_deadline_overdue")
    assert notice.user == expert and case.number in notice.message
    assert "评估整改情况" in notice.message
    assert Case.objects.overdue().filter(pk=case.pk).exists()


def test_a_recused_evaluator_is_no_longer_reminded(user_of):
    case = case_at(S.EVALUATING)
    services.recuse_evaluator(case, conflict="曾为该账号提供咨询。", by=user_of("expert"))
    case.refresh_from_db()
    assert case.evaluator is None and case.evaluation_deadline.closed_at is not None
    deadline = case.evaluation_deadline
    deadline.due_date = timezone.localdate()
    deadline.save(update_fields=["due_date"])
    assert remind_summons_deadlines() == 0


def test_a_passed_rectification_deadline_tells_the_officer_once_whichever_job_runs_first(
    user_of, django_capture_on_commit_callbacks
):
    officer = user_of("officer")
    case = overdue_case(officer)
    assert Case.objects.overdue().filter(pk=case.pk).exists()  # before any job has run
    assert remind_summons_deadlines() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_overdue_rectifications() == 1
    assert remind_summons_deadlines() == 0
    assert Notification.objects.filter(user=officer).count() == 1
    assert Case.objects.get(pk=case.pk).status == S.OVERDUE


def test_measures_whose_period_ended_restore_the_account_once(user_of):
    officer = user_of("officer")
    case = case_at(S.ESCALATED)
    escalation = factories.live_escalation(case)
    services.approve_escalation(escalation, by=user_of("leader"))
    today = timezone.localdate()
    services.record_reply(
        escalation,
        reply_number="浙网信函〔2026〕7号",
        measure_granted=escalation.measure_requested,
        period_start=today - timedelta(days=10),
        period_end=today - timedelta(days=1),
        by=officer,
    )
    assert end_measure_periods() == 1
    assert end_measure_periods() == 0
    case.account.refresh_from_db()
    assert case.account.status == "normal"
    assert Escalation.objects.get(pk=escalation.pk).status == Escalation.Status.ENDED


def test_a_measure_still_in_force_is_left_alone(user_of):
    officer = user_of("officer")
    case = case_at(S.ESCALATED)
    escalation = factories.live_escalation(case)
    services.approve_escalation(escalation, by=user_of("leader"))
    today = timezone.localdate()
    services.record_reply(
        escalation,
        reply_number="浙网信函〔2026〕8号",
        measure_granted=escalation.measure_requested,
        period_start=today,
        period_end=today + timedelta(days=30),
        by=officer,
    )
    assert end_measure_periods() == 0
    case.account.refresh_from_db()
    assert case.account.status == "restricted"


def test_the_command_runs_each_job(user_of, capsys):
    overdue_case(user_of("officer"))
    call_command("run_summons_jobs")
    out = capsys.readouterr().out
    assert "overdue: 1" in out and "reminders:" in out and "measures: 0" in out
    call_command("run_summons_jobs", "overdue")
    assert "overdue: 0" in capsys.readouterr().out
