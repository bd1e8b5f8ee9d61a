"""A citizen's report in a real browser: reported from a phone, handled by an officer, followed up."""

import io
import re

import pytest
from PIL import Image

from accounts.models import Account, Violation
from reports import services
from reports.models import Report
from tests.browser.axe import check_accessibility
from tests.browser.conftest import sign_in
from tests.reports.factories import submitted

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def quick_form(settings):
    # The signed form timestamp refuses posts faster than a human; the browser is faster.
    settings.REPORT_MIN_FILL_SECONDS = 0


def screenshot_files(tmp_path) -> list[str]:
    paths = []
    for index, color in enumerate([(220, 40, 40), (40, 90, 220), (40, 160, 60)]):
        path = tmp_path / f"截图{index + 1}.png"
        buffer = io.BytesIO()
        Image.new("RGB", (390, 844), color).save(buffer, format="PNG")
        path.write_bytes(buffer.getvalue())
        paths.append(str(path))
    return paths


def citizen_reports(page, live_server, tmp_path) -> tuple[str, str]:
    page.goto(live_server.url + "/")
    check_accessibility(page)
    page.get_by_role("link", name="在线举报").click()
    check_accessibility(page)
    page.get_by_label("平台").select_option(label="抖音")
    page.get_by_label("账号名称").fill("良渚热点速递")
    page.get_by_label("账号主页链接").fill(
        "https://www.douyin.com/user/MS4wLjABAAAAz9yXw8vU7tS6rQ5pO4nM3lK2jI1hG0fE"
    )
    page.get_by_label("内容链接").fill("https://www.douyin.com/video/7311111111111111111")
    page.get_by_label("违法违规情形（第五条）").select_option(index=6)
    page.get_by_label("情况描述").fill("该账号发布视频称良渚某小区发生爆炸，配以他处旧视频，属编造谣言。")
    first, second, third = screenshot_files(tmp_path)
    # Images are added one by one; a later pick adds to the earlier ones, and one can be removed.
    chooser = page.get_by_label("添加图片")
    chooser.set_input_files(first)
    chooser.set_input_files(second)
    chooser.set_input_files(third)
    previews = page.locator("#images-previews li")
    assert previews.count() == 3
    page.get_by_role("button", name="移除 截图3.png").click()
    assert previews.count() == 2
    assert page.locator("#images-chosen").inner_text() == "已选择 2 张图片（最多 5 张）"
    check_accessibility(page)
    page.get_by_role("button", name="提交举报").click()
    page.get_by_text("您的举报已收到").wait_for()
    check_accessibility(page)
    assert page.get_by_role("button", name="复制举报编号和查询码").is_visible()
    number, code = [node.inner_text().strip() for node in page.locator(".receipt-code").all()]
    assert re.fullmatch(r"YH\d{10}", number)
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", code)
    return number, code


def officer_handles(page, live_server, number):
    page.goto(live_server.url + "/reports/")
    check_accessibility(page)
    page.get_by_role("link", name=number).click()
    check_accessibility(page)
    assert page.locator("img[src*='/evidence/']").count() == 2
    page.get_by_role("button", name="受理", exact=True).click()
    page.get_by_text("举报已受理").wait_for()
    check_accessibility(page)
    page.get_by_role("button", name=re.compile("据此举报新建待核实账号")).click()
    page.get_by_text("已新建待核实账号").wait_for()
    page.get_by_role("button", name="开始核查").click()
    page.get_by_label("属实", exact=True).check()
    page.get_by_label("核查情况").fill("经核查，视频系他处旧视频，内容不实。")
    page.get_by_role("button", name="记录核查结果").click()
    page.get_by_text("核查结果已记录").wait_for()
    page.get_by_label("答复举报人").fill("经核查，您反映的情况属实，已依法处置。感谢您的监督。")
    page.get_by_role("button", name="办结", exact=True).click()
    page.get_by_text("举报已办结").wait_for()
    check_accessibility(page)


def citizen_checks(page, live_server, number, code):
    page.goto(live_server.url + "/report/status/")
    check_accessibility(page)
    page.get_by_label("举报编号").fill(number)
    page.get_by_label("查询码").fill(code)
    page.get_by_role("button", name="查询", exact=True).click()
    page.get_by_text("已办结").first.wait_for()
    check_accessibility(page)
    assert "已依法处置" in page.content()
    assert page.get_by_label("查询码").input_value() == ""  # the receipt code is not left on the page


def test_a_citizen_reports_from_a_phone_and_follows_the_outcome(
    browser, phone, desktop, live_server, tmp_path, user_of, screenshot
):
    user_of("officer")
    number, code = citizen_reports(phone, live_server, tmp_path)
    screenshot(phone, "report-receipt-phone")

    report = Report.objects.get(number=number)
    assert report.account is None and report.evidence.count() == 2
    second, second_receipt = submitted(reported_name="良渚热点速递")
    services.merge_report(second, into=report, by=user_of("officer"))

    sign_in(desktop, live_server, "officer")
    officer_handles(desktop, live_server, number)
    screenshot(desktop, "report-closed-officer")

    account = Account.objects.get()
    assert account.status == Account.Status.PENDING
    assert Violation.objects.filter(account=account, source_ref=number).count() == 1

    citizen_checks(phone, live_server, number, code)
    screenshot(phone, "report-status-phone")
    citizen_checks(phone, live_server, second_receipt.number, second_receipt.code)
