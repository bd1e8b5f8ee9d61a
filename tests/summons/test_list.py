"""The case list: filters that survive paging, counts per status, search, overdue derived when read."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import AccountAlias
from summons import services
from summons.models import Case, Ground
from tests.summons.factories import case_at, liaised_account, opened

pytestmark = pytest.mark.django_db
S = Case.Status


def numbers(response) -> set[str]:
    return {case.number for case in response.context["page"]}


def test_it_filters_by_status_ground_officer_and_street(login_as, user_of):
    met = case_at(S.MET)
    fresh = opened(liaised_account(), by=user_of("officer", username="officer2"))
    client = login_as("officer")
    url = reverse("summons:list")
    assert numbers(client.get(url, {"status": "met"})) == {met.number}
    g2 = Ground.objects.get(code="G2")
    assert numbers(client.get(url, {"ground": g2.pk})) == {met.number, fresh.number}
    assert numbers(client.get(url, {"ground": Ground.objects.get(code="G1").pk})) == set()
    assert numbers(client.get(url, {"officer": fresh.officer.pk})) == {fresh.number}
    assert numbers(client.get(url, {"street": met.account.street_id})) == {met.number, fresh.number}


def test_it_finds_a_case_by_number_or_account_name(login_as):
    case = case_at(S.OPENED)
    client = login_as("officer")
    assert numbers(client.get(reverse("summons:list"), {"q": case.number.lower()})) == {case.number}
    assert numbers(client.get(reverse("summons:list"), {"q": case.account.name[2:]})) == {case.number}
    assert numbers(client.get(reverse("summons:list"), {"q": "没有这个账号"})) == set()


def test_the_overdue_filter_reads_the_deadline_without_a_job(login_as, user_of):
    late = case_at(S.MET)
    services.order_rectification(late, start=timezone.localdate() - timedelta(days=60), by=user_of("officer"))
    in_time = case_at(S.RECTIFYING)
    client = login_as("officer")
    assert numbers(client.get(reverse("summons:list"), {"overdue": "true"})) == {late.number}
    assert numbers(client.get(reverse("summons:list"), {"overdue": "false"})) == {in_time.number}
    assert "已逾期" in client.get(reverse("summons:list")).content.decode()


def test_the_counts_are_the_rows_of_each_status(login_as):
    case_at(S.OPENED)
    case_at(S.NOTIFIED)
    counts = {
        value: n
        for value, _label, n in login_as("officer").get(reverse("summons:list")).context["status_counts"]
    }
    assert counts["opened"] == 1 and counts["notified"] == 1 and counts["closed"] == 0


def test_the_list_costs_the_same_queries_for_few_or_many_cases(login_as):
    client = login_as("officer")
    case_at(S.RECTIFYING)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("summons:list"))
    for _ in range(4):
        case_at(S.RECTIFYING)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("summons:list"))
    assert len(many) == len(few)


def test_the_state_filter_separates_open_from_closed_cases(login_as, user_of):
    closed = case_at(S.PASSED)
    services.close_case(closed, note="结案", by=user_of("officer"))
    open_case = case_at(S.OPENED)
    client = login_as("officer")
    assert numbers(client.get(reverse("summons:list"), {"state": "open"})) == {open_case.number}
    assert numbers(client.get(reverse("summons:list"), {"state": "closed"})) == {closed.number}


def test_it_finds_a_case_by_a_former_name_of_the_account(login_as):
    case = case_at(S.OPENED)
    AccountAlias.objects.create(account=case.account, kind=AccountAlias.Kind.NAME, value="良渚吃瓜前哨")
    response = login_as("officer").get(reverse("summons:list"), {"q": "吃瓜前哨"})
    assert numbers(response) == {case.number}


def test_filters_in_force_show_as_chips_and_an_unknown_one_is_an_error(login_as):
    case = case_at(S.MET)
    client = login_as("officer")
    page = client.get(reverse("summons:list"), {"status": "met"}).content.decode()
    assert "状态：已约谈" in page and "去掉此条件" in page
    response = client.get(reverse("summons:list"), {"fans_min": "1"})
    assert response.status_code == 400
    assert numbers(response) == set() and case.number not in response.content.decode()
