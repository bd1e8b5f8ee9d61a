from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import sign_in
from tests.factories import PASSWORD
from yuhang_cac.audit.history import MASK, history_entries
from yuhang_cac.audit.models import AuditEvent
from yuhang_cac.audit.services import record_event
from yuhang_cac.audit.tasks import purge_expired_audit_events
from yuhang_cac.users.models import Organisation

pytestmark = pytest.mark.django_db


def test_a_sign_in_is_recorded_with_the_client_address(client, user_of):
    user_of("officer")
    sign_in(client, "officer", PASSWORD, address="10.1.2.3")
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.LOGIN)
    assert (event.actor_label, event.ip_address) == ("officer", "10.1.2.3")


def test_a_failed_sign_in_is_recorded_without_the_password(client, user_of):
    user_of("officer")
    response = client.post(reverse("login"), {"username": "officer", "password": "wrong-password"})
    assert response.status_code == 200
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.LOGIN_FAILED)
    assert event.actor_label == "officer"
    assert "wrong-password" not in str(event.detail)


def test_a_password_change_is_recorded(login_as):
    client = login_as("officer")
    new = "Another-pass-2027"
    response = client.post(
        reverse("password_change"), {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.PASSWORD_CHANGED).count() == 1


def test_events_are_append_only(user_of):
    event = record_event(AuditEvent.Kind.EXPORTED, actor=user_of("officer"))
    event.kind = AuditEvent.Kind.LOGIN
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.update(kind="x")


def test_the_purge_keeps_the_retention_period(settings, user_of):
    settings.AUDIT_RETENTION_DAYS = 185
    officer = user_of("officer")
    old = record_event(AuditEvent.Kind.EXPORTED, actor=officer)
    recent = record_event(AuditEvent.Kind.EXPORTED, actor=officer)
    # auto_now_add cannot be set on create; back-date through the base queryset.
    from django.db.models import QuerySet

    QuerySet.update(AuditEvent.objects.filter(pk=old.pk), at=timezone.now() - timedelta(days=186))
    QuerySet.update(AuditEvent.objects.filter(pk=recent.pk), at=timezone.now() - timedelta(days=184))

    assert purge_expired_audit_events() == 1
    assert purge_expired_audit_events() == 0
    assert list(AuditEvent.objects.values_list("pk", flat=True)) == [recent.pk]


def test_history_entries_name_the_user_the_fields_and_the_reason(user_of):
    sysadmin = user_of("sysadmin")
    organisation = Organisation.objects.create(code="x", name="甲协会", kind=Organisation.Kind.ASSOCIATION)
    organisation.liaison_name = "李四"
    organisation._history_user = sysadmin
    organisation._change_reason = "联络人变更"
    organisation.save()

    newest, created = history_entries(organisation)
    assert (newest.user, newest.reason) == (str(sysadmin), "联络人变更")
    assert [(c.label, c.old, c.new) for c in newest.changes] == [("联络人", "—", "李四")]
    assert created.user == "系统"


def test_history_entries_mask_personal_fields(user_of, monkeypatch):
    monkeypatch.setattr(Organisation, "HISTORY_MASKED_FIELDS", ("liaison_phone",), raising=False)
    organisation = Organisation.objects.create(code="y", name="乙协会", kind=Organisation.Kind.ASSOCIATION)
    organisation.liaison_phone = "13800000000"
    organisation.save()
    change = history_entries(organisation)[0].changes[0]
    assert (change.old, change.new) == (MASK, MASK)
