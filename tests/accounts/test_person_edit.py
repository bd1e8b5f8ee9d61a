"""Correcting a person's own details: the checks of creation, the keyed hash in step, the history."""

from datetime import date

import pytest
from django.urls import reverse

from accounts.models import Person
from accounts.services import RegistryError, find_person, update_person
from tests.accounts.factories import IndividualOperatorFactory, PersonFactory, resident_id
from yuhang_cac.audit.history import MASK, history_entries
from yuhang_cac.audit.models import AuditEvent
from yuhang_cac.core import crypto

pytestmark = pytest.mark.django_db
OLD = resident_id("330110", date(1984, 10, 2), 35)
NEW = resident_id("330110", date(1984, 10, 2), 36)


def edit_url(person) -> str:
    return reverse("accounts:person_edit", args=[person.pk])


def form_data(person, **changes) -> dict:
    data = {
        "name": person.name,
        "id_type": person.id_type,
        "id_number": "",
        "phone": person.phone,
        "address": "",
    }
    return data | changes


def test_an_officer_corrects_a_name_and_phone_and_the_history_says_so(login_as):
    person = PersonFactory(name="张伟", id_number=OLD, phone="13811112222")
    client = login_as("officer")
    response = client.post(edit_url(person), form_data(person, name="张炜", phone="139 3333 4444"))
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.name, person.phone) == ("张炜", "13933334444")
    newest = history_entries(person)[0]
    assert newest.reason == "个人信息已更正"
    changed = {change.label: (change.old, change.new) for change in newest.changes}
    assert changed["名称"] == ("张伟", "张炜")
    assert changed["电话"] == (MASK, MASK)


def test_a_new_id_number_is_encrypted_hashed_and_masked_in_step(login_as):
    person = PersonFactory(id_number=OLD)
    login_as("leader").post(edit_url(person), form_data(person, id_number=NEW.lower()))
    person.refresh_from_db()
    assert crypto.decrypt(person.id_number_encrypted) == NEW
    assert person.id_number_masked == NEW[:6] + "********" + NEW[-4:]
    assert find_person("resident", NEW) == person
    assert find_person("resident", OLD) is None


def test_the_form_refuses_a_bad_id_number_in_chinese_and_changes_nothing(login_as):
    person = PersonFactory(name="王芳", id_number=OLD)
    bad = NEW[:-1] + ("0" if NEW[-1] != "0" else "1")
    response = login_as("officer").post(edit_url(person), form_data(person, name="王芳芳", id_number=bad))
    assert response.status_code == 200
    assert "校验码" in response.content.decode()
    person.refresh_from_db()
    assert person.name == "王芳" and find_person("resident", OLD) == person


def test_the_form_refuses_a_number_held_by_another_person(login_as):
    PersonFactory(name="李娜", id_number=NEW)
    person = PersonFactory(name="刘洋", id_number=OLD)
    response = login_as("officer").post(edit_url(person), form_data(person, id_number=NEW))
    assert "李娜" in response.content.decode()
    assert find_person("resident", OLD) == person


def test_changing_the_id_type_asks_for_the_number_again(login_as):
    person = PersonFactory(id_number=OLD)
    response = login_as("officer").post(edit_url(person), form_data(person, id_type="passport"))
    assert response.context["form"].errors["id_number"]
    person.refresh_from_db()
    assert person.id_type == Person.IdType.RESIDENT


def test_a_bad_phone_is_refused_with_a_chinese_message(login_as):
    person = PersonFactory()
    response = login_as("officer").post(edit_url(person), form_data(person, phone="12345"))
    assert "手机号码" in response.content.decode()


def test_an_unchanged_form_writes_no_history_row(user_of):
    person = PersonFactory(id_number=OLD, phone="13811112222")
    before = person.history.count()
    update_person(
        person,
        by=user_of("officer"),
        name=person.name,
        id_type="resident",
        id_number=OLD,
        phone="13811112222",
    )
    assert person.history.count() == before


def test_an_individual_operator_takes_the_corrected_name(user_of):
    operator = IndividualOperatorFactory(person=PersonFactory(name="陈静"))
    update_person(operator.person, by=user_of("officer"), name="陈婧", id_type="resident")
    operator.refresh_from_db()
    assert operator.name == "陈婧"


def test_the_service_refuses_a_number_held_by_another_person(user_of):
    PersonFactory(id_number=NEW)
    person = PersonFactory(id_number=OLD)
    with pytest.raises(RegistryError):
        update_person(person, by=user_of("officer"), name=person.name, id_type="resident", id_number=NEW)


def test_opening_the_form_is_audited_and_never_shows_the_full_number(login_as):
    person = PersonFactory(id_number=OLD)
    body = login_as("officer").get(edit_url(person)).content.decode()
    assert OLD not in body and person.id_number_masked in body
    assert AuditEvent.objects.filter(
        kind=AuditEvent.Kind.PERSONAL_DATA_VIEWED, target_id=str(person.pk)
    ).exists()


def test_the_person_page_links_to_the_form_for_cac_roles(login_as):
    person = PersonFactory()
    assert edit_url(person) in login_as("officer").get(person.get_absolute_url()).content.decode()
