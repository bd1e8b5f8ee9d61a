"""The repeat-offender job and the end of listings at their maximum period (Art.15)."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from blacklist import services
from blacklist.models import Entry
from blacklist.tasks import lift_expired_listings, propose_repeat_offenders, remind_defence_windows
from summons.models import Case
from tests.accounts.factories import AccountFactory
from tests.blacklist.factories import listed, notified, officer, violation
from tests.summons.factories import case_at
from yuhang_cac.notifications.models import Notification
from yuhang_cac.workdays.models import Deadline

pytestmark = pytest.mark.django_db
DAY = date(2026, 3, 2)


@pytest.fixture(autouse=True)
def _window(settings):
    settings.BLACKLIST_REPEAT_WINDOW_DAYS = 180
    settings.BLACKLIST_REPEAT_VIOLATIONS = 2


def test_two_violations_just_inside_the_window_propose_the_account(django_capture_on_commit_callbacks):
    account = AccountFactory()
    first, second = violation(account, DAY), violation(account, DAY + timedelta(days=180))
    officer()
    with django_capture_on_commit_callbacks(execute=True):
        assert propose_repeat_offenders() == 1
    entry = Entry.objects.get(account=account)
    assert (entry.status, entry.origin, entry.ground) == ("proposed", "job", "repeated")
    assert set(entry.violations.all()) == {first, second}
    assert entry.proposed_by is None and entry.legal_basis
    assert Notification.objects.filter(kind="blacklist_proposed", user__username="officer").exists()


def test_two_violations_just_outside_the_window_do_not(settings):
    account = AccountFactory()
    violation(account, DAY)
    violation(account, DAY + timedelta(days=181))
    assert propose_repeat_offenders() == 0
    assert not Entry.objects.exists()


def test_the_window_and_the_count_are_settings(settings):
    settings.BLACKLIST_REPEAT_VIOLATIONS = 3
    account = AccountFactory()
    violation(account, DAY)
    violation(account, DAY + timedelta(days=10))
    assert propose_repeat_offenders() == 0
    violation(account, DAY + timedelta(days=20))
    assert propose_repeat_offenders() == 1


def test_each_account_once_however_often_it_runs():
    account = AccountFactory()
    violation(account, DAY)
    violation(account, DAY + timedelta(days=1))
    assert propose_repeat_offenders() == 1
    assert propose_repeat_offenders() == 0
    # A third violation while the proposal is under way proposes nothing more.
    violation(account, DAY + timedelta(days=2))
    assert propose_repeat_offenders() == 0
    assert Entry.objects.filter(account=account).count() == 1


def test_evidence_already_used_does_not_count_again():
    account = AccountFactory()
    violation(account, DAY)
    violation(account, DAY + timedelta(days=1))
    propose_repeat_offenders()
    services.withdraw(Entry.objects.get(), note="证据不足。", by=officer())
    violation(account, DAY + timedelta(days=3))
    assert propose_repeat_offenders() == 0
    violation(account, DAY + timedelta(days=4))
    assert propose_repeat_offenders() == 1
    assert Entry.objects.live().get().violations.count() == 2


def test_a_case_escalated_for_refusal_to_rectify_proposes_its_account_once():
    case = case_at(Case.Status.ESCALATED)
    assert propose_repeat_offenders() == 1
    entry = Entry.objects.get(account=case.account)
    assert entry.ground == "refused" and list(entry.cases.all()) == [case]
    assert entry.violations.filter(source_ref=case.number).exists()
    assert propose_repeat_offenders() == 0


def test_the_cost_follows_the_new_violations(django_assert_max_num_queries):
    from accounts.models import Violation

    for _ in range(30):
        violation(AccountFactory(), DAY)
    Violation.objects.update(created_at=timezone.now() - timedelta(hours=1))  # before the last run
    propose_repeat_offenders()
    # Per source table: its watermark read, locked and moved, and one query for what is unread.
    with django_assert_max_num_queries(10):
        assert propose_repeat_offenders() == 0


def test_listings_reaching_their_maximum_are_lifted_once(monkeypatch):
    entry = listed()
    running = listed()
    Entry.objects.filter(pk=running.pk).update(max_until=entry.max_until + timedelta(days=1))
    assert lift_expired_listings(today=entry.max_until) == 1
    assert lift_expired_listings(today=entry.max_until) == 0
    entry.refresh_from_db()
    assert (entry.status, entry.lift_reason) == ("lifted", "expired")
    assert Entry.objects.get(pk=running.pk).status == "listed"


def test_the_command_runs_the_jobs(capsys):
    account = AccountFactory()
    violation(account, DAY)
    violation(account, DAY + timedelta(days=1))
    call_command("run_blacklist_jobs")
    assert "repeat: 1" in capsys.readouterr().out


def test_the_defence_window_reminds_the_proposing_officer_once_per_phase():
    entry = notified()
    yesterday = timezone.localdate() - timedelta(days=1)
    Deadline.objects.filter(pk=entry.defence_deadline_id).update(due_date=yesterday)
    assert remind_defence_windows() == 1
    assert remind_defence_windows() == 0
    assert Notification.objects.get(kind="blacklist_defence_over").user == entry.proposed_by
    # Once the defence is recorded, the clock is closed and nothing more is said.
    services.record_defence(entry, waived=True, by=officer())
    Notification.objects.all().delete()
    assert remind_defence_windows() == 0


def test_a_violation_committed_after_a_later_one_was_read_is_still_read():
    from accounts.models import Violation
    from blacklist.models import Watermark

    late_account, other = AccountFactory(), AccountFactory()
    violation(late_account, DAY)
    late = violation(late_account, DAY + timedelta(days=1))  # written first, committed late
    read = violation(other, DAY)
    # The last run, a minute ago, read ``read`` while ``late`` was not committed yet: the
    # watermark is past it.
    Watermark.objects.update_or_create(name="violations", defaults={"last_id": read.pk})
    assert late.pk < read.pk
    assert propose_repeat_offenders() == 1
    assert Entry.objects.get().account == late_account
    # Written long before the last run: not read again, whatever its id.
    Violation.objects.filter(account=late_account).update(created_at=timezone.now() - timedelta(hours=2))
    Entry.objects.all().delete()
    assert propose_repeat_offenders() == 0
