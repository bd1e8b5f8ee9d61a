import threading
from datetime import date

import pytest
from django.db import connection

from yuhang_cac.workdays.models import Deadline, DeadlineAdjustment, Holiday
from yuhang_cac.workdays.services import (
    DeadlineError,
    adjust_deadline,
    close_deadline,
    delete_holiday,
    open_deadline,
    recompute_open_deadlines,
    save_holiday,
)

pytestmark = pytest.mark.django_db


def test_it_sets_the_due_date_from_working_days():
    deadline = open_deadline("report.accept", date(2025, 9, 30), 7)
    assert deadline.due_date == date(2025, 10, 16)  # 10-11 (Saturday) is a make-up working day
    assert deadline.provisional is False


def test_an_extension_moves_the_due_date_and_keeps_the_reason(user_of):
    officer = user_of("officer")
    deadline = open_deadline("report.verify", date(2025, 12, 1), 5)
    deadline = adjust_deadline(
        deadline, DeadlineAdjustment.Kind.EXTENSION, 3, reason="需要平台协查", by=officer
    )
    assert (deadline.extension_days, deadline.due_date) == (3, date(2025, 12, 11))
    assert deadline.history.first().history_change_reason == "需要平台协查"
    assert deadline.adjustments.get().by == officer


def test_a_suspension_adds_working_days(user_of):
    deadline = open_deadline("case.rectify", date(2025, 12, 1), 5)
    deadline = adjust_deadline(deadline, DeadlineAdjustment.Kind.SUSPENSION, 2, reason="当事人住院", by=None)
    assert deadline.due_date == date(2025, 12, 10)


@pytest.mark.parametrize(("days", "reason"), [(0, "理由"), (2, "  ")])
def test_an_adjustment_needs_days_and_a_reason(days, reason):
    deadline = open_deadline("x", date(2025, 12, 1), 5)
    with pytest.raises(DeadlineError):
        adjust_deadline(deadline, DeadlineAdjustment.Kind.EXTENSION, days, reason=reason, by=None)
    assert DeadlineAdjustment.objects.count() == 0


def test_a_closed_deadline_cannot_be_extended():
    deadline = close_deadline(open_deadline("x", date(2025, 12, 1), 5))
    with pytest.raises(DeadlineError):
        adjust_deadline(deadline, DeadlineAdjustment.Kind.EXTENSION, 1, reason="r", by=None)


def test_closing_twice_keeps_the_first_time():
    deadline = close_deadline(open_deadline("x", date(2025, 12, 1), 5))
    assert close_deadline(deadline).closed_at == deadline.closed_at


def test_overdue_is_derived_from_today(settings):
    deadline = open_deadline("x", date(2025, 12, 1), 1)
    assert deadline.is_overdue is True
    assert close_deadline(deadline).is_overdue is False


def test_editing_the_holiday_table_moves_open_deadlines_only(user_of):
    sysadmin = user_of("sysadmin")
    open_one = open_deadline("a", date(2026, 12, 20), 15)
    closed_one = close_deadline(open_deadline("b", date(2026, 12, 20), 15))
    assert (open_one.due_date, open_one.provisional) == (date(2027, 1, 8), True)

    moved = save_holiday(Holiday(date=date(2027, 1, 1), kind=Holiday.Kind.OFF, name="元旦"), by=sysadmin)

    assert moved == 1
    open_one.refresh_from_db()
    closed_one.refresh_from_db()
    assert (open_one.due_date, open_one.provisional) == (date(2027, 1, 11), False)
    assert closed_one.due_date == date(2027, 1, 8)
    assert open_one.history.first().history_user == sysadmin

    delete_holiday(Holiday.objects.get(date=date(2027, 1, 1)), by=sysadmin)
    open_one.refresh_from_db()
    assert (open_one.due_date, open_one.provisional) == (date(2027, 1, 8), True)


def test_recomputing_twice_moves_nothing_the_second_time():
    open_deadline("a", date(2026, 12, 20), 15)
    Holiday.objects.create(date=date(2027, 1, 1), kind=Holiday.Kind.OFF, name="元旦")
    assert recompute_open_deadlines(reason="r") == 1
    assert recompute_open_deadlines(reason="r") == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_extensions_are_both_counted():
    deadline = open_deadline("x", date(2025, 12, 1), 5)
    barrier = threading.Barrier(2)
    errors = []

    def extend():
        try:
            barrier.wait()
            adjust_deadline(deadline, DeadlineAdjustment.Kind.EXTENSION, 1, reason="并发", by=None)
        except Exception as exc:  # noqa: BLE001 - surfaced by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=extend) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Deadline.objects.get(pk=deadline.pk).extension_days == 2
