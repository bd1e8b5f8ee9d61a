from celery import shared_task

from .ratelimit import purge_idle_buckets


@shared_task
def purge_idle_rate_limits() -> int:
    """Delete rate-limit buckets nobody has used for a day; they would be full anyway."""
    return purge_idle_buckets()
