from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from .models import AuditEvent


@shared_task
def purge_expired_audit_events() -> int:
    """Remove audit events past the retention period (at least 185 days, docs/domain.md §8)."""
    cutoff = timezone.now() - timedelta(days=settings.AUDIT_RETENTION_DAYS)
    return AuditEvent.objects.purge_older_than(cutoff)
