"""Writes on users: a role decides the Group, and whether /admin/ opens."""

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext as _

from yuhang_cac.audit.services import record_event

from .models import User
from .roles import ADMIN_SITE_ROLES, Role


@transaction.atomic
def assign_role(user: User, role: str, *, by: User | None) -> User:
    """Give ``user`` exactly one role: its Group, and staff status for the admin roles."""
    user = User.objects.select_for_update().get(pk=user.pk)
    previous = user.role
    user.role = role
    user.is_staff = role in ADMIN_SITE_ROLES
    user._change_reason = _("Role changed to %(role)s") % {"role": Role(role).label if role else "—"}
    user.save(update_fields=["role", "is_staff"])
    user.groups.set(Group.objects.filter(name=role) if role else [])
    record_event("role_changed", actor=by, target=user, detail={"from": previous, "to": role})
    return user
