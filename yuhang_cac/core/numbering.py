"""Document numbers: one gap-free sequence per series and year, safe under concurrent requests."""

from django.db import transaction

from .models import DocumentCounter


@transaction.atomic
def next_number(series: str, year: int) -> int:
    """The next number of ``series`` in ``year``; the counter row is locked until the caller commits."""
    DocumentCounter.objects.get_or_create(series=series, year=year)
    counter = DocumentCounter.objects.select_for_update().get(series=series, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last
