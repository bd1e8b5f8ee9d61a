from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission

from yuhang_cac.core.lists import kept_until_changed


class PortalBackend(ModelBackend):
    """Django's backend, refusing locked users and passwords too long to be worth hashing."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if password is not None and len(password) > settings.PASSWORD_MAX_LENGTH:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)

    def user_can_authenticate(self, user):
        # Also consulted by get_user(): a session of a user locked since is no longer signed in.
        return super().user_can_authenticate(user) and not getattr(user, "is_locked", False)

    def get_all_permissions(self, user_obj, obj=None):
        """The user's own and their groups' permissions in one query (Django's backend reads
        them in two), cached on the user object for the request as Django's is, and kept
        between requests like a list's count: any change to a user, a group or their
        permissions drops it once committed (users/apps.py)."""
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            user_obj._perm_cache = kept_until_changed(
                ("permissions", user_obj.pk, user_obj.is_superuser), lambda: _read_permissions(user_obj)
            )
        return user_obj._perm_cache


def _read_permissions(user) -> set[str]:
    """``app_label.codename`` of every permission the user holds, directly or through a group."""
    if user.is_superuser:
        permissions = Permission.objects.values_list("content_type__app_label", "codename")
    else:
        # Permission's default ordering is not allowed inside a UNION.
        own = Permission.objects.filter(user=user).order_by()
        of_groups = Permission.objects.filter(group__user=user).order_by()
        permissions = own.values_list("content_type__app_label", "codename").union(
            of_groups.values_list("content_type__app_label", "codename")
        )
    return {f"{app_label}.{codename}" for app_label, codename in permissions}
