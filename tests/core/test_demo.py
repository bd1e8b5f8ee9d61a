import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from yuhang_cac.core.models import DemoData
from yuhang_cac.notifications.models import Notification
from yuhang_cac.users.demo import USERS
from yuhang_cac.users.models import Organisation, User

pytestmark = pytest.mark.django_db
PASSWORD = "Demo-password-2026"


def test_seed_demo_is_idempotent_and_prints_each_demo_users_authenticator_key():
    out = io.StringIO()
    call_command("seed_demo", password=PASSWORD, stdout=out)
    for username, *_rest in USERS:
        assert re.search(rf"{username}\s+[A-Z2-7]{{32}}", out.getvalue()), username
    counts = (User.objects.count(), Organisation.objects.count(), Notification.objects.count())
    call_command("seed_demo", password=PASSWORD)
    assert (User.objects.count(), Organisation.objects.count(), Notification.objects.count()) == counts
    assert DemoData.objects.count() == 1


def test_every_demo_user_signs_in_with_its_role(client):
    call_command("seed_demo", password=PASSWORD)
    for username, _name, role, *_rest in USERS:
        out = io.StringIO()
        call_command("totp", username, stdout=out)
        client.logout()
        client.post(reverse("login"), {"username": username, "password": PASSWORD}, REMOTE_ADDR="10.1.1.1")
        response = client.post(
            reverse("signin_verify"), {"code": out.getvalue().strip()}, follow=True, REMOTE_ADDR="10.1.1.1"
        )
        assert response.context["user"].role == role, username
        assert "演示数据" in response.content.decode()


def test_no_demo_banner_without_demo_data(client):
    assert "演示数据" not in client.get(reverse("home")).content.decode()
