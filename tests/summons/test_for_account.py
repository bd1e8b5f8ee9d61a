"""立案 on an account directly (``summons:open_for_account``): from a daily-assessment flag (G5) or an
officer's own finding; an account with an open case is taken to that case."""

import pytest
from django.urls import reverse

from accounts.models import ProhibitedContent
from summons.models import Case, Ground
from tests.accounts.factories import AccountFactory
from tests.summons.factories import opened

pytestmark = pytest.mark.django_db


def url(account, **query) -> str:
    path = reverse("summons:open_for_account", args=[account.pk])
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_a_flag_opens_the_form_with_ground_g5_chosen(login_as):
    account = AccountFactory(name="良渚生活圈")
    page = login_as("officer").get(url(account, ground="G5")).content.decode()
    g5 = Ground.objects.get(code="G5")
    assert f'value="{g5.pk}"' in page and "checked" in page.split(f'value="{g5.pk}"')[1].split(">")[0]
    assert "良渚生活圈" in page and "依据《余杭区自媒体管理办法》第十二条" in page


def test_an_officer_opens_a_case_on_the_account(login_as):
    account = AccountFactory()
    g5 = Ground.objects.get(code="G5")
    category = ProhibitedContent.objects.active().first()
    response = login_as("officer").post(
        url(account), {"grounds": [g5.pk], "facts": "90 日内日常考核扣 12 分。", "categories": [category.pk]}
    )
    case = Case.objects.get(account=account)
    assert response.status_code == 302 and response["Location"] == case.get_absolute_url()
    assert list(case.grounds.all()) == [g5] and list(case.categories.all()) == [category]
    assert case.facts == "90 日内日常考核扣 12 分。"


def test_without_grounds_or_facts_the_form_answers_in_chinese_and_keeps_what_was_typed(login_as):
    account = AccountFactory()
    response = login_as("officer").post(url(account), {"facts": "已写下的事实。"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "这个字段是必填项" in page and "已写下的事实。" in page
    assert not Case.objects.exists()


def test_an_account_with_an_open_case_is_taken_to_it(login_as):
    case = opened()
    response = login_as("officer").get(url(case.account, ground="G5"), follow=True)
    assert response.redirect_chain[-1][0] == case.get_absolute_url()
    assert f"该账号已有未结案件 {case.number}" in response.content.decode()
    assert Case.objects.count() == 1


def test_the_account_tab_offers_to_open_a_case_only_without_an_open_one(login_as):
    client = login_as("officer")
    account = AccountFactory()
    tab = client.get(account.get_absolute_url(), {"tab": "summons"}).content.decode()
    assert url(account) in tab
    opened(account)
    assert url(account) not in client.get(account.get_absolute_url(), {"tab": "summons"}).content.decode()
