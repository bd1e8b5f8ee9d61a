"""The management list's workflow, one service per step, and what each step refuses (Art.15)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from blacklist import services
from blacklist.models import Department, Entry, LiftApplication, Severity, add_months
from tests.accounts.factories import AccountFactory, OperatorFactory
from tests.blacklist.factories import (
    after_minimum,
    at,
    leader,
    listed,
    notified,
    officer,
    pending,
    proposed,
    violation,
)
from yuhang_cac.documents.models import Document
from yuhang_cac.notifications.models import Notification
from yuhang_cac.users.models import Organisation

pytestmark = pytest.mark.django_db
S = Entry.Status
ASSOCIATION = "yuhang-network-culture-association"


def test_add_months_keeps_the_day_or_the_end_of_the_month():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2026, 5, 15), 12) == date(2027, 5, 15)


def test_the_seeded_severities_carry_their_periods():
    rows = Severity.objects.filter(code__in=["ordinary", "serious"]).order_by("sort_order")
    assert list(rows.values_list("name", "min_months", "max_months")) == [("一般", 3, 12), ("严重", 12, 36)]


def test_a_proposal_snapshots_the_operator_and_links_the_evidence():
    account = AccountFactory()
    first, second = violation(account, date(2026, 3, 1)), violation(account, date(2026, 6, 1))
    entry = proposed(account, violations=[first, second], severity="serious")
    assert entry.status == S.PROPOSED
    assert (entry.operator_name, entry.operator_credit_code) == (
        account.operator.name,
        account.operator.credit_code,
    )
    assert (entry.min_months, entry.max_months) == (12, 36)
    assert set(entry.violations.all()) == {first, second}
    # The account's operator changes later; the entry keeps whom it named.
    account.operator = OperatorFactory()
    account.save()
    entry.refresh_from_db()
    assert entry.operator_name != account.operator.name


def test_refused_evidence_of_another_account_and_a_second_live_entry():
    account = AccountFactory()
    with pytest.raises(services.BlacklistError, match="证据"):
        proposed(account, violations=[violation(AccountFactory(), date(2026, 3, 1))])
    proposed(account)
    with pytest.raises(services.BlacklistError, match="已在管理名单"):
        proposed(account)


def test_the_notice_is_a_numbered_document_and_opens_the_defence_window():
    entry = notified()
    assert entry.status == S.NOTIFIED
    assert entry.defence_deadline.due_date > entry.served_on
    document = Document.objects.of(entry).get()
    assert document.number.startswith("余网信名告〔") and document.article == 15


def test_the_notice_needs_a_legal_basis():
    entry = proposed(legal_basis="")
    with pytest.raises(services.BlacklistError, match="法律依据"):
        services.serve_notice(
            entry, method="post", served_on=timezone.localdate(), received_by="", by=officer()
        )
    entry.refresh_from_db()
    assert entry.status == S.PROPOSED


def test_approving_without_a_served_notice_is_refused():
    entry = proposed()
    with pytest.raises(services.BlacklistError, match="告知书送达之前"):
        services.approve(entry, by=leader())
    entry.refresh_from_db()
    assert entry.status == S.PROPOSED


def test_listing_without_a_legal_basis_is_refused():
    entry = pending()
    Entry.objects.filter(pk=entry.pk).update(legal_basis="")
    with pytest.raises(services.BlacklistError, match="没有法律依据"):
        services.approve(entry, by=leader())
    entry.refresh_from_db()
    assert entry.status == S.PENDING


def test_only_a_leader_approves():
    entry = pending()
    with pytest.raises(services.BlacklistError, match="领导"):
        services.approve(entry, by=officer())


def test_without_a_defence_the_entry_waits_for_the_window_to_close(monkeypatch):
    entry = notified()
    with pytest.raises(services.BlacklistError, match="陈述申辩"):
        services.record_defence(entry, waived=True, by=officer())
    at(monkeypatch, entry.defence_deadline.due_date + timedelta(days=1))
    entry = services.record_defence(entry, waived=True, by=officer())
    assert entry.status == S.PENDING and entry.defence_waived


def test_a_defence_needs_the_offices_answer():
    entry = notified()
    with pytest.raises(services.BlacklistError, match="答复"):
        services.record_defence(
            entry, defence="并非故意。", received_on=timezone.localdate(), answer="", by=officer()
        )


def test_approval_lists_for_the_severitys_period_and_counts_the_listings(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        entry = listed()
    today = timezone.localdate()
    assert entry.status == S.LISTED and entry.listed_on == today
    assert (entry.min_until, entry.max_until) == (add_months(today, 3), add_months(today, 12))
    assert (entry.account_times, entry.operator_times, entry.repeated) == (1, 1, False)
    assert Document.objects.of(entry).filter(series="blacklist-decide").exists()
    assert Notification.objects.filter(user=entry.proposed_by, kind="blacklist_listed").exists()


def test_a_leader_may_decide_not_to_list():
    entry = services.reject(pending(), note="情节轻微，已主动整改。", by=leader())
    assert entry.status == S.WITHDRAWN and entry.listed_on is None


def _application(entry, monkeypatch, rectified=True):
    day = after_minimum(monkeypatch, entry)
    services.apply_for_removal(entry, commitment="承诺今后严格审核转载内容。", received_on=day, by=officer())
    return services.record_evaluation(
        entry,
        evaluator=Organisation.objects.get(code=ASSOCIATION),
        rectified=rectified,
        evaluation="整改到位，已建立三审制度。",
        evaluated_on=day,
        by=officer(),
    )


def test_lifting_before_the_minimum_period_is_refused(monkeypatch):
    entry = listed()
    at(monkeypatch, entry.min_until - timedelta(days=1))
    with pytest.raises(services.BlacklistError, match="最短期限"):
        services.apply_for_removal(entry, commitment="承诺。", received_on=entry.listed_on, by=officer())
    # Even an application already evaluated is not approved before the minimum period.
    _application(entry, monkeypatch)
    at(monkeypatch, entry.min_until - timedelta(days=1))
    with pytest.raises(services.BlacklistError, match="最短期限"):
        services.lift_early(entry, by=leader())
    entry.refresh_from_db()
    assert entry.status == S.LISTED


def test_early_removal_after_the_minimum_with_an_evaluated_application(monkeypatch):
    entry = listed()
    _application(entry, monkeypatch)
    entry = services.lift_early(entry, note="同意提前移出。", by=leader())
    assert entry.status == S.LIFTED and entry.lift_reason == Entry.LiftReason.EARLY
    assert entry.applications.get().status == LiftApplication.Status.APPROVED


def test_early_removal_needs_an_evaluation_found_rectified(monkeypatch):
    entry = listed()
    _application(entry, monkeypatch, rectified=False)
    with pytest.raises(services.BlacklistError, match="评估"):
        services.lift_early(entry, by=leader())


def test_the_maximum_period_lifts_once(monkeypatch):
    entry = listed()
    assert not services.lift_expired(entry, today=entry.max_until - timedelta(days=1))
    assert services.lift_expired(entry, today=entry.max_until)
    assert not services.lift_expired(entry, today=entry.max_until)
    entry.refresh_from_db()
    assert entry.status == S.LIFTED and entry.lift_reason == Entry.LiftReason.EXPIRED


def test_a_second_listing_is_repeated_and_takes_joint_notices(monkeypatch):
    first = listed()
    services.lift_expired(first, today=first.max_until)
    account = first.account
    second = listed(proposed(account))
    assert (second.account_times, second.operator_times, second.repeated) == (2, 2, True)
    notices = services.issue_joint_notices(
        second,
        departments=[Department.objects.get(code="market_regulation")],
        platforms=[account.platform],
        by=officer(),
    )
    assert len(notices) == 2 and all(n.document.number.startswith("余网信联〔") for n in notices)
    with pytest.raises(services.BlacklistError, match="发出过"):
        services.issue_joint_notices(second, platforms=[account.platform], by=officer())
    reply = services.record_joint_reply(
        notices[0], reply="已暂停其评优资格。", replied_on=timezone.localdate(), by=officer()
    )
    assert reply.reply_recorded_by is not None


def test_the_operator_counts_across_its_accounts():
    operator = OperatorFactory()
    listed(proposed(AccountFactory(operator=operator)))
    second = listed(proposed(AccountFactory(operator=operator)))
    assert (second.account_times, second.operator_times, second.repeated) == (1, 2, True)


def test_joint_notices_only_for_repeated_listings():
    entry = listed()
    with pytest.raises(services.BlacklistError, match="两次"):
        services.issue_joint_notices(entry, departments=Department.objects.all()[:1], by=officer())
