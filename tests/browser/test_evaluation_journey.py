"""Training, daily assessment and appraisal in a real browser (Art.9, 19–21).

Association staff record a training with 20 people at once and log observations that flag an account
日常考核中问题突出; the expert drawn for an account scores it (and finds no other account); the leader
confirms and publishes the period, sees the grade in the registry, commends the account, and the public
list shows it."""

import re

import pytest

from accounts.models import Account
from evaluation import services
from evaluation.models import DailyFlag, TrainingEvent
from tests.accounts.factories import AccountFactory, PractitionerFactory
from tests.browser.axe import check_accessibility
from tests.browser.conftest import sign_in
from tests.evaluation.factories import enrolled, expert, organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def new_page(browser):
    return browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN").new_page()


@pytest.fixture
def setting(user_of, settings):
    settings.EVALUATION_DAILY_LINE, settings.EVALUATION_DAILY_WINDOW_DAYS = 10, 90
    officer = user_of("officer")
    user_of("association"), user_of("leader")
    watched = AccountFactory(name="良渚生活圈", liaison_organisation=organisation())
    for _ in range(20):
        PractitionerFactory(operator=watched.operator)
    appraised = AccountFactory(name="余杭好声音", liaison_organisation=organisation())
    elsewhere = AccountFactory(name="仓前视界")
    expert()
    mine = enrolled(appraised, officer)
    services.draw_assessor(mine, by=officer)
    other = enrolled(
        elsewhere,
        officer,
        period=services.open_period(name="专项评估", scheme=mine.period.scheme, by=officer),
    )
    return {"watched": watched, "mine": mine, "other": other}


def test_training_observations_scoring_publication_and_commendation(
    browser, live_server, setting, screenshot
):
    watched, mine, other = setting["watched"], setting["mine"], setting["other"]

    # Association staff: a training with 20 people at once.
    page = new_page(browser)
    sign_in(page, live_server, "association")
    page.goto(live_server.url + "/evaluation/training/new/")
    check_accessibility(page)
    page.get_by_label("标题").fill("自媒体内容编辑与传播规范培训")
    page.get_by_label("主题").select_option(label="网络内容的编辑与传播")
    page.get_by_label("举办日期").fill("2026-06-01")
    page.get_by_label("学时").fill("3.5")
    page.get_by_role("button", name="保存").click()
    page.get_by_text("已登记培训").wait_for()
    check_accessibility(page)
    boxes = page.locator("#id_people input[type=checkbox]")
    assert boxes.count() == 20
    for index in range(20):
        boxes.nth(index).check()
    page.get_by_label("培训结果").select_option(label="参加，考核合格")
    screenshot(page, "evaluation-attendance")
    page.get_by_role("button", name="添加所选人员").click()
    page.get_by_text("已添加 20 人到出勤名单").wait_for()
    check_accessibility(page)
    assert TrainingEvent.objects.get().attendance.count() == 20

    # Observations that reach the line: 6 + 5 negative points.
    page.goto(f"{live_server.url}/evaluation/observations/new/?account={watched.pk}")
    check_accessibility(page)
    for points, text, button in (
        (6, "转载未核实的“地铁停运”消息", "保存并继续记录"),
        (5, "标题党，评论区引导不当", "保存"),
    ):
        page.get_by_label("类型").select_option(label="扣分")
        page.get_by_label("分值").fill(str(points))
        page.get_by_label("类别").select_option(label="信息来源与转载")
        page.get_by_label("考核情况").fill(text)
        page.get_by_role("button", name=button, exact=True).click()
        page.get_by_text("已记录对良渚生活圈的日常考核").wait_for()
    page.get_by_text(re.compile("标记为日常考核中问题突出")).wait_for()
    check_accessibility(page)
    screenshot(page, "evaluation-account-tab")
    assert DailyFlag.objects.get().account == watched
    page.context.close()

    # The expert scores the account drawn for them, and finds no other.
    page = new_page(browser)
    sign_in(page, live_server, "expert")
    page.goto(live_server.url + "/evaluation/assigned/")
    check_accessibility(page)
    page.get_by_role("link", name="余杭好声音").click()
    check_accessibility(page)
    for field in page.locator("#score-form input[name^=score_]").all():
        field.fill("95")
    page.locator("#score-form textarea").first.fill("守法守规，无违规记录。")
    screenshot(page, "evaluation-score-form")
    page.get_by_role("button", name="保存评分").click()
    page.get_by_text("评分已保存：总分 95.0，等级 A 优秀").wait_for()
    check_accessibility(page)
    response = page.goto(f"{live_server.url}/evaluation/accounts/{other.pk}/")
    assert response.status == 404
    page.context.close()

    # The leader confirms, publishes, sees the grade in the registry and commends the account.
    page = new_page(browser)
    sign_in(page, live_server, "leader")
    page.goto(f"{live_server.url}/evaluation/periods/{mine.period.pk}/")
    check_accessibility(page)
    page.get_by_role("button", name="确认").click()
    page.get_by_text("评估结果已确认").wait_for()
    page.get_by_role("button", name="发布").click()
    page.get_by_text("评估结果已发布").wait_for()
    check_accessibility(page)
    page.get_by_label("余杭好声音（95.0）").check()
    page.get_by_role("button", name="表彰").click()
    page.get_by_text("已表彰 1 个账号").wait_for()
    assert Account.objects.get(pk=mine.account.pk).grade == "A"
    page.goto(f"{live_server.url}/accounts/?grade=A")
    page.get_by_role("link", name="余杭好声音").wait_for()
    check_accessibility(page)
    page.context.close()

    # The public list.
    page = new_page(browser)
    page.goto(live_server.url + "/commended/")
    check_accessibility(page)
    row = page.get_by_role("row", name=re.compile("余杭好声音"))
    assert "新浪微博" in row.inner_text() and mine.period.name in row.inner_text()
    screenshot(page, "evaluation-commended")
    page.context.close()


def test_at_district_scale_people_and_accounts_are_found_by_typing(
    browser, live_server, user_of, monkeypatch, screenshot
):
    from evaluation import forms as evaluation_forms
    from tests.evaluation.factories import scheme, training

    monkeypatch.setattr(evaluation_forms, "TICK_LIMIT", 3)  # as with thousands of practitioners
    officer = user_of("officer")
    for index in range(5):
        PractitionerFactory(person__name=f"学员{index}")
    PractitionerFactory(person__name="陈良渚")
    event = training(officer, title="全区自媒体从业人员培训")
    period = services.open_period(name="2026年度评估", scheme=scheme(officer), by=officer)
    AccountFactory(name="良渚好声音")

    page = new_page(browser)
    sign_in(page, live_server, "officer")
    page.goto(live_server.url + event.get_absolute_url())
    check_accessibility(page)
    assert page.locator("input[type=checkbox]").count() == 0
    page.locator("#id_people-ts-control").fill("良渚")
    page.get_by_role("listbox").get_by_role("option", name="陈良渚").wait_for()
    screenshot(page, "evaluation-attendance-search")
    page.get_by_role("listbox").get_by_role("option", name="陈良渚").click()
    page.get_by_label("培训结果").select_option(label="参加，考核合格")
    page.get_by_role("button", name="添加所选人员").click()
    page.get_by_text("已添加 1 人到出勤名单").wait_for()
    assert [row.person.name for row in event.attendance.select_related("person")] == ["陈良渚"]

    page.goto(live_server.url + period.get_absolute_url())
    check_accessibility(page)
    page.locator("#id_accounts-ts-control").fill("好声音")
    page.get_by_role("listbox").get_by_role("option", name="良渚好声音（新浪微博）").click()
    page.keyboard.press("Escape")
    page.get_by_role("button", name="纳入", exact=True).click()
    page.get_by_text("已纳入 1 个账号").wait_for()
    assert period.enrolments.get().account.name == "良渚好声音"
    page.context.close()
