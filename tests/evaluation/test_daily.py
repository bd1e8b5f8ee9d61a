"""Daily assessment (Art.20): observations in scope, the G5 flag once per window, its violation."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Violation
from evaluation import services
from evaluation.models import DailyFlag, Observation, ObservationCategory
from tests.accounts.factories import AccountFactory
from tests.evaluation.factories import OTHER_ASSOCIATION, organisation, other_association_staff
from yuhang_cac.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def account():
    return AccountFactory(liaison_organisation=organisation())


def observe(account, by, points, *, kind="negative", on=None):
    return services.record_observation(
        account,
        observed_on=on or timezone.localdate(),
        kind=kind,
        points=points,
        category=ObservationCategory.objects.get(code="O1"),
        description="转载未经核实的信息",
        by=by,
    )


def test_negative_points_reaching_the_line_flag_the_account_once(
    account, user_of, settings, django_capture_on_commit_callbacks
):
    settings.EVALUATION_DAILY_LINE = 10
    staff, officer = user_of("association"), user_of("officer")
    with django_capture_on_commit_callbacks(execute=True):
        observe(account, staff, 4)
        observe(account, staff, 5, kind="positive")
        observe(account, staff, 5)
        assert not DailyFlag.objects.exists()
        observe(account, staff, 1)
        observe(account, staff, 3)
    flag = DailyFlag.objects.get()
    assert (flag.negative_points, flag.line) == (10, 10)
    violation = Violation.objects.get(account=account)
    assert violation.source == Violation.Source.ASSESSMENT and flag.violation == violation
    notification = Notification.objects.get(user=officer)
    assert "日常考核中问题突出" in notification.message and account.name in notification.message


def test_points_outside_the_window_do_not_count(account, user_of, settings):
    settings.EVALUATION_DAILY_LINE, settings.EVALUATION_DAILY_WINDOW_DAYS = 10, 30
    staff = user_of("association")
    today = timezone.localdate()
    observe(account, staff, 6, on=today - timedelta(days=30))
    observe(account, staff, 6, on=today - timedelta(days=29))
    assert not DailyFlag.objects.exists()
    observe(account, staff, 4)
    assert DailyFlag.objects.get().window_start == today - timedelta(days=29)


def test_association_staff_observe_only_accounts_they_liaise_with(user_of):
    outside = AccountFactory(liaison_organisation=organisation(OTHER_ASSOCIATION))
    with pytest.raises(services.EvaluationError, match="联络"):
        observe(outside, user_of("association"), 3)
    assert not Observation.objects.exists()


def test_an_observation_cannot_be_dated_in_the_future(account, user_of):
    with pytest.raises(services.EvaluationError, match="将来"):
        observe(account, user_of("association"), 3, on=timezone.localdate() + timedelta(days=1))


def test_the_form_records_and_comes_back_for_the_next_one(account, login_as):
    client = login_as("association")
    response = client.post(
        reverse("evaluation:observation_create"),
        {
            "account": account.pk,
            "observed_on": timezone.localdate().isoformat(),
            "kind": "negative",
            "points": 3,
            "category": ObservationCategory.objects.get(code="O2").pk,
            "description": "未注明转载来源",
            "another": "1",
        },
    )
    assert response.status_code == 302 and f"account={account.pk}" in response.url
    assert client.get(response.url).status_code == 200
    page = client.get(f"{account.get_absolute_url()}?tab=evaluation").content.decode()
    assert "未注明转载来源" in page and "扣分 3" in page


def test_bad_points_keep_the_form_with_a_chinese_error(account, login_as):
    response = login_as("association").post(
        reverse("evaluation:observation_create"),
        {
            "account": account.pk,
            "observed_on": "2026-06-01",
            "kind": "negative",
            "points": 0,
            "description": "x",
        },
    )
    assert response.status_code == 400
    assert "请选择" in response.content.decode()


def test_another_association_sees_none_of_these_observations(client, account, user_of):
    observe(account, user_of("association"), 2)
    client.force_login(other_association_staff())
    response = client.get(reverse("evaluation:observations"))
    assert list(response.context["page"]) == []


def test_officers_see_the_flag_with_a_way_to_the_summons(account, user_of, login_as, settings):
    settings.EVALUATION_DAILY_LINE = 3
    observe(account, user_of("association"), 3)
    page = login_as("officer").get(reverse("evaluation:flags")).content.decode()
    opening = reverse("summons:open_for_account", args=[account.pk]) + "?ground=G5"
    assert account.name in page and opening in page
    assert login_as("association").get(reverse("evaluation:flags")).status_code == 403


def test_a_flag_in_an_earlier_window_does_not_stop_a_new_one(account, user_of, settings):
    settings.EVALUATION_DAILY_LINE, settings.EVALUATION_DAILY_WINDOW_DAYS = 3, 10
    staff = user_of("association")
    observe(account, staff, 3, on=timezone.localdate() - timedelta(days=20))
    services.flag_if_over_line(account, today=timezone.localdate() - timedelta(days=20), by=staff)
    observe(account, staff, 3)
    assert DailyFlag.objects.count() == 2


def test_the_flag_list_filters_to_the_current_window(account, user_of, login_as, settings):
    settings.EVALUATION_DAILY_LINE = 3
    observe(account, user_of("association"), 3)
    old = AccountFactory()
    DailyFlag.objects.create(
        account=old,
        raised_on=timezone.localdate() - timedelta(days=400),
        window_start=timezone.localdate() - timedelta(days=489),
        negative_points=4,
        line=3,
    )
    client = login_as("officer")
    assert client.get(reverse("evaluation:flags")).context["page"].paginator.count == 2
    current = client.get(reverse("evaluation:flags") + "?state=current")
    assert [flag.account for flag, _url in current.context["rows"]] == [account]
