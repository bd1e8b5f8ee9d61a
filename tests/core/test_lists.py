"""The list pattern (yuhang_cac.core.lists) on the registry list, its export and the report queue."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Account, AccountAlias, Platform
from tests.accounts.factories import AccountFactory, OperatorFactory
from tests.reports.factories import submitted

pytestmark = pytest.mark.django_db

LISTS = ["accounts:list", "reports:list"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize(
    "query",
    [{"fans_min": "1e309"}, {"status": "nonsense"}, {"platform": "999999"}, {"sort": "-secret"}],
    ids=["unknown", "bad-choice", "bad-object", "bad-sort"],
)
def test_an_invalid_filter_is_an_error_never_no_filter(login_as, settings, name, query):
    settings.LIST_COUNT_CACHE_SECONDS = 60  # as in production
    AccountFactory()
    submitted()
    response = login_as("officer").get(reverse(name), query)
    assert response.status_code == 400
    assert list(response.context["page"]) == []
    assert "筛选条件有误" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [{"format": "csv", "fans_min": "1e309"}, {"format": "csv", "grade": "Z"}, {"format": "pdf"}],
)
def test_an_invalid_filter_exports_nothing(login_as, query):
    AccountFactory.create_batch(3)
    response = login_as("officer").get(reverse("accounts:export"), query)
    assert response.status_code == 400
    assert "Content-Disposition" not in response
    page = response.content.decode()
    assert "请求无效" in page and "<li>" in page.split("<main")[1]  # the problem is named


def test_filter_selects_read_all(login_as):
    page = login_as("officer").get(reverse("accounts:list")).content.decode()
    assert "---------" not in page
    assert '<option value="" selected>全部</option>' in page


def test_form_selects_read_please_choose(login_as):
    page = login_as("officer").get(reverse("accounts:create")).content.decode()
    assert "---------" not in page
    assert "请选择" in page


def test_the_list_shows_page_numbers_around_the_current_page(login_as):
    AccountFactory.create_batch(25 * 11 + 1)
    page = login_as("officer").get(reverse("accounts:list"), {"page": 6}).content.decode()
    for number in (1, 4, 5, 7, 8, 12):
        assert f'page={number}"' in page
    assert 'page=2"' not in page and 'page=10"' not in page and page.count("…") == 2
    assert 'aria-current="page"><span class="page-link">6<' in page


def test_filter_chips_remove_one_filter_each(login_as):
    platform = Platform.objects.get(code="weibo")
    AccountFactory(platform=platform, status=Account.Status.NORMAL)
    response = login_as("officer").get(
        reverse("accounts:list"), {"platform": platform.pk, "status": "normal"}
    )
    chips = response.context["filter"].chips()
    assert {chip["label"]: chip["value"] for chip in chips} == {"平台": platform.name, "状态": "正常"}
    assert {chip["query"] for chip in chips} == {"status=normal", f"platform={platform.pk}"}


def test_columns_sort_by_followers_with_unknown_counts_last(login_as):
    unknown, small, big = (
        AccountFactory(followers=None),
        AccountFactory(followers=10),
        AccountFactory(followers=10_000),
    )
    page = login_as("officer").get(reverse("accounts:list"), {"sort": "followers"}).context["page"]
    assert list(page) == [big, small, unknown]


def test_a_search_matching_several_former_names_lists_the_account_once_without_distinct(login_as):
    account = AccountFactory(name="瓶窑老街")
    for value in ("瓶窑故事", "瓶窑故事会"):
        AccountAlias.objects.create(account=account, kind=AccountAlias.Kind.NAME, value=value)
    with CaptureQueriesContext(connection) as queries:
        response = login_as("officer").get(reverse("accounts:list"), {"q": "瓶窑"})
    assert list(response.context["page"]) == [account]
    assert not any("DISTINCT" in query["sql"].upper() for query in queries.captured_queries)


@pytest.mark.parametrize("name", LISTS)
def test_a_list_page_needs_a_constant_number_of_queries(login_as, name, django_assert_max_num_queries):
    operator = OperatorFactory()
    AccountFactory.create_batch(30, operator=operator)
    for _index in range(8):
        submitted()
    client = login_as("officer")
    client.get(reverse(name))  # sessions and permissions warm
    # The second factor's device, which every signed-in request reads, included.
    with django_assert_max_num_queries(12):
        client.get(reverse(name), {"page": 2})


@pytest.mark.postgres
def test_chinese_names_sort_by_pinyin_on_postgresql(login_as):
    for name in ("张家港", "安吉", "北京", "重庆"):  # zhang, an, bei, chong
        AccountFactory(name=name)
    page = login_as("officer").get(reverse("accounts:list")).context["page"]
    assert [account.name for account in page] == ["安吉", "北京", "重庆", "张家港"]


def test_a_cached_count_is_dropped_when_an_account_is_saved(
    login_as, settings, django_capture_on_commit_callbacks
):
    settings.LIST_COUNT_CACHE_SECONDS = 60
    from django.core.cache import cache

    cache.delete("lists:count-version")
    AccountFactory.create_batch(2)
    client = login_as("officer")
    assert client.get(reverse("accounts:list")).context["page"].paginator.count == 2
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("accounts:list"), {"page": 1}).context["page"].paginator.count == 2
    assert not any("COUNT(" in query["sql"].upper() for query in queries.captured_queries)
    with django_capture_on_commit_callbacks(execute=True):
        AccountFactory()
    assert client.get(reverse("accounts:list")).context["page"].paginator.count == 3
