import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Account, AccountAlias, ContentCategory, Platform, Street
from tests.accounts.factories import AccountFactory, OperatorFactory
from yuhang_cac.users.models import Organisation

pytestmark = pytest.mark.django_db


def form_data(account: Account | None = None, **changes) -> dict:
    """What the edit form posts for ``account`` (or a new account), with ``changes``."""
    data = {
        "profile_url": "",
        "platform": Platform.objects.get(code="weibo").pk,
        "stable_id": "5099999999",
        "name": "良渚生活圈",
        "handle": "良渚生活",
        "operator": OperatorFactory().pk,
        "jurisdiction": "yuhang",
        "street": Street.objects.get(code="liangzhu").pk,
        "liaison_organisation": "",
        "status": "normal",
        "grade": "B",
        "content_categories": [ContentCategory.objects.get(code="local").pk],
        "dedicated_editors": 1,
        "followers": "",
        "notes": "",
    }
    if account is not None:
        data.update(
            platform=account.platform_id,
            stable_id=account.stable_id,
            name=account.name,
            handle=account.handle,
            operator=account.operator_id,
            street=account.street_id or "",
            status=account.status,
            grade=account.grade,
            content_categories=[c.pk for c in account.content_categories.all()],
        )
    data.update(changes)
    return data


def test_an_officer_finds_an_account_by_a_former_name_edits_its_handle_and_sees_the_old_one(login_as):
    account = AccountFactory(name="禹杭同城", handle="禹杭同城号")
    AccountAlias.objects.create(account=account, kind=AccountAlias.Kind.NAME, value="老余杭身边事")
    AccountFactory(name="另一个账号")
    client = login_as("officer")

    found = client.get(reverse("accounts:list"), {"q": "身边"})
    assert [a.pk for a in found.context["page"]] == [account.pk]
    assert client.get(reverse("accounts:detail", args=[account.pk])).status_code == 200

    response = client.post(reverse("accounts:edit", args=[account.pk]), form_data(account, handle="禹杭新号"))
    assert response.status_code == 302
    assert response.url == reverse("accounts:detail", args=[account.pk])

    page = client.get(response.url)
    alias = account.aliases.get(kind=AccountAlias.Kind.HANDLE)
    assert (alias.value, alias.used_until) == ("禹杭同城号", timezone.localdate())
    assert "禹杭同城号" in page.content.decode()
    latest = page.context["history_entries"][0]
    assert {c.label: (c.old, c.new) for c in latest.changes}["账号号码"] == ("禹杭同城号", "禹杭新号")
    assert (latest.user, latest.reason) == (str(page.context["user"]), "修改账号信息")
    assert list(client.get(reverse("accounts:list"), {"q": "同城号"}).context["page"]) == [account]


def test_a_renamed_account_keeps_its_old_name_as_an_alias_searchable_by_two_characters(login_as):
    account = AccountFactory(name="仓前吃货")
    client = login_as("officer")
    client.post(reverse("accounts:edit", args=[account.pk]), form_data(account, name="仓前美食地图"))
    assert account.aliases.get().value == "仓前吃货"
    assert list(client.get(reverse("accounts:list"), {"q": "吃货"}).context["page"]) == [account]


def test_an_officer_registers_an_account_from_a_pasted_profile_url(login_as):
    client = login_as("officer")
    data = form_data(
        profile_url="space.bilibili.com/123456789?spm_id_from=333", platform="", stable_id="", name="五常探店"
    )
    response = client.post(reverse("accounts:create"), data)
    account = Account.objects.get(name="五常探店")
    assert response.url == account.get_absolute_url()
    assert (account.platform.code, account.stable_id) == ("bilibili", "123456789")
    assert account.profile_url == "https://space.bilibili.com/123456789?spm_id_from=333"
    assert account.history.first().history_user.username == "officer"


def test_a_pasted_url_of_another_platform_is_refused(login_as):
    data = form_data(
        profile_url="https://weibo.com/u/5012345678", platform=Platform.objects.get(code="douyin").pk
    )
    response = login_as("officer").post(reverse("accounts:create"), data)
    assert "此链接属于新浪微博，与所选平台不一致" in response.content.decode()


def test_a_duplicate_platform_and_stable_id_is_refused_in_chinese(login_as):
    AccountFactory(stable_id="5012345678", name="原有账号")
    response = login_as("officer").post(reverse("accounts:create"), form_data(stable_id="5012345678"))
    assert response.status_code == 200
    assert "新浪微博上已登记平台账号ID为该值的账号：原有账号" in response.content.decode()
    assert Account.objects.count() == 1


def test_the_duplicate_check_also_reads_the_pasted_url(login_as):
    AccountFactory(stable_id="5012345678")
    data = form_data(profile_url="https://weibo.com/u/5012345678", stable_id="", platform="")
    response = login_as("officer").post(reverse("accounts:create"), data)
    assert "已登记平台账号ID" in response.content.decode()


def test_a_yuhang_account_needs_its_street(login_as):
    response = login_as("officer").post(reverse("accounts:create"), form_data(street=""))
    assert "请选择账号注册地所在的街道/镇" in response.content.decode()


def test_an_account_outside_yuhang_is_recorded_and_flagged(login_as):
    client = login_as("officer")
    client.post(reverse("accounts:create"), form_data(jurisdiction="linping", name="临平同城"))
    account = Account.objects.get(name="临平同城")
    assert (account.jurisdiction, account.street) == ("linping", None)
    body = client.get(account.get_absolute_url()).content.decode()
    assert "注册地在余杭区以外（临平区）" in body
    assert (
        "不在管辖范围" in client.get(reverse("accounts:list"), {"jurisdiction": "linping"}).content.decode()
    )


def test_a_pending_account_may_lack_its_operator_and_stable_id(login_as):
    client = login_as("officer")
    response = client.post(
        reverse("accounts:create"),
        form_data(status="pending", operator="", stable_id="", street="", name="待查号"),
    )
    assert response.status_code == 302
    assert Account.objects.get(name="待查号").status == Account.Status.PENDING


def test_a_confirmed_account_needs_its_operator_and_stable_id(login_as):
    response = login_as("officer").post(reverse("accounts:create"), form_data(operator="", stable_id=""))
    body = response.content.decode()
    assert "已核实的账号必须填写运营主体" in body
    assert "已核实的账号必须填写平台账号ID" in body


def test_a_status_set_by_an_art13_measure_cannot_be_changed_in_the_form(login_as):
    account = AccountFactory(status=Account.Status.RESTRICTED)
    client = login_as("officer")
    client.post(reverse("accounts:edit", args=[account.pk]), form_data(account, status="normal", grade="A"))
    account.refresh_from_db()
    assert (account.status, account.grade) == (Account.Status.RESTRICTED, "A")


def test_the_list_filters_by_platform_street_status_grade_category_and_liaison(login_as):
    association = Organisation.objects.get(code="yuhang-dream-station")
    target = AccountFactory(
        platform=Platform.objects.get(code="douyin"),
        street=Street.objects.get(code="jingshan"),
        status=Account.Status.WARNED,
        grade="C",
        liaison_organisation=association,
    )
    target.content_categories.set([ContentCategory.objects.get(code="food")])
    AccountFactory(grade="C")
    AccountFactory(street=Street.objects.get(code="jingshan"))
    client = login_as("officer")
    params = {
        "platform": target.platform_id,
        "street": target.street_id,
        "status": "warned",
        "grade": "C",
        "category": ContentCategory.objects.get(code="food").pk,
        "liaison_organisation": association.pk,
    }
    for name, value in params.items():
        assert target in client.get(reverse("accounts:list"), {name: value}).context["page"].object_list
    assert list(client.get(reverse("accounts:list"), params).context["page"]) == [target]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "闲林"),
        ("handle", "xianlin_v"),
        ("stable_id", "7001234"),
        ("operator", "鲸鱼"),
        ("credit", ""),
    ],
)
def test_one_search_box_covers_names_handles_ids_operators_and_credit_codes(login_as, field, value):
    operator = OperatorFactory(name="杭州鲸鱼文化传媒有限公司")
    account = AccountFactory(
        name="闲林身边事", handle="xianlin_v", stable_id="57001234567", operator=operator
    )
    AccountFactory()
    query = operator.credit_code[-6:] if field == "credit" else value
    page = login_as("officer").get(reverse("accounts:list"), {"q": query}).context["page"]
    assert list(page) == [account]


def test_an_account_with_several_matching_aliases_is_listed_once(login_as):
    account = AccountFactory(name="瓶窑老街")
    for value in ("瓶窑故事", "瓶窑故事会"):
        AccountAlias.objects.create(account=account, kind=AccountAlias.Kind.NAME, value=value)
    page = login_as("officer").get(reverse("accounts:list"), {"q": "瓶窑"}).context["page"]
    assert list(page) == [account]


def test_the_list_is_paginated(login_as):
    AccountFactory.create_batch(30)
    client = login_as("officer")
    assert len(client.get(reverse("accounts:list")).context["page"]) == 25
    assert len(client.get(reverse("accounts:list"), {"page": 2}).context["page"]) == 5


def test_the_detail_page_shows_art7_8_flags(login_as):
    account = AccountFactory(has_content_review=True, dedicated_editors=3)
    body = login_as("officer").get(account.get_absolute_url()).content.decode()
    assert "内容审核制度" in body and "已建立" in body and "未建立" in body


def test_free_text_is_refused_as_a_profile_url(login_as):
    response = login_as("officer").post(reverse("accounts:create"), form_data(profile_url="not a url"))
    assert "请输入网址" in response.content.decode()


def test_the_history_names_changed_content_categories(login_as):
    account = AccountFactory()
    client = login_as("officer")
    food = ContentCategory.objects.get(code="food")
    client.post(reverse("accounts:edit", args=[account.pk]), form_data(account, content_categories=[food.pk]))
    entries = client.get(account.get_absolute_url()).context["history_entries"]
    assert ("内容分类", "—", "美食") in [(c.label, c.old, c.new) for e in entries for c in e.changes]


def test_saving_an_unchanged_account_writes_no_history_row(user_of):
    from accounts.services import update_account
    from tests.accounts.factories import AccountFactory

    account = AccountFactory()
    before = account.history.count()
    update_account(account, by=user_of("officer"), name=account.name, handle=account.handle)
    assert account.history.count() == before


def test_the_open_tab_is_in_the_address_and_survives_a_reload(login_as):
    account = AccountFactory()
    client = login_as("officer")
    page = client.get(reverse("accounts:detail", args=[account.pk]), {"tab": "history"}).content.decode()
    assert 'class="nav-link active" id="tab-history"' in page
    assert 'class="tab-pane fade show active" id="pane-history"' in page
    assert 'class="nav-link" id="tab-profile"' in page
    assert "js/tabs.js" in page
    unknown = client.get(reverse("accounts:detail", args=[account.pk]), {"tab": "nonsense"}).content.decode()
    assert 'class="nav-link active" id="tab-profile"' in unknown
