from datetime import date

import pytest
from django.urls import reverse

from accounts.models import Person, Practitioner
from tests.accounts.factories import (
    AccountFactory,
    OperatorFactory,
    PersonFactory,
    PractitionerFactory,
    resident_id,
)

pytestmark = pytest.mark.django_db
NUMBER = resident_id("330110", date(1995, 4, 18), 21)


def new_practitioner(account, **changes) -> dict:
    data = {
        "person_name": "刘洋",
        "id_type": "resident",
        "id_number": NUMBER,
        "phone": "13612345678",
        "role": "editor",
        "started_on": "2024-03-01",
        "ended_on": "",
        "filing_status": "filed",
        "filed_on": "2024-03-15",
        "accounts": [account.pk],
    }
    return data | changes


def test_an_officer_adds_a_filed_practitioner_to_an_operator_and_its_account(login_as):
    account = AccountFactory()
    response = login_as("officer").post(
        reverse("accounts:practitioner_add", args=[account.operator_id]), new_practitioner(account)
    )
    assert response.url == account.operator.get_absolute_url()
    practitioner = Practitioner.objects.get()
    assert (practitioner.person.name, practitioner.filing_status, practitioner.filed_on) == (
        "刘洋",
        "filed",
        date(2024, 3, 15),
    )
    assert list(practitioner.accounts.all()) == [account]


def test_a_filed_practitioner_needs_the_filing_date(login_as):
    account = AccountFactory()
    response = login_as("officer").post(
        reverse("accounts:practitioner_add", args=[account.operator_id]),
        new_practitioner(account, filed_on=""),
    )
    assert "请填写备案日期" in response.content.decode()


def test_dates_must_be_in_order(login_as):
    account = AccountFactory()
    data = new_practitioner(account, ended_on="2023-01-01")
    response = login_as("officer").post(
        reverse("accounts:practitioner_add", args=[account.operator_id]), data
    )
    assert "结束日期早于开始日期" in response.content.decode()


def test_only_accounts_of_the_same_operator_can_be_chosen(login_as):
    account = AccountFactory()
    stranger = AccountFactory()
    data = new_practitioner(account, accounts=[stranger.pk])
    response = login_as("officer").post(
        reverse("accounts:practitioner_add", args=[account.operator_id]), data
    )
    assert response.status_code == 200
    assert not Practitioner.objects.exists()


def test_a_known_person_moving_to_another_operator_keeps_one_file(login_as):
    person = PersonFactory(name="刘洋", id_number=NUMBER)
    PractitionerFactory(person=person, operator=OperatorFactory(), ended_on=date(2023, 12, 31))
    account = AccountFactory()
    login_as("officer").post(
        reverse("accounts:practitioner_add", args=[account.operator_id]), new_practitioner(account)
    )
    assert Person.objects.count() == 1
    assert person.jobs.count() == 2


def test_a_person_already_working_for_the_operator_is_refused(login_as):
    account = AccountFactory()
    PractitionerFactory(person=PersonFactory(name="刘洋", id_number=NUMBER), operator=account.operator)
    response = login_as("officer").post(
        reverse("accounts:practitioner_add", args=[account.operator_id]), new_practitioner(account)
    )
    assert "此人已是该运营主体的从业人员" in response.content.decode()


def test_editing_a_practitioner_records_the_filing(login_as):
    practitioner = PractitionerFactory()
    data = {
        "role": "principal",
        "filing_status": "filed",
        "filed_on": "2025-06-01",
        "started_on": "",
        "ended_on": "",
    }
    client = login_as("officer")
    response = client.post(reverse("accounts:practitioner_edit", args=[practitioner.pk]), data)
    assert response.url == practitioner.operator.get_absolute_url()
    practitioner.refresh_from_db()
    assert (practitioner.role, practitioner.filed_on) == ("principal", date(2025, 6, 1))
    assert practitioner.history.first().history_change_reason == "修改从业人员信息"


def test_a_reward_or_punishment_goes_into_the_practitioners_file(login_as):
    practitioner = PractitionerFactory()
    client = login_as("officer")
    data = {"kind": "reward", "date": "2025-05-04", "description": "获评区优秀网络文化作品"}
    response = client.post(reverse("accounts:practitioner_record", args=[practitioner.pk]), data)
    assert response.url == practitioner.person.get_absolute_url()
    assert "获评区优秀网络文化作品" in client.get(response.url).content.decode()
