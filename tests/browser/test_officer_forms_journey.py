"""An officer in a real browser: reads an unread notification, registers an account whose operator is
registered in a second tab without losing the account form, and corrects a person's details."""

import re

import pytest

from accounts.models import Account, Operator
from tests.accounts.factories import IndividualOperatorFactory, OperatorFactory, PersonFactory
from tests.browser.axe import check_accessibility
from tests.browser.test_report_journey import sign_in
from yuhang_cac.notifications.services import notify

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_reads_notifications_and_keeps_the_account_form_while_adding_an_operator(
    desktop, live_server, user_of, screenshot
):
    officer = user_of("officer")
    OperatorFactory(name="杭州仓前数字传媒有限公司")
    notify(
        officer,
        "report_assigned",
        None,
        "browser-unread",
        context={"number": "YH2026000001"},
        url="/reports/",
    )
    page = desktop
    sign_in(page, live_server, "officer")

    page.goto(live_server.url + "/notifications/")
    check_accessibility(page)  # unread rows are tinted: their links must keep 4.5:1

    page.goto(live_server.url + "/accounts/new/")
    check_accessibility(page)
    page.get_by_label("平台", exact=True).select_option(label="新浪微博")
    page.get_by_label("账号名称").fill("仓前新鲜事")
    page.get_by_label("平台账号ID").fill("6000000001")
    page.locator("#id_operator-ts-control").fill("仓前数字")
    page.get_by_role("listbox").get_by_role("option", name=re.compile("杭州仓前数字传媒有限公司")).wait_for()
    screenshot(page, "account-form-operator-search")

    with page.context.expect_page() as second:
        page.get_by_role("link", name="在新标签页中登记运营主体").click()
    tab = second.value
    tab.wait_for_load_state()
    check_accessibility(tab)
    assert tab.locator("fieldset[data-kind=individual]").is_hidden()
    tab.get_by_label("个人", exact=True).check()
    assert tab.locator("fieldset[data-kind=organisation]").is_hidden()
    assert tab.get_by_label("证件号码").is_visible()
    tab.get_by_label("机构", exact=True).check()
    tab.get_by_label("机构名称").fill("杭州仓前新鲜事文化有限公司")
    tab.get_by_label("统一社会信用代码").fill("91110000600037341L")
    tab.get_by_label("联系电话").fill("0571-88886666")
    screenshot(tab, "operator-form-organisation")
    tab.get_by_role("button", name="保存").click()
    tab.get_by_text("账号表单所在的标签页已自动选好此运营主体").wait_for()
    check_accessibility(tab)

    operator = Operator.objects.get(credit_code="91110000600037341L")
    page.bring_to_front()
    page.wait_for_function(
        "id => document.getElementById('id_operator').value === id", arg=str(operator.pk), timeout=5000
    )
    assert page.get_by_label("账号名称").input_value() == "仓前新鲜事"  # nothing typed was lost
    page.get_by_label("街道/镇").select_option(label="仓前街道")
    page.get_by_role("button", name="保存").click()
    page.get_by_text("已登记").first.wait_for()
    check_accessibility(page)
    assert Account.objects.get(name="仓前新鲜事").operator == operator


def test_an_officer_corrects_a_persons_phone_and_sees_it_in_the_history(
    desktop, live_server, user_of, screenshot
):
    user_of("officer")
    person = PersonFactory(name="周敏", phone="13811112222")
    IndividualOperatorFactory(person=person)
    page = desktop
    sign_in(page, live_server, "officer")
    page.goto(live_server.url + person.get_absolute_url())
    check_accessibility(page)
    page.get_by_role("link", name="更正个人信息").click()
    check_accessibility(page)
    page.get_by_label("电话").fill("1380000")
    page.get_by_role("button", name="保存").click()
    page.get_by_text("手机号码").first.wait_for()  # a clear Chinese error, the form kept
    check_accessibility(page)
    assert page.get_by_label("姓名").input_value() == "周敏"
    page.get_by_label("电话").fill("139 0000 3333")
    page.get_by_label("地址").fill("余杭区仓前街道文一西路 1 号")
    page.get_by_role("button", name="保存").click()
    page.get_by_text("周敏的个人信息已保存").wait_for()
    check_accessibility(page)
    assert "个人信息已更正" in page.content()
    screenshot(page, "person-corrected")
    person.refresh_from_db()
    assert (person.phone, person.address) == ("13900003333", "余杭区仓前街道文一西路 1 号")
