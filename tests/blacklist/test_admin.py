"""The system administrator keeps the severities with their periods and the partner departments."""

import pytest
from django.urls import reverse

from blacklist.models import Department, Severity

pytestmark = pytest.mark.django_db


def test_the_sysadmin_changes_a_severitys_period(login_as):
    client = login_as("sysadmin")
    severity = Severity.objects.get(code="ordinary")
    url = reverse("admin:blacklist_severity_change", args=[severity.pk])
    assert client.get(url).status_code == 200
    data = {
        "code": "ordinary",
        "name": "一般",
        "short_name": "",
        "sort_order": 1,
        "is_active": "on",
        "min_months": 6,
        "max_months": 12,
    }
    assert client.post(url, data).status_code == 302
    severity.refresh_from_db()
    assert (severity.min_months, severity.max_months) == (6, 12)
    # A maximum below the minimum is refused.
    assert client.post(url, {**data, "min_months": 13}).status_code == 200
    severity.refresh_from_db()
    assert severity.min_months == 6


def test_the_sysadmin_adds_a_department_and_nobody_deletes_one(login_as):
    client = login_as("sysadmin")
    response = client.post(
        reverse("admin:blacklist_department_add"),
        {"code": "education", "name": "区教育局", "short_name": "", "sort_order": 9, "is_active": "on"},
    )
    assert response.status_code == 302 and Department.objects.filter(code="education").exists()
    department = Department.objects.get(code="education")
    assert client.get(reverse("admin:blacklist_department_delete", args=[department.pk])).status_code == 403


@pytest.mark.parametrize("role", ["officer", "leader"])
def test_casework_does_not_edit_the_tables(login_as, role):
    response = login_as(role).get(reverse("admin:blacklist_severity_changelist"))
    assert response.status_code in (302, 403)
