import pytest
from django.urls import reverse

from accounts.models import Platform, Street

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["platform", "street", "contentcategory", "prohibitedcontent"])
def test_the_system_administrator_keeps_the_reference_tables(login_as, model):
    client = login_as("sysadmin")
    assert client.get(reverse(f"admin:accounts_{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:accounts_{model}_add")).status_code == 200


def test_a_street_is_retired_not_deleted_and_the_change_is_in_its_history(login_as):
    street = Street.objects.get(code="huanghu")
    client = login_as("sysadmin")
    assert client.get(reverse("admin:accounts_street_delete", args=[street.pk])).status_code == 403
    data = {"code": street.code, "name": street.name, "sort_order": 12, "valid_from": "2021-04-09"}
    data |= {"valid_to": "2030-12-31"}
    client.post(reverse("admin:accounts_street_change", args=[street.pk]), data)
    street.refresh_from_db()
    assert (street.is_active, str(street.valid_to)) == (False, "2030-12-31")
    assert street.history.first().history_user.username == "sysadmin"


def test_a_new_platform_can_be_added_without_a_migration(login_as):
    client = login_as("sysadmin")
    data = {
        "code": "wechat_read",
        "name": "微信读书",
        "sort_order": 20,
        "is_active": "on",
        "stable_id_hint": "用户ID",
    }
    client.post(reverse("admin:accounts_platform_add"), data)
    assert Platform.objects.filter(code="wechat_read", is_active=True).exists()


def test_officers_cannot_open_the_reference_tables(login_as):
    assert login_as("officer").get(reverse("admin:accounts_platform_changelist")).status_code == 403
