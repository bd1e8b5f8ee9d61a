import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PUBLIC = "jubao.example.cn"
STAFF = "portal.gov.example"


@pytest.fixture(autouse=True)
def two_faces(settings):
    settings.ALLOWED_HOSTS = [PUBLIC, STAFF]
    settings.PUBLIC_HOSTS = [PUBLIC]
    settings.STAFF_HOSTS = [STAFF]


@pytest.mark.parametrize("name", ["login", "logout", "password_change", "dashboard:index", "admin:index"])
def test_staff_urls_answer_404_on_the_public_host(login_as, name):
    client = login_as("officer")
    assert client.get(reverse(name), HTTP_HOST=PUBLIC).status_code == 404
    assert client.post(reverse(name), HTTP_HOST=PUBLIC).status_code == 404


def test_an_anonymous_visitor_gets_404_not_a_login_redirect(client):
    assert client.get(reverse("dashboard:index"), HTTP_HOST=PUBLIC).status_code == 404


@pytest.mark.parametrize("name", ["home", "healthz"])
def test_public_pages_answer_on_both_hosts(client, name):
    assert client.get(reverse(name), HTTP_HOST=PUBLIC).status_code == 200
    assert client.get(reverse(name), HTTP_HOST=STAFF).status_code == 200


def test_staff_pages_answer_on_the_staff_host(login_as):
    assert login_as("officer").get(reverse("dashboard:index"), HTTP_HOST=STAFF).status_code == 200


def test_the_public_host_with_a_port_is_still_public(client):
    assert client.get(reverse("login"), HTTP_HOST=f"{PUBLIC}:8443").status_code == 404
