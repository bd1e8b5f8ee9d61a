import pytest
from django.urls import reverse

from tests.factories import PASSWORD
from yuhang_cac.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_the_auditor_reads_sign_ins_and_failures(client, login_as, user_of):
    user_of("officer")
    client.post(reverse("login"), {"username": "officer", "password": "wrong"}, REMOTE_ADDR="10.9.8.7")
    client.post(reverse("login"), {"username": "officer", "password": PASSWORD})
    page = login_as("auditor").get(reverse("audit:list")).content.decode()
    assert "登录失败" in page and "10.9.8.7" in page


def test_the_log_filters_by_event_and_user(login_as, user_of):
    from yuhang_cac.audit.services import record_event

    record_event(AuditEvent.Kind.EXPORTED, actor=user_of("officer"))
    record_event(AuditEvent.Kind.UNMASKED, actor=user_of("leader"))
    client = login_as("auditor")
    response = client.get(reverse("audit:list"), {"kind": "exported"})
    assert [e.actor_label for e in response.context["page"]] == ["officer"]
    response = client.get(reverse("audit:list"), {"user": "lead"})
    assert [e.kind for e in response.context["page"]] == ["unmasked"]


@pytest.mark.parametrize("role", ["officer", "sysadmin", "secadmin"])
def test_only_the_auditor_reads_the_log(login_as, role):
    assert login_as(role).get(reverse("audit:list")).status_code == 403


def test_the_user_filter_matches_the_persons_name_and_the_table_shows_it(login_as, user_of):
    from yuhang_cac.audit.services import record_event

    officer = user_of("officer", full_name="陈志远")
    record_event(AuditEvent.Kind.EXPORTED, actor=officer)
    record_event(AuditEvent.Kind.EXPORTED, actor=user_of("leader", full_name="王建国"))
    response = login_as("auditor").get(reverse("audit:list"), {"user": "志远"})
    assert [e.actor_label for e in response.context["page"]] == ["officer"]
    assert "陈志远" in response.content.decode()


def test_an_export_row_shows_which_list_which_filter_and_how_many_rows(login_as, user_of):
    from yuhang_cac.audit.services import record_event

    detail = {"what": "accounts", "format": "csv", "rows": 12, "filters": {"platform": ["3"], "q": ["余杭"]}}
    record_event(AuditEvent.Kind.EXPORTED, actor=user_of("officer"), detail=detail)
    page = login_as("auditor").get(reverse("audit:list")).content.decode()
    assert "自媒体账号，CSV，12 行" in page
    assert "platform=3" in page and "q=%E4%BD%99%E6%9D%AD" in page


def test_an_unmasking_row_shows_its_reason(login_as, user_of):
    from yuhang_cac.audit.services import record_event

    detail = {"field": "id_number", "reason": "report", "note": "YH2026000001"}
    record_event(AuditEvent.Kind.UNMASKED, actor=user_of("officer"), detail=detail)
    page = login_as("auditor").get(reverse("audit:list")).content.decode()
    assert "原因：核查举报（YH2026000001）" in page


def test_one_look_at_a_report_with_two_images_writes_one_row(login_as, settings, tmp_path):
    from tests.reports.factories import submitted

    settings.MEDIA_ROOT = tmp_path
    report, _receipt = submitted(images=2, contact={"name": "张三", "phone": "13912345678", "email": ""})
    client = login_as("officer")
    client.get(reverse("reports:detail", args=[report.pk]))
    for image in report.evidence.all():
        client.get(reverse("reports:evidence", args=[report.pk, image.pk]))
    client.get(reverse("reports:detail", args=[report.pk]))
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.PERSONAL_DATA_VIEWED).count() == 1
