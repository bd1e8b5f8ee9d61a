from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from reports import services
from tests.reports.factories import submitted

pytestmark = pytest.mark.django_db


def tile_counts(response) -> dict[str, int]:
    return {
        str(tile.label): tile.count
        for card in response.context["cards"]
        for tile in card["context"].get("tiles", [])
    }


def test_an_officer_sees_what_waits_in_the_report_queue(login_as, user_of, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = login_as("officer")
    officer = user_of("officer")
    submitted()
    late, _ = submitted(submitted_at=timezone.now() - timedelta(days=30))
    services.assign_report(late, officer, by=officer)
    counts = tile_counts(client.get(reverse("dashboard:index")))
    reports = {"待受理举报": 2, "我承办的未结举报": 1, "逾期举报": 1}
    # The management list's card counts nothing yet.
    blacklist = {"拟列入，待告知": 0, "陈述申辩期内": 0, "待领导审批": 0, "当前列入": 0}
    assert counts == reports | blacklist


@pytest.mark.parametrize("role", ["association", "expert", "sysadmin", "secadmin", "auditor"])
def test_other_roles_see_no_report_counts(login_as, role):
    response = login_as(role).get(reverse("dashboard:index"))
    assert [card["key"] for card in response.context["cards"]] == []
    assert "待受理举报" not in response.content.decode()
