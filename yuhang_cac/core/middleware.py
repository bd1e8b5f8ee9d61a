from django.conf import settings
from django.http import Http404


class HostSplitMiddleware:
    """On a PUBLIC_HOSTS host, every URL that is not a public page answers 404."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        host = request.get_host().rsplit(":", 1)[0]
        if host in settings.PUBLIC_HOSTS and not getattr(view_func, "public_page", False):
            raise Http404
        return None
