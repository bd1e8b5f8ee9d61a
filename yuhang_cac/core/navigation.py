"""The navigation bar: each role sees only what it may use.

Each app adds its entry here when it lands; ``visible`` decides from the user's
permissions, never from the role name, so that roles.py stays the one source.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    label: Promise
    url_name: str
    visible: Callable


def _signed_in(user) -> bool:
    return user.is_authenticated


NAV_ITEMS = [
    NavItem(_("Dashboard"), "dashboard:index", _signed_in),
    NavItem(_("Self-media accounts"), "accounts:list", lambda user: user.has_perm("accounts.view_account")),
    NavItem(_("Reports"), "reports:list", lambda user: user.has_perm("reports.view_report")),
    NavItem(_("Summons cases"), "summons:list", lambda user: user.has_perm("summons.view_case")),
    NavItem(_("Management list"), "blacklist:list", lambda user: user.has_perm("blacklist.view_entry")),
    NavItem(
        _("Assessment and evaluation"),
        "evaluation:index",
        lambda user: (
            user.has_perm("evaluation.view_trainingevent") or user.has_perm("evaluation.view_period")
        ),
    ),
    NavItem(_("Audit log"), "audit:list", lambda user: user.has_perm("audit.view_auditevent")),
    NavItem(_("User security"), "security:users", lambda user: user.has_perm("users.manage_user_security")),
    NavItem(_("Administration"), "admin:index", lambda user: user.is_staff),
]


def nav_for(user, current_path: str) -> list[dict]:
    items = []
    for item in NAV_ITEMS:
        if item.visible(user):
            url = reverse(item.url_name)
            items.append({"label": item.label, "url": url, "active": current_path.startswith(url)})
    return items
