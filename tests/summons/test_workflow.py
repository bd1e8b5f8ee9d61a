"""The 约谈 workflow, one service per transition, allowed and refused (Art.11–14, DOMAIN.md §6)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from accounts.models import Violation
from summons import services
from summons.models import Case, Escalation, Ground, MeetingRecord
from summons.services import SummonsError
from tests.summons import factories
from tests.summons.factories import case_at, liaised_account, opened
from yuhang_cac.notifications.models import Notification

pytestmark = pytest.mark.django_db
S = Case.Status


@pytest.fixture
def officer(user_of):
    return user_of("officer")


@pytest.fixture
def expert(user_of):
    return user_of("expert")


def test_it_numbers_cases_in_one_series_per_year(officer):
    first, second = opened(by=officer), opened(by=officer)
    year = timezone.localdate().year
    assert first.number == f"YT{year}0001"
    assert second.number == f"YT{year}0002"
    assert first.status == S.OPENED
    assert list(first.grounds.values_list("code", flat=True)) == ["G2"]


def test_it_refuses_a_second_open_case_on_the_same_account(officer):
    account = liaised_account()
    opened(account, by=officer)
    with pytest.raises(SummonsError, match="已有未结的约谈案件"):
        opened(account, by=officer)


def test_it_refuses_a_case_without_grounds(officer):
    with pytest.raises(SummonsError, match="第十二条"):
        services.open_case(liaised_account(), grounds=[], facts="事实", by=officer)


def test_the_grounds_are_the_six_of_article_12():
    assert list(Ground.objects.values_list("code", "name")) == [
        ("G1", "未及时处理投诉举报且情节严重"),
        ("G2", "采编转载未经证实信息获取流量或不正当利益"),
        ("G3", "未及时处置违法信息且情节严重"),
        ("G4", "未及时落实监管措施且情节严重"),
        ("G5", "日常考核中问题突出"),
        ("G6", "其他"),
    ]


def test_a_notice_is_set_for_a_time_still_to_come(officer):
    case = opened(by=officer)
    with pytest.raises(SummonsError, match="尚未到来"):
        services.issue_notice(
            case,
            meeting_at=timezone.now() - timedelta(hours=1),
            place="会议室",
            participants="负责人",
            reason="理由",
            by=officer,
        )
    case.refresh_from_db()
    assert case.status == S.OPENED


def test_issuing_the_notice_moves_the_case_and_keeps_the_reason_in_history(officer):
    case = case_at(S.NOTIFIED)
    assert case.notice.place == "余杭区网信办三楼会议室"
    assert case.history.first().history_change_reason == "已发出约谈通知书"


def test_a_meeting_is_not_recorded_before_the_notice_is_served(officer):
    case = case_at(S.NOTIFIED)
    with pytest.raises(SummonsError, match="送达"):
        factories.meet(case, officer)


def test_a_record_with_fewer_than_two_officers_is_refused(officer):
    case = case_at(S.NOTIFIED)
    factories.serve(case, officer)
    for pairs in ([(officer, "33010012345")], [(officer, "33010012345"), (officer, "33010012345")]):
        with pytest.raises(SummonsError, match="至少两名"):
            services.record_meeting(
                case,
                held_at=timezone.now(),
                place="会议室",
                officers=pairs,
                outcome="signed",
                problems="问题",
                rectification_items="整改",
                deadline_days=10,
                by=officer,
            )
    case.refresh_from_db()
    assert case.status == S.NOTIFIED
    assert not MeetingRecord.objects.filter(case=case).exists()


def test_an_officer_without_a_certificate_number_is_refused(officer, user_of):
    case = case_at(S.NOTIFIED)
    factories.serve(case, officer)
    pairs = [(officer, "33010012345"), (user_of("leader"), " ")]
    with pytest.raises(SummonsError, match="执法证号"):
        services.record_meeting(
            case,
            held_at=timezone.now(),
            place="会议室",
            officers=pairs,
            outcome="signed",
            problems="问题",
            rectification_items="整改",
            deadline_days=10,
            by=officer,
        )


def test_a_record_with_findings_writes_one_violation(officer):
    case = case_at(S.MET)
    violation = Violation.objects.get(source=Violation.Source.CASE, source_ref=case.number)
    assert violation.account == case.account
    assert violation.summary == "转载未经证实信息三篇。"
    assert case.record.officers.count() == 2


def test_an_account_side_that_does_not_attend_is_recorded_and_may_be_escalated(officer):
    case = case_at(S.ABSENT)
    assert case.record.outcome == MeetingRecord.Outcome.ABSENT
    assert case.may_escalate
    assert not Violation.objects.filter(source_ref=case.number).exists()


def test_the_rectification_deadline_counts_working_days_and_skips_the_holidays(officer):
    case = case_at(S.MET)
    services.order_rectification(case, start=date(2025, 9, 30), by=officer)
    case.refresh_from_db()
    # 10-01..10-08 are the National Day holiday; Saturday 10-11 is a make-up working day.
    assert case.rectification_deadline.due_date == date(2025, 10, 21)
    assert case.status == S.RECTIFYING


def test_the_rectification_deadline_is_extended_once_with_a_reason(officer):
    case = case_at(S.RECTIFYING)
    due = case.rectification_deadline.due_date
    services.extend_rectification_deadline(case, days=5, reason="账号负责人住院", by=officer)
    case.refresh_from_db()
    assert case.rectification_deadline.due_date > due
    with pytest.raises(SummonsError, match="已延长过一次"):
        services.extend_rectification_deadline(case, days=1, reason="再次", by=officer)


def test_a_case_past_its_deadline_is_overdue_with_no_job_having_run(officer):
    case = case_at(S.MET)
    services.order_rectification(case, start=timezone.localdate() - timedelta(days=60), by=officer)
    case = Case.objects.get(pk=case.pk)
    assert case.status == S.RECTIFYING
    assert case.is_overdue
    assert list(Case.objects.overdue()) == [case]
    assert case.may_escalate


def test_a_rectification_closes_the_deadline(officer):
    case = case_at(S.SUBMITTED)
    assert case.rectification.text == "已删除三篇文章并建立三审制度。"
    assert case.rectification_deadline.closed_at is not None
    assert not case.is_overdue


def test_evaluating_without_a_rectification_is_refused(officer, expert):
    case = case_at(S.RECTIFYING)
    with pytest.raises(SummonsError, match="没有可评估的整改报告"):
        services.evaluate_rectification(case, passed=True, reasons="好", by=expert)


def test_only_the_assigned_evaluator_evaluates(officer, user_of):
    case = case_at(S.EVALUATING)
    with pytest.raises(SummonsError, match="只有被分派的评估人"):
        services.evaluate_rectification(case, passed=True, reasons="好", by=user_of("expert", username="x2"))


def test_staff_of_another_association_are_not_evaluators(officer):
    case = case_at(S.SUBMITTED)
    outsider = factories.user_with_role("association", username="assoc-other")
    outsider.organisation = factories.Organisation.objects.get(code="yuhang-dream-station")
    outsider.save()
    with pytest.raises(SummonsError, match="联络的行业组织"):
        services.assign_evaluator(case, outsider, by=officer)


def test_association_staff_of_the_liaison_organisation_evaluate(
    officer, user_of, django_capture_on_commit_callbacks
):
    case = case_at(S.SUBMITTED)
    association = user_of("association")
    with django_capture_on_commit_callbacks(execute=True):
        services.assign_evaluator(case, association, by=officer)
    services.evaluate_rectification(case, passed=True, reasons="已整改到位。", by=association)
    case.refresh_from_db()
    assert case.status == S.PASSED
    assert Notification.objects.filter(user=association, kind="summons_evaluation_assigned").count() == 1


def test_an_evaluator_who_declares_a_conflict_is_recused_and_not_assigned_again(officer, expert, user_of):
    case = case_at(S.EVALUATING)
    services.recuse_evaluator(case, conflict="曾为该账号运营主体提供咨询", by=expert)
    case.refresh_from_db()
    assert case.status == S.SUBMITTED
    assert case.assignments.get().conflict == "曾为该账号运营主体提供咨询"
    with pytest.raises(SummonsError, match="申报了利益冲突"):
        services.assign_evaluator(case, expert, by=officer)
    services.assign_evaluator(case, user_of("association"), by=officer)
    assert Case.objects.get(pk=case.pk).status == S.EVALUATING


def test_an_inadequate_rectification_notifies_the_officer(officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = case_at(S.FAILED)
    assert case.assignments.get().evaluation.result == "failed"
    assert Notification.objects.filter(user=officer, kind="summons_evaluated").count() == 1


def test_escalating_a_closed_case_is_refused(officer):
    case = case_at(S.PASSED)
    services.close_case(case, note="整改到位，结案。", by=officer)
    with pytest.raises(SummonsError, match="已结案的案件不能升级"):
        factories.escalate(case, officer)


def test_a_case_that_is_rectifying_in_time_is_not_escalated(officer):
    case = case_at(S.RECTIFYING)
    with pytest.raises(SummonsError, match="第十三条"):
        factories.escalate(case, officer)
    assert not Escalation.objects.exists()


def test_an_overdue_case_is_escalated_before_the_sweep_has_run(officer):
    case = case_at(S.MET)
    services.order_rectification(case, start=timezone.localdate() - timedelta(days=60), by=officer)
    factories.escalate(case, officer)
    case.refresh_from_db()
    assert case.status == S.ESCALATED
    assert factories.live_escalation(case).grounds_status == S.OVERDUE


def test_an_escalation_waits_for_a_leader(officer, user_of, django_capture_on_commit_callbacks):
    leader = user_of("leader")
    with django_capture_on_commit_callbacks(execute=True):
        case = case_at(S.ESCALATED)
    escalation = factories.live_escalation(case)
    assert Notification.objects.filter(user=leader, kind="summons_escalation_pending").count() == 1
    assert set(escalation.departments.values_list("name", flat=True)) == {"公安", "新闻出版", "文化旅游"}
    with pytest.raises(SummonsError, match="分管领导"):
        services.approve_escalation(escalation, by=officer)


def test_recording_a_reply_before_approval_is_refused(officer):
    case = case_at(S.ESCALATED)
    escalation = factories.live_escalation(case)
    with pytest.raises(SummonsError, match="领导批准后"):
        services.record_reply(
            escalation,
            reply_number="浙网信函〔2026〕5号",
            measure_granted=escalation.measure_requested,
            period_start=timezone.localdate(),
            by=officer,
        )
    case.account.refresh_from_db()
    assert case.account.status == "normal"


def test_a_rejected_escalation_returns_the_case(officer, user_of):
    case = case_at(S.ESCALATED)
    services.reject_escalation(factories.live_escalation(case), note="先再次约谈", by=user_of("leader"))
    case.refresh_from_db()
    assert case.status == S.FAILED
    assert case.escalations.get().status == Escalation.Status.REJECTED


def test_the_account_status_follows_the_reply_and_goes_back_when_the_period_ends(officer, user_of):
    case = case_at(S.ESCALATED)
    escalation = factories.live_escalation(case)
    services.approve_escalation(escalation, note="同意", by=user_of("leader"))
    today = timezone.localdate()
    services.record_reply(
        escalation,
        reply_number="浙网信函〔2026〕5号",
        measure_granted=escalation.measure_requested,
        period_start=today - timedelta(days=30),
        period_end=today - timedelta(days=1),
        by=officer,
    )
    account = case.account
    account.refresh_from_db()
    assert account.status == "restricted"
    assert "浙网信函〔2026〕5号" in account.history.first().history_change_reason
    assert services.end_measure(escalation, today=today) is True
    assert services.end_measure(escalation, today=today) is False
    account.refresh_from_db()
    assert account.status == "normal"
    assert "期满" in account.history.first().history_change_reason


def test_an_escalated_case_closes_only_after_the_reply(officer, user_of):
    case = case_at(S.ESCALATED)
    with pytest.raises(SummonsError, match="复函"):
        services.close_case(case, note="结案", by=officer)
    escalation = factories.live_escalation(case)
    services.approve_escalation(escalation, by=user_of("leader"))
    services.record_reply(escalation, reply_number="浙网信函〔2026〕6号", measure_granted=None, by=officer)
    services.close_case(case, note="上级未采取措施，结案。", by=officer)
    case.refresh_from_db()
    assert case.status == S.CLOSED
    assert case.closed_at is not None


def test_every_transition_is_in_the_case_history(officer):
    case = case_at(S.FAILED)
    reasons = [h.history_change_reason for h in case.history.order_by("history_date", "history_id")]
    for expected in ("立案", "已发出约谈通知书", "约谈对象已签字", "已收到整改报告", "不合格"):
        assert any(reason and expected in reason for reason in reasons), expected
