"""Today's date as the management list reads it: one place, so that a test can move the clock."""

from datetime import date

from django.utils import timezone


def today() -> date:
    return timezone.localdate()
