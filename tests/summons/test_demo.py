"""The demo cases: every state, some overdue, one escalated with a reply and a restricted account."""

import pytest
from django.core.management import call_command

from summons.models import Case, Escalation

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_case_in_every_state_and_loads_once():
    call_command("seed_demo", password="Demo-password-2026")
    statuses = set(Case.objects.values_list("status", flat=True))
    assert statuses == set(Case.Status.values)
    assert Case.objects.overdue().exists()
    replied = Escalation.objects.get(status=Escalation.Status.REPLIED)
    assert replied.case.account.status == "restricted"
    assert Case.objects.filter(reports__isnull=False).exists()
    count = Case.objects.count()
    call_command("seed_demo", password="Demo-password-2026")
    assert Case.objects.count() == count
