"""Single-use tokens: a signed token is accepted once, then refused until it has expired anyway."""

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from .crypto import lookup_hash
from .models import SpentToken


def spend(scope: str, token: str, *, lifetime: timedelta) -> bool:
    """Mark ``token`` used; False when it was used before (a replay)."""
    try:
        with transaction.atomic():
            SpentToken.objects.create(
                value=lookup_hash(f"singleuse:{scope}:{token}"), expires_at=timezone.now() + lifetime
            )
    except IntegrityError:
        return False
    return True


def purge_expired(now: datetime | None = None) -> int:
    deleted, _per_model = SpentToken.objects.filter(expires_at__lt=now or timezone.now()).delete()
    return deleted
