from django.utils import timezone

from yuhang_cac.users.roles import Role
from yuhang_cac.workdays.calendar import missing_years

from .lists import kept_until_changed
from .models import DemoData
from .navigation import nav_for


def shell(request):
    """What base.html needs on every page: the menu and the banners."""
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    return {
        "nav_items": nav_for(user, request.path) if signed_in else [],
        "demo_data": kept_until_changed(("demo-data",), DemoData.objects.exists),
        "calendar_missing_years": missing_years(timezone.localdate())
        if signed_in and user.role == Role.SYSADMIN
        else [],
    }
