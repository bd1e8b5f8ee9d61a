"""Who sees which case: CAC staff all, evaluators only what is assigned to them (Art.14)."""

import pytest
from django.urls import reverse

from summons.models import Case
from tests.summons.factories import case_at

pytestmark = pytest.mark.django_db
S = Case.Status


def test_an_expert_sees_only_the_cases_assigned_to_them(login_as, user_of):
    assigned = case_at(S.EVALUATING)
    other = case_at(S.SUBMITTED)
    expert = user_of("expert")
    assert list(Case.objects.visible_to(expert)) == [assigned]
    client = login_as("expert")
    assert client.get(reverse("summons:detail", args=[assigned.pk])).status_code == 200
    assert client.get(reverse("summons:detail", args=[other.pk])).status_code == 404


def test_association_staff_get_404_for_cases_not_assigned_to_them(login_as):
    case = case_at(S.EVALUATING)
    assert login_as("association").get(reverse("summons:detail", args=[case.pk])).status_code == 404


def test_the_case_page_shows_the_timeline(login_as):
    case = case_at(S.FAILED)
    body = login_as("officer").get(reverse("summons:detail", args=[case.pk])).content.decode()
    for text in ("立案", "已发出约谈通知书", "已记录送达回证", "已收到整改报告", "不合格"):
        assert text in body, text


def test_the_account_page_lists_the_cases_in_their_own_tab(login_as):
    case = case_at(S.MET)
    body = login_as("officer").get(reverse("accounts:detail", args=[case.account.pk])).content.decode()
    assert "约谈案件" in body and case.number in body and "已约谈" in body


def test_association_staff_see_on_the_account_page_only_the_cases_assigned_to_them(login_as, user_of):
    assigned = case_at(S.SUBMITTED)
    page = reverse("accounts:detail", args=[assigned.account.pk])
    assert assigned.number not in login_as("association").get(page).content.decode()
    from summons import services

    services.assign_evaluator(assigned, user_of("association"), by=user_of("officer"))
    assert assigned.number in login_as("association").get(page).content.decode()


def test_evaluators_list_only_the_cases_assigned_to_them(login_as):
    assigned = case_at(S.EVALUATING)
    other = case_at(S.SUBMITTED)
    body = login_as("expert").get(reverse("summons:list")).content.decode()
    assert assigned.number in body and other.number not in body
