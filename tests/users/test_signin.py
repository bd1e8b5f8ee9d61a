"""Signing in: password then second factor, enrolment, replay, limits, oversized passwords."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import current_code, sign_in
from tests.factories import PASSWORD
from yuhang_cac.audit.models import AuditEvent
from yuhang_cac.users import twofactor

pytestmark = pytest.mark.django_db
ADDRESS = "10.20.30.40"


def password_step(client, username="officer", password=PASSWORD, address=ADDRESS):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def code_step(client, code, address=ADDRESS):
    return client.post(reverse("signin_verify"), {"code": code}, REMOTE_ADDR=address)


def signed_in(client) -> bool:
    return client.get(reverse("dashboard:index")).status_code == 200


def test_a_password_alone_does_not_sign_in(client, user_of):
    user_of("officer")
    response = password_step(client)
    assert response.status_code == 302 and response["Location"] == reverse("signin_verify")
    assert not signed_in(client)
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.LOGIN).exists()


def test_password_and_code_sign_in(client, user_of):
    officer = user_of("officer")
    password_step(client)
    response = code_step(client, current_code(officer))
    assert response.status_code == 302
    assert signed_in(client)
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.LOGIN, actor=officer).count() == 1


def test_a_wrong_code_is_refused_and_recorded(client, user_of):
    user_of("officer")
    password_step(client)
    response = code_step(client, "000000")
    assert response.status_code == 400
    assert "验证码错误" in response.content.decode()
    assert not signed_in(client)
    assert AuditEvent.objects.filter(
        kind=AuditEvent.Kind.SECOND_FACTOR_FAILED, actor_label="officer"
    ).exists()


def test_a_code_used_once_is_refused_the_second_time(client, user_of):
    officer = user_of("officer")
    code = current_code(officer)
    password_step(client)
    code_step(client, code)
    client.post(reverse("logout"))
    password_step(client)
    assert code_step(client, code).status_code == 400
    assert not signed_in(client)


def test_wrong_codes_are_limited(client, user_of, settings):
    settings.SIGNIN_CODE_ATTEMPTS = 3
    officer = user_of("officer")
    password_step(client)
    for _attempt in range(2):
        assert code_step(client, "123456").status_code == 400
    response = code_step(client, "123456")
    assert response.status_code == 302 and response["Location"] == reverse("login")
    # The half-finished sign-in is gone: even the right code no longer helps.
    assert code_step(client, current_code(officer))["Location"] == reverse("login")
    assert not signed_in(client)


def test_django_otp_slows_down_repeated_failures(user_of):
    officer = user_of("officer")
    device = twofactor.demo_device(officer)
    assert twofactor.verify(officer, "000000") is None
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    # Within the back-off even the right code is refused.
    assert twofactor.verify(officer, current_code(officer)) is None


def test_first_sign_in_sets_up_the_authenticator_with_a_qr_code(client, user_of):
    officer = user_of("officer")
    TOTPDevice.objects.filter(user=officer).delete()
    password_step(client)
    page = client.get(reverse("signin_verify"))
    body = page.content.decode()
    assert "设置身份验证器" in body and "<svg" in body
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    assert twofactor.secret(device) in body
    response = code_step(client, twofactor.current_code(device))
    assert response.status_code == 200
    codes = response.context["codes"]
    assert len(codes) == 10 and all(code in response.content.decode() for code in codes)
    assert response["Cache-Control"].startswith("max-age=0")
    assert TOTPDevice.objects.get(user=officer).confirmed
    assert signed_in(client)
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.SECOND_FACTOR_ENROLLED, actor=officer).exists()


def test_enrolment_refuses_a_wrong_first_code(client, user_of):
    officer = user_of("officer")
    TOTPDevice.objects.filter(user=officer).delete()
    password_step(client)
    assert code_step(client, "000000").status_code == 400
    assert not TOTPDevice.objects.filter(user=officer, confirmed=True).exists()
    assert not signed_in(client)


def test_a_recovery_code_signs_in_once(client, user_of):
    officer = user_of("officer")
    twofactor.demo_device(officer)
    codes = twofactor.new_recovery_codes(officer)
    password_step(client)
    code_step(client, codes[0].upper())
    assert signed_in(client)
    assert StaticDevice.objects.get(user=officer).token_set.count() == 9
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.RECOVERY_CODE_USED).exists()
    client.post(reverse("logout"))
    password_step(client)
    assert code_step(client, codes[0]).status_code == 400


def test_a_user_locked_after_the_password_step_cannot_finish(client, user_of):
    officer = user_of("officer")
    password_step(client)
    officer.is_locked = True
    officer.save(update_fields=["is_locked"])
    assert code_step(client, current_code(officer))["Location"] == reverse("login")


def test_a_stale_half_sign_in_expires(client, user_of, settings):
    officer = user_of("officer")
    settings.SIGNIN_PENDING_SECONDS = 0
    password_step(client)
    assert code_step(client, current_code(officer))["Location"] == reverse("login")


# --- Limits ------------------------------------------------------------------------------------


def test_wrong_passwords_lock_the_user_name_from_that_address_only(client, user_of, settings):
    settings.AXES_FAILURE_LIMIT = 3
    user_of("officer")
    for _attempt in range(3):
        password_step(client, password="wrong-password-1")
    response = password_step(client)
    assert response.status_code == 429
    assert "登录已锁定" in response.content.decode()
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.LOCKED_OUT, actor_label="officer").exists()
    # The same user from another address (a colleague's office elsewhere) is not locked out.
    assert password_step(client, address="10.99.0.1")["Location"] == reverse("signin_verify")
    # Nor is another user behind the same address (one office NAT).
    user_of("leader")
    assert password_step(client, username="leader")["Location"] == reverse("signin_verify")


def test_one_address_guessing_many_user_names_is_limited(client, user_of, settings):
    settings.LOGIN_ADDRESS_FAILURE_RATE = (5, 3600)
    for n in range(5):
        password_step(client, username=f"guess{n}", password="wrong-password-1")
    user_of("officer")
    assert password_step(client).status_code == 429
    assert password_step(client, address="10.99.0.2")["Location"] == reverse("signin_verify")


def test_every_failure_is_recorded(client, user_of):
    user_of("officer")
    password_step(client, password="wrong-password-1")
    password_step(client, username="nobody", password="wrong-password-1")
    labels = set(
        AuditEvent.objects.filter(kind=AuditEvent.Kind.LOGIN_FAILED).values_list("actor_label", flat=True)
    )
    assert labels == {"officer", "nobody"}


def test_an_oversized_password_is_refused_before_hashing(client, user_of, monkeypatch):
    user_of("officer")
    from django.contrib.auth import hashers

    hashed = []
    real = hashers.check_password
    monkeypatch.setattr(hashers, "check_password", lambda *a, **k: hashed.append(1) or real(*a, **k))
    from django.contrib.auth.base_user import AbstractBaseUser

    monkeypatch.setattr(AbstractBaseUser, "check_password", lambda self, raw: hashed.append(1) or False)
    response = password_step(client, password="x" * 1_000_000)
    assert response.status_code == 200
    assert hashed == []
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.LOGIN_FAILED)
    assert event.detail == {"reason": "password_too_long"}


def test_the_security_administrator_lifts_a_lockout(client, user_of, settings):
    settings.AXES_FAILURE_LIMIT = 2
    officer = user_of("officer")
    for _attempt in range(2):
        password_step(client, password="wrong-password-1")
    assert AccessAttempt.objects.filter(username="officer").exists()
    from yuhang_cac.users.services import unlock_user

    unlock_user(officer, by=user_of("secadmin"))
    assert not AccessAttempt.objects.filter(username="officer").exists()
    assert password_step(client)["Location"] == reverse("signin_verify")


def test_the_demo_helper_signs_in(client, user_of):
    user_of("officer")
    sign_in(client, "officer", PASSWORD)
    assert signed_in(client)
