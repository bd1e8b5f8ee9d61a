"""What the citizen's pages say and how they behave on a phone: time frames, status history, the receipt."""

import re
from datetime import date

import pytest
from django.urls import reverse

from reports import services
from tests.reports.factories import submitted
from tests.reports.test_public import form_data, post
from yuhang_cac.core.templatetags.public_text import public_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def quick_form(settings, tmp_path):
    settings.REPORT_MIN_FILL_SECONDS = 0
    settings.MEDIA_ROOT = tmp_path


def done_page(client):
    response = post(client, form_data(), [])
    return client.get(response["Location"])


def test_the_done_page_says_when_the_office_accepts_and_verifies(client):
    response = done_page(client)
    page = response.content.decode()
    deadline = response.context["accept_deadline"]
    assert deadline.days == 7
    assert "7 个工作日内" in page and f"{deadline.due_date.year}年{deadline.due_date.month}月" in page
    assert "15 个工作日内" in page


def test_the_done_page_links_the_status_page_with_the_report_number_and_is_not_stored(client):
    response = done_page(client)
    number = response.context["receipt"]["number"]
    assert f"{reverse('public_reports:status')}?number={number}" in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_the_done_page_has_a_copy_button_for_the_number_and_code(client):
    response = done_page(client)
    receipt = response.context["receipt"]
    assert re.search(
        rf'data-copy="[^"]*{receipt["number"]}[^"]*{receipt["code"]}"', response.content.decode()
    )


def test_the_status_page_takes_the_number_from_the_link(client):
    response = client.get(reverse("public_reports:status") + "?number=YH2026000001")
    assert 'value="YH2026000001"' in response.content.decode()


def test_the_receipt_code_is_cleared_after_a_lookup(client):
    report, receipt = submitted()
    response = client.post(
        reverse("public_reports:status"), {"number": receipt.number, "receipt": receipt.code}
    )
    page = response.content.decode()
    assert response.context["report"] == report
    assert receipt.code not in page
    assert "no-store" in response["Cache-Control"]
    # A well-formed code that is not this report's: the page must not echo it back either.
    wrong_code = "ABCD-EFGH-JKMN"
    assert wrong_code != receipt.code
    wrong = client.post(reverse("public_reports:status"), {"number": receipt.number, "receipt": wrong_code})
    assert wrong_code not in wrong.content.decode()


def test_the_status_page_shows_the_history_with_dates_and_the_time_frame(client, user_of):
    report, receipt = submitted()
    lookup = {"number": receipt.number, "receipt": receipt.code}
    response = client.post(reverse("public_reports:status"), lookup)
    assert "7 个工作日内决定是否受理" in response.content.decode()
    services.accept_report(report, by=user_of("officer"))
    response = client.post(reverse("public_reports:status"), lookup)
    page = response.content.decode()
    labels = [label for _at, label in response.context["timeline"]]
    assert labels == ["已收到，等待受理", "已受理，正在核查"]
    assert f"{date.today():%Y-%m-%d}" in page
    assert "核查最长 15 个工作日" in page


def test_the_status_history_of_a_merged_report_follows_the_report_it_joined(client, user_of):
    officer = user_of("officer")
    first, _receipt = submitted()
    second, receipt = submitted()
    services.merge_report(second, into=first, by=officer)
    services.accept_report(first, by=officer)
    response = client.post(
        reverse("public_reports:status"), {"number": receipt.number, "receipt": receipt.code}
    )
    assert [label for _at, label in response.context["timeline"]] == ["已收到，等待受理", "已受理，正在核查"]


def test_the_report_form_helps_a_phone_fill_in_contact_details(client):
    page = client.get(reverse("public_reports:submit")).content.decode()
    assert re.search(r'<input type="tel"[^>]*inputmode="tel"[^>]*autocomplete="tel"', page) or re.search(
        r'<input type="tel"[^>]*autocomplete="tel"[^>]*inputmode="tel"', page
    )
    assert 'autocomplete="name"' in page and 'autocomplete="email"' in page
    assert '<body class="public">' in page


def test_public_texts_link_addresses_and_phone_numbers_safely():
    html = public_text("举报电话 12377，网站 www.12377.cn。<b>粗体</b> 电话0571-88888888")
    assert '<a href="tel:12377">12377</a>' in html
    assert '<a href="https://www.12377.cn" rel="noopener noreferrer">www.12377.cn</a>。' in html
    assert '<a href="tel:057188888888">0571-88888888</a>' in html
    assert "<b>" not in html and "&lt;b&gt;" in html


def test_a_script_in_a_public_text_is_never_markup():
    html = public_text('看 https://example.cn/"onmouseover="alert(1) 和 javascript:alert(1)')
    assert 'onmouseover="' not in html and 'href="javascript' not in html


def test_the_home_page_links_the_national_channel_and_names_no_phone_without_a_number(client):
    page = client.get(reverse("home")).content.decode()
    assert 'href="tel:12377"' in page and 'href="https://www.12377.cn"' in page
    assert "号码以区网信办公告为准" not in page


def test_the_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith(".ico")


def test_the_form_tells_the_image_limits_before_any_upload(client):
    response = client.get(reverse("public_reports:submit"))
    page = response.content.decode()
    assert "最多 5 张截图或照片" in page and "每张不超过 8.0\xa0MB" in page
    assert 'data-max-images="5"' in page and f'data-max-bytes="{8 * 1024 * 1024}"' in page
    assert 'data-too-many="最多 %(limit)s 张图片，%(name)s 未添加。"' in page


def test_a_kept_image_can_be_removed_before_the_second_try(client):
    from reports.models import EvidenceImage
    from tests.reports.factories import png_upload

    response = post(client, form_data(description=""), [png_upload("first.png"), png_upload("second.png")])
    token = response.context["form"].data["staged"]
    assert 'name="drop_staged" value="0"' in response.content.decode()
    fixed = post(client, form_data(staged=token, drop_staged=["0"]), [png_upload("third.png")])
    assert fixed.status_code == 302
    assert sorted(EvidenceImage.objects.values_list("original_name", flat=True)) == [
        "second.png",
        "third.png",
    ]


def test_a_sixth_image_is_named_as_not_kept(client):
    from tests.reports.factories import png_upload

    response = post(client, form_data(), [png_upload(f"{i}.png") for i in range(1, 7)])
    assert "最多 5 张图片：已保留前 5 张，6.png 未保留。" in response.content.decode()
    assert len(response.context["form"].staged_images) == 5
