"""An officer in a real browser: finds an account by two characters of a former name, edits its handle,
and sees the old handle among its former names and in its history."""

import re

import pytest

from accounts.models import Account, AccountAlias
from accounts.services import update_account
from tests.accounts.factories import AccountFactory
from tests.browser.axe import check_accessibility
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_finds_an_account_by_a_former_name_and_edits_its_handle(
    desktop, live_server, user_of, screenshot
):
    officer = user_of("officer")
    account = AccountFactory(name="良渚生活圈", handle="liangzhu_life")
    update_account(account, name="良渚城事", by=officer)  # its former name: 良渚生活圈
    AccountFactory(name="仓前发布", handle="cangqian")
    page = desktop

    sign_in(page, live_server, "officer")
    page.goto(live_server.url + "/accounts/")
    check_accessibility(page)
    page.get_by_label("搜索").fill("生活")
    page.get_by_role("button", name="搜索").click()
    check_accessibility(page)
    page.get_by_role("link", name="良渚城事").click()
    check_accessibility(page)
    page.get_by_role("link", name="修改").click()
    check_accessibility(page)
    page.get_by_label("账号号码").fill("liangzhu_city")
    page.get_by_role("button", name="保存").click()
    page.get_by_text("已保存").wait_for()
    check_accessibility(page)

    page.get_by_role("tab", name=re.compile("曾用名")).click()
    former = page.locator("#pane-aliases")
    former.get_by_text("liangzhu_life").wait_for()
    assert former.get_by_text("良渚生活圈").is_visible()
    page.get_by_role("tab", name="变更历史").click()
    history = page.locator("#pane-history")
    history.get_by_text("liangzhu_city").wait_for()
    assert "liangzhu_life" in history.inner_text()
    screenshot(page, "registry-history")

    assert Account.objects.get(pk=account.pk).handle == "liangzhu_city"
    assert AccountAlias.objects.filter(account=account, value="liangzhu_life").exists()
