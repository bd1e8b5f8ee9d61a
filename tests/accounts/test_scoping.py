"""Association staff see the accounts they liaise with, without personal data; experts see nothing."""

from datetime import date

import pytest
from django.urls import reverse

from tests.accounts.factories import (
    AccountFactory,
    IndividualOperatorFactory,
    PersonFactory,
    PractitionerFactory,
)
from tests.accounts.factories import resident_id as make_id
from yuhang_cac.users.models import Organisation

pytestmark = pytest.mark.django_db
NUMBER = make_id("330113", date(2002, 11, 9), 88)


@pytest.fixture
def registry():
    """An individual operator's account in the network culture association's scope, and one outside it."""
    mine = Organisation.objects.get(code="yuhang-network-culture-association")
    other = Organisation.objects.get(code="yuhang-dream-station")
    person = PersonFactory(name="赵晓明", id_number=NUMBER, phone="13755556666")
    operator = IndividualOperatorFactory(person=person, contact_phone="13755556666")
    account = AccountFactory(operator=operator, liaison_organisation=mine, name="余杭身边事")
    practitioner = PractitionerFactory(person=person, operator=operator)
    practitioner.accounts.add(account)
    person.phone = "13700001111"
    person.save()
    outside = AccountFactory(liaison_organisation=other, name="梦想小镇同城")
    unassigned = AccountFactory(name="无联络账号")
    return {
        "account": account,
        "operator": operator,
        "person": person,
        "outside": outside,
        "none": unassigned,
    }


def registry_pages(r) -> list[str]:
    return [
        reverse("accounts:list"),
        reverse("accounts:list") + "?q=余杭",
        r["account"].get_absolute_url(),
        r["operator"].get_absolute_url(),
    ]


def test_association_staff_list_only_their_liaison_accounts(login_as, registry):
    page = login_as("association").get(reverse("accounts:list")).context["page"]
    assert list(page) == [registry["account"]]


@pytest.mark.parametrize("key", ["outside", "none"])
def test_accounts_outside_the_association_scope_are_404(login_as, registry, key):
    client = login_as("association")
    assert client.get(registry[key].get_absolute_url()).status_code == 404
    assert client.get(registry[key].operator.get_absolute_url()).status_code == 404


def test_association_staff_see_no_id_number_phone_or_person_on_any_registry_page(login_as, registry):
    client = login_as("association")
    person = registry["person"]
    for url in registry_pages(registry):
        response = client.get(url)
        body = response.content.decode()
        assert response.status_code == 200, url
        for secret in (NUMBER, person.id_number_masked, NUMBER[-4:] + "<", "13755556666", "13700001111"):
            assert secret not in body, (url, secret)
        assert person.get_absolute_url() not in body
        assert response.context.get("practitioners") is None


def test_the_history_shown_to_association_staff_masks_personal_fields(login_as, registry):
    operator = registry["operator"]
    operator.contact_phone = "13899990000"
    operator.save()
    body = login_as("association").get(operator.get_absolute_url()).content.decode()
    assert "13899990000" not in body and "13755556666" not in body


@pytest.mark.parametrize("role", ["expert", "sysadmin", "secadmin", "auditor"])
def test_roles_without_registry_permissions_see_nothing(login_as, registry, role):
    client = login_as(role)
    for url in [*registry_pages(registry), registry["person"].get_absolute_url()]:
        response = client.get(url)
        assert response.status_code == 403, url
        assert NUMBER not in response.content.decode()


def test_association_staff_cannot_write(login_as, registry):
    client = login_as("association")
    account = registry["account"]
    assert client.post(reverse("accounts:edit", args=[account.pk]), {"name": "改名"}).status_code == 403
    assert client.post(reverse("accounts:create"), {}).status_code == 403
    account.refresh_from_db()
    assert account.name == "余杭身边事"


def test_an_officer_sees_the_masked_number_but_never_the_full_one_without_unmasking(login_as, registry):
    client = login_as("officer")
    for url in [*registry_pages(registry), registry["person"].get_absolute_url()]:
        assert NUMBER not in client.get(url).content.decode(), url


def test_visible_to_scopes_every_registry_model(user_of, registry):
    from accounts.models import (
        Account,
        AccountAlias,
        ContentCategory,
        Operator,
        Person,
        Platform,
        Practitioner,
        PractitionerRecord,
        ProhibitedContent,
        Street,
        Violation,
    )

    association, expert, officer = user_of("association"), user_of("expert"), user_of("officer")
    for model in (Account, AccountAlias, Operator, Person, Practitioner, PractitionerRecord, Violation):
        assert not model.objects.visible_to(expert).exists() or model.objects.count() == 0, model
        assert set(model.objects.visible_to(officer)) == set(model.objects.all()), model
    for model in (Platform, Street, ContentCategory, ProhibitedContent):
        assert model.objects.visible_to(expert).count() == model.objects.count()
    assert list(Account.objects.visible_to(association)) == [registry["account"]]
    assert not Person.objects.visible_to(association).exists()
    assert not PractitionerRecord.objects.visible_to(association).exists()


def test_association_staff_see_an_individual_operator_masked_on_every_registry_page(login_as, registry):
    client = login_as("association")
    for url in registry_pages(registry):
        body = client.get(url).content.decode()
        assert "赵晓明" not in body, url
    assert "赵*" in client.get(reverse("accounts:list")).content.decode()
    assert "赵*" in client.get(registry["account"].get_absolute_url()).content.decode()
    assert "赵*" in client.get(registry["operator"].get_absolute_url()).content.decode()


def test_officers_see_an_individual_operator_by_name(login_as, registry):
    client = login_as("officer")
    assert "赵晓明" in client.get(reverse("accounts:list")).content.decode()
    assert "赵晓明" in client.get(registry["account"].get_absolute_url()).content.decode()


def test_association_staff_cannot_find_an_account_by_its_individual_operator(login_as, registry):
    url = reverse("accounts:list") + "?q=赵晓"
    assert list(login_as("association").get(url).context["page"]) == []
    assert list(login_as("officer").get(url).context["page"]) == [registry["account"]]


def test_association_staff_still_find_accounts_by_an_organisation_operator(login_as, registry):
    account = registry["account"]
    organisation = account.operator.__class__.objects.create(
        kind="organisation", name="杭州余晖文化传媒有限公司", credit_code="91110000600037341L"
    )
    account.operator = organisation
    account.save()
    url = reverse("accounts:list") + "?q=余晖文化"
    assert list(login_as("association").get(url).context["page"]) == [account]


def test_the_account_history_shown_to_association_staff_masks_a_change_of_operator(login_as, registry):
    from accounts.services import update_account
    from tests.accounts.factories import OperatorFactory

    account = registry["account"]
    update_account(account, operator=OperatorFactory(name="杭州新主体文化有限公司"), by=None)
    body = login_as("association").get(account.get_absolute_url()).content.decode()
    assert "赵晓明" not in body
