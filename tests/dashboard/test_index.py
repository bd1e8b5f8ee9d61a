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
    # The cards of the summons cases and the management list count nothing yet.
    summons = {"我负责的未结案件": 0, "我负责的逾期案件": 0, "待分派评估的案件": 0}
    blacklist = {"拟列入，待告知": 0, "陈述申辩期内": 0, "待领导审批": 0, "当前列入": 0}
    assert counts == reports | summons | blacklist


@pytest.mark.parametrize(
    ("role", "cards"),
    [
        ("association", ["summons"]),
        ("expert", ["summons"]),
        ("sysadmin", []),
        ("secadmin", []),
        ("auditor", []),
    ],
)
def test_other_roles_see_no_report_counts(login_as, role, cards):
    """Evaluators see only the cases waiting for their evaluation; the administrators see no card."""
    response = login_as(role).get(reverse("dashboard:index"))
    assert [card["key"] for card in response.context["cards"]] == cards
    assert "待受理举报" not in response.content.decode()
