"""The card registry: apps add cards from ready(); permission and context decide who sees them."""

import pytest
from django.urls import reverse

from yuhang_cac.dashboard.cards import CountTile, register_card, unregister_card

pytestmark = pytest.mark.django_db


@pytest.fixture
def extra_card():
    register_card(
        "test-card",
        "dashboard/includes/_count_card.html",
        lambda request: (
            {"title": "测试卡片", "tiles": [CountTile("测试数", 7, "/accounts/")]}
            if request.user.role == "leader"
            else None
        ),
        permission="accounts.view_account",
        order=1,
    )
    yield
    unregister_card("test-card")


def test_a_registered_card_is_shown_first_by_its_order(login_as, extra_card):
    response = login_as("leader").get(reverse("dashboard:index"))
    keys = [card["key"] for card in response.context["cards"]]
    assert keys[0] == "test-card" and "reports" in keys[1:]
    assert "测试卡片" in response.content.decode()


def test_a_card_whose_context_is_none_is_left_out(login_as, extra_card):
    response = login_as("officer").get(reverse("dashboard:index"))
    assert "test-card" not in [card["key"] for card in response.context["cards"]]


def test_a_card_needs_its_permission(login_as, extra_card):
    response = login_as("expert").get(reverse("dashboard:index"))  # experts may not view accounts
    assert "test-card" not in [card["key"] for card in response.context["cards"]]
