from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    """Django's admin, signing in through the portal's own sign-in (second factor and limits included)."""

    default_site = "yuhang_cac.core.adminsite.PortalAdminSite"
