"""A 约谈 case in a real browser (Art.11–14): opened from a report found true, notified, held, rectified,
evaluated 不合格 by the association, escalated, approved by the leader, answered; the account restricted.

Every step shows in the case's timeline, and the documents it issued carry consecutive numbers in their
series and, extracted from the PDF, the Chinese the case page showed.
"""

import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from accounts.models import Account
from reports import services as report_services
from summons.models import Case
from tests.browser.axe import check_accessibility
from tests.browser.conftest import sign_in
from tests.reports.factories import submitted
from tests.summons.factories import liaised_account
from yuhang_cac.users.models import User
from yuhang_cac.workdays.calendar import add_working_days
from yuhang_cac.workdays.models import Holiday

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.pdf]

PLACE = "余杭区网信办三楼会议室"
SUMMONED = "账号主要负责人张伟、运营负责人李娜"
REASON = "转载未经权威部门证实的“良渚小区爆炸”消息获取流量（第十二条第二项）"
PROBLEMS = "转载未经证实信息三篇，未建立内容审核制度。"
ITEMS = "删除相关内容，建立三审制度，公开更正。"
YEAR = timezone.localdate().year


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def minute(moment) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%dT%H:%M}"


def report_found_true(officer, account):
    report, _receipt = submitted(reported_name=account.name)
    report_services.link_account(report, account, by=officer)
    report_services.accept_report(report, by=officer)
    report_services.start_verification(report, by=officer)
    report_services.verify_report(report, found_true=True, finding="经核查，转载内容不实。", by=officer)
    return report


def a_holiday_within_ten_working_days():
    """The administrator's holiday table gains a day off inside the coming rectification period."""
    today = timezone.localdate()
    without = add_working_days(today, 10)
    day = add_working_days(today, 3)
    Holiday.objects.update_or_create(date=day, defaults={"kind": Holiday.Kind.OFF, "name": "区级调休"})
    due = add_working_days(today, 10)
    assert due > without
    return due


def step(page, action: str, button: str, done: str):
    """Press a step's button inside its form and wait for the message that says what happened."""
    page.locator(f"form[action$='/{action}/']").get_by_role("button", name=button).click()
    page.get_by_text(done).wait_for()


def officer_opens_the_case(page, live_server, report) -> Case:
    page.goto(live_server.url + "/reports/")
    page.get_by_role("link", name=report.number).click()
    check_accessibility(page)
    page.get_by_role("link", name="立约谈案件").click()
    check_accessibility(page)
    page.get_by_label("采编转载未经证实信息获取流量或不正当利益").check()
    page.get_by_role("button", name="立案").click()
    case = Case.objects.get()
    page.get_by_text(f"已立约谈案件 {case.number}。").wait_for()
    check_accessibility(page)
    return case


def officer_notifies_and_holds_the_summons(page):
    form = page.locator("form[action$='/notice/']")
    form.get_by_label("约谈时间").fill(minute(timezone.now() + timedelta(days=2)))
    form.get_by_label("地点").fill(PLACE)
    form.get_by_label("约谈对象").fill(SUMMONED)
    form.get_by_label("约谈事由").fill(REASON)
    step(page, "notice", "发出通知书", "约谈通知书已发出。")
    form = page.locator("form[action$='/serve/']")
    form.get_by_label("送达方式").select_option(label="直接送达")
    form.get_by_label("送达时间").fill(minute(timezone.now()))
    form.get_by_label("签收人").fill("张伟")
    step(page, "serve", "登记送达", "送达情况已登记。")
    check_accessibility(page)
    form = page.locator("form[action$='/record/']")
    form.get_by_label("约谈时间").fill(minute(timezone.now()))
    form.get_by_label("地点").fill(PLACE)
    form.get_by_label("约谈对象已签字").check()
    form.get_by_label("第一名执法人员").select_option(label=officer_name("officer"))
    form.get_by_label("执法证号").nth(0).fill("33010012345")
    form.get_by_label("第二名执法人员").select_option(label=officer_name("officer2"))
    form.get_by_label("执法证号").nth(1).fill("33010012346")
    form.get_by_label("账号方参加人员").fill("张伟（负责人）")
    form.get_by_label("发现的问题").fill(PROBLEMS)
    form.get_by_label("整改要求").fill(ITEMS)
    form.get_by_label("整改期限（工作日）").fill("10")
    step(page, "record", "录入约谈记录", "约谈记录已录入。")


def officer_name(username: str) -> str:
    return User.objects.get(username=username).full_name


def officer_orders_and_enters_the_rectification(page, due):
    step(page, "order", "责令整改", "已责令整改，整改期限开始计算。")
    check_accessibility(page)
    # Ten working days from today, the holiday skipped: the date the rectification notice prints.
    page.get_by_text(f"整改期限 {due:%Y-%m-%d}").wait_for()
    form = page.locator("form[action$='/rectification/']")
    form.get_by_label("整改报告").fill("已删除三篇文章，建立三审制度并发布更正说明。")
    form.get_by_label("收到日期").fill(f"{timezone.localdate():%Y-%m-%d}")
    step(page, "rectification", "录入整改报告", "整改报告已录入。")
    form = page.locator("form[action$='/assign/']")
    form.get_by_label("评估人").select_option(label=officer_name("association"))
    step(page, "assign", "分派", "整改情况已分派评估。")


def association_evaluates(page, live_server, case):
    sign_in(page, live_server, "association")
    page.goto(live_server.url + "/summons/")
    page.get_by_role("link", name=case.number).click()
    check_accessibility(page)
    form = page.locator("form[action$='/evaluate/']")
    form.get_by_label("不合格").check()
    form.get_by_label("评估理由").fill("三审制度未实际运行，更正说明未置顶。")
    step(page, "evaluate", "提交评估结果", "评估结果已记录。")


def officer_escalates(page, case):
    page.goto(page.url.split("/summons/")[0] + case.get_absolute_url())
    form = page.locator("form[action$='/escalate/']")
    form.get_by_label("报请上级网信部门采取的措施").select_option(label="限制发布")
    for department in ("公安", "新闻出版", "文化旅游"):
        form.get_by_label(department, exact=True).check()
    form.get_by_label("升级理由").fill("整改不到位，评估不合格（第十三条）。")
    step(page, "escalate", "提交领导审批", "升级处理已提交，待领导审批。")
    check_accessibility(page)


def leader_approves(page, live_server, case):
    sign_in(page, live_server, "leader")
    page.goto(live_server.url + case.get_absolute_url())
    check_accessibility(page)
    step(page, "approve", "批准", "升级处理已批准。")


def officer_records_the_reply(page, case):
    page.goto(page.url.split("/summons/")[0] + case.get_absolute_url())
    today = timezone.localdate()
    form = page.locator("form[action$='/reply/']")
    form.get_by_label("复函文号").fill(f"浙网信函〔{YEAR}〕15号")
    form.get_by_label("批准措施").select_option(label="限制发布")
    form.get_by_label("措施起始日").fill(f"{today:%Y-%m-%d}")
    form.get_by_label("措施截止日").fill(f"{today + timedelta(days=90):%Y-%m-%d}")
    step(page, "reply", "登记复函", "复函已登记。")
    check_accessibility(page)


def timeline_text(page) -> str:
    return page.locator("section", has=page.get_by_role("heading", name="办理经过")).inner_text()


def documents_on_the_page(page, live_server) -> list[dict]:
    """Each document the case page lists: title, number, and the text of the PDF its print link gives."""
    rows = []
    for item in page.locator("#documents li").all():
        link = item.get_by_role("link", name="打印")
        pdf = page.request.get(live_server.url + link.get_attribute("href"))
        assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
        reader = PdfReader(io.BytesIO(pdf.body()))
        rows.append(
            {
                "title": item.locator(".document-title").inner_text(),
                "number": item.locator(".document-number").inner_text(),
                "text": squeezed("".join(p.extract_text() for p in reader.pages)),
            }
        )
    return rows


def shown(page, section: str, label: str) -> str:
    """What the case page shows under ``label`` in the card headed ``section``."""
    card = page.locator("section", has=page.get_by_role("heading", name=section, exact=True))
    return card.locator("dt", has_text=label).locator("xpath=following-sibling::dd[1]").first.inner_text()


def test_an_officer_takes_a_case_from_a_report_to_a_restricted_account(
    browser, desktop, live_server, user_of, settings, tmp_path, screenshot
):
    settings.MEDIA_ROOT = tmp_path
    officer = user_of("officer")
    user_of("officer", username="officer2")
    user_of("association")
    user_of("leader")
    account = liaised_account(name="良渚热点速递")
    report = report_found_true(officer, account)
    due = a_holiday_within_ten_working_days()

    sign_in(desktop, live_server, "officer")
    case = officer_opens_the_case(desktop, live_server, report)
    officer_notifies_and_holds_the_summons(desktop)
    officer_orders_and_enters_the_rectification(desktop, due)
    case.refresh_from_db()
    assert case.rectification_deadline.due_date == due

    evaluator = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    association_evaluates(evaluator.new_page(), live_server, case)
    evaluator.close()

    officer_escalates(desktop, case)
    leader = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    leader_approves(leader.new_page(), live_server, case)
    leader.close()
    officer_records_the_reply(desktop, case)
    screenshot(desktop, "summons-case-replied")

    timeline = timeline_text(desktop)
    for line in (
        "立案",
        "已发出约谈通知书",
        "已记录送达回证",
        "已录入约谈记录",
        "责令在10个工作日内整改",
        "已收到整改报告",
        "已分派评估人",
        "不合格",
        "已提请升级处理",
        "已批准",
        f"已登记复函 浙网信函〔{YEAR}〕15号",
        "印发文书",
    ):
        assert line in timeline, line

    documents = documents_on_the_page(desktop, live_server)
    numbers = sorted(row["number"] for row in documents)
    assert numbers == sorted(
        [
            f"余网信约〔{YEAR}〕1号",
            f"余网信约记〔{YEAR}〕1号",
            f"余网信整〔{YEAR}〕1号",
            f"余网信通〔{YEAR}〕1号",
            f"余网信通〔{YEAR}〕2号",
            f"余网信通〔{YEAR}〕3号",
            f"余网信请〔{YEAR}〕1号",
        ]
    )
    for row in documents:
        assert squeezed(row["title"]) in row["text"] and row["number"] in row["text"]
        assert re.findall(r"[A-Za-z]+", row["text"]) in ([], ["YT"])  # the case number
    by_number = {row["number"]: row["text"] for row in documents}
    notice = by_number[f"余网信约〔{YEAR}〕1号"]
    for label in ("地点", "约谈对象", "约谈事由"):
        assert squeezed(shown(desktop, "约谈通知书", label)) in notice, label
    record = by_number[f"余网信约记〔{YEAR}〕1号"]
    for label in ("发现的问题", "整改要求"):
        assert squeezed(shown(desktop, "约谈记录", label)) in record, label
    assert f"于{due.year}年{due.month}月{due.day}日前" in by_number[f"余网信整〔{YEAR}〕1号"]
    for serial, department in enumerate(("公安部门", "新闻出版部门", "文化旅游部门"), start=1):
        assert by_number[f"余网信通〔{YEAR}〕{serial}号"].startswith("余杭区互联网信息办公室")
        assert f"{department}：" in by_number[f"余网信通〔{YEAR}〕{serial}号"]
    assert "限制发布" in by_number[f"余网信请〔{YEAR}〕1号"]

    desktop.goto(live_server.url + account.get_absolute_url())
    check_accessibility(desktop)
    assert "限制发布" in desktop.locator("main").inner_text()
    assert Account.objects.get(pk=account.pk).status == Account.Status.RESTRICTED
    screenshot(desktop, "summons-account-restricted")
