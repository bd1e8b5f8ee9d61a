from django.conf import settings
from django.http import Http404
from django.http.request import split_domain_port

from .net import from_trusted_proxy


def normalised_host(host: str) -> str:
    """A host name as DNS compares it: case-insensitive, without the root's trailing dot or a port."""
    domain, _port = split_domain_port(host)
    return domain.lower().rstrip(".")


def is_public_host(request) -> bool:
    public = {normalised_host(h) for h in settings.PUBLIC_HOSTS}
    return normalised_host(request.get_host()) in public


class HostSplitMiddleware:
    """On a PUBLIC_HOSTS host, every URL that is not a public page answers 404."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if is_public_host(request) and not getattr(view_func, "public_page", False):
            raise Http404
        return None


class ForwardedProtoMiddleware:
    """Drop X-Forwarded-Proto unless a trusted proxy sent the request (SECURE_PROXY_SSL_HEADER).

    Any client can write the header; Django would believe it and call a plain-HTTP request
    secure. Only the proxies in TRUSTED_PROXIES may say how the client connected.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not from_trusted_proxy(request):
            request.META.pop("HTTP_X_FORWARDED_PROTO", None)
        return self.get_response(request)
