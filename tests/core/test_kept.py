"""What the lists keep between requests until the data changes (yuhang_cac.core.lists): a page's
rendered rows, the filter selects' reference rows, the demo flag and a user's permissions."""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Account, Platform
from tests.accounts.factories import AccountFactory
from tests.factories import user_with_role
from yuhang_cac.core import lists
from yuhang_cac.core.models import DemoData

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def kept(settings):
    settings.LIST_COUNT_CACHE_SECONDS = 60  # as in production
    cache.delete(lists.VERSION_KEY)


def tbody(html: str) -> str:
    return html.split("<tbody>")[1].split("</tbody>")[0]


def tables_read(queries) -> set[str]:
    return {table for query in queries.captured_queries for table in _tables(query["sql"])}


def _tables(sql: str) -> list[str]:
    return [word.strip('"') for word in sql.replace(",", " ").split() if word.startswith('"accounts_')]


def test_a_pages_rows_are_rendered_once_until_an_account_changes(
    login_as, django_capture_on_commit_callbacks
):
    AccountFactory(name="良渚文化")
    AccountFactory(name="余杭发布")
    client = login_as("officer")
    first = client.get(reverse("accounts:list")).content.decode()
    assert "良渚文化" in first and "余杭发布" in first
    with CaptureQueriesContext(connection) as queries:
        again = client.get(reverse("accounts:list")).content.decode()
    assert tbody(again) == tbody(first)
    assert "accounts_account" not in tables_read(queries)  # neither counted nor read
    with django_capture_on_commit_callbacks(execute=True):
        account = Account.objects.get(name="良渚文化")
        account.name = "良渚古城"
        account.save()
    changed = client.get(reverse("accounts:list")).content.decode()
    assert "良渚古城" in changed and "良渚文化" not in changed


def test_a_deep_page_reads_no_row_once_kept(login_as, monkeypatch):
    monkeypatch.setattr(lists.CachedCountPaginator, "DEFERRED_JOIN_OFFSET", 0)
    AccountFactory.create_batch(30)
    client = login_as("officer")
    first = client.get(reverse("accounts:list"), {"page": 2})
    assert len(first.context["page"]) == 5
    with CaptureQueriesContext(connection) as queries:
        again = client.get(reverse("accounts:list"), {"page": 2}).content.decode()
    assert "accounts_account" not in tables_read(queries)
    assert tbody(again) == tbody(first.content.decode())


def test_kept_rows_are_told_apart_by_what_they_vary_on(rf):
    AccountFactory.create_batch(2)
    page = lists.paginate(rf.get("/"), Account.objects.order_by("pk"), 25)
    rendered = []

    def render(label):
        rendered.append(label)
        return label

    assert lists.kept_rows(page, lambda: render("masked"), vary=(False,)) == "masked"
    assert lists.kept_rows(page, lambda: render("shown"), vary=(True,)) == "shown"
    assert lists.kept_rows(page, lambda: render("again"), vary=(False,)) == "masked"
    assert rendered == ["masked", "shown"]


def test_an_invalid_filter_keeps_nothing(login_as):
    AccountFactory()
    client = login_as("officer")
    for _index in range(2):
        response = client.get(reverse("accounts:list"), {"status": "nonsense"})
        assert response.status_code == 400 and list(response.context["page"]) == []


def test_a_new_platform_shows_in_the_filter_at_once(login_as, django_capture_on_commit_callbacks):
    client = login_as("officer")
    client.get(reverse("accounts:list"))
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("accounts:list"))
    assert "accounts_platform" not in tables_read(queries)  # the select's rows are kept
    with django_capture_on_commit_callbacks(execute=True):
        Platform.objects.create(code="newapp", name="新平台", sort_order=99)
    assert "新平台" in client.get(reverse("accounts:list")).content.decode()


def test_the_demo_banner_follows_the_demo_flag(login_as, django_capture_on_commit_callbacks):
    client = login_as("officer")
    assert "演示数据" not in client.get(reverse("dashboard:index")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        DemoData.objects.create(pk=1)
    assert "演示数据" in client.get(reverse("dashboard:index")).content.decode()


def test_a_removed_permission_is_refused_on_the_next_request(client, django_capture_on_commit_callbacks):
    officer = user_with_role("officer")
    client.force_login(officer)
    assert client.get(reverse("accounts:list")).status_code == 200
    assert client.get(reverse("accounts:list")).status_code == 200  # permissions kept
    with django_capture_on_commit_callbacks(execute=True):
        officer.groups.set([Group.objects.get_or_create(name="no-permissions")[0]])
    assert client.get(reverse("accounts:list")).status_code in (403, 404)


def test_a_sign_in_keeps_what_the_lists_keep_and_a_name_change_drops_it(django_capture_on_commit_callbacks):
    officer = user_with_role("officer")
    version = lists.count_version()
    with django_capture_on_commit_callbacks(execute=True):
        officer.save(update_fields=["last_login"])
    assert lists.count_version() == version
    with django_capture_on_commit_callbacks(execute=True):
        officer.full_name = "王明"
        officer.save()
    assert lists.count_version() != version


@pytest.mark.redis
def test_the_redis_cache_shares_one_client_per_server():
    from django.core.cache import caches

    backend = caches["default"]
    client = backend._cache
    assert client.get_client() is client.get_client(write=True)
    backend.set("kept-probe", {"n": 1})
    assert backend.get_many(["kept-probe", "kept-missing"]) == {"kept-probe": {"n": 1}}
    backend.delete("kept-probe")


def test_the_queue_shows_a_new_assignee_and_a_renamed_one(login_as, django_capture_on_commit_callbacks):
    from tests.reports.factories import submitted

    report, _receipt = submitted()
    client = login_as("officer")
    assert "—" in tbody(client.get(reverse("reports:list")).content.decode())
    colleague = user_with_role("officer", username="colleague", full_name="李华")
    with django_capture_on_commit_callbacks(execute=True):
        report.assignee = colleague
        report.save()
    assert "李华" in tbody(client.get(reverse("reports:list")).content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        colleague.full_name = "李晓华"
        colleague.save()
    assert "李晓华" in tbody(client.get(reverse("reports:list")).content.decode())


def test_with_the_cache_down_pages_answer_from_the_database(
    login_as, monkeypatch, django_capture_on_commit_callbacks
):
    AccountFactory(name="良渚文化")
    client = login_as("officer")

    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(lists.cache, "get_many", down)
    monkeypatch.setattr(lists.cache, "incr", down)
    response = client.get(reverse("accounts:list"))
    assert response.status_code == 200 and "良渚文化" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        AccountFactory(name="仓前发布")  # the change is saved though the cache cannot be told
    assert Account.objects.filter(name="仓前发布").exists()
