"""Sign-in events from django.contrib.auth, written to the audit log."""

from .models import AuditEvent
from .services import record_event


def on_login(sender, request, user, **kwargs):
    record_event(AuditEvent.Kind.LOGIN, actor=user, request=request)


def on_logout(sender, request, user, **kwargs):
    if user is not None:
        record_event(AuditEvent.Kind.LOGOUT, actor=user, request=request)


def on_login_failed(sender, credentials, request=None, **kwargs):
    record_event(
        AuditEvent.Kind.LOGIN_FAILED,
        request=request,
        actor_label=str(credentials.get("username", ""))[:150],
    )


def on_locked_out(sender, request, username, ip_address, **kwargs):
    record_event(
        AuditEvent.Kind.LOCKED_OUT, request=request, actor_label=str(username or "")[:150], detail={}
    )
