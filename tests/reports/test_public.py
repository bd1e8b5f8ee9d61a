"""The public side through the test client: the form, the receipt, the status lookup, the limits."""

import io
import re

import pytest
from django.urls import reverse
from PIL import Image

from accounts.models import Platform, ProhibitedContent
from reports import services
from reports.abuse import HONEYPOT_FIELD, STARTED_FIELD, issue_started
from reports.models import EvidenceImage, Report, ReporterContact
from tests.reports.factories import png_upload, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def quick_form(settings, tmp_path):
    settings.REPORT_MIN_FILL_SECONDS = 0
    settings.MEDIA_ROOT = tmp_path


def form_data(**overrides) -> dict:
    data = {
        "platform": Platform.objects.get(code="weibo").pk,
        "reported_name": "余杭吃瓜君",
        "reported_profile_url": "https://weibo.com/u/1234567890",
        "content_url": "https://weibo.com/1234567890/Abcdef",
        "category": ProhibitedContent.objects.get(code="P06").pk,
        "description": "发布“余杭某学校食物中毒”的不实信息。",
        STARTED_FIELD: issue_started(),
    }
    data.update(overrides)
    return data


def post(client, data, files=()):
    return client.post(reverse("public_reports:submit"), {**data, "images": list(files)})


def test_the_form_is_open_to_anyone(client):
    response = client.get(reverse("public_reports:submit"))
    assert response.status_code == 200
    assert "举报自媒体账号" in response.content.decode()


def test_a_report_is_received_and_the_receipt_shown_once(client):
    response = post(
        client, form_data(contact_phone="13912345678"), [png_upload("a.png"), png_upload("b.png")]
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    number, code = re.findall(r'class="receipt-code[^"]*">([^<]+)<', page)
    report = Report.objects.get(number=number)
    assert report.evidence.count() == 2
    assert ReporterContact.objects.get(report=report).phone == "13912345678"
    assert services.find_by_receipt(number, code) == report
    again = client.get(reverse("public_reports:done"))
    assert again.status_code == 302


def test_the_client_address_is_not_stored_on_the_report(client):
    post(
        client,
        form_data(),
        [],
    )
    report = Report.objects.get()
    values = [str(getattr(report, f.attname)) for f in Report._meta.concrete_fields]
    assert "127.0.0.1" not in " ".join(values)


def test_a_form_error_keeps_the_images_already_chosen(client):
    response = post(client, form_data(description=""), [png_upload("keep.png")])
    assert response.status_code == 200
    page = response.content.decode()
    assert "keep.png" in page and "已保留您之前选择的 1 张图片" in page
    token = response.context["form"].data["staged"]
    assert token
    fixed = post(client, form_data(staged=token), [png_upload("second.png")])
    assert fixed.status_code == 302
    assert sorted(EvidenceImage.objects.values_list("original_name", flat=True)) == ["keep.png", "second.png"]


def _svg():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(
        "x.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    )


def _polyglot():
    from django.core.files.uploadedfile import SimpleUploadedFile

    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, format="PNG")
    return SimpleUploadedFile("p.png", buffer.getvalue() + b"<html><script>alert(1)</script></html>")


def _huge_png():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.reports.test_evidence import png_with_size

    return SimpleUploadedFile("huge.png", png_with_size(12_000, 12_000))


def _oversized():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.reports.test_evidence import picture

    return SimpleUploadedFile("big.jpg", picture() + b"\0" * (8 * 1024 * 1024))


@pytest.mark.parametrize(
    ("files", "overrides", "message"),
    [
        ([_huge_png], {}, "图片尺寸过大"),
        ([_oversized], {}, "文件大于"),
        ([_svg], {}, "只接受 JPEG、PNG 和 WebP"),
        ([_polyglot], {}, "不属于图片的数据"),
        ([], {"description": "谣" * 1_000_000}, "情况描述过长"),
        ([], {HONEYPOT_FIELD: "http://spam.example"}, "表单未能提交"),
        ([], {STARTED_FIELD: "forged"}, "表单未能提交"),
        ([], {"reported_profile_url": "not a url"}, "输入一个有效的 URL"),
        ([], {"contact_phone": "12345"}, "手机号"),
        ([lambda i=i: png_upload(f"{i}.png") for i in range(6)], {}, "最多 5 张图片"),
    ],
)
def test_bad_input_gets_a_chinese_error_and_saves_nothing(client, files, overrides, message):
    response = post(client, form_data(**overrides), [make() for make in files])
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Report.objects.count() == 0
    assert EvidenceImage.objects.count() == 0


def test_a_too_fast_post_is_refused(client, settings):
    settings.REPORT_MIN_FILL_SECONDS = 60
    response = post(client, form_data())
    assert "表单未能提交" in response.content.decode()
    assert Report.objects.count() == 0


def test_submissions_beyond_the_rate_limit_get_a_chinese_429(client, settings):
    settings.REPORT_SUBMIT_RATE = (2, 3600)
    for _ in range(2):
        assert post(client, form_data()).status_code == 302
    response = post(client, form_data())
    assert response.status_code == 429
    assert "请稍后再试" in response.content.decode() or "稍后" in response.content.decode()
    assert Report.objects.count() == 2


def lookup(client, number, code):
    return client.post(reverse("public_reports:status"), {"number": number, "receipt": code})


def test_the_status_shows_the_plain_status_and_the_reply(client, user_of):
    report, receipt = submitted()
    officer = user_of("officer")
    services.refuse_report(report, reason="unclear", public_reply="线索不清，欢迎补充后再举报。", by=officer)
    services.add_note(report, text="内部：疑似同行恶意举报", by=officer)
    page = lookup(client, receipt.number, receipt.code).content.decode()
    assert "不予受理" in page and "线索不清，欢迎补充后再举报。" in page
    assert "内部" not in page


def test_a_wrong_code_gives_no_hint_which_half_was_wrong(client):
    _report, receipt = submitted()
    wrong_code = lookup(client, receipt.number, "AAAA-BBBB-CCCC").content.decode()
    wrong_number = lookup(client, "YH2099999999", receipt.code).content.decode()
    message = "举报编号与查询码不匹配"
    assert message in wrong_code and message in wrong_number


def test_failed_lookups_are_limited_even_for_a_right_code_afterwards(client, settings):
    settings.REPORT_LOOKUP_FAILURE_RATE = (3, 3600)
    _report, receipt = submitted()
    for _ in range(3):
        assert lookup(client, receipt.number, "AAAA-BBBB-CCCC").status_code == 200
    assert lookup(client, receipt.number, receipt.code).status_code == 429


def test_a_merged_receipt_shows_the_shared_outcome(client, user_of):
    officer = user_of("officer")
    first, _ = submitted()
    second, receipt = submitted()
    services.merge_report(second, into=first, by=officer)
    services.refuse_report(first, reason="unclear", public_reply="共同的答复。", by=officer)
    page = lookup(client, receipt.number, receipt.code).content.decode()
    assert "共同的答复。" in page and receipt.number in page and first.number not in page
    assert "不予受理" in page


@pytest.mark.parametrize("name", ["public_reports:submit", "public_reports:status"])
def test_public_pages_answer_on_the_public_host(client, settings, name):
    settings.ALLOWED_HOSTS = ["jubao.example.cn"]
    settings.PUBLIC_HOSTS = ["jubao.example.cn"]
    assert client.get(reverse(name), HTTP_HOST="jubao.example.cn").status_code == 200
    assert client.get(reverse("reports:list"), HTTP_HOST="jubao.example.cn").status_code == 404


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"platform": "abc", "category": "-1", "started": "x"},
        {"platform": "999999999999999999999", "category": "1e9"},
        {
            "reported_name": "\x00\x01",
            "description": "\ud800".encode("utf-8", "surrogatepass").decode("latin-1"),
        },
        {"staged": "../../etc/passwd"},
        {"staged": "a" * 5000},
        {"images": "not-a-file"},
    ],
)
def test_no_input_gives_a_server_error(client, data):
    assert client.post(reverse("public_reports:submit"), data).status_code < 500
    assert (
        client.post(
            reverse("public_reports:status"), {"number": "\x00" * 30, "receipt": data.get("staged", "")}
        ).status_code
        < 500
    )
