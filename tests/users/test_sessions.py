"""Sessions: idle and absolute limits, the user's own list, ending on logout, lock, password change."""

import time

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from tests.conftest import sign_in
from tests.factories import PASSWORD
from yuhang_cac.audit.models import AuditEvent
from yuhang_cac.users import services
from yuhang_cac.users.models import UserSession

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(client, user_of):
    user_of("officer")
    sign_in(client, "officer", PASSWORD)
    return client


def age_session(client, **seconds_ago):
    session = client.session
    for key, ago in seconds_ago.items():
        session[key] = time.time() - ago
    session.save()


def test_signing_in_records_the_session(officer_client, user_of):
    row = UserSession.objects.get(user=user_of("officer"))
    assert row.session_key == officer_client.session.session_key


def test_a_session_idle_past_the_limit_ends(officer_client, settings):
    settings.SESSION_IDLE_MINUTES = 30
    age_session(officer_client, seen_at=31 * 60)
    response = officer_client.get(reverse("dashboard:index"))
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert officer_client.get(reverse("dashboard:index")).status_code == 302
    assert AuditEvent.objects.get(kind=AuditEvent.Kind.SESSION_EXPIRED).detail == {"limit": "idle"}


def test_activity_keeps_a_session_alive(officer_client):
    age_session(officer_client, seen_at=29 * 60)
    assert officer_client.get(reverse("dashboard:index")).status_code == 200
    assert time.time() - officer_client.session["seen_at"] < 5


def test_a_session_ends_at_the_absolute_limit_however_active(officer_client, settings):
    settings.SESSION_MAX_HOURS = 8
    age_session(officer_client, auth_at=8 * 3600 + 1, seen_at=10)
    assert officer_client.get(reverse("dashboard:index")).status_code == 302
    assert AuditEvent.objects.get(kind=AuditEvent.Kind.SESSION_EXPIRED).detail == {"limit": "max"}


def test_a_session_without_the_second_factor_is_refused(client, user_of):
    from django.contrib.auth.signals import user_logged_in

    user_logged_in.disconnect(dispatch_uid="tests.force_login_second_factor")
    client.force_login(user_of("officer"))
    assert client.get(reverse("dashboard:index")).status_code == 302


def test_logout_ends_the_session(officer_client):
    key = officer_client.session.session_key
    officer_client.post(reverse("logout"))
    assert not UserSession.objects.filter(session_key=key).exists()
    assert not Session.objects.filter(session_key=key).exists()


def test_a_user_sees_and_ends_their_other_sessions(client, user_of):
    officer = user_of("officer")
    sign_in(client, "officer", PASSWORD)
    other = client.__class__()
    sign_in(other, "officer", PASSWORD)
    page = client.get(reverse("sessions"))
    assert len(page.context["sessions"]) == 2
    other_row = UserSession.objects.exclude(session_key=client.session.session_key).get(user=officer)
    client.post(reverse("session_end", args=[other_row.pk]))
    assert other.get(reverse("dashboard:index")).status_code == 302
    assert client.get(reverse("dashboard:index")).status_code == 200


def test_a_user_cannot_end_someone_elses_session(client, user_of):
    user_of("leader")
    sign_in(client, "leader", PASSWORD)
    other = client.__class__()
    user_of("officer")
    sign_in(other, "officer", PASSWORD)
    row = UserSession.objects.get(user__username="officer")
    assert client.post(reverse("session_end", args=[row.pk])).status_code == 404
    assert other.get(reverse("dashboard:index")).status_code == 200


def test_changing_the_password_ends_the_other_sessions(client, user_of):
    user_of("officer")
    sign_in(client, "officer", PASSWORD)
    other = client.__class__()
    sign_in(other, "officer", PASSWORD)
    new = "Another-strong-2027!"
    client.post(
        reverse("password_change"), {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert client.get(reverse("dashboard:index")).status_code == 200
    assert other.get(reverse("dashboard:index")).status_code == 302
    assert UserSession.objects.filter(user__username="officer").count() == 1


def test_locking_ends_every_session(officer_client, user_of):
    services.lock_user(user_of("officer"), by=user_of("secadmin"), reason="调查")
    assert officer_client.get(reverse("dashboard:index")).status_code == 302


def test_the_periodic_job_clears_expired_and_idle_sessions(officer_client, settings, user_of):
    from datetime import timedelta

    from django.utils import timezone

    from yuhang_cac.users.tasks import clear_expired_sessions

    UserSession.objects.update(
        last_seen_at=timezone.now() - timedelta(minutes=settings.SESSION_IDLE_MINUTES + 1)
    )
    Session.objects.create(
        session_key="x" * 32, session_data="", expire_date=timezone.now() - timedelta(days=1)
    )
    assert clear_expired_sessions() == 1
    assert clear_expired_sessions() == 0
    assert not Session.objects.filter(session_key="x" * 32).exists()
    assert officer_client.get(reverse("dashboard:index")).status_code == 302


def test_a_temporary_password_must_be_changed_first(client, user_of):
    officer = user_of("officer")
    temporary = services.reset_password(officer, by=user_of("secadmin"))
    sign_in(client, "officer", temporary)
    response = client.get(reverse("dashboard:index"))
    assert response.status_code == 302 and response["Location"] == reverse("password_change")
    new = "Fresh-password-2027!"
    client.post(
        reverse("password_change"), {"old_password": temporary, "new_password1": new, "new_password2": new}
    )
    assert client.get(reverse("dashboard:index")).status_code == 200


def test_a_password_past_the_rotation_period_must_be_changed(officer_client, user_of, settings):
    from datetime import timedelta

    from django.utils import timezone

    from yuhang_cac.users.models import User

    User.objects.filter(username="officer").update(password_changed_at=timezone.now() - timedelta(days=91))
    settings.PASSWORD_MAX_AGE_DAYS = 90
    assert officer_client.get(reverse("dashboard:index"))["Location"] == reverse("password_change")
