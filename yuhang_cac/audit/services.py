"""Writing audit events. Every view of personal data, export and unmasking calls this."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import HttpRequest

from yuhang_cac.core.net import client_ip

from .models import AuditEvent


def record_event(
    kind: str,
    *,
    actor=None,
    target: models.Model | None = None,
    request: HttpRequest | None = None,
    detail: dict | None = None,
    actor_label: str = "",
) -> AuditEvent:
    """Append one audit event; ``request`` supplies the client address."""
    if actor is not None and not actor.is_authenticated:
        actor = None
    return AuditEvent.objects.create(
        kind=kind,
        actor=actor,
        actor_label=actor_label or (actor.get_username() if actor else ""),
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:200] if target is not None else "",
        ip_address=client_ip(request) if request is not None else None,
        detail=detail or {},
    )
