"""The public form's single-use token, the global cap, security events and the receipt at rest."""

import re

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from reports.abuse import HONEYPOT_FIELD, issue_started
from reports.models import Report
from tests.reports.test_public import form_data, post
from yuhang_cac.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
ADDRESS = "198.51.100.23"


@pytest.fixture(autouse=True)
def quick_form(settings, tmp_path):
    settings.REPORT_MIN_FILL_SECONDS = 0
    settings.MEDIA_ROOT = tmp_path


def test_one_form_cannot_be_sent_twice(client):
    data = form_data(**{"started": issue_started()})
    assert post(client, data).status_code == 302
    replay = post(client, data)
    assert replay.status_code == 200
    assert "表单未能提交" in replay.content.decode()
    assert Report.objects.count() == 1
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.PUBLIC_SCRIPT_REFUSED)
    assert event.detail["check"] == "replayed"


def test_a_refused_script_is_recorded_without_the_address(client):
    client.post(reverse("public_reports:submit"), {**form_data(), HONEYPOT_FIELD: "x"}, REMOTE_ADDR=ADDRESS)
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.PUBLIC_SCRIPT_REFUSED)
    assert event.detail["check"] == "honeypot"
    assert event.ip_address is None
    assert ADDRESS not in str(event.detail) and len(event.detail["address"]) == 16


def test_a_flood_from_one_address_is_recorded_once(client, settings):
    settings.REPORT_SUBMIT_RATE = (1, 3600)
    for _ in range(4):
        client.post(reverse("public_reports:submit"), form_data(), REMOTE_ADDR=ADDRESS)
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.PUBLIC_FLOOD)
    assert event.detail["check"] == "report-submit" and event.ip_address is None
    assert ADDRESS not in str(event.detail)


def test_past_the_global_cap_a_friendly_page_and_the_office_is_told(client, settings, user_of):
    settings.REPORT_GLOBAL_RATE = (2, 3600)
    officer = user_of("officer")
    for n in range(2):
        assert (
            client.post(
                reverse("public_reports:submit"), form_data(), REMOTE_ADDR=f"203.0.113.{n}"
            ).status_code
            == 302
        )
    response = client.post(reverse("public_reports:submit"), form_data(), REMOTE_ADDR="203.0.113.77")
    assert response.status_code == 503
    assert "请稍后再试" in response.content.decode() and response["Retry-After"] == "3600"
    client.post(reverse("public_reports:submit"), form_data(), REMOTE_ADDR="203.0.113.78")
    assert Report.objects.count() == 2
    assert officer.notifications.filter(kind="public_channel_full").count() == 1
    assert (
        AuditEvent.objects.filter(kind=AuditEvent.Kind.PUBLIC_FLOOD, detail__check="global_cap").count() == 1
    )


def test_the_receipt_waits_encrypted_in_the_session_and_the_page_is_not_stored(client):
    response = post(client, form_data())
    data = Session.objects.get().get_decoded()
    stored = data["receipt"]
    page = client.get(response["Location"])
    assert "no-store" in page["Cache-Control"]
    number, code = re.findall(r'class="receipt-code[^"]*">([^<]+)<', page.content.decode())
    assert stored["number"] == number
    assert code not in str(stored)
