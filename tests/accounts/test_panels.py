import pytest
from django.urls import reverse

from accounts.panels import register_panel, unregister_panel
from tests.accounts.factories import AccountFactory, OperatorFactory, PersonFactory
from yuhang_cac.users.models import Organisation

pytestmark = pytest.mark.django_db


def keys(response) -> list[str]:
    return [p["key"] for p in response.context["panels"]]


@pytest.fixture
def panel():
    register_panel(
        "demo-cases",
        "约谈案件",
        "accounts/includes/_account_aliases.html",
        lambda request, account: {"aliases": []} if account.name != "无案件" else None,
        order=5,
        permission="accounts.change_account",
    )
    yield
    unregister_panel("demo-cases")


def test_a_registered_panel_is_an_extra_tab_on_the_account_page(login_as, panel):
    account = AccountFactory()
    response = login_as("officer").get(reverse("accounts:detail", args=[account.pk]))
    assert "约谈案件" in [p["label"] for p in response.context["panels"]]
    assert 'id="pane-demo-cases"' in response.content.decode()


def test_a_panel_is_left_out_when_it_has_nothing_for_the_account(login_as, panel):
    account = AccountFactory(name="无案件")
    assert "demo-cases" not in keys(login_as("officer").get(account.get_absolute_url()))


def test_a_panel_is_left_out_without_its_permission(login_as, panel):
    account = AccountFactory(
        liaison_organisation=Organisation.objects.get(code="yuhang-network-culture-association")
    )
    assert "demo-cases" not in keys(login_as("association").get(account.get_absolute_url()))


@pytest.mark.parametrize(
    ("page", "make", "url_name"),
    [("person", PersonFactory, "accounts:person"), ("operator", OperatorFactory, "accounts:operator")],
)
def test_a_section_registered_for_a_person_or_operator_page_is_shown_there(login_as, page, make, url_name):
    register_panel(
        "demo-section",
        "演示栏目",
        "accounts/includes/_account_aliases.html",
        lambda request, obj: {"aliases": [], "seen": obj.pk},
        page=page,
    )
    try:
        obj = make()
        response = login_as("officer").get(reverse(url_name, args=[obj.pk]))
        assert "演示栏目" in response.content.decode()
        account = AccountFactory()
        assert "demo-section" not in keys(login_as("officer").get(account.get_absolute_url()))
    finally:
        unregister_panel("demo-section", page=page)
