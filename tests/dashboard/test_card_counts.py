"""Every count on the dashboard is exactly the rows of the list it opens, for every role."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from blacklist import services as blacklist
from reports import services
from summons import services as summons_services
from summons.models import Case
from tests.accounts.factories import AccountFactory
from tests.blacklist.factories import listed, notified, pending, proposed
from tests.conftest import ROLES
from tests.factories import user_with_role
from tests.reports.factories import submitted
from tests.summons.factories import case_at

pytestmark = pytest.mark.django_db


def _in_every_state(officer, other):
    """Reports of both officers in every status, some overdue: what a count could get wrong."""
    account = AccountFactory()
    ago = timezone.now() - timedelta(days=60)
    for assignee in (officer, other):
        submitted()
        late, _ = submitted(submitted_at=ago)
        services.assign_report(late, assignee, by=assignee)
        accepted, _ = submitted(submitted_at=ago)
        services.accept_report(accepted, by=assignee, today=timezone.localdate() - timedelta(days=40))
        verifying, _ = submitted()
        services.accept_report(verifying, by=assignee)
        services.start_verification(verifying, by=assignee)
        false, _ = submitted()
        services.accept_report(false, by=assignee)
        services.start_verification(false, by=assignee)
        services.verify_report(false, found_true=False, finding="不属实。", by=assignee)
        true, _ = submitted()
        services.link_account(true, account, by=assignee)
        services.accept_report(true, by=assignee)
        services.start_verification(true, by=assignee)
        services.verify_report(true, found_true=True, finding="属实。", by=assignee)
        services.close_report(true, public_reply="已处理。", by=assignee)
        refused, _ = submitted()
        services.assign_report(refused, assignee, by=assignee)
        services.refuse_report(refused, reason="unclear", public_reply="线索不清。", by=assignee)
        merged, _ = submitted()
        services.assign_report(merged, assignee, by=assignee)
        services.merge_report(merged, into=late, by=assignee)


def _cases_in_every_state(officer, other):
    """Cases of both officers in every status, late ones among them, evaluated by both evaluators."""
    association = user_with_role("association")
    for in_charge in (officer, other):
        for status in Case.Status:
            if status != Case.Status.CLOSED and status != Case.Status.OVERDUE:
                case_at(status, officer=in_charge)
        closed = case_at(Case.Status.OPENED, officer=in_charge)
        summons_services.close_case(closed, note="不予约谈。", by=in_charge)
        late = case_at(Case.Status.MET, officer=in_charge)
        summons_services.order_rectification(
            late, start=timezone.localdate() - timedelta(days=60), by=in_charge
        )
        swept = case_at(Case.Status.MET, officer=in_charge)
        summons_services.order_rectification(
            swept, start=timezone.localdate() - timedelta(days=60), by=in_charge
        )
        summons_services.mark_overdue(swept)
        late_evaluation = case_at(Case.Status.SUBMITTED, officer=in_charge)
        summons_services.assign_evaluator(late_evaluation, association, by=in_charge)
        late_evaluation.refresh_from_db()
        deadline = late_evaluation.evaluation_deadline
        deadline.due_date = timezone.localdate() - timedelta(days=1)
        deadline.save(update_fields=["due_date"])


def _entries_in_every_state(officer):
    """Management list entries in every status, one of them listed twice."""
    proposed(by=officer)
    notified()
    pending()
    withdrawn = proposed(by=officer)
    blacklist.withdraw(withdrawn, note="证据不足。", by=officer)
    first = listed()
    blacklist.lift_expired(first, today=first.max_until)
    listed(proposed(first.account))


def _evaluation_in_every_state(officer, today):
    """A flag in the current window and one before it; an expert with an account to score, one scored
    and one they stepped aside from; another expert's assessment."""
    from evaluation import services as evaluation
    from evaluation.models import DailyFlag, DeclaredConflict
    from tests.evaluation.factories import all_scores, enrolled, expert, organisation

    old, current = AccountFactory(liaison_organisation=organisation()), AccountFactory()
    DailyFlag.objects.create(
        account=old,
        raised_on=today - timedelta(days=400),
        window_start=today - timedelta(days=490),
        negative_points=12,
        line=10,
    )
    DailyFlag.objects.create(
        account=current, raised_on=today, window_start=today - timedelta(days=89), negative_points=10, line=10
    )
    mine = expert("expert")  # alone in the pool: drawn for these three
    pending = enrolled(AccountFactory(), officer)
    scored, recused, theirs = (enrolled(AccountFactory(), officer, period=pending.period) for _ in range(3))
    for enrolment in (pending, scored, recused):
        evaluation.draw_assessor(enrolment, by=officer)
    evaluation.submit_scores(scored, scores=all_scores(scored, "80"), by=mine.user)
    evaluation.recuse_assessor(recused, conflict="曾任顾问", by=mine.user)
    expert("expert-other")
    DeclaredConflict.objects.create(expert=mine, account=theirs.account, note="近亲属任职")
    assert evaluation.draw_assessor(theirs, by=officer).evaluator.username == "expert-other"


def list_rows(response) -> int:
    """The rows a list page shows, across all its pages."""
    return response.context["filter"].qs.count()


@pytest.mark.parametrize("role", ROLES)
def test_every_dashboard_count_opens_a_list_of_exactly_those_rows(
    login_as, user_of, role, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client = login_as(role)
    me = user_of(role)
    colleague = user_of("officer", username="colleague")
    _in_every_state(me if me.role in ("officer", "leader") else colleague, colleague)
    _cases_in_every_state(me if me.role in ("officer", "leader") else colleague, colleague)
    _entries_in_every_state(colleague)
    _evaluation_in_every_state(colleague, timezone.localdate())
    cards = client.get(reverse("dashboard:index")).context["cards"]
    tiles = [tile for card in cards for tile in card["context"]["tiles"]]
    for tile in tiles:
        response = client.get(tile.url)
        assert response.status_code == 200, tile.url
        assert list_rows(response) == tile.count, (str(tile.label), tile.url)
    if role in ("officer", "leader"):
        assert len(tiles) == 11 and all(tile.count for tile in tiles)
    elif role == "association":
        assert len(tiles) == 1 and tiles[0].count
    elif role == "expert":
        assert len(tiles) == 2 and all(tile.count for tile in tiles)
    else:
        assert tiles == []
