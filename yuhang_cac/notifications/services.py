"""Sending notifications. A job may run any number of times: each key reaches each user once."""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from .kinds import message_for
from .models import Notification


def notify(
    user, kind: str, obj: models.Model | None, key: str, *, context: dict | None = None, url: str = ""
) -> bool:
    """Notify ``user`` once per ``key``; returns whether a notification was created."""
    message = message_for(kind, context)
    _notification, created = Notification.objects.get_or_create(
        user=user,
        dedupe_key=key,
        defaults={
            "kind": kind,
            "message": message,
            "url": url,
            "target_type": ContentType.objects.get_for_model(obj) if obj is not None else None,
            "target_id": str(obj.pk) if obj is not None else "",
        },
    )
    return created


def notify_role(role: str, *, kind: str, key: str, obj=None, context=None, url: str = "") -> int:
    """Notify every active user holding ``role``; returns how many were new."""
    users = get_user_model().objects.filter(role=role, is_active=True)
    return sum(notify(user, kind, obj, key, context=context, url=url) for user in users)


def mark_read(user, *, pk: int | None = None) -> int:
    """Mark one of the user's notifications read, or all of them when ``pk`` is None."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if pk is not None:
        unread = unread.filter(pk=pk)
    return unread.update(read_at=timezone.now())
