from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Holiday(models.Model):
    """A day that breaks the weekday rule: a public holiday off, or a make-up working day (调休)."""

    class Kind(models.TextChoices):
        OFF = "off", _("Public holiday (off)")
        WORKDAY = "workday", _("Make-up working day")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=50, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("holiday or make-up day")
        verbose_name_plural = _("holiday calendar")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.name} ({self.get_kind_display()})"


class Deadline(models.Model):
    """A time limit counted in working days (docs/domain.md §7).

    Other apps point at a Deadline for each stage they time. The due date is
    stored and indexed so that sweeps select only what is due; it is written by
    ``workdays.services`` alone, and recomputed when the holiday table changes.
    """

    purpose = models.CharField(_("purpose"), max_length=50)
    start_date = models.DateField(_("start date"))
    days = models.PositiveSmallIntegerField(_("working days"))
    extension_days = models.PositiveSmallIntegerField(_("extension days"), default=0)
    suspension_days = models.PositiveSmallIntegerField(_("suspension days"), default=0)
    due_date = models.DateField(_("due date"))
    # Counted over a year missing from the holiday table: weekends alone.
    provisional = models.BooleanField(_("provisional"), default=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        indexes = [
            models.Index(
                fields=["due_date"], condition=models.Q(closed_at__isnull=True), name="deadline_open_due_idx"
            )
        ]

    def __str__(self):
        return f"{self.purpose} {self.due_date:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def is_overdue(self) -> bool:
        return self.is_open and timezone.localdate() > self.due_date

    @property
    def total_days(self) -> int:
        return self.days + self.extension_days + self.suspension_days


class DeadlineAdjustment(models.Model):
    """An extension or suspension of a deadline, with its reason."""

    class Kind(models.TextChoices):
        EXTENSION = "extension", _("Extension")
        SUSPENSION = "suspension", _("Suspension")

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="adjustments")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    days = models.PositiveSmallIntegerField(_("working days"))
    reason = models.CharField(_("reason"), max_length=200)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    at = models.DateTimeField(_("time"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deadline adjustment")
        verbose_name_plural = _("deadline adjustments")
        ordering = ["at"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.days}: {self.reason}"
