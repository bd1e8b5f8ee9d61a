"""Commendation (Art.21): the leader commends grade-A accounts of a published period; /commended/ lists
them publicly with the account's name, platform and period only, on the public host."""

import pytest
from django.urls import reverse

from evaluation import services
from tests.accounts.factories import AccountFactory
from tests.evaluation.factories import all_scores, enrolled, expert

pytestmark = pytest.mark.django_db

PUBLIC, STAFF = "jubao.example.cn", "portal.gov.example"


@pytest.fixture
def published(user_of):
    """A published period with one account graded A (95) and one graded C (70)."""
    officer, leader = user_of("officer"), user_of("leader")
    expert()
    best = AccountFactory(name="余杭好声音", followers=123456)
    fair = AccountFactory(name="良渚日常")
    first = enrolled(best, officer)
    second = enrolled(fair, officer, period=first.period)
    for enrolment, value in ((first, "95"), (second, "70")):
        assessor = services.draw_assessor(enrolment, by=officer).evaluator
        services.submit_scores(enrolment, scores=all_scores(enrolment, value), by=assessor)
    services.confirm_period(first.period, by=leader)
    services.publish_period(first.period, by=leader)
    return first, second, leader


def test_the_leader_commends_a_grade_a_account_and_the_public_sees_it(published, login_as, client, settings):
    best, fair, leader = published
    response = login_as("leader").post(
        reverse("evaluation:commend", args=[best.period.pk]), {"enrolments": [best.pk]}
    )
    assert response.status_code == 302
    settings.ALLOWED_HOSTS, settings.PUBLIC_HOSTS, settings.STAFF_HOSTS = [PUBLIC, STAFF], [PUBLIC], [STAFF]
    client.logout()
    page = client.get(reverse("public_evaluation:commended"), HTTP_HOST=PUBLIC)
    assert page.status_code == 200
    html = page.content.decode()
    assert "余杭好声音" in html and "新浪微博" in html and "2026年度评估" in html
    assert "良渚日常" not in html
    assert best.account.stable_id not in html and "123456" not in html and "A 优秀" not in html


def test_only_grade_a_accounts_are_commended(published):
    best, fair, leader = published
    with pytest.raises(services.EvaluationError, match="A 级"):
        services.commend_accounts(best.period, enrolments=[fair], by=leader)
    fair.refresh_from_db()
    assert not fair.commended


def test_an_unpublished_period_has_no_commendations(user_of):
    officer = user_of("officer")
    enrolment = enrolled(AccountFactory(), officer)
    with pytest.raises(services.EvaluationError, match="发布"):
        services.commend_accounts(enrolment.period, enrolments=[enrolment], by=user_of("leader"))


def test_the_commended_list_is_empty_before_any_commendation(client):
    assert "暂无受表彰的账号" in client.get(reverse("public_evaluation:commended")).content.decode()
