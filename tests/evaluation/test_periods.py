"""Periods (Art.20–21): enrolment, the random draw with recusal, scores, confirmation, publication."""

import random
from decimal import Decimal as D

import pytest
from django.urls import reverse

from accounts.models import Account
from evaluation import services
from evaluation.models import DeclaredConflict, Period
from tests.accounts.factories import AccountFactory
from tests.evaluation.factories import all_scores, enrolled, expert, organisation, other_association_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(user_of):
    return user_of("officer")


@pytest.fixture
def leader(user_of):
    return user_of("leader")


@pytest.fixture
def account():
    return AccountFactory(liaison_organisation=organisation())


def test_the_draw_records_candidates_seed_and_result_and_can_be_repeated(account, officer):
    experts = [expert(f"expert{n}") for n in range(4)]
    enrolment = enrolled(account, officer)
    assessment = services.draw_assessor(enrolment, by=officer)
    draw = assessment.draw
    candidates = sorted(draw.candidates.all(), key=lambda user: user.pk)
    assert {user.pk for user in candidates} == {e.user.pk for e in experts}
    assert (
        candidates[random.Random(draw.seed).randrange(len(candidates))] == draw.result == assessment.evaluator
    )


def test_experts_with_a_declared_conflict_are_never_drawn(account, officer):
    free, by_account, by_operator = expert("free"), expert("conflicted1"), expert("conflicted2")
    DeclaredConflict.objects.create(expert=by_account, account=account, note="曾为该账号提供咨询")
    DeclaredConflict.objects.create(expert=by_operator, operator=account.operator, note="近亲属任职")
    enrolment = enrolled(account, officer)
    for seed in range(10):
        assert services.pick(services._candidates(enrolment), seed) == free.user
    assert services.draw_assessor(enrolment, by=officer).evaluator == free.user


def test_a_redraw_needs_a_reason_and_leaves_out_the_replaced_expert(account, officer):
    first, second = expert("expert1"), expert("expert2")
    enrolment = enrolled(account, officer)
    drawn = services.draw_assessor(enrolment, by=officer, seed=1).evaluator
    with pytest.raises(services.EvaluationError, match="理由"):
        services.draw_assessor(enrolment, by=officer)
    again = services.draw_assessor(enrolment, by=officer, reason="专家出差无法按期评分")
    assert again.evaluator != drawn and {drawn, again.evaluator} == {first.user, second.user}
    assert enrolment.assessments.active().get() == again


def test_a_recused_expert_cannot_score_and_is_not_drawn_again(account, officer):
    expert("expert1"), expert("expert2")
    enrolment = enrolled(account, officer)
    assessment = services.draw_assessor(enrolment, by=officer)
    drawn = assessment.evaluator
    services.recuse_assessor(enrolment, conflict="本人曾在该运营主体任职", by=drawn)
    with pytest.raises(services.EvaluationError, match="只有抽中"):
        services.submit_scores(enrolment, scores=all_scores(enrolment, 90), by=drawn)
    assert services.draw_assessor(enrolment, by=officer, reason="专家回避").evaluator != drawn


def test_the_expert_scores_the_account_and_the_grade_follows(account, officer, login_as):
    pool = expert()
    enrolment = enrolled(account, officer)
    services.draw_assessor(enrolment, by=officer)
    client = login_as("expert")
    data = {}
    for part in enrolment.period.scheme.dimensions.select_related("dimension"):
        data[f"score_{part.pk}"] = "89.8" if part.dimension.code == "E2" else "90"
        data[f"note_{part.pk}"] = "情况良好"
    response = client.post(reverse("evaluation:score", args=[enrolment.pk]), data)
    assert response.status_code == 302
    enrolment.refresh_from_db()
    # 89.8 × 25 % + 90 × 75 % = 89.95 → 90.0 (half up) → A
    assert (enrolment.total, enrolment.grade) == (D("90.0"), "A")
    assert pool.user.username == "expert"


def test_a_score_out_of_range_is_refused_on_the_page(account, officer, login_as):
    expert()
    enrolment = enrolled(account, officer)
    services.draw_assessor(enrolment, by=officer)
    data = {f"score_{part.pk}": "101" for part in enrolment.period.scheme.dimensions.all()}
    response = login_as("expert").post(reverse("evaluation:score", args=[enrolment.pk]), data)
    assert response.status_code == 400
    assert "超出范围" in response.content.decode()
    enrolment.refresh_from_db()
    assert enrolment.total is None


def test_an_expert_sees_only_the_accounts_drawn_for_them(account, officer, login_as):
    expert()
    enrolment = enrolled(account, officer)
    other = enrolled(AccountFactory(), officer, period=enrolment.period)
    services.draw_assessor(enrolment, by=officer)
    client = login_as("expert")
    assert client.get(enrolment.get_absolute_url()).status_code == 200
    assert client.get(other.get_absolute_url()).status_code == 404
    data = {f"score_{part.pk}": "80" for part in other.period.scheme.dimensions.all()}
    assert client.post(reverse("evaluation:score", args=[other.pk]), data).status_code == 404


def scored(account, officer, value):
    enrolment = enrolled(account, officer)
    assessor = services.draw_assessor(enrolment, by=officer).evaluator
    services.submit_scores(enrolment, scores=all_scores(enrolment, value), by=assessor)
    return enrolment, assessor


def test_the_leader_confirms_and_publishes_and_the_registry_grade_follows(account, officer, leader):
    expert()
    enrolment, assessor = scored(account, officer, "85")
    period = enrolment.period
    services.confirm_period(period, by=leader)
    services.publish_period(period, by=leader)
    account.refresh_from_db()
    assert account.grade == Account.Grade.B
    assert account.history.first().history_change_reason == "2026年度评估评定为 B 级"
    period.refresh_from_db()
    assert period.status == Period.Status.PUBLISHED and period.published_at


def test_scoring_a_published_period_is_refused(account, officer, leader):
    expert()
    enrolment, assessor = scored(account, officer, "85")
    services.confirm_period(enrolment.period, by=leader)
    services.publish_period(enrolment.period, by=leader)
    with pytest.raises(services.EvaluationError, match="已发布"):
        services.submit_scores(enrolment, scores=all_scores(enrolment, 95), by=assessor)


def test_a_period_with_unscored_accounts_cannot_be_confirmed(account, officer, leader):
    enrolment = enrolled(account, officer)
    with pytest.raises(services.EvaluationError, match="尚未评分"):
        services.confirm_period(enrolment.period, by=leader)


def test_publishing_is_for_leaders_only(account, officer, login_as):
    expert()
    enrolment, _assessor = scored(account, officer, "85")
    response = login_as("officer").post(reverse("evaluation:confirm", args=[enrolment.period.pk]))
    assert response.status_code == 403


def test_a_scheme_revised_after_the_period_opened_leaves_the_period_as_it_was(account, officer, leader):
    expert()
    enrolment = enrolled(account, officer)
    scheme = enrolment.period.scheme
    services.revise_scheme(
        scheme, weights={**services.DEFAULT_WEIGHTS, "E1": D(50), "E5": D(5), "E4": D(5)}, by=officer
    )
    assessor = services.draw_assessor(enrolment, by=officer).evaluator
    services.submit_scores(enrolment, scores=all_scores(enrolment, 80), by=assessor)
    assert enrolment.period.scheme == scheme
    assert services.scheme_numbers(scheme)[0] == services.DEFAULT_WEIGHTS


def test_association_staff_see_their_liaison_accounts_in_a_period_and_association2_none(
    account, officer, login_as, client
):
    enrolment = enrolled(account, officer)
    outside = enrolled(AccountFactory(), officer, period=enrolment.period)
    staff = login_as("association")
    assert staff.get(enrolment.get_absolute_url()).status_code == 200
    assert staff.get(outside.get_absolute_url()).status_code == 404
    client.force_login(other_association_staff())
    assert client.get(enrolment.get_absolute_url()).status_code == 404
    assert client.get(enrolment.period.get_absolute_url()).status_code == 404


def test_beside_the_score_form_the_expert_sees_the_accounts_reports_cases_and_listings(
    account, officer, login_as
):
    from reports.models import Report
    from tests.blacklist.factories import listed, proposed
    from tests.reports.factories import submitted
    from tests.summons.factories import opened

    for _index in range(2):
        report, _receipt = submitted()
        Report.objects.filter(pk=report.pk).update(account=account)
    opened(account)
    listed(proposed(account))
    expert()
    enrolment = enrolled(account, officer)
    services.draw_assessor(enrolment, by=officer)
    page = login_as("expert").get(reverse("evaluation:enrolment", args=[enrolment.pk])).content.decode()
    assert '举报（未结／全部）</dt><dd class="col-6">2 / 2' in page
    assert '约谈案件（未结／全部）</dt><dd class="col-6">1 / 1' in page
    assert "当前列入，累计列入 1 次" in page
