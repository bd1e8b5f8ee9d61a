"""The management list in a real browser (Art.15): an officer proposes an account, serves the notice and
records the defence; the leader lists it; the account page shows the period; with the clock past the
minimum period an application with the association's evaluation lifts it; listed again, the account is
多次列入 and the joint-restriction notices are offered."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from blacklist.models import Entry
from tests.accounts.factories import AccountFactory
from tests.blacklist.factories import at
from tests.browser.axe import check_accessibility
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _documents_in_a_temporary_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _propose_serve_defend(page, base, account, day):
    page.goto(f"{base}{account.get_absolute_url()}?tab=blacklist")
    check_accessibility(page)
    page.get_by_role("link", name="拟列入管理名单").click()
    check_accessibility(page)
    page.get_by_label("列入事由（第十五条）").select_option(label="多次发布、转载违法信息")
    page.get_by_label("情节").select_option(label="一般（3至12个月）")
    page.get_by_label("事实和理由").fill("一年内两次转载未经证实的“良渚小区爆炸”消息。")
    page.get_by_role("button", name="提出").click()
    page.get_by_text("账号已拟列入管理名单。").wait_for()
    check_accessibility(page)

    page.get_by_label("送达方式").select_option(label="直接送达")
    page.get_by_label("送达日期").fill(f"{day:%Y-%m-%d}")
    page.get_by_label("签收人").fill("张伟（负责人）")
    page.get_by_role("button", name="印发并登记送达").click()
    page.get_by_text("告知书已印发，送达情况已登记。").wait_for()
    assert page.get_by_role("link", name=re.compile("余网信名告〔")).is_visible()
    check_accessibility(page)

    page.get_by_label("陈述申辩意见").fill("转载内容已删除，并非故意。")
    page.get_by_label("收到日期").fill(f"{day:%Y-%m-%d}")
    page.get_by_label("办公室答复").fill("删除不影响已发生的违法事实，不予采纳。")
    page.get_by_role("button", name="提交领导审批").click()
    page.get_by_text("陈述申辩已登记，待领导审批。").wait_for()
    check_accessibility(page)
    return page.url


def _approve(page, base, url):
    page.goto(url)
    check_accessibility(page)
    page.get_by_role("button", name="列入管理名单").click()
    page.get_by_text("账号已列入管理名单。").wait_for()
    check_accessibility(page)


def test_an_account_is_listed_lifted_early_and_listed_again(
    browser, desktop, live_server, user_of, monkeypatch, screenshot
):
    user_of("officer")
    user_of("leader")
    user_of("association")  # the association's organisation, which evaluates
    account = AccountFactory(name="良渚生活圈")
    base = live_server.url
    today = timezone.localdate()

    officer = desktop
    sign_in(officer, live_server, "officer")
    url = _propose_serve_defend(officer, base, account, today)

    leader_context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    leader = leader_context.new_page()
    sign_in(leader, live_server, "leader")
    _approve(leader, base, url)
    entry = Entry.objects.get(account=account)

    officer.goto(f"{base}{account.get_absolute_url()}?tab=blacklist")
    listed = officer.locator("#account-listed")
    listed.wait_for()
    assert f"{entry.min_until:%Y-%m-%d}" in listed.inner_text()
    assert f"{entry.max_until:%Y-%m-%d}" in listed.inner_text()
    check_accessibility(officer)
    screenshot(officer, "blacklist-account-listed")

    # Before the minimum period, no application is taken.
    officer.goto(url)
    assert officer.get_by_role("button", name="登记申请").count() == 0
    day = at(monkeypatch, entry.min_until + timedelta(days=1))
    officer.reload()
    officer.get_by_label("书面承诺").fill("承诺建立三审制度，不再转载未经核实的信息。")
    officer.get_by_label("收到日期").fill(f"{day:%Y-%m-%d}")
    officer.get_by_role("button", name="登记申请").click()
    officer.get_by_text("提前移出申请已登记。").wait_for()
    officer.get_by_label("评估单位").select_option(label="余杭区网络文化协会")
    officer.get_by_label("评估结果").select_option(label="整改到位")
    officer.get_by_label("评估意见").fill("已落实三审制度，整改到位。")
    officer.get_by_label("评估日期").fill(f"{day:%Y-%m-%d}")
    officer.get_by_role("button", name="提交评估结果").click()
    officer.get_by_text("评估结果已记录。").wait_for()
    check_accessibility(officer)

    leader.goto(url)
    leader.get_by_role("button", name="移出管理名单").click()
    leader.get_by_text("账号已移出管理名单。").wait_for()
    check_accessibility(leader)
    entry.refresh_from_db()
    assert (entry.status, entry.lift_reason) == ("lifted", "early")

    # Listed again: 多次列入, and the joint-restriction notices are offered.
    again = _propose_serve_defend(officer, base, account, day)
    _approve(leader, base, again)
    leader_context.close()
    officer.goto(again)
    officer.locator("#entry-repeated").wait_for()
    assert officer.locator("#entry-repeated").inner_text() == "多次列入"
    assert officer.get_by_role("heading", name="联合惩戒通知（多次列入）").is_visible()
    officer.get_by_label("区市场监督管理局").check()
    officer.get_by_role("button", name="印发通知").click()
    officer.get_by_text("已印发1份联合惩戒通知。").wait_for()
    assert officer.get_by_role("link", name=re.compile("余网信联〔")).first.is_visible()
    check_accessibility(officer)
    screenshot(officer, "blacklist-listed-again")
