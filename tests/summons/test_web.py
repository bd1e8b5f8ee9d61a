"""Each step from the case page: one POST, one service, a Chinese message; refusals keep what was typed."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from summons import services
from summons.models import Case, Department, Escalation, Measure
from tests.summons import factories
from tests.summons.factories import case_at

pytestmark = pytest.mark.django_db
S = Case.Status


def local(moment) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%dT%H:%M}"


def png(name="整改截图.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 120, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def post(client, case, step, data=None):
    return client.post(reverse(f"summons:{step}", args=[case.pk]), data or {})


def test_an_officer_walks_a_case_from_the_page_to_the_reply(login_as, user_of, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    officer, officer2, association = (
        user_of("officer"),
        user_of("officer", username="officer2"),
        user_of("association"),
    )
    leader = user_of("leader")
    case = factories.opened(factories.liaised_account(), by=officer)
    client = login_as("officer")
    soon = timezone.now() + timedelta(days=2)
    steps = [
        (
            "notice",
            {
                "meeting_at": local(soon),
                "place": "三楼约谈室",
                "participants": "负责人",
                "reason": "第十二条第2项",
            },
        ),
        (
            "serve",
            {
                "method": "in_person",
                "served_at": local(timezone.now()),
                "received_by": "张伟",
            },
        ),
        (
            "record",
            {
                "held_at": local(timezone.now()),
                "place": "三楼约谈室",
                "outcome": "signed",
                "officer_1": officer.pk,
                "certificate_1": "33011020001",
                "officer_2": officer2.pk,
                "certificate_2": "33011020002",
                "attendees": "张伟",
                "problems": "转载不实信息。",
                "rectification_items": "删除并建立审核制度。",
                "deadline_days": 10,
            },
        ),
        ("order", {}),
        (
            "rectification",
            {"text": "已删除。", "received_on": f"{timezone.localdate():%Y-%m-%d}", "images": [png()]},
        ),
        ("assign", {"evaluator": association.pk}),
    ]
    for step, data in steps:
        response = post(client, case, step, data)
        assert response.status_code == 302, (step, response.content.decode()[:2000])
    assert case.__class__.objects.get(pk=case.pk).rectification.files.count() == 1
    response = post(login_as("association"), case, "evaluate", {"passed": "0", "reasons": "制度未落实。"})
    assert response.status_code == 302
    client = login_as("officer")
    escalate = {
        "measure": Measure.objects.get(code="restrict").pk,
        "departments": [d.pk for d in Department.objects.all()],
        "reason": "整改不到位。",
    }
    assert post(client, case, "escalate", escalate).status_code == 302
    assert post(login_as("leader"), case, "approve", {"note": "同意"}).status_code == 302
    client = login_as("officer")
    reply = {
        "reply_number": "浙网信函〔2026〕3号",
        "measure_granted": Measure.objects.get(code="restrict").pk,
        "period_start": f"{timezone.localdate():%Y-%m-%d}",
        "period_end": "",
    }
    response = post(client, case, "reply", reply)
    assert response.status_code == 302
    case.account.refresh_from_db()
    assert case.account.status == "restricted"
    body = client.get(response.url).content.decode()
    for text in (
        "已发出约谈通知书",
        "已记录送达回证",
        "已录入约谈记录",
        "责令在10个工作日内整改",
        "已收到整改报告",
        "不合格",
        "已提请升级处理",
        "已批准",
        "已登记复函",
    ):
        assert text in body, text
    assert leader.pk  # the leader approved as a distinct user


def test_a_record_with_one_officer_is_refused_and_keeps_what_was_typed(login_as, user_of):
    officer = user_of("officer")
    case = case_at(S.NOTIFIED)
    factories.serve(case, officer)
    data = {
        "held_at": local(timezone.now()),
        "place": "三楼约谈室",
        "outcome": "signed",
        "officer_1": officer.pk,
        "certificate_1": "33011020001",
        "officer_2": officer.pk,
        "certificate_2": "33011020001",
        "problems": "发现的问题写在这里",
        "rectification_items": "整改",
        "deadline_days": 10,
    }
    response = post(login_as("officer"), case, "record", data)
    body = response.content.decode()
    assert response.status_code == 400
    assert "约谈须由至少两名执法人员进行" in body and "发现的问题写在这里" in body


def test_escalating_a_closed_case_is_refused_from_the_page(login_as, user_of):
    case = case_at(S.PASSED)
    services.close_case(case, note="结案", by=user_of("officer"))
    departments = [d.pk for d in Department.objects.all()]
    data = {"measure": Measure.objects.get(code="restrict").pk, "departments": departments, "reason": "升级"}
    response = post(login_as("officer"), case, "escalate", data)
    assert response.status_code == 400
    assert "已结案的案件不能升级处理" in response.content.decode()


def test_recording_a_reply_before_approval_is_refused_from_the_page(login_as):
    case = case_at(S.ESCALATED)
    response = post(login_as("officer"), case, "reply", {"reply_number": "浙网信函〔2026〕9号"})
    assert response.status_code == 400
    assert "须经领导批准后才能登记复函" in response.content.decode()
    assert factories.live_escalation(case).status == Escalation.Status.PREPARED


def test_only_a_leader_approves(login_as):
    case = case_at(S.ESCALATED)
    assert post(login_as("officer"), case, "approve").status_code == 403
    assert post(login_as("leader"), case, "approve").status_code == 302


def test_an_evaluator_cannot_reach_a_case_not_assigned_to_them(login_as):
    case = case_at(S.SUBMITTED)
    assert post(login_as("expert"), case, "evaluate", {"passed": "1", "reasons": "好"}).status_code == 404


def test_the_evaluator_sees_only_the_evaluation_forms(login_as):
    case = case_at(S.EVALUATING)
    body = login_as("expert").get(reverse("summons:detail", args=[case.pk])).content.decode()
    assert reverse("summons:evaluate", args=[case.pk]) in body
    assert reverse("summons:recuse", args=[case.pk]) in body
    assert reverse("summons:escalate", args=[case.pk]) not in body
    assert reverse("summons:close", args=[case.pk]) not in body


def test_an_escalated_case_offers_no_closing_before_the_reply(login_as):
    case = case_at(S.ESCALATED)
    body = login_as("officer").get(reverse("summons:detail", args=[case.pk])).content.decode()
    assert reverse("summons:close", args=[case.pk]) not in body


def test_the_leaders_two_forms_do_not_share_field_ids(login_as):
    case = case_at(S.ESCALATED)
    body = login_as("leader").get(reverse("summons:detail", args=[case.pk])).content.decode()
    assert 'id="id_approve_note"' in body and 'id="id_reject_note"' in body


def test_a_rectification_image_that_is_not_an_image_is_refused_and_nothing_is_kept(
    login_as, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    case = case_at(S.RECTIFYING)
    disguised = SimpleUploadedFile(
        "整改截图.png", b"<html><script>alert(1)</script></html>", content_type="image/png"
    )
    data = {
        "text": "已删除。",
        "received_on": f"{timezone.localdate():%Y-%m-%d}",
        "images": [png(), disguised],
    }
    response = post(login_as("officer"), case, "rectification", data)
    assert response.status_code == 400
    assert "整改截图.png：" in response.content.decode()
    assert Case.objects.get(pk=case.pk).status == S.RECTIFYING
    assert not (tmp_path / "rectifications").exists()


def test_the_assigned_evaluator_sees_the_rectification_images_re_encoded_and_sandboxed(login_as):
    case = factories.with_image(S.EVALUATING)
    image = case.rectification.files.get()
    page = login_as("expert").get(case.get_absolute_url()).content.decode()
    url = reverse("summons:rectification_file", args=[case.pk, image.pk])
    assert url in page
    response = login_as("expert").get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert (
        response["X-Content-Type-Options"] == "nosniff" and "sandbox" in response["Content-Security-Policy"]
    )
    assert image.path.startswith("rectifications/")
