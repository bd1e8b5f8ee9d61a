"""Forms that choose accounts or operators at a district's scale: the page holds only what is chosen,
and the rest are searched on the server (``accounts:account_search``, ``evaluation:enrol_search``,
``accounts:operator_search``)."""

import pytest
from django.urls import reverse

from accounts.models import Account
from evaluation.models import Enrolment
from tests.accounts.factories import AccountFactory, OperatorFactory
from tests.evaluation.factories import ASSOCIATION, enrolled, expert, organisation

pytestmark = pytest.mark.django_db


def test_the_period_page_lists_no_account_to_enrol_and_searches_the_rest(login_as, user_of):
    officer = user_of("officer")
    inside = enrolled(AccountFactory(name="余杭已评"), officer)
    period = inside.period
    AccountFactory.create_batch(30)
    waiting = AccountFactory(name="余杭待评")
    AccountFactory(name="余杭核实中", status=Account.Status.PENDING)
    client = login_as("officer")
    page = client.get(reverse("evaluation:period", args=[period.pk])).content.decode()
    search_url = reverse("evaluation:enrol_search", args=[period.pk])
    assert f'data-search-url="{search_url}"' in page
    assert "测试账号" not in page and "余杭待评" not in page
    found = client.get(search_url, {"q": "余杭"}).json()["results"]
    assert found == [{"value": str(waiting.pk), "text": "余杭待评（新浪微博）"}]  # not enrolled, not pending
    response = client.post(reverse("evaluation:enrol", args=[period.pk]), {"accounts": [waiting.pk]})
    assert response.status_code == 302
    assert Enrolment.objects.filter(period=period, account=waiting).exists()


def test_an_account_already_in_the_period_is_refused_with_a_chinese_message(login_as, user_of):
    inside = enrolled(AccountFactory(name="余杭已评"), user_of("officer"))
    response = login_as("officer").post(
        reverse("evaluation:enrol", args=[inside.period.pk]), {"accounts": [inside.account.pk]}
    )
    assert response.status_code == 400
    assert "选择一个有效的选项" in response.content.decode()


def test_the_observation_form_holds_the_chosen_account_only(login_as):
    ours = AccountFactory(name="仓前发布", liaison_organisation=organisation(ASSOCIATION))
    for _index in range(5):
        AccountFactory(name=f"仓前号{_index}", liaison_organisation=organisation(ASSOCIATION))
    client = login_as("association")
    page = client.get(reverse("evaluation:observation_create"), {"account": ours.pk}).content.decode()
    assert f'<option value="{ours.pk}" selected>仓前发布（新浪微博）</option>' in page
    assert "仓前号" not in page
    assert f'data-search-url="{reverse("accounts:account_search")}"' in page


def test_the_expert_page_lists_no_operator_or_account(login_as):
    pool = expert()
    OperatorFactory.create_batch(5, name="杭州某某文化传媒有限公司")
    AccountFactory.create_batch(5)
    page = login_as("officer").get(reverse("evaluation:expert", args=[pool.pk])).content.decode()
    assert "某某文化传媒" not in page and "测试账号" not in page
    assert f'data-search-url="{reverse("accounts:operator_search")}"' in page
    assert f'data-search-url="{reverse("accounts:account_search")}"' in page
