"""The account form's operator choice at scale: the page holds the chosen operator only, and the
rest are searched by name or credit code (``accounts:operator_search``)."""

import pytest
from django.urls import reverse

from accounts.models import Account
from tests.accounts.factories import AccountFactory, IndividualOperatorFactory, OperatorFactory
from tests.accounts.test_account_pages import form_data

pytestmark = pytest.mark.django_db


def results(client, term: str, url_name: str = "accounts:operator_search") -> list[dict]:
    """What a search view answers for ``term`` (its ``results``), after checking it answered."""
    response = client.get(reverse(url_name), {"q": term})
    assert response.status_code == 200
    return response.json()["results"]


def test_the_form_lists_only_the_chosen_operator_however_many_there_are(login_as):
    OperatorFactory.create_batch(30)
    chosen = OperatorFactory(name="杭州良渚文化传媒有限公司")
    client = login_as("officer")
    page = client.get(reverse("accounts:create"), {"operator": chosen.pk}).content.decode()
    assert f'<option value="{chosen.pk}" selected>' in page
    assert "杭州测试" not in page  # none of the thirty others
    assert f'data-search-url="{reverse("accounts:operator_search")}"' in page
    account = AccountFactory(operator=chosen)
    edit = client.get(reverse("accounts:edit", args=[account.pk])).content.decode()
    assert f'<option value="{chosen.pk}" selected>' in edit and "杭州测试" not in edit


def test_an_operator_found_by_search_is_accepted_though_the_page_never_listed_it(login_as):
    client = login_as("officer")
    operator = OperatorFactory(name="杭州瓶窑数字科技有限公司")
    found = results(client, "瓶窑数字")
    label = f"杭州瓶窑数字科技有限公司（{operator.credit_code}）"
    assert found == [{"value": str(operator.pk), "text": label}]
    response = client.post(reverse("accounts:create"), form_data(operator=operator.pk))
    assert response.status_code == 302
    assert Account.objects.get().operator == operator


def test_an_operator_that_does_not_exist_is_refused_in_chinese_and_the_form_keeps_its_input(login_as):
    response = login_as("officer").post(reverse("accounts:create"), form_data(operator=999999))
    page = response.content.decode()
    assert response.status_code == 200
    assert "选择一个有效的选项" in page
    assert 'value="良渚生活圈"' in page


def test_search_matches_names_and_credit_codes_and_returns_at_most_twenty(login_as):
    client = login_as("officer")
    operators = OperatorFactory.create_batch(25, name="杭州仓前传媒有限公司")
    assert len(results(client, "仓前传媒")) == 20
    target = operators[3]
    assert [row["value"] for row in results(client, target.credit_code[-8:])] == [str(target.pk)]
    assert results(client, "") == []
    assert results(client, "没有这个名字") == []


def test_an_individual_operator_is_found_by_the_persons_name_by_officers(login_as):
    individual = IndividualOperatorFactory(person__name="欧阳娜娜", name="欧阳娜娜")
    assert [row["value"] for row in results(login_as("officer"), "欧阳娜")] == [str(individual.pk)]


@pytest.mark.parametrize("role", ["association", "expert", "auditor"])
def test_roles_that_do_not_edit_accounts_may_not_search_operators(login_as, role):
    OperatorFactory(name="杭州良渚文化传媒有限公司")
    response = login_as(role).get(reverse("accounts:operator_search"), {"q": "良渚"})
    assert response.status_code == 403
