"""The client's address, believing X-Forwarded-For only from TRUSTED_PROXIES (docs/domain.md §9)."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in settings.TRUSTED_PROXIES)


def client_ip(request: HttpRequest) -> str | None:
    """Walk X-Forwarded-For from the right while the hop is a trusted proxy."""
    address = request.META.get("REMOTE_ADDR") or None
    if address is None or not _trusted(address):
        return address
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    for hop in reversed(hops):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            return address
        address = hop
        if not _trusted(hop):
            break
    return address
