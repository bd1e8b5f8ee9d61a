"""Public reports (举报, Art.22): what a citizen saw, the office's verification and handling.

The reporter's identity lives in ``ReporterContact``, a table without history
that only CAC roles read; the client address is never stored (docs/domain.md §8).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from simple_history.models import HistoricalRecords

from accounts.models import Account, Platform, ProhibitedContent
from yuhang_cac.users.roles import CAC_ROLES
from yuhang_cac.workdays.models import Deadline
from yuhang_cac.workdays.stages import DeadlineStage, DeadlineStages


class ReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Reports are CAC casework: officers and leaders only."""
        return self if user.is_authenticated and user.role in CAC_ROLES else self.none()

    def open(self):
        return self.exclude(status__in=Report.FINAL_STATUSES)

    def finished(self):
        return self.filter(status__in=Report.FINAL_STATUSES)

    def overdue(self, today=None):
        """Reports whose running deadline has passed: derived at read time, never stored."""
        return self.filter(Report.DEADLINES.overdue_q(today or timezone.localdate()))

    def not_overdue(self, today=None):
        return self.exclude(Report.DEADLINES.overdue_q(today or timezone.localdate()))


class Report(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Awaiting acceptance")
        ACCEPTED = "accepted", _("Accepted")
        REFUSED = "refused", _("Not accepted")
        VERIFYING = "verifying", _("Under verification")
        FOUND_TRUE = "found_true", _("Found true")
        FOUND_FALSE = "found_false", _("Not found true")
        HANDLING = "handling", _("Being handled")
        CLOSED = "closed", _("Concluded")
        MERGED = "merged", _("Merged into another report")

    class RefusalReason(models.TextChoices):
        DUPLICATE = "duplicate", _("Duplicate")
        OUT_OF_JURISDICTION = "out_of_jurisdiction", _("Outside Yuhang's jurisdiction")
        UNCLEAR = "unclear", _("Lead too unclear to verify")
        MALICIOUS = "malicious", _("Malicious report")

    # The workflow of docs/domain.md §6; every move is one service in reports.services.
    TRANSITIONS = {
        Status.SUBMITTED: {Status.ACCEPTED, Status.REFUSED, Status.MERGED},
        Status.ACCEPTED: {Status.VERIFYING, Status.MERGED},
        Status.VERIFYING: {Status.FOUND_TRUE, Status.FOUND_FALSE},
        Status.FOUND_TRUE: {Status.HANDLING, Status.CLOSED},
        Status.FOUND_FALSE: {Status.CLOSED},
        Status.HANDLING: {Status.CLOSED},
        Status.REFUSED: set(),
        Status.CLOSED: set(),
        Status.MERGED: set(),
    }
    FINAL_STATUSES = (Status.REFUSED, Status.CLOSED, Status.MERGED)

    # Which deadline runs in which status (Art.22: accept within 7 working days, verify within 15).
    # The current deadline, the overdue filter and the reminders all read this one table.
    DEADLINES = DeadlineStages(
        DeadlineStage("accept", "accept_deadline", (Status.SUBMITTED,), gettext_noop("accept it")),
        DeadlineStage(
            "verify", "verify_deadline", (Status.ACCEPTED, Status.VERIFYING), gettext_noop("verify it")
        ),
    )

    HISTORY_HIDDEN_FIELDS = ("accept_deadline", "verify_deadline")

    number = models.CharField(_("report number"), max_length=20, unique=True)
    receipt_hash = models.CharField(max_length=64)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now, db_index=True)

    # The account as the citizen saw it: never auto-completed from the registry.
    platform = models.ForeignKey(Platform, verbose_name=_("platform"), on_delete=models.PROTECT)
    reported_name = models.CharField(_("account name or handle"), max_length=100)
    reported_profile_url = models.URLField(_("account profile URL"), max_length=500, blank=True)
    content_url = models.URLField(_("content URL"), max_length=500, blank=True)
    category = models.ForeignKey(ProhibitedContent, verbose_name=_("category"), on_delete=models.PROTECT)
    description = models.TextField(_("what the reporter saw"))

    account = models.ForeignKey(
        Account,
        verbose_name=_("registry account"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_reports",
    )
    accept_deadline = models.OneToOneField(
        Deadline, on_delete=models.PROTECT, null=True, blank=True, related_name="report_accept"
    )
    verify_deadline = models.OneToOneField(
        Deadline, on_delete=models.PROTECT, null=True, blank=True, related_name="report_verify"
    )
    refusal_reason = models.CharField(_("reason"), max_length=30, choices=RefusalReason.choices, blank=True)
    referred_to = models.CharField(_("referred to"), max_length=100, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
    )
    public_reply = models.TextField(_("reply to the reporter"), blank=True)
    closed_at = models.DateTimeField(_("concluded at"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["receipt_hash"])

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["status", "submitted_at"], name="report_status_idx")]
        permissions = [
            ("process_report", _("Can accept, verify and handle reports")),
            ("view_reporter", _("Can see who reported")),
        ]

    def __str__(self):
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("reports:detail", args=[self.pk])

    # What a reporter sees: plain words, never internal detail (docs/domain.md §6).
    PUBLIC_STATUS = {
        Status.SUBMITTED: _("Received, awaiting acceptance"),
        Status.ACCEPTED: _("Accepted, being verified"),
        Status.VERIFYING: _("Accepted, being verified"),
        Status.FOUND_TRUE: _("Verified, being handled"),
        Status.FOUND_FALSE: _("Verified, being handled"),
        Status.HANDLING: _("Verified, being handled"),
        Status.CLOSED: _("Concluded"),
        Status.REFUSED: _("Not accepted"),
    }

    def can_become(self, status: str) -> bool:
        return status in self.TRANSITIONS[self.status]

    @property
    def public_status(self) -> str:
        return str(self.PUBLIC_STATUS.get(self.status, ""))

    @property
    def is_final(self) -> bool:
        return self.status in self.FINAL_STATUSES

    @property
    def current_deadline(self) -> Deadline | None:
        return self.DEADLINES.current(self)

    @property
    def is_overdue(self) -> bool:
        deadline = self.current_deadline
        return bool(deadline and deadline.is_overdue)


class ReporterContact(models.Model):
    """Who reported, if they said: CAC roles only, kept without history (docs/domain.md §8)."""

    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="contact")
    name = models.CharField(_("full name"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        verbose_name = _("reporter contact")
        verbose_name_plural = _("reporter contacts")

    def __str__(self):
        return self.name or self.phone or self.email


class EvidenceImage(models.Model):
    """A re-encoded evidence image, stored under a generated name outside any public URL."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="evidence")
    path = models.CharField(max_length=200, unique=True)
    content_type = models.CharField(max_length=30)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evidence image")
        verbose_name_plural = _("evidence images")
        ordering = ["pk"]

    def __str__(self):
        return self.original_name or self.path


class ReportAction(models.Model):
    """What the office did about a report found true (Art.22 handling)."""

    class Kind(models.TextChoices):
        FORWARD_PLATFORM = "forward_platform", _("Forwarded to the platform")
        OPEN_CASE = "open_case", _("Summons case opened")
        ASSESSMENT = "assessment", _("Noted for the daily assessment")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(_("action"), max_length=20, choices=Kind.choices)
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("time"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("handling action")
        verbose_name_plural = _("handling actions")
        ordering = ["at", "pk"]

    def __str__(self):
        return self.get_kind_display()


class ReportNote(models.Model):
    """An internal note: never shown to the reporter."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(_("note"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("time"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")
        ordering = ["at", "pk"]

    def __str__(self):
        return self.text[:40]
