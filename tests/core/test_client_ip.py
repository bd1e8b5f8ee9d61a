import ipaddress

import pytest
from django.test import RequestFactory

from yuhang_cac.core.net import client_ip


@pytest.fixture
def proxies(settings):
    settings.TRUSTED_PROXIES = [ipaddress.ip_network("10.0.0.0/8")]


def request(remote, forwarded=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        ("203.0.113.9", None, "203.0.113.9"),
        ("203.0.113.9", "198.51.100.1", "203.0.113.9"),  # not from a proxy: the header is ignored
        ("10.0.0.2", "198.51.100.1", "198.51.100.1"),
        ("10.0.0.2", "1.2.3.4, 198.51.100.1, 10.0.0.5", "198.51.100.1"),  # a spoofed left part is skipped
        ("10.0.0.2", "not-an-ip", "10.0.0.2"),
        ("10.0.0.2", None, "10.0.0.2"),
    ],
)
def test_the_client_address_trusts_only_configured_proxies(proxies, remote, forwarded, expected):
    assert client_ip(request(remote, forwarded)) == expected
