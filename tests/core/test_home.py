import pytest
from django.urls import reverse

from yuhang_cac.core.models import SiteText

pytestmark = pytest.mark.django_db


def test_the_home_page_names_the_channels_and_links_the_form(client):
    page = client.get(reverse("home")).content.decode()
    assert "12377" in page and "第二十二条" in page
    assert reverse("public_reports:submit") in page and reverse("public_reports:status") in page


def test_the_system_administrator_edits_the_channels_in_the_admin(login_as):
    client = login_as("sysadmin")
    text = SiteText.objects.get(key="home-1-channels")
    response = client.post(
        reverse("admin:core_sitetext_change", args=[text.pk]),
        {"title": "举报渠道", "body": "举报电话：0571-88888888"},
    )
    assert response.status_code == 302
    assert "0571-88888888" in client.get(reverse("home")).content.decode()
    assert text.history.first().history_user.username == "sysadmin"


def test_an_officer_cannot_edit_public_texts(login_as):
    text = SiteText.objects.get(key="home-1-channels")
    assert login_as("officer").get(reverse("admin:core_sitetext_change", args=[text.pk])).status_code == 403
