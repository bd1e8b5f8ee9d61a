import pytest

from yuhang_cac.notifications.models import Notification
from yuhang_cac.notifications.services import notify, notify_role
from yuhang_cac.workdays.tasks import remind_missing_calendar_year

pytestmark = pytest.mark.django_db


def test_a_key_reaches_a_user_once(user_of):
    officer = user_of("officer")
    assert notify(officer, "calendar_year_missing", None, "k1", context={"year": 2027}) is True
    assert notify(officer, "calendar_year_missing", None, "k1", context={"year": 2027}) is False
    assert Notification.objects.get().message.startswith("工作日历中尚无 2027 年")


def test_the_same_key_reaches_each_user(user_of):
    notify_role("officer", kind="calendar_year_missing", key="k", context={"year": 2027})
    user_of("officer")
    user_of("officer", username="officer2")
    assert notify_role("officer", kind="calendar_year_missing", key="k", context={"year": 2027}) == 2
    assert notify_role("officer", kind="calendar_year_missing", key="k", context={"year": 2027}) == 0


def test_the_calendar_reminder_runs_twice_without_repeating(user_of, settings):
    from unittest import mock

    user_of("sysadmin")
    with mock.patch("yuhang_cac.workdays.tasks.timezone.localdate") as today:
        from datetime import date

        today.return_value = date(2026, 11, 29)
        assert remind_missing_calendar_year() == 1
        assert remind_missing_calendar_year() == 0
    assert Notification.objects.filter(kind="calendar_year_missing").count() == 1


def test_no_one_is_notified_of_their_own_act(user_of):
    officer = user_of("officer")
    assert (
        notify(officer, "calendar_year_missing", None, "own-act", context={"year": 2027}, actor=officer)
        is False
    )
    assert officer.notifications.count() == 0
    other = user_of("leader")
    assert (
        notify(other, "calendar_year_missing", None, "own-act", context={"year": 2027}, actor=officer) is True
    )
