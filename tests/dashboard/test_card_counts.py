"""Every count on the dashboard is exactly the rows of the list it opens, for every role."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from blacklist import services as blacklist
from reports import services
from tests.accounts.factories import AccountFactory
from tests.blacklist.factories import listed, notified, pending, proposed
from tests.conftest import ROLES
from tests.reports.factories import submitted

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
    _entries_in_every_state(colleague)
    cards = client.get(reverse("dashboard:index")).context["cards"]
    tiles = [tile for card in cards for tile in card["context"]["tiles"]]
    for tile in tiles:
        response = client.get(tile.url)
        assert response.status_code == 200, tile.url
        assert list_rows(response) == tile.count, (str(tile.label), tile.url)
    if role in ("officer", "leader"):
        assert len(tiles) == 7 and all(tile.count for tile in tiles)
    else:
        assert tiles == []
