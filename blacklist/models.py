"""The management blacklist of Art.15 (管理名单, DOMAIN.md §6).

An entry is proposed (by an officer, or by the repeat-offender job), the account is told the
reasons, the basis and its right to state a defence within a window of working days, the
defence is recorded and answered, a leader decides, and only then is the account listed, for
a period between the severity's minimum and maximum in calendar months. A listing ends early
after an application with a written commitment, the association's evaluation and a leader's
approval (never before the minimum period), or at the maximum period. The list is internal:
it is never published; partner departments ask it through the look-up (``blacklist.lookup``).

Every change goes through ``blacklist.services``.
"""

import calendar
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from simple_history.models import HistoricalRecords

from accounts.models import Account, Operator, Platform, Violation
from reports.models import Report
from summons.models import Case
from yuhang_cac.core.models import ReferenceModel
from yuhang_cac.users.models import Organisation
from yuhang_cac.users.roles import CAC_ROLES
from yuhang_cac.workdays.models import Deadline
from yuhang_cac.workdays.stages import DeadlineStage, DeadlineStages


def add_months(day: date, months: int) -> date:
    """``day`` plus calendar ``months``; the 31st becomes the last day of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class Severity(ReferenceModel):
    """How serious a listing is, with its minimum and maximum period in calendar months (一般, 严重)."""

    min_months = models.PositiveSmallIntegerField(_("minimum period (months)"))
    max_months = models.PositiveSmallIntegerField(_("maximum period (months)"))
    history = HistoricalRecords()

    class Meta(ReferenceModel.Meta):
        verbose_name = _("severity")
        verbose_name_plural = _("severities (management list)")
        constraints = [
            models.CheckConstraint(
                condition=Q(min_months__gt=0) & Q(max_months__gte=models.F("min_months")),
                name="severity_period_in_order",
            ),
        ]


class Department(ReferenceModel):
    """A department that joins the restriction of preferential policies (Art.15) and may look the list up."""

    history = HistoricalRecords()

    class Meta(ReferenceModel.Meta):
        verbose_name = _("partner department")
        verbose_name_plural = _("partner departments (Art.15)")


class EntryQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The list is internal to the office: CAC staff only (Art.15)."""
        if user.is_authenticated and user.role in CAC_ROLES:
            return self
        return self.none()

    def live(self):
        """Entries still under way or in force: proposed, told, awaiting approval or listed."""
        return self.filter(status__in=Entry.LIVE_STATUSES)

    def listed_on(self, day: date):
        return self.filter(status=Entry.Status.LISTED, listed_on__lte=day)

    def reaching_maximum(self, day: date):
        """Listings whose maximum period has ended by ``day``: through the partial index."""
        return self.filter(status=Entry.Status.LISTED, max_until__lte=day)


class Entry(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        NOTIFIED = "notified", _("Notice served")
        PENDING = "pending", _("Awaiting approval")
        LISTED = "listed", _("Listed")
        LIFTED = "lifted", _("Removed from the list")
        WITHDRAWN = "withdrawn", _("Not listed")

    class Ground(models.TextChoices):
        REPEATED = "repeated", _("Repeatedly published or reposted illegal information")
        REFUSED = "refused", _("Refused to rectify")

    class Origin(models.TextChoices):
        OFFICER = "officer", _("Proposed by an officer")
        JOB = "job", _("Proposed by the repeat-offender check")

    class LiftReason(models.TextChoices):
        EARLY = "early", _("Removed early after rectification")
        EXPIRED = "expired", _("Maximum period reached")

    class ServiceMethod(models.TextChoices):
        IN_PERSON = "in_person", _("Delivered in person")
        POST = "post", _("By registered post")
        ELECTRONIC = "electronic", _("Electronically")
        LEFT = "left", _("Left at the address")

    LIVE_STATUSES = (Status.PROPOSED, Status.NOTIFIED, Status.PENDING, Status.LISTED)
    # DOMAIN.md §6: every move is one service in blacklist.services; nothing is listed
    # without a leader's decision.
    TRANSITIONS = {
        Status.PROPOSED: {Status.NOTIFIED, Status.WITHDRAWN},
        Status.NOTIFIED: {Status.PENDING, Status.WITHDRAWN},
        Status.PENDING: {Status.LISTED, Status.WITHDRAWN},
        Status.LISTED: {Status.LIFTED},
        Status.LIFTED: set(),
        Status.WITHDRAWN: set(),
    }
    HISTORY_HIDDEN_FIELDS = ("defence_deadline",)
    # The one working-day clock: the account's window to state a defence after the notice is served.
    # Its reminders go to the officer who proposed the entry (else every officer).
    DEADLINES = DeadlineStages(
        DeadlineStage(
            "defence",
            "defence_deadline",
            (Status.NOTIFIED,),
            gettext_noop("hear the defence"),
            assignee_field="proposed_by",
        ),
    )

    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.PROTECT, related_name="blacklist_entries"
    )
    # The operator when proposed and again when listed: an account's operator may change later.
    operator = models.ForeignKey(
        Operator,
        verbose_name=_("operator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="blacklist_entries",
    )
    operator_name = models.CharField(_("operator name"), max_length=200, blank=True)
    operator_credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED)
    ground = models.CharField(_("ground"), max_length=20, choices=Ground.choices)
    facts = models.TextField(_("facts and reasons"))
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    severity = models.ForeignKey(Severity, verbose_name=_("severity"), on_delete=models.PROTECT)
    min_months = models.PositiveSmallIntegerField(_("minimum period (months)"))
    max_months = models.PositiveSmallIntegerField(_("maximum period (months)"))
    violations = models.ManyToManyField(
        Violation, verbose_name=_("violations"), blank=True, related_name="blacklist_entries"
    )
    cases = models.ManyToManyField(
        Case, verbose_name=_("summons cases"), blank=True, related_name="blacklist_entries"
    )
    reports = models.ManyToManyField(
        Report, verbose_name=_("reports"), blank=True, related_name="blacklist_entries"
    )
    origin = models.CharField(_("proposed by"), max_length=10, choices=Origin.choices, default=Origin.OFFICER)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    # The notice (告知书) and its service; the defence window runs from the day it was served.
    service_method = models.CharField(
        _("how it was served"), max_length=20, choices=ServiceMethod.choices, blank=True
    )
    served_on = models.DateField(_("served on"), null=True, blank=True)
    received_by = models.CharField(_("received by"), max_length=100, blank=True)
    defence_deadline = models.OneToOneField(
        Deadline,
        verbose_name=_("defence window"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="blacklist_entry",
    )
    defence_waived = models.BooleanField(_("no defence stated"), default=False)
    defence = models.TextField(_("defence stated"), blank=True)
    defence_received_on = models.DateField(_("defence received on"), null=True, blank=True)
    defence_answer = models.TextField(_("the office's answer"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("leader's note"), blank=True)
    listed_on = models.DateField(_("listed on"), null=True, blank=True)
    min_until = models.DateField(_("earliest removal"), null=True, blank=True)
    max_until = models.DateField(_("removed at the latest"), null=True, blank=True)
    # How many times this account and this operator have been listed, this listing included.
    account_times = models.PositiveSmallIntegerField(_("times the account was listed"), default=0)
    operator_times = models.PositiveSmallIntegerField(_("times the operator was listed"), default=0)
    repeated = models.BooleanField(_("listed repeatedly"), default=False)
    lifted_on = models.DateField(_("removed on"), null=True, blank=True)
    lift_reason = models.CharField(
        _("why it was removed"), max_length=10, choices=LiftReason.choices, blank=True
    )
    lift_note = models.TextField(_("removal note"), blank=True)
    withdrawn_note = models.TextField(_("why it was not listed"), blank=True)
    history = HistoricalRecords(m2m_fields=[violations, cases, reports])

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("management list entry")
        verbose_name_plural = _("management list entries")
        ordering = ["-proposed_at", "-pk"]
        indexes = [
            models.Index(fields=["-proposed_at", "-id"], name="entry_proposed_idx"),
            models.Index(fields=["status", "-proposed_at"], name="entry_status_idx"),
            models.Index(fields=["account", "status"], name="entry_account_idx"),
            models.Index(fields=["operator_credit_code", "status"], name="entry_credit_code_idx"),
            models.Index(fields=["max_until"], condition=Q(status="listed"), name="entry_listed_max_idx"),
        ]
        constraints = [
            # One entry under way or in force per account; a new ground joins it.
            models.UniqueConstraint(
                fields=["account"],
                condition=Q(status__in=["proposed", "notified", "pending", "listed"]),
                name="entry_one_live_per_account",
            ),
            models.CheckConstraint(
                condition=~Q(status="listed") | (Q(listed_on__isnull=False) & ~Q(legal_basis="")),
                name="entry_listed_has_period_and_basis",
            ),
        ]
        permissions = [
            ("process_entry", _("Can propose and carry management list entries")),
            ("approve_entry", _("Can decide on listing and early removal")),
        ]

    def __str__(self):
        return _("%(account)s (management list)") % {"account": self.account.name}

    def get_absolute_url(self):
        return reverse("blacklist:detail", args=[self.pk])

    def can_become(self, status: str) -> bool:
        return status in self.TRANSITIONS[self.status]

    @property
    def number(self) -> str:
        return f"MD{self.pk:05d}"


class LiftApplication(models.Model):
    """An application to end a listing early: the written commitment, the association's evaluation
    and the leader's decision (Art.15: those who rectify actively may have the punishment ended)."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("Awaiting evaluation")
        EVALUATED = "evaluated", _("Evaluated: rectified")
        FAILED = "failed", _("Evaluated: not rectified")
        APPROVED = "approved", _("Removal approved")
        REFUSED = "refused", _("Removal refused")

    OPEN_STATUSES = (Status.APPLIED, Status.EVALUATED)

    entry = models.ForeignKey(
        Entry, verbose_name=_("management list entry"), on_delete=models.PROTECT, related_name="applications"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.APPLIED)
    commitment = models.TextField(_("written commitment"))
    received_on = models.DateField(_("received on"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), on_delete=models.PROTECT, related_name="+"
    )
    evaluator = models.ForeignKey(
        Organisation,
        verbose_name=_("evaluated by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    evaluation = models.TextField(_("evaluation"), blank=True)
    evaluated_on = models.DateField(_("evaluated on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("leader's note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("application for early removal")
        verbose_name_plural = _("applications for early removal")
        ordering = ["received_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["entry"],
                condition=Q(status__in=["applied", "evaluated"]),
                name="application_one_open_per_entry",
            ),
        ]

    def __str__(self):
        return f"{self.entry} {self.received_on:%Y-%m-%d}"


class JointNotice(models.Model):
    """A joint-restriction notice to a department or a platform about an account listed repeatedly,
    and its reply (Art.15: restriction of preferential policies together with other departments)."""

    entry = models.ForeignKey(
        Entry, verbose_name=_("management list entry"), on_delete=models.PROTECT, related_name="joint_notices"
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    platform = models.ForeignKey(
        Platform,
        verbose_name=_("platform"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    document = models.OneToOneField(
        "documents.Document",
        verbose_name=_("document"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("issued by"), on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    reply = models.TextField(_("reply"), blank=True)
    replied_on = models.DateField(_("replied on"), null=True, blank=True)
    reply_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reply recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("joint-restriction notice")
        verbose_name_plural = _("joint-restriction notices")
        ordering = ["issued_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(department__isnull=True, platform__isnull=False)
                | Q(department__isnull=False, platform__isnull=True),
                name="joint_notice_one_addressee",
            ),
            models.UniqueConstraint(
                fields=["entry", "department"],
                condition=Q(department__isnull=False),
                name="joint_notice_once_per_department",
            ),
            models.UniqueConstraint(
                fields=["entry", "platform"],
                condition=Q(platform__isnull=False),
                name="joint_notice_once_per_platform",
            ),
        ]

    def __str__(self):
        return f"{self.entry} → {self.addressee}"

    @property
    def addressee(self):
        return self.department or self.platform


class LookupToken(models.Model):
    """A partner department's key to ``/api/lookup/``: shown once when issued, kept only as a hash."""

    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="tokens"
    )
    label = models.CharField(_("label"), max_length=100, blank=True)
    prefix = models.CharField(_("beginning of the token"), max_length=8, editable=False)
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("issued at"), default=timezone.now, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("look-up token")
        verbose_name_plural = _("look-up tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.department}（{self.prefix}…）"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class Watermark(models.Model):
    """How far the repeat-offender job has read each source table, so it reads only what is new."""

    name = models.CharField(_("name"), max_length=30, unique=True)
    last_id = models.BigIntegerField(_("last id read"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("job watermark")
        verbose_name_plural = _("job watermarks")

    def __str__(self):
        return f"{self.name}: {self.last_id}"
