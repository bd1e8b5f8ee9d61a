"""The evaluation's demo data: what the issue asks to find in it, loaded twice without change."""

import pytest
from django.core.management import call_command

from accounts.models import Account
from evaluation.models import Assessment, Attendance, DailyFlag, Enrolment, Period, Scheme

pytestmark = pytest.mark.django_db


def test_the_demo_has_every_kind_of_evaluation_record_and_loads_twice():
    call_command("seed_demo", password="Demo-password-2026")
    counts = (Scheme.objects.count(), Enrolment.objects.count(), Attendance.objects.count())
    call_command("seed_demo", password="Demo-password-2026")
    assert (Scheme.objects.count(), Enrolment.objects.count(), Attendance.objects.count()) == counts
    assert set(Period.objects.values_list("status", flat=True)) == {"open", "published"}
    assert Assessment.objects.active().filter(evaluator__username="expert", submitted_at=None).exists()
    commended = Enrolment.objects.commended_public()
    assert commended.exists() and all(e.grade == "A" for e in commended)
    assert all(Account.objects.get(pk=e.account_id).grade == "A" for e in commended)
    assert DailyFlag.objects.filter(violation__isnull=False).exists()
