"""The expert pool and scheme pages: forms that refuse in Chinese and keep what was typed."""

import pytest
from django.urls import reverse

from evaluation import services
from evaluation.models import DeclaredConflict, Expert, Scheme
from tests.accounts.factories import AccountFactory
from tests.evaluation.factories import enrolled, expert, organisation
from tests.factories import UserFactory
from yuhang_cac.notifications.models import Notification

pytestmark = pytest.mark.django_db


def scheme_data(**changes):
    data = {"year": 2027, "title": "2027年度考核方案", "guidance": ""}
    for code, weight in services.DEFAULT_WEIGHTS.items():
        data |= {f"weight_{code}": str(weight), f"max_{code}": "100", f"guidance_{code}": ""}
    data |= {"band_A": "90", "band_B": "80", "band_C": "60"}
    return data | changes


def test_an_officer_makes_a_scheme_on_the_page(login_as):
    response = login_as("officer").post(reverse("evaluation:scheme_create"), scheme_data())
    scheme = Scheme.objects.get()
    assert response.status_code == 302 and response.url == scheme.get_absolute_url()
    assert (scheme.year, scheme.version) == (2027, 1)


def test_weights_not_adding_up_keep_the_form_with_the_refusal(login_as):
    response = login_as("officer").post(reverse("evaluation:scheme_create"), scheme_data(weight_E1="35"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "各维度权重合计为 105%，必须合计为 100%" in page and "2027年度考核方案" in page
    assert not Scheme.objects.exists()


def test_an_officer_adds_an_expert_and_a_conflict_that_keeps_them_from_the_draw(login_as, user_of):
    client = login_as("officer")
    person = UserFactory(username="expert9", role="expert")
    response = client.post(
        reverse("evaluation:expert_create"),
        {"user": person.pk, "fields": "网络法学", "employer": "某律所", "in_pool": "on"},
    )
    pool = Expert.objects.get(user=person)
    assert response.status_code == 302
    account = AccountFactory(liaison_organisation=organisation())
    response = client.post(
        reverse("evaluation:conflict", args=[pool.pk]),
        {"account": account.pk, "note": "曾担任该账号法律顾问"},
    )
    assert response.status_code == 302 and DeclaredConflict.objects.get(expert=pool).account == account
    assert client.post(reverse("evaluation:conflict", args=[pool.pk]), {"note": "x"}).status_code == 400
    enrolment = enrolled(account, user_of("officer"))
    with pytest.raises(services.EvaluationError, match="无利益冲突"):
        services.draw_assessor(enrolment, by=user_of("officer"))


def test_the_drawn_expert_and_after_a_recusal_the_officer_are_told(
    user_of, django_capture_on_commit_callbacks
):
    officer = user_of("officer")
    expert()
    enrolment = enrolled(AccountFactory(), officer)
    with django_capture_on_commit_callbacks(execute=True):
        assessment = services.draw_assessor(enrolment, by=officer)
        services.recuse_assessor(enrolment, conflict="近亲属任职", by=assessment.evaluator)
    assert "您被抽中" in Notification.objects.get(user=assessment.evaluator).message
    assert "回避" in Notification.objects.get(user=officer).message
