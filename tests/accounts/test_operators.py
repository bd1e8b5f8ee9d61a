import re
from datetime import date

import pytest
from django.urls import reverse

from accounts.models import Operator, Person
from accounts.services import find_person
from tests.accounts.factories import (
    AccountFactory,
    IndividualOperatorFactory,
    OperatorFactory,
    PersonFactory,
    credit_code,
    resident_id,
)

pytestmark = pytest.mark.django_db

GOOD = resident_id("330110", date(1990, 3, 7), 1)
BAD_CHECK = GOOD[:17] + ("0" if GOOD[17] != "0" else "1")
ORGANISATION = {
    "kind": "organisation",
    "name": "杭州良渚文化传媒有限公司",
    "credit_code": "91110000600037341L",
    "id_type": "resident",
    "contact_name": "王芳",
    "phone": "0571 88881234",
}


def individual(**changes) -> dict:
    data = {
        "kind": "individual",
        "person_name": "陈静",
        "id_type": "resident",
        "id_number": resident_id("330110", date(1988, 5, 20)),
        "phone": "13912345678",
    }
    return data | changes


def test_an_officer_registers_an_organisation_with_a_valid_credit_code(login_as):
    response = login_as("officer").post(reverse("accounts:operator_create"), ORGANISATION)
    operator = Operator.objects.get()
    assert response.url == operator.get_absolute_url()
    assert (operator.kind, operator.credit_code, operator.contact_phone) == (
        "organisation",
        "91110000600037341L",
        "0571-88881234",
    )


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("91110000600037341M", "统一社会信用代码的校验位不正确"),
        ("9111000060003734IL", "统一社会信用代码由 18 位"),
        ("", "必须填写统一社会信用代码"),
    ],
)
def test_an_invalid_credit_code_is_refused_in_chinese(login_as, code, message):
    response = login_as("officer").post(
        reverse("accounts:operator_create"), ORGANISATION | {"credit_code": code}
    )
    assert message in response.content.decode()
    assert not Operator.objects.exists()


def test_a_credit_code_already_registered_is_refused(login_as):
    OperatorFactory(name="杭州原有公司", credit_code="91110000600037341L")
    response = login_as("officer").post(reverse("accounts:operator_create"), ORGANISATION)
    assert "该统一社会信用代码已登记在杭州原有公司名下" in response.content.decode()


def test_an_officer_registers_an_individual_operator_and_the_person_once(login_as):
    response = login_as("officer").post(reverse("accounts:operator_create"), individual())
    operator = Operator.objects.get()
    person = operator.person
    assert response.url == operator.get_absolute_url()
    assert (operator.kind, operator.name, operator.credit_code) == ("individual", "陈静", "")
    assert person.id_number_masked.startswith("330110") and "*" in person.id_number_masked
    assert resident_id("330110", date(1988, 5, 20)) not in person.id_number_encrypted
    assert find_person("resident", resident_id("330110", date(1988, 5, 20))) == person


def test_an_individual_operator_reuses_a_person_already_known_by_the_id_number(login_as):
    number = resident_id("330113", date(2002, 7, 1))
    person = PersonFactory(name="陈静", id_number=number)
    login_as("officer").post(reverse("accounts:operator_create"), individual(id_number=number))
    assert Operator.objects.get().person == person
    assert Person.objects.count() == 1


def test_a_known_id_number_under_another_name_is_refused(login_as):
    number = resident_id("330110", date(1990, 1, 1))
    PersonFactory(name="李娜", id_number=number)
    response = login_as("officer").post(reverse("accounts:operator_create"), individual(id_number=number))
    assert "该证件号码已登记在李娜名下" in response.content.decode()


def test_a_person_operates_as_an_individual_only_once(login_as):
    number = resident_id(sequence=999)
    IndividualOperatorFactory(person=PersonFactory(name="杨磊", id_number=number))
    response = login_as("officer").post(
        reverse("accounts:operator_create"), individual(person_name="杨磊", id_number=number)
    )
    assert "此人已登记为个人运营主体" in response.content.decode()
    assert Operator.objects.count() == 1


@pytest.mark.parametrize(
    ("number", "message"),
    [
        (BAD_CHECK, "身份证号码最后一位与校验码不符"),
        ("33011019990230" + "0011", "出生日期（第 7 至 14 位）不是真实日期"),
        ("3301101990", "居民身份证号码为 17 位数字"),
    ],
)
def test_a_bad_resident_id_number_is_refused_in_chinese(login_as, number, message):
    response = login_as("officer").post(reverse("accounts:operator_create"), individual(id_number=number))
    assert message in response.content.decode()
    assert not Person.objects.exists()


def test_a_bad_phone_number_is_refused_in_chinese(login_as):
    response = login_as("officer").post(reverse("accounts:operator_create"), individual(phone="12345"))
    assert "请输入手机号码（1 开头的 11 位数字）或固定电话" in response.content.decode()


def test_a_passport_needs_only_a_plausible_number(login_as):
    login_as("officer").post(
        reverse("accounts:operator_create"), individual(id_type="passport", id_number="E1234567")
    )
    assert Operator.objects.get().person.id_type == "passport"


def test_editing_an_operator_is_recorded_with_its_contact_masked_in_history(login_as):
    operator = OperatorFactory(contact_phone="13800001111")
    client = login_as("officer")
    data = {"name": operator.name, "credit_code": operator.credit_code, "contact_phone": "13900002222"}
    response = client.post(reverse("accounts:operator_edit", args=[operator.pk]), data)
    assert response.url == operator.get_absolute_url()
    body = client.get(operator.get_absolute_url()).content.decode()
    assert "13800001111" not in body.split("历史")[-1]
    operator.refresh_from_db()
    assert operator.contact_phone == "13900002222"


def test_an_individual_operator_keeps_its_person_when_edited(login_as):
    operator = IndividualOperatorFactory()
    form = login_as("officer").get(reverse("accounts:operator_edit", args=[operator.pk])).context["form"]
    assert "credit_code" not in form.fields and "name" not in form.fields


def test_the_operator_page_lists_all_its_accounts(login_as):
    operator = OperatorFactory(credit_code=credit_code(77))
    accounts = AccountFactory.create_batch(3, operator=operator)
    AccountFactory()
    page = login_as("officer").get(operator.get_absolute_url())
    assert set(page.context["accounts"]) == set(accounts)


def test_the_operator_form_groups_fields_by_kind_with_one_phone_field(login_as):
    page = login_as("officer").get(reverse("accounts:operator_create")).content.decode()
    assert 'data-kind="organisation"' in page and 'data-kind="individual"' in page
    assert page.count('type="tel"') == 1
    assert 'name="contact_phone"' not in page


def test_an_organisation_keeps_the_phone_as_its_contact_phone_and_ignores_person_fields(login_as):
    data = ORGANISATION | {"person_name": "不应保存", "id_number": GOOD}
    login_as("officer").post(reverse("accounts:operator_create"), data)
    operator = Operator.objects.get()
    assert operator.person is None and operator.contact_phone == "0571-88881234"
    assert not Person.objects.exists()


def test_an_individual_keeps_the_phone_on_the_person_and_ignores_organisation_fields(login_as):
    data = individual(name="杭州不应保存有限公司", credit_code="91110000600037341L", contact_name="王芳")
    login_as("officer").post(reverse("accounts:operator_create"), data)
    operator = Operator.objects.get()
    assert (operator.name, operator.credit_code, operator.contact_name) == ("陈静", "", "")
    assert operator.person.phone == "13912345678"


def test_an_operator_registered_from_the_account_form_is_handed_back_to_it(login_as):
    client = login_as("officer")
    form = client.get(reverse("accounts:create")).content.decode()
    assert f"{reverse('accounts:operator_create')}?from=account" in form
    assert "data-search-url" in form and "tom-select.complete.min.js" in form
    response = client.post(reverse("accounts:operator_create") + "?from=account", ORGANISATION, follow=True)
    operator = Operator.objects.get()
    page = response.content.decode()
    assert f'id="operator-hand-back" hidden data-id="{operator.pk}"' in page
    assert "operator-hand-back.js" in page
    # Only once: a later visit to the operator page hands nothing back.
    assert "operator-hand-back" not in client.get(operator.get_absolute_url()).content.decode()


def test_an_operator_registered_directly_is_not_handed_back(login_as):
    client = login_as("officer")
    response = client.post(reverse("accounts:operator_create"), ORGANISATION, follow=True)
    assert "operator-hand-back" not in response.content.decode()


def test_the_postal_address_is_not_labelled_as_an_ip_address(login_as):
    client = login_as("officer")
    for url in (
        reverse("accounts:operator_create"),
        reverse("accounts:person_edit", args=[PersonFactory().pk]),
    ):
        page = client.get(url).content.decode()
        assert re.search(r">\s*地址", page) and "IP 地址" not in page, url
