"""The demo management list: every state, one account listed twice, loaded once."""

import pytest
from django.core.management import call_command
from django.db.models import Count

from blacklist.models import Entry, LiftApplication

pytestmark = pytest.mark.django_db


def test_the_demo_has_an_entry_in_every_state_and_loads_once(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", password="Demo-password-2026")
    assert set(Entry.objects.values_list("status", flat=True)) == set(Entry.Status.values)
    twice = Entry.objects.values("account").annotate(n=Count("pk")).filter(n__gte=2)
    assert twice.exists()
    repeated = Entry.objects.get(repeated=True)
    assert repeated.account_times == 2 and repeated.joint_notices.filter(replied_on__isnull=False).exists()
    assert Entry.objects.filter(origin=Entry.Origin.JOB).exists()
    assert LiftApplication.objects.filter(status=LiftApplication.Status.APPLIED).exists()
    assert set(Entry.objects.filter(status="lifted").values_list("lift_reason", flat=True)) == {
        "early",
        "expired",
    }
    count = Entry.objects.count()
    call_command("seed_demo", password="Demo-password-2026")
    assert Entry.objects.count() == count
