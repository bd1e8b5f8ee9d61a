"""The admin site behind the portal's sign-in.

Django's admin has its own login form, which would skip the second factor and the sign-in
limits. Here the admin's login URL sends a visitor to the portal's sign-in instead, and a
signed-in user whose role does not open the admin gets the portal's refusal page.
"""

from functools import update_wrapper

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _


class PortalAdminSite(admin.AdminSite):
    site_header = _("Yuhang Self-Media Regulation Portal")
    site_title = _("Yuhang Self-Media Regulation Portal")
    index_title = _("Administration")

    def has_permission(self, request):
        return super().has_permission(request) and request.user.is_verified()

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def guarded(request, *args, **kwargs):
            if not self.has_permission(request):
                return self.login(request)
            return inner(request, *args, **kwargs)

        return update_wrapper(guarded, inner)

    def login(self, request, extra_context=None):
        if request.user.is_authenticated:
            raise PermissionDenied
        return redirect_to_login(request.GET.get("next", request.get_full_path()), settings.LOGIN_URL)
