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
