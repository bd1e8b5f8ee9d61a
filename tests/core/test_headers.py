"""Security headers on every kind of page, the host split by DNS rules, the proxy header."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PUBLIC = "jubao.example.cn"
STAFF = "portal.gov.example"


def assert_security_headers(response):
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert "'unsafe-inline'" not in csp and "script-src 'self'" in csp
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize(
    ("role", "url"),
    [
        ("anonymous", "/"),
        ("anonymous", "/login/"),
        ("anonymous", "/report/"),
        ("anonymous", "/report/status/"),
        ("anonymous", "/no-such-page/"),
        ("officer", "/dashboard/"),
        ("officer", "/reports/"),
        ("officer", "/accounts/"),
        ("officer", "/admin/"),
        ("sysadmin", "/admin/"),
        ("sysadmin", "/admin/users/user/"),
        ("secadmin", "/security/users/"),
        ("auditor", "/audit/"),
    ],
)
def test_every_kind_of_page_carries_the_security_headers(login_as, role, url):
    response = login_as(role).get(url)
    assert_security_headers(response)
    if not url.startswith("/admin/"):
        # The portal's pages name their script tags by the response's nonce.
        nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])[1]
        assert f'nonce="{nonce}"' in response.content.decode()


def test_the_csp_nonce_differs_per_response(client):
    first = client.get("/")["Content-Security-Policy"]
    assert "'nonce-" in first and first != client.get("/")["Content-Security-Policy"]


@pytest.mark.parametrize("name", ["public_reports:submit", "public_reports:status"])
def test_the_report_form_and_status_page_are_not_stored(client, name):
    assert "no-store" in client.get(reverse(name))["Cache-Control"]


@pytest.fixture
def two_faces(settings):
    settings.ALLOWED_HOSTS = [PUBLIC, STAFF]
    settings.PUBLIC_HOSTS = [PUBLIC]
    settings.STAFF_HOSTS = [STAFF]


@pytest.mark.parametrize("host", [PUBLIC.upper(), f"{PUBLIC}.", f"{PUBLIC.upper()}.:443", "JuBao.Example.CN"])
def test_the_public_host_is_recognised_as_dns_compares_names(client, two_faces, host):
    assert client.get(reverse("login"), HTTP_HOST=host).status_code == 404
    assert client.get(reverse("home"), HTTP_HOST=host).status_code == 200


def test_x_forwarded_proto_is_ignored_without_a_trusted_proxy(client, settings):
    settings.TRUSTED_PROXIES = []
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/", HTTP_X_FORWARDED_PROTO="https", REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 301  # still plain HTTP: redirected to https


def test_x_forwarded_proto_is_believed_from_a_trusted_proxy(client, settings):
    import ipaddress

    settings.TRUSTED_PROXIES = [ipaddress.ip_network("10.0.0.0/8")]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/", HTTP_X_FORWARDED_PROTO="https", REMOTE_ADDR="10.0.0.5").status_code == 200
