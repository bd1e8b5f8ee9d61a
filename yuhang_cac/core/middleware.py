from django.conf import settings
from django.http import Http404


class HostSplitMiddleware:
    """On a PUBLIC_HOSTS host, every URL that is not a public page answers 404."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.public_hosts = set(settings.PUBLIC_HOSTS)

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.get_host().split(":")[0] in self.public_hosts and not getattr(view_func, "public_page", False):
            raise Http404
        return None
