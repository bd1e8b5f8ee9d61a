import pytest
from django.urls import reverse

from yuhang_cac.notifications.models import Notification
from yuhang_cac.notifications.services import notify

pytestmark = pytest.mark.django_db


def _notice(user, key):
    notify(user, "calendar_year_missing", None, key, context={"year": 2027})
    return Notification.objects.get(user=user, dedupe_key=key)


def test_a_user_lists_and_marks_their_notifications_read(login_as, user_of):
    client = login_as("officer")
    me = user_of("officer")
    first, second = _notice(me, "a"), _notice(me, "b")
    page = client.get(reverse("notifications:list")).content.decode()
    assert page.count("工作日历中尚无 2027 年") == 2
    client.post(reverse("notifications:read", args=[first.pk]))
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None and second.read_at is None
    client.post(reverse("notifications:read_all"))
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_nobody_marks_another_users_notification(login_as, user_of):
    theirs = _notice(user_of("officer"), "x")
    login_as("association").post(reverse("notifications:read", args=[theirs.pk]))
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert "工作日历" not in login_as("association").get(reverse("notifications:list")).content.decode()


@pytest.mark.parametrize(
    ("target", "expected"), [("/dashboard/", "/dashboard/"), ("https://evil.example/", "/notifications/")]
)
def test_marking_read_returns_only_to_this_site(login_as, user_of, target, expected):
    client = login_as("officer")
    notice = _notice(user_of("officer"), "y")
    response = client.post(reverse("notifications:read", args=[notice.pk]), {"next": target})
    assert response["Location"] == expected
