"""Writes on users (三员分立: docs/security.md, "Separation of duties").

The system administrator creates and deactivates ordinary users; the security
administrator assigns roles, locks, unlocks and resets passwords and second factors. No
one changes their own role or status. Every change is an audit event, and a change that
takes something away ends the user's sessions.
"""

import secrets
import string
from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from yuhang_cac.audit.models import AuditEvent
from yuhang_cac.audit.services import record_event

from .models import Organisation, User, UserSession
from .roles import ADMIN_SITE_ROLES, Role


class UserSecurityError(Exception):
    """A change to a user that the rules of separation of duties refuse."""


def _lock_other(user: User, by: User | None) -> User:
    if by is not None and by.pk == user.pk:
        raise UserSecurityError(_("No one may change their own role or status."))
    return User.objects.select_for_update().get(pk=user.pk)


def _save(user: User, fields: list[str], *, by: User | None, reason: str) -> None:
    user._history_user = by
    user._change_reason = reason
    user.save(update_fields=fields)


@transaction.atomic
def assign_role(user: User, role: str, *, by: User | None) -> User:
    """Give ``user`` exactly one role: its Group, and staff status for the admin site."""
    user = _lock_other(user, by)
    previous = user.role
    if previous == role:
        return user
    user.role = role
    user.is_staff = role in ADMIN_SITE_ROLES
    _save(
        user,
        ["role", "is_staff"],
        by=by,
        reason=_("Role changed to %(role)s") % {"role": Role(role).label if role else "—"},
    )
    user.groups.set(Group.objects.filter(name=role) if role else [])
    record_event(AuditEvent.Kind.ROLE_CHANGED, actor=by, target=user, detail={"from": previous, "to": role})
    end_sessions(user)
    return user


@transaction.atomic
def create_user(
    *, username: str, full_name: str, email: str = "", organisation: Organisation | None, by: User
) -> User:
    """A new user with no role and no usable password: the security administrator gives both."""
    user = User(username=username, full_name=full_name, email=email, organisation=organisation)
    user.set_unusable_password()
    user._history_user = by
    user._change_reason = _("User created")
    user.save()
    record_event(AuditEvent.Kind.USER_CREATED, actor=by, target=user)
    return user


@transaction.atomic
def set_user_active(user: User, active: bool, *, by: User) -> User:
    """Deactivate a user (their sessions end) or bring them back."""
    user = _lock_other(user, by)
    if user.is_active == active:
        return user
    user.is_active = active
    _save(user, ["is_active"], by=by, reason=_("Reactivated") if active else _("Deactivated"))
    kind = AuditEvent.Kind.USER_ACTIVATED if active else AuditEvent.Kind.USER_DEACTIVATED
    record_event(kind, actor=by, target=user)
    if not active:
        end_sessions(user)
    return user


@transaction.atomic
def lock_user(user: User, *, by: User, reason: str) -> User:
    """Lock a user out (their sessions end) until the security administrator unlocks them."""
    user = _lock_other(user, by)
    if user.is_locked:
        return user
    user.is_locked = True
    _save(user, ["is_locked"], by=by, reason=_("Locked: %(reason)s") % {"reason": reason})
    record_event(AuditEvent.Kind.USER_LOCKED, actor=by, target=user, detail={"reason": reason})
    end_sessions(user)
    return user


@transaction.atomic
def unlock_user(user: User, *, by: User) -> User:
    """Lift a lock, and the sign-in limit's lockouts of the user name."""
    from axes.utils import reset

    user = _lock_other(user, by)
    reset(username=user.get_username())
    if user.is_locked:
        user.is_locked = False
        _save(user, ["is_locked"], by=by, reason=_("Unlocked"))
    record_event(AuditEvent.Kind.USER_UNLOCKED, actor=by, target=user)
    return user


def temporary_password() -> str:
    """A random password that meets the policy: 16 characters of all four classes."""
    alphabet = string.ascii_letters + string.digits
    core = "".join(secrets.choice(alphabet) for _ in range(12))
    upper, digit = secrets.choice(string.ascii_uppercase), secrets.randbelow(10)
    lower = secrets.choice("abcdefgh")
    return f"{core}-{upper}{digit}{lower}"


@transaction.atomic
def reset_password(user: User, *, by: User) -> str:
    """Give ``user`` a temporary password, to be replaced at the next sign-in; returns it once."""
    from axes.utils import reset

    user = _lock_other(user, by)
    password = temporary_password()
    user.set_password(password)
    _save(user, ["password"], by=by, reason=_("Password reset"))
    User.objects.filter(pk=user.pk).update(must_change_password=True)
    reset(username=user.get_username())
    record_event(AuditEvent.Kind.PASSWORD_RESET, actor=by, target=user)
    end_sessions(user)
    return password


@transaction.atomic
def reset_second_factor(user: User, *, by: User) -> User:
    """Remove the user's authenticator and recovery codes: they set up a new one at next sign-in."""
    user = _lock_other(user, by)
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    record_event(AuditEvent.Kind.SECOND_FACTOR_RESET, actor=by, target=user)
    end_sessions(user)
    return user


# --- Sessions ---------------------------------------------------------------------------------


def _session_store():
    return import_module(settings.SESSION_ENGINE).SessionStore


def start_session(request: HttpRequest, user: User) -> UserSession:
    """Remember a new signed-in session so that its user (or a lock) can end it."""
    request.session.save()
    return UserSession.objects.create(
        user=user,
        session_key=request.session.session_key,
        user_agent=request.headers.get("user-agent", "")[:200],
    )


def end_sessions(user: User, *, keep: str | None = None) -> int:
    """End every session of ``user`` (but ``keep``); returns how many ended."""
    sessions = UserSession.objects.filter(user=user).exclude(session_key=keep or "")
    keys = list(sessions.values_list("session_key", flat=True))
    store = _session_store()
    for key in keys:
        store(session_key=key).delete()
    sessions.delete()
    return len(keys)


def end_session(user: User, pk: int, *, request: HttpRequest) -> bool:
    """A user ends one of their own other sessions."""
    session = UserSession.objects.filter(user=user, pk=pk).exclude(session_key=request.session.session_key)
    key = session.values_list("session_key", flat=True).first()
    if key is None:
        return False
    _session_store()(session_key=key).delete()
    session.delete()
    record_event(AuditEvent.Kind.SESSION_ENDED, actor=user, request=request, detail={"session": pk})
    return True


def clear_expired_sessions(now=None) -> int:
    """Delete expired sessions, and the records of sessions idle past the limit or gone."""
    now = now or timezone.now()
    idle_since = now - timedelta(minutes=settings.SESSION_IDLE_MINUTES)
    for key in UserSession.objects.filter(last_seen_at__lt=idle_since).values_list("session_key", flat=True):
        _session_store()(session_key=key).delete()
    deleted, _per_model = UserSession.objects.filter(last_seen_at__lt=idle_since).delete()
    _session_store().clear_expired()
    return deleted
