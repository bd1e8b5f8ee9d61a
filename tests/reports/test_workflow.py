"""Every transition of the report workflow, allowed and refused (docs/domain.md §6)."""

from datetime import date

import pytest
from django.utils import timezone

from accounts.models import Account, Platform, Violation
from reports import services
from reports.models import Report
from tests.reports.factories import submitted
from yuhang_cac.workdays.models import DeadlineAdjustment

pytestmark = pytest.mark.django_db
S = Report.Status


@pytest.fixture
def officer(user_of):
    return user_of("officer")


def to_status(target: str, officer) -> Report:
    """A report brought to ``target`` along the shortest path of services."""
    report, _receipt = submitted()
    steps = {
        S.SUBMITTED: [],
        S.ACCEPTED: ["accept"],
        S.VERIFYING: ["accept", "verify_start"],
        S.FOUND_TRUE: ["accept", "verify_start", "link", "true"],
        S.FOUND_FALSE: ["accept", "verify_start", "false"],
        S.HANDLING: ["accept", "verify_start", "link", "true", "handle"],
        S.CLOSED: ["accept", "verify_start", "false", "close"],
        S.REFUSED: ["refuse"],
        S.MERGED: ["merge"],
    }[target]
    for step in steps:
        report = ACTIONS[step](report, officer)
    report.refresh_from_db()
    assert report.status == target
    return report


def _merge(report, officer):
    other, _receipt = submitted(reported_name="另一个")
    return services.merge_report(report, into=other, by=officer)


ACTIONS = {
    "accept": lambda r, u: services.accept_report(r, by=u),
    "refuse": lambda r, u: services.refuse_report(
        r, reason="unclear", public_reply="线索不清，无法核查。", by=u
    ),
    "verify_start": lambda r, u: services.start_verification(r, by=u),
    "link": lambda r, u: services.create_provisional_account(r, by=u),
    "true": lambda r, u: services.verify_report(r, found_true=True, finding="经核查属实。", by=u),
    "false": lambda r, u: services.verify_report(r, found_true=False, finding="经核查不属实。", by=u),
    "handle": lambda r, u: services.handle_report(r, kind="forward_platform", note="已转平台", by=u),
    "close": lambda r, u: services.close_report(r, public_reply="已依法处理，感谢您的监督。", by=u),
    "merge": _merge,
}
# The service that moves a report into each status.
INTO = {
    S.ACCEPTED: "accept",
    S.REFUSED: "refuse",
    S.VERIFYING: "verify_start",
    S.FOUND_FALSE: "false",
    S.HANDLING: "handle",
    S.CLOSED: "close",
    S.MERGED: "merge",
}


@pytest.mark.parametrize("source", list(S))
@pytest.mark.parametrize("target", list(INTO))
def test_each_transition_is_allowed_exactly_as_the_table_says(officer, source, target):
    report = to_status(source, officer)
    allowed = target in Report.TRANSITIONS[source] or (source == target == S.HANDLING)
    if allowed:
        ACTIONS[INTO[target]](report, officer)
        report.refresh_from_db()
        assert report.status == target
    else:
        with pytest.raises(services.ReportError):
            ACTIONS[INTO[target]](report, officer)
        report.refresh_from_db()
        assert report.status == source


def test_found_true_writes_one_violation_on_the_account(officer):
    report = to_status(S.FOUND_TRUE, officer)
    violation = Violation.objects.get()
    assert (violation.account, violation.source, violation.source_ref) == (
        report.account,
        "report",
        report.number,
    )
    assert list(violation.categories.values_list("code", flat=True)) == ["P06"]


def test_found_true_needs_a_registry_account(officer):
    report = to_status(S.VERIFYING, officer)
    with pytest.raises(services.ReportError, match="关联"):
        services.verify_report(report, found_true=True, finding="属实", by=officer)


def test_a_provisional_account_is_pending_and_carries_the_stable_id(officer):
    report, _ = submitted(
        reported_profile_url="https://www.douyin.com/user/MS4wLjABAAAAabcdefghijklmnopqrstuvwxyz"
    )
    services.create_provisional_account(report, by=officer)
    account = Account.objects.get()
    assert (account.status, account.stable_id, account.name) == (
        Account.Status.PENDING,
        "MS4wLjABAAAAabcdefghijklmnopqrstuvwxyz",
        "余杭吃瓜君",
    )


def test_a_report_with_a_known_profile_url_is_matched_on_arrival(officer):
    platform = Platform.objects.get(code="bilibili")
    from accounts.services import create_pending_account

    account = create_pending_account(platform=platform, name="良渚生活", stable_id="123456", by=officer)
    report, _ = submitted(platform=platform, reported_profile_url="https://space.bilibili.com/123456")
    assert report.account == account


def test_refusing_as_out_of_jurisdiction_needs_the_referral(officer):
    report, _ = submitted()
    with pytest.raises(services.ReportError):
        services.refuse_report(report, reason="out_of_jurisdiction", public_reply="已转交。", by=officer)
    services.refuse_report(
        report,
        reason="out_of_jurisdiction",
        referred_to="临平区网信办",
        public_reply="已转交临平区网信办。",
        by=officer,
    )
    report.refresh_from_db()
    assert (report.referred_to, report.accept_deadline.closed_at is not None) == ("临平区网信办", True)


def test_closing_needs_a_reply(officer):
    report = to_status(S.FOUND_FALSE, officer)
    with pytest.raises(services.ReportError):
        services.close_report(report, public_reply="  ", by=officer)


def test_every_change_is_in_the_history_with_its_user(officer):
    report = to_status(S.CLOSED, officer)
    rows = list(report.history.order_by("history_date").values_list("status", "history_user_id"))
    assert [status for status, _ in rows] == ["submitted", "accepted", "verifying", "found_false", "closed"]
    assert {user for _, user in rows[1:]} == {officer.pk}


def test_a_merged_receipt_shows_the_outcome_of_the_report_it_joined(officer):
    first, _ = submitted()
    second, second_receipt = submitted()
    services.merge_report(second, into=first, by=officer)
    services.refuse_report(first, reason="unclear", public_reply="线索不清。", by=officer)
    found = services.find_by_receipt(second_receipt.number, second_receipt.code)
    assert services.public_outcome(found) == first


def test_a_report_cannot_merge_into_itself_or_a_merged_one(officer):
    first, _ = submitted()
    second, _ = submitted()
    third, _ = submitted()
    with pytest.raises(services.ReportError):
        services.merge_report(first, into=first, by=officer)
    services.merge_report(second, into=first, by=officer)
    with pytest.raises(services.ReportError):
        services.merge_report(third, into=second, by=officer)


def test_the_receipt_must_match_both_halves():
    report, receipt = submitted()
    assert services.find_by_receipt(receipt.number, receipt.code) == report
    assert services.find_by_receipt(receipt.number, receipt.code.lower().replace("-", " ")) == report
    assert services.find_by_receipt(receipt.number, "ABCD-EFGH-JKMN") is None
    assert services.find_by_receipt("YH2099000001", receipt.code) is None


def test_only_a_hash_of_the_receipt_is_stored():
    report, receipt = submitted()
    code = receipt.code.replace("-", "")
    assert code not in report.receipt_hash
    assert not Report.objects.filter(receipt_hash__icontains=code).exists()


def test_acceptance_deadline_counts_working_days_across_national_day(officer):
    submitted_at = timezone.make_aware(timezone.datetime(2025, 9, 30, 10, 0))
    report, _ = submitted(submitted_at=submitted_at)
    # 7 working days after 2025-09-30: 10-09, 10-10, 10-11 (make-up Saturday), 10-13, 14, 15, 16.
    assert report.accept_deadline.due_date == date(2025, 10, 16)
    services.accept_report(report, by=officer, today=date(2025, 10, 9))
    report.refresh_from_db()
    assert report.verify_deadline.due_date == date(2025, 10, 29)


def test_a_deadline_is_extended_once_with_a_reason(officer):
    report, _ = submitted()
    due = report.accept_deadline.due_date
    services.extend_report_deadline(report, days=3, reason="需平台协助提供数据", by=officer)
    report.refresh_from_db()
    assert report.accept_deadline.due_date > due
    assert report.accept_deadline.adjustments.get().kind == DeadlineAdjustment.Kind.EXTENSION
    with pytest.raises(services.ReportError, match="延长"):
        services.extend_report_deadline(report, days=1, reason="再延", by=officer)


def test_an_extension_needs_a_reason(officer):
    report, _ = submitted()
    with pytest.raises(services.ReportError):
        services.extend_report_deadline(report, days=3, reason=" ", by=officer)


def test_overdue_is_derived_from_the_running_deadline(officer):
    submitted_at = timezone.now() - timezone.timedelta(days=30)
    report, _ = submitted(submitted_at=submitted_at)
    assert report.is_overdue is True
    services.accept_report(report, by=officer)
    report.refresh_from_db()
    assert report.is_overdue is False


def test_assigning_notifies_the_assignee_once(officer, user_of, django_capture_on_commit_callbacks):
    other = user_of("officer", username="officer2")
    report, _ = submitted()
    with django_capture_on_commit_callbacks(execute=True):
        services.assign_report(report, other, by=officer)
        services.assign_report(report, other, by=officer)
    assert other.notifications.filter(kind="report_assigned").count() == 1


def test_reports_cannot_be_assigned_outside_cac(officer, user_of):
    report, _ = submitted()
    with pytest.raises(services.ReportError):
        services.assign_report(report, user_of("association"), by=officer)
