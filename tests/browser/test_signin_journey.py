"""Signing in with the second factor in a real browser: first sign-in sets the authenticator up."""

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.browser.conftest import sign_in
from tests.factories import PASSWORD
from yuhang_cac.users import twofactor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_first_sign_in_sets_up_the_authenticator(desktop, live_server, user_of, screenshot):
    officer = user_of("officer")
    page = desktop
    page.goto(live_server.url + "/login/")
    page.get_by_label("用户名").fill("officer")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("heading", name="设置身份验证器").wait_for()
    assert page.locator("figure.totp-qr svg").is_visible()
    screenshot(page, "signin-enrol")
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    assert twofactor.secret(device) in page.locator(".totp-secret").inner_text()
    page.get_by_label("验证码").fill(twofactor.current_code(device))
    page.get_by_role("button", name="确认并登录").click()
    page.get_by_role("heading", name="您的恢复码").wait_for()
    assert page.locator(".recovery-codes li").count() == 10
    screenshot(page, "signin-recovery-codes")
    page.get_by_role("link", name=re.compile("继续")).click()
    page.get_by_role("heading", name=re.compile("您好")).wait_for()


def test_the_security_administrator_locks_a_user(desktop, live_server, user_of, screenshot):
    user_of("secadmin")
    member = user_of("officer")
    sign_in(desktop, live_server, "secadmin")
    desktop.get_by_role("link", name="用户安全").click()
    desktop.get_by_role("link", name="officer").click()
    desktop.get_by_label("原因").fill("调查期间暂停使用")
    desktop.get_by_role("button", name="锁定", exact=True).click()
    desktop.get_by_text("已锁定").first.wait_for()
    screenshot(desktop, "security-user-locked")
    member.refresh_from_db()
    assert member.is_locked
