"""Rate limits per client address, kept in the database (Art.22)."""

import ipaddress
import threading
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone

from tests.core.test_settings import PRODUCTION, start
from tests.core.test_translations import english_words
from yuhang_cac.core import ratelimit
from yuhang_cac.core.crypto import lookup_hash
from yuhang_cac.core.models import TokenBucket
from yuhang_cac.core.tasks import purge_idle_rate_limits

pytestmark = pytest.mark.django_db

THREE_AN_HOUR = (3, 3600)


def request(remote="203.0.113.9", forwarded=None, method="post"):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    made = getattr(RequestFactory(), method)("/report/", REMOTE_ADDR=remote, **extra)
    made.user = AnonymousUser()
    return made


def spend(times, scope="submit", rate=THREE_AN_HOUR, now=None, **kwargs):
    return [ratelimit.charge(scope, request(**kwargs), rate, now=now) for _ in range(times)]


@pytest.fixture
def now():
    return timezone.now()


@pytest.fixture
def proxies(settings):
    settings.TRUSTED_PROXIES = [ipaddress.ip_network("10.0.0.0/8")]


def test_requests_within_the_limit_pass_and_the_next_is_refused(now):
    assert spend(4, now=now) == [True, True, True, False]


def test_the_bucket_refills_over_time(now):
    spend(3, now=now)
    assert spend(1, now=now + timedelta(minutes=19)) == [False]
    assert spend(2, now=now + timedelta(minutes=20)) == [True, False]  # one token per 20 minutes
    assert spend(4, now=now + timedelta(hours=5)) == [True, True, True, False]  # never above capacity


def test_the_wait_is_reported_and_looking_spends_nothing(now):
    spend(3, now=now)
    assert ratelimit.take("submit", request(), THREE_AN_HOUR, now=now) == 1200
    assert ratelimit.wait_seconds("submit", request(), THREE_AN_HOUR, now=now + timedelta(minutes=15)) == 300
    assert ratelimit.wait_seconds("submit", request(), THREE_AN_HOUR, now=now + timedelta(minutes=20)) == 0
    assert spend(1, now=now + timedelta(minutes=20)) == [True]


def test_an_unknown_client_has_nothing_to_wait_for(now):
    assert ratelimit.wait_seconds("lookup-failure", request(), THREE_AN_HOUR, now=now) == 0
    assert not TokenBucket.objects.exists()


def test_addresses_and_scopes_are_counted_apart(now):
    spend(3, now=now, remote="203.0.113.9")
    assert spend(1, now=now, remote="203.0.113.10") == [True]
    assert spend(1, now=now, scope="lookup", remote="203.0.113.9") == [True]


def test_an_ipv6_client_is_counted_by_its_64_prefix(now):
    spend(3, now=now, remote="2001:db8:1:2::1")
    assert spend(1, now=now, remote="2001:db8:1:2:ffff::9") == [False]
    assert spend(1, now=now, remote="2001:db8:1:3::1") == [True]


def test_forwarded_addresses_count_only_through_a_trusted_proxy(now, proxies):
    spend(3, now=now, remote="10.0.0.2", forwarded="198.51.100.1")
    assert spend(1, now=now, remote="10.0.0.2", forwarded="198.51.100.2") == [True]
    assert spend(1, now=now, remote="10.0.0.3", forwarded="198.51.100.1") == [False]


def test_a_forged_forwarded_header_from_outside_does_not_reset_the_limit(now, proxies):
    spend(3, now=now, remote="203.0.113.9", forwarded="198.51.100.1")
    assert spend(1, now=now, remote="203.0.113.9", forwarded="198.51.100.77") == [False]


def test_the_raw_address_is_never_stored(now):
    spend(1, now=now, remote="203.0.113.9")
    bucket = TokenBucket.objects.get()
    assert bucket.value == lookup_hash("ratelimit:submit:203.0.113.9")
    stored = " ".join(str(v) for v in TokenBucket.objects.values_list("value", "tokens", "updated").get())
    assert "203.0.113" not in stored


# --- The decorator and the 429 page --------------------------------------------------------


def limited_view(settings, rate=(2, 3600), **kwargs):
    settings.REPORT_SUBMIT_RATE = rate
    return ratelimit.rate_limited("submit", rate_setting="REPORT_SUBMIT_RATE", **kwargs)(
        lambda request: HttpResponse("ok")
    )


def test_a_limited_view_answers_429_in_chinese_with_retry_after(settings):
    view = limited_view(settings)
    assert [view(request()).status_code for _ in range(2)] == [200, 200]
    response = view(request())
    assert response.status_code == 429
    assert response["Retry-After"] == "1800"
    page = response.content.decode()
    assert "请求过于频繁" in page and "30" in page
    assert english_words(page) == set()


def test_only_the_limited_methods_are_charged(settings):
    view = limited_view(settings, rate=(1, 3600))
    assert [view(request(method="get")).status_code for _ in range(3)] == [200, 200, 200]
    assert [view(request()).status_code for _ in range(2)] == [200, 429]


def test_the_rate_is_read_per_request(settings):
    view = limited_view(settings, rate=(5, 3600))
    assert view(request()).status_code == 200
    settings.REPORT_SUBMIT_RATE = (1, 3600)
    assert [view(request()).status_code for _ in range(2)] == [200, 429]


def test_a_misspelt_rate_setting_fails_at_start_up():
    with pytest.raises(ImproperlyConfigured):
        ratelimit.rate_limited("submit", rate_setting="REPORT_SUBMT_RATE")


def test_the_default_limits_are_generous_for_carrier_nat(settings):
    assert settings.REPORT_SUBMIT_RATE == (20, 3600)
    assert settings.REPORT_LOOKUP_RATE == (60, 3600)
    assert settings.REPORT_LOOKUP_FAILURE_RATE == (10, 3600)


@pytest.mark.parametrize("value", ["lots", "0/h", "20/week", "20"])
def test_production_refuses_a_malformed_rate(value):
    result = start({**PRODUCTION, "REPORT_SUBMIT_RATE": value})
    assert result.returncode != 0
    assert "REPORT_SUBMIT_RATE" in result.stderr.strip().splitlines()[-1]


def test_a_rate_may_be_set_from_the_environment():
    result = start({**PRODUCTION, "REPORT_LOOKUP_RATE": "100/d"})
    assert result.returncode == 0, result.stderr


# --- Purging -------------------------------------------------------------------------------


def test_idle_buckets_are_purged_and_twice_is_harmless(now, monkeypatch):
    spend(1, now=now - timedelta(days=2), remote="203.0.113.1")
    spend(1, now=now - timedelta(hours=1), remote="203.0.113.2")
    monkeypatch.setattr(timezone, "now", lambda: now)
    assert purge_idle_rate_limits() == 1
    assert purge_idle_rate_limits() == 0
    assert TokenBucket.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_cannot_overspend_a_bucket():
    barrier = threading.Barrier(8)
    results = []

    def attempt():
        try:
            barrier.wait()
            results.append(ratelimit.charge("submit", request(), (5, 3600)))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False] * 3 + [True] * 5
