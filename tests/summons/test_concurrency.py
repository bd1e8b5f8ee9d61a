"""Two officers acting on one case at the same moment cannot both win (row locks, PostgreSQL)."""

import importlib
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from summons import services
from summons.models import Case, Notice
from tests.summons.factories import liaised_account, opened

# The data migrations whose rows these tests need; a transactional test's flush empties them.
REFERENCE_DATA = [
    "yuhang_cac.users.migrations.0002_seed_organisations",
    "yuhang_cac.workdays.migrations.0002_seed_holidays",
    "accounts.migrations.0002_reference_data",
    "summons.migrations.0002_reference_data",
]


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    """A transactional test ends with a flush that empties what migrations filled: fill it again."""
    from django.apps import apps

    for module in REFERENCE_DATA:
        importlib.import_module(module).seed(apps, None)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_officers_issuing_the_notice_at_once_cannot_both_win(user_of):
    first, second = user_of("officer"), user_of("officer", username="officer2")
    case = opened(by=first)
    barrier = threading.Barrier(2)
    outcomes = []

    def issue(officer):
        try:
            barrier.wait()
            services.issue_notice(
                case,
                meeting_at=timezone.now() + timedelta(days=2),
                place=f"{officer.username} 的会议室",
                participants="负责人",
                reason="理由",
                by=officer,
            )
            outcomes.append("issued")
        except services.SummonsError as exc:
            outcomes.append(str(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(officer,)) for officer in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("issued") == 1, outcomes
    assert Notice.objects.filter(case=case).count() == 1
    assert Case.objects.get(pk=case.pk).status == Case.Status.NOTIFIED


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_officers_opening_a_case_on_one_account_at_once_open_one(user_of):
    first, second = user_of("officer"), user_of("officer", username="officer2")
    account = liaised_account()
    barrier = threading.Barrier(2)
    outcomes = []

    def open_one(officer):
        try:
            barrier.wait()
            opened(account, by=officer)
            outcomes.append("opened")
        except services.SummonsError as exc:
            outcomes.append(str(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=open_one, args=(officer,)) for officer in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("opened") == 1, outcomes
    assert Case.objects.filter(account=account).count() == 1
