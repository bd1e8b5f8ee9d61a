from datetime import date

import pytest
from django.urls import reverse

from accounts.models import Practitioner
from tests.accounts.factories import (
    AccountFactory,
    OperatorFactory,
    PersonFactory,
    PractitionerFactory,
    resident_id,
)
from yuhang_cac.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
NUMBER = resident_id("330110", date(1984, 10, 2), 35)


def test_the_person_page_shows_the_number_masked_and_audits_the_visit(login_as):
    person = PersonFactory(id_number=NUMBER)
    response = login_as("officer").get(person.get_absolute_url())
    body = response.content.decode()
    assert person.id_number_masked in body
    assert NUMBER not in body
    assert response["Cache-Control"].startswith("max-age=0")
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.PERSONAL_DATA_VIEWED)
    assert (event.actor_label, event.target_id) == ("officer", str(person.pk))


def test_showing_the_full_number_is_post_only_shown_once_and_audited(login_as):
    person = PersonFactory(id_number=NUMBER)
    client = login_as("leader")
    url = reverse("accounts:person_unmask", args=[person.pk])
    assert client.get(url).status_code == 405
    response = client.post(url, {"reason": "report", "note": "YH2026000001"})
    assert NUMBER in response.content.decode()
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.UNMASKED)
    assert (event.actor_label, event.target_id, event.detail) == (
        "leader",
        str(person.pk),
        {"field": "id_number", "reason": "report", "note": "YH2026000001"},
    )
    assert NUMBER not in client.get(person.get_absolute_url()).content.decode()


@pytest.mark.parametrize("data", [{}, {"reason": "report"}, {"reason": "nonsense", "note": "x"}])
def test_the_full_number_needs_a_reason(login_as, data):
    person = PersonFactory(id_number=NUMBER)
    response = login_as("officer").post(reverse("accounts:person_unmask", args=[person.pk]), data)
    assert response.status_code == 400
    assert NUMBER not in response.content.decode()
    assert "必填项" in response.content.decode() or "选择一个有效的选项" in response.content.decode()
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.UNMASKED).exists()


def test_the_person_page_lists_jobs_across_operators(login_as):
    person = PersonFactory()
    first, second = OperatorFactory(name="杭州甲公司"), OperatorFactory(name="杭州乙公司")
    PractitionerFactory(person=person, operator=first, started_on=date(2019, 1, 1), ended_on=date(2021, 1, 1))
    job = PractitionerFactory(person=person, operator=second, role=Practitioner.Role.PRINCIPAL)
    job.accounts.add(AccountFactory(operator=second, name="乙公司号"))
    body = login_as("officer").get(person.get_absolute_url()).content.decode()
    assert "杭州甲公司" in body and "杭州乙公司" in body and "乙公司号" in body


def test_the_person_history_masks_the_id_number_and_phone(login_as):
    person = PersonFactory(id_number=NUMBER, phone="13811112222")
    person.phone = "13933334444"
    person.save()
    body = login_as("officer").get(person.get_absolute_url()).content.decode()
    assert "13811112222" not in body
    assert "••••••" in body


@pytest.mark.parametrize("role", ["association", "expert", "sysadmin", "auditor"])
def test_only_cac_roles_may_open_a_person_page_or_unmask(login_as, role):
    person = PersonFactory()
    client = login_as(role)
    assert client.get(person.get_absolute_url()).status_code == 403
    assert client.post(reverse("accounts:person_unmask", args=[person.pk])).status_code == 403
    assert not AuditEvent.objects.filter(kind__in=["personal_data_viewed", "unmasked"]).exists()
