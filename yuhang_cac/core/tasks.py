from celery import shared_task

from .ratelimit import purge_idle_buckets
from .singleuse import purge_expired


@shared_task
def purge_idle_rate_limits() -> int:
    """Delete rate-limit buckets nobody has used for a day (they would be full anyway) and
    spent single-use tokens past their expiry."""
    return purge_idle_buckets() + purge_expired()
