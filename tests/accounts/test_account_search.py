"""Account choices at scale (``accounts:account_search``): forms that choose an account hold only the
chosen one, and the rest are searched as the user types, within what the user may see."""

import pytest
from django.urls import reverse

from accounts.models import Account, AccountAlias
from tests.accounts import test_operator_search as operator_search
from tests.accounts.factories import AccountFactory, OperatorFactory
from tests.evaluation.factories import ASSOCIATION, organisation

pytestmark = pytest.mark.django_db


def results(client, term: str) -> list[dict]:
    return operator_search.results(client, term, "accounts:account_search")


def test_an_account_is_found_by_its_name_former_name_handle_or_operator(login_as):
    account = AccountFactory(
        name="良渚生活圈", handle="liangzhu_life", operator=OperatorFactory(name="杭州良渚文化传媒有限公司")
    )
    AccountAlias.objects.create(account=account, kind=AccountAlias.Kind.NAME, value="良渚吃货")
    AccountFactory.create_batch(3)
    client = login_as("officer")
    expected = [{"value": str(account.pk), "text": "良渚生活圈（新浪微博）"}]
    for term in ("生活圈", "良渚吃货", "LIANGZHU_LIFE", "良渚文化"):
        assert results(client, term) == expected, term
    assert results(client, "没有这个账号") == []
    assert results(client, " ") == []


def test_association_staff_find_only_the_accounts_they_liaise_with(login_as):
    ours = AccountFactory(name="仓前发布", liaison_organisation=organisation(ASSOCIATION))
    AccountFactory(name="仓前生活")
    found = results(login_as("association"), "仓前")
    assert [row["value"] for row in found] == [str(ours.pk)]
    assert len(results(login_as("officer"), "仓前")) == 2


def test_results_are_few_and_in_name_order(login_as):
    for index in range(25):
        AccountFactory(name=f"余杭号{index:02d}")
    found = results(login_as("officer"), "余杭号")
    assert len(found) == 20
    assert [row["text"] for row in found] == sorted(row["text"] for row in found)


def test_a_role_without_the_registry_may_not_search_it(login_as):
    assert login_as("expert").get(reverse("accounts:account_search"), {"q": "余杭"}).status_code == 403
    assert Account.objects.count() == 0
