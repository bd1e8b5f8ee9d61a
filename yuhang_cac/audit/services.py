"""Writing audit events. Every view of personal data, export and unmasking calls this."""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import HttpRequest
from django.utils import timezone

from yuhang_cac.core.net import client_ip

from .models import AuditEvent

VIEW_KINDS = {AuditEvent.Kind.PERSONAL_DATA_VIEWED, AuditEvent.Kind.HISTORY_VIEWED}
VIEW_WINDOW = timedelta(minutes=1)


def _same_view(kind: str, actor, target: models.Model) -> AuditEvent | None:
    return (
        AuditEvent.objects.filter(
            kind=kind,
            actor=actor,
            target_type=ContentType.objects.get_for_model(target),
            target_id=str(target.pk),
            at__gte=timezone.now() - VIEW_WINDOW,
        )
        .order_by()
        .first()
    )


def record_event(
    kind: str,
    *,
    actor=None,
    target: models.Model | None = None,
    request: HttpRequest | None = None,
    detail: dict | None = None,
    actor_label: str = "",
) -> AuditEvent:
    """Append one audit event; ``request`` supplies the client address.

    A view of the same object by the same user within VIEW_WINDOW is the same look: a page
    and the images it loads, or a reload, write one row, not one per request.
    """
    if actor is not None and not actor.is_authenticated:
        actor = None
    if kind in VIEW_KINDS and target is not None and actor is not None:
        earlier = _same_view(kind, actor, target)
        if earlier is not None:
            return earlier
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
