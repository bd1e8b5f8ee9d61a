"""The system administrator keeps the evaluation's reference tables; other roles do not reach them."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["dimension", "trainingtopic", "observationcategory"])
def test_the_system_administrator_keeps_the_reference_tables(login_as, model):
    client = login_as("sysadmin")
    changelist = client.get(reverse(f"admin:evaluation_{model}_changelist"))
    assert changelist.status_code == 200
    assert client.get(reverse(f"admin:evaluation_{model}_add")).status_code == 200
    assert login_as("officer").get(reverse(f"admin:evaluation_{model}_changelist")).status_code == 403
