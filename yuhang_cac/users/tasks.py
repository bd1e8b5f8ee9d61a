from celery import shared_task

from .services import clear_expired_sessions as clear


@shared_task
def clear_expired_sessions() -> int:
    """Remove sessions past their expiry or idle limit; run hourly, harmless when run twice."""
    return clear()
