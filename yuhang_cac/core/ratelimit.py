"""Rate limits per client address for the public pages (Art.22).

Token buckets in the database (``TokenBucket``, after healthchecks): no cache or third-party
service is needed, so the limits hold alike in the embedded mode and in production, and
across every web process. A rate is ``(count, seconds)`` as the settings give it
(``REPORT_SUBMIT_RATE = (20, 3600)``); a bucket holds ``count`` tokens and refills evenly.

The address comes from ``client_ip`` (X-Forwarded-For only through TRUSTED_PROXIES) and is
stored only as a keyed hash together with the scope.
"""

import functools
import ipaddress
import math
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from .crypto import lookup_hash
from .models import TokenBucket
from .net import client_ip

Rate = tuple[int, int]

# Every rate's period is at most a day (settings.rate), so a bucket idle that long is full
# again: deleting it changes nothing.
IDLE_BUCKET_AGE = timedelta(days=1)


def client_key(request: HttpRequest) -> str:
    """The client as rate limits count it: an IPv4 address, or an IPv6 /64."""
    address = client_ip(request) or "unknown"
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6 and ip.ipv4_mapped:
        return str(ip.ipv4_mapped)
    if ip.version == 6:
        # A subscriber is handed a whole /64 and may use any address in it.
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def bucket_value(scope: str, request: HttpRequest) -> str:
    return lookup_hash(f"ratelimit:{scope}:{client_key(request)}")


def take(scope: str, request: HttpRequest, rate: Rate, *, now: datetime | None = None) -> int:
    """Spend one request of ``rate``: 0 when allowed, otherwise the seconds to wait (at least 1)."""
    count, period = rate
    wait = TokenBucket.take(bucket_value(scope, request), count, period, now or timezone.now())
    return math.ceil(wait) if wait > 0 else 0


def take_global(scope: str, rate: Rate, *, now: datetime | None = None) -> int:
    """Spend one request of a limit shared by every client (a cap on the whole channel)."""
    count, period = rate
    wait = TokenBucket.take(lookup_hash(f"ratelimit:{scope}:*"), count, period, now or timezone.now())
    return math.ceil(wait) if wait > 0 else 0


def address_hash(request: HttpRequest) -> str:
    """The client as security events name it: a short keyed hash, never the address (DOMAIN.md §8)."""
    return lookup_hash(f"address:{client_key(request)}")[:16]


def charge(scope: str, request: HttpRequest, rate: Rate, *, now: datetime | None = None) -> bool:
    """Spend one request of ``rate``; False when the client is over the limit.

    For limits that count only some outcomes, such as failed receipt look-ups.
    """
    return take(scope, request, rate, now=now) == 0


def wait_seconds(scope: str, request: HttpRequest, rate: Rate, *, now: datetime | None = None) -> int:
    """Seconds until the client may spend a request of ``rate`` (0: now); spends nothing.

    Check this before an attempt whose failure is charged, so that a client over the limit
    learns nothing from further attempts.
    """
    count, period = rate
    wait = TokenBucket.wait(bucket_value(scope, request), count, period, now or timezone.now())
    return math.ceil(wait) if wait > 0 else 0


def too_many_requests(request: HttpRequest, retry_after: int) -> HttpResponse:
    """The Chinese 429 page, with Retry-After in seconds."""
    minutes = max(1, math.ceil(retry_after / 60))
    response = render(request, "429.html", {"retry_minutes": minutes}, status=429)
    response["Retry-After"] = str(max(1, retry_after))
    return response


def rate_limited(
    scope: str,
    *,
    rate_setting: str,
    methods: tuple[str, ...] = ("POST",),
    on_limit: Callable[[HttpRequest, str], None] | None = None,
) -> Callable:
    """Limit a view per client address: each request in ``methods`` spends one token.

    ``rate_setting`` names a setting holding ``(count, seconds)``; it is read per request.
    ``on_limit(request, scope)`` is told of each refused request (to record a flood).
    """
    if not hasattr(settings, rate_setting):
        raise ImproperlyConfigured(f"rate_limited({scope!r}): there is no setting {rate_setting}.")

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def limited(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method in methods:
                wait = take(scope, request, getattr(settings, rate_setting))
                if wait:
                    if on_limit is not None:
                        on_limit(request, scope)
                    return too_many_requests(request, wait)
            return view(request, *args, **kwargs)

        return limited

    return decorator


def purge_idle_buckets(now: datetime | None = None) -> int:
    """Delete buckets idle for a day (they are full again); returns how many went."""
    cutoff = (now or timezone.now()) - IDLE_BUCKET_AGE
    deleted, _per_model = TokenBucket.objects.filter(updated__lt=cutoff).delete()
    return deleted
