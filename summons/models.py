"""约谈 cases (Art.11–14): the notice, the meeting record, the rectification and its evaluation,
and the escalation of Art.13 with the upper-level CAC's reply.

Every change goes through ``summons.services``; the case status is a state machine
(``Case.TRANSITIONS``) and overdue is derived from the rectification deadline at read time.
"""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, pgettext_lazy
from simple_history.models import HistoricalRecords

from accounts.models import Account, ProhibitedContent
from reports.models import Report
from yuhang_cac.core.models import RecusableAssignment, ReferenceModel
from yuhang_cac.users.roles import CAC_ROLES, Role
from yuhang_cac.workdays.models import Deadline
from yuhang_cac.workdays.stages import DeadlineStage, DeadlineStages


class Ground(ReferenceModel):
    """The six grounds of Art.12 on which an account is summoned (G1–G6)."""

    history = HistoricalRecords()

    class Meta(ReferenceModel.Meta):
        verbose_name = _("summons ground")
        verbose_name_plural = _("summons grounds (Art.12)")


class Department(ReferenceModel):
    """A department notified when a case is escalated (Art.13): public security, press, culture."""

    history = HistoricalRecords()

    class Meta(ReferenceModel.Meta):
        verbose_name = _("department notified")
        verbose_name_plural = _("departments notified (Art.13)")


class Measure(ReferenceModel):
    """A measure of Art.13 requested of the upper-level CAC, and the account status it sets."""

    account_status = models.CharField(
        _("account status while in force"), max_length=20, choices=Account.Status.choices
    )
    history = HistoricalRecords()

    class Meta(ReferenceModel.Meta):
        verbose_name = _("measure")
        verbose_name_plural = _("measures (Art.13)")


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user):
        """CAC staff see every case; an evaluator only the cases assigned to them (Art.14)."""
        if not user.is_authenticated:
            return self.none()
        if user.role in CAC_ROLES:
            return self
        if user.role in (Role.ASSOCIATION, Role.EXPERT):
            assigned = EvaluatorAssignment.objects.filter(
                case=OuterRef("pk"), evaluator=user, recused_at=None
            )
            return self.filter(Exists(assigned))
        return self.none()

    def open(self):
        return self.exclude(status=Case.Status.CLOSED)

    def overdue(self, today=None):
        """Past a running deadline, or moved to the escalation queue as overdue; whether or not
        the sweep has run yet."""
        return self.filter(overdue_q(today or timezone.localdate()))

    def not_overdue(self, today=None):
        return self.exclude(overdue_q(today or timezone.localdate()))


def overdue_q(today) -> Q:
    """Cases late on ``today``: derived from ``Case.DEADLINES`` when read, never stored."""
    return Case.DEADLINES.overdue_q(today) | Q(status=Case.Status.OVERDUE)


class Case(models.Model):
    class Status(models.TextChoices):
        OPENED = "opened", _("Opened")
        NOTIFIED = "notified", _("Notice issued")
        MET = "met", _("Summons held")
        RECTIFYING = "rectifying", _("Rectifying")
        SUBMITTED = "submitted", _("Rectification submitted")
        EVALUATING = "evaluating", _("Being evaluated")
        PASSED = "passed", _("Rectification adequate")
        FAILED = "failed", _("Rectification inadequate")
        OVERDUE = "overdue", _("Rectification overdue")
        ABSENT = "absent", _("Did not attend")
        ESCALATED = "escalated", _("Escalated")
        CLOSED = "closed", pgettext_lazy("summons case", "Closed")

    # DOMAIN.md §6: every move is one service in summons.services. Art.13: an account that does
    # not attend, does not rectify in time or rectifies inadequately is escalated.
    TRANSITIONS = {
        Status.OPENED: {Status.NOTIFIED, Status.CLOSED},
        Status.NOTIFIED: {Status.MET, Status.ABSENT, Status.CLOSED},
        Status.MET: {Status.RECTIFYING},
        Status.RECTIFYING: {Status.SUBMITTED, Status.OVERDUE},
        Status.SUBMITTED: {Status.EVALUATING},
        Status.EVALUATING: {Status.PASSED, Status.FAILED, Status.SUBMITTED},
        Status.PASSED: {Status.CLOSED},
        Status.FAILED: {Status.ESCALATED},
        Status.OVERDUE: {Status.ESCALATED},
        Status.ABSENT: {Status.ESCALATED},
        Status.ESCALATED: {Status.CLOSED, Status.FAILED, Status.OVERDUE, Status.ABSENT},
        Status.CLOSED: set(),
    }
    ESCALATION_GROUNDS = (Status.FAILED, Status.OVERDUE, Status.ABSENT)
    HISTORY_HIDDEN_FIELDS = ("rectification_deadline", "evaluation_deadline")
    # The clocks of a case: the account rectifies within the record's working days (Art.11), the
    # evaluator of Art.14 evaluates within SUMMONS_EVALUATION_DAYS. Overdue and reminders derive from this.
    RECTIFY = DeadlineStage(
        "rectify", "rectification_deadline", (Status.RECTIFYING,), gettext_noop("rectify")
    )
    EVALUATE = DeadlineStage(
        "evaluate",
        "evaluation_deadline",
        (Status.EVALUATING,),
        gettext_noop("evaluate the rectification"),
        assignee_field="evaluator",
    )
    DEADLINES = DeadlineStages(RECTIFY, EVALUATE)

    number = models.CharField(_("case number"), max_length=20, unique=True)
    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.PROTECT, related_name="summons_cases"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPENED)
    grounds = models.ManyToManyField(Ground, verbose_name=_("grounds (Art.12)"))
    categories = models.ManyToManyField(
        ProhibitedContent, verbose_name=_("prohibited content (Art.5)"), blank=True
    )
    facts = models.TextField(_("facts"))
    reports = models.ManyToManyField(
        Report, verbose_name=_("reports"), blank=True, related_name="summons_cases"
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officer in charge"),
        on_delete=models.PROTECT,
        related_name="summons_cases",
    )
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    rectification_deadline = models.OneToOneField(
        Deadline, on_delete=models.PROTECT, null=True, blank=True, related_name="summons_case"
    )
    # The evaluator of the assignment in force (EvaluatorAssignment keeps every assignment) and
    # the deadline they evaluate by; both empty while no one is assigned.
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("evaluator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="summons_evaluations",
    )
    evaluation_deadline = models.OneToOneField(
        Deadline, on_delete=models.PROTECT, null=True, blank=True, related_name="summons_evaluation"
    )
    # Art.6: the account corrected the content and apologised publicly.
    public_apology = models.BooleanField(_("corrected with a public apology"), default=False)
    closing_note = models.TextField(_("closing note"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    history = HistoricalRecords(m2m_fields=[grounds, categories, reports])

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("summons case")
        verbose_name_plural = _("summons cases")
        ordering = ["-opened_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "-opened_at"], name="case_status_opened_idx"),
            models.Index(fields=["officer", "status"], name="case_officer_status_idx"),
            models.Index(fields=["-opened_at", "-id"], name="case_opened_idx"),
        ]
        constraints = [
            # One open case per account: a new report joins it (DOMAIN.md §6).
            models.UniqueConstraint(
                fields=["account"], condition=~Q(status="closed"), name="case_one_open_per_account"
            ),
        ]
        permissions = [
            ("process_case", _("Can open and carry summons cases")),
            ("approve_escalation", _("Can approve escalation requests")),
            ("evaluate_rectification", _("Can evaluate rectifications assigned to them")),
        ]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("summons:detail", args=[self.pk])

    def can_become(self, status: str) -> bool:
        return status in self.TRANSITIONS[self.status]

    @property
    def current_deadline(self) -> Deadline | None:
        return self.DEADLINES.current(self)

    @property
    def is_overdue(self) -> bool:
        if self.status == self.Status.OVERDUE:
            return True
        deadline = self.current_deadline
        return bool(deadline and deadline.is_overdue)

    @property
    def may_escalate(self) -> bool:
        return self.can_become(self.Status.ESCALATED) or (
            self.status == self.Status.RECTIFYING and self.is_overdue
        )


class Notice(models.Model):
    """约谈通知书: when and where, who attends, why; and the proof that it was served."""

    class ServiceMethod(models.TextChoices):
        IN_PERSON = "in_person", _("Delivered in person")
        POST = "post", _("By registered post")
        ELECTRONIC = "electronic", _("Electronically")
        LEFT = "left", _("Left at the address")

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="notice")
    meeting_at = models.DateTimeField(_("time of the summons"))
    place = models.CharField(_("place"), max_length=200)
    participants = models.TextField(_("who is summoned"))
    reason = models.TextField(_("reason for the summons"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    service_method = models.CharField(
        _("how it was served"), max_length=20, choices=ServiceMethod.choices, blank=True
    )
    served_at = models.DateTimeField(_("served at"), null=True, blank=True)
    served_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("served by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    received_by = models.CharField(_("received by"), max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("summons notice")
        verbose_name_plural = _("summons notices")

    def __str__(self):
        return f"{self.case} {timezone.localtime(self.meeting_at):%Y-%m-%d %H:%M}"

    @property
    def is_served(self) -> bool:
        return self.served_at is not None


class MeetingRecord(models.Model):
    """约谈记录: who met, what was found, what must be rectified by when, and how it ended."""

    class Outcome(models.TextChoices):
        SIGNED = "signed", _("Signed by the account side")
        REFUSED_TO_SIGN = "refused_to_sign", _("The account side refused to sign")
        ABSENT = "absent", _("The account side did not attend")

    MIN_OFFICERS = 2

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="record")
    held_at = models.DateTimeField(_("held at"))
    place = models.CharField(_("place"), max_length=200)
    attendees = models.TextField(_("attendees for the account"), blank=True)
    problems = models.TextField(_("problems found"), blank=True)
    rectification_items = models.TextField(_("rectification required"), blank=True)
    deadline_days = models.PositiveSmallIntegerField(_("working days to rectify"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("summons record")
        verbose_name_plural = _("summons records")
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="absent") | Q(deadline_days__gt=0),
                name="record_attended_has_deadline",
            ),
        ]

    def __str__(self):
        return f"{self.case} {timezone.localtime(self.held_at):%Y-%m-%d}"


class MeetingOfficer(models.Model):
    """An officer who conducted the summons, with the number of their enforcement certificate."""

    record = models.ForeignKey(MeetingRecord, on_delete=models.CASCADE, related_name="officers")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("officer"), on_delete=models.PROTECT, related_name="+"
    )
    certificate_number = models.CharField(_("enforcement certificate number"), max_length=30)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("summoning officer")
        verbose_name_plural = _("summoning officers")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["record", "officer"], name="meeting_officer_once"),
        ]

    def __str__(self):
        return f"{self.officer}（{self.certificate_number}）"


class Rectification(models.Model):
    """The account's rectification report, entered by the officer who received it."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="rectification")
    text = models.TextField(_("rectification report"))
    received_on = models.DateField(_("received on"))
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(_("entered at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rectification")
        verbose_name_plural = _("rectifications")

    def __str__(self):
        return f"{self.case} {self.received_on:%Y-%m-%d}"


class RectificationFile(models.Model):
    """A re-encoded image attached to the rectification, stored outside any public URL."""

    rectification = models.ForeignKey(Rectification, on_delete=models.CASCADE, related_name="files")
    path = models.CharField(max_length=200, unique=True)
    content_type = models.CharField(max_length=30)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rectification file")
        verbose_name_plural = _("rectification files")
        ordering = ["pk"]

    def __str__(self):
        return self.original_name or self.path


class EvaluatorAssignment(RecusableAssignment):
    """Art.14: the rectification goes to association staff of the liaison organisation or an expert.

    An evaluator who declares a conflict of interest is recused and the case waits for another.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assignments")
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("evaluator"),
        on_delete=models.PROTECT,
        related_name="summons_assignments",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evaluator assignment")
        verbose_name_plural = _("evaluator assignments")
        ordering = ["assigned_at", "pk"]
        indexes = [
            models.Index(
                fields=["evaluator", "case"],
                condition=Q(recused_at__isnull=True),
                name="assignment_active_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(recused_at__isnull=True), name="assignment_one_active_per_case"
            ),
        ]

    def __str__(self):
        return f"{self.case} → {self.evaluator}"


class Evaluation(models.Model):
    """The evaluator's verdict on the rectification: adequate (合格) or not (不合格), with reasons."""

    class Result(models.TextChoices):
        PASSED = "passed", _("Adequate")
        FAILED = "failed", _("Inadequate")

    assignment = models.OneToOneField(
        EvaluatorAssignment, on_delete=models.CASCADE, related_name="evaluation"
    )
    result = models.CharField(_("result"), max_length=10, choices=Result.choices)
    reasons = models.TextField(_("reasons"))
    evaluated_at = models.DateTimeField(_("evaluated at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rectification evaluation")
        verbose_name_plural = _("rectification evaluations")

    def __str__(self):
        return f"{self.assignment.case} {self.get_result_display()}"


class EscalationQuerySet(models.QuerySet):
    def measures_ending(self, today=None):
        """Measures in force whose period ended before ``today``: through the partial index."""
        today = today or timezone.localdate()
        return self.filter(status=Escalation.Status.REPLIED, period_end__lt=today)


class Escalation(models.Model):
    """Art.13: notices to departments and a measure requested of the upper-level CAC.

    A leader approves the request; the reply is recorded; only then does the account's status change,
    and it changes back when the measure's period ends.
    """

    class Status(models.TextChoices):
        PREPARED = "prepared", _("Awaiting approval")
        APPROVED = "approved", _("Approved, awaiting reply")
        REJECTED = "rejected", _("Not approved")
        REPLIED = "replied", _("Reply recorded")
        ENDED = "ended", _("Measure period ended")

    LIVE_STATUSES = (Status.PREPARED, Status.APPROVED, Status.REPLIED)
    TRANSITIONS = {
        Status.PREPARED: {Status.APPROVED, Status.REJECTED},
        Status.APPROVED: {Status.REPLIED},
        Status.REJECTED: set(),
        Status.REPLIED: {Status.ENDED},
        Status.ENDED: set(),
    }

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="escalations")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PREPARED)
    # The case status that led to escalation, restored when the leader does not approve.
    grounds_status = models.CharField(_("escalated because"), max_length=20, choices=Case.Status.choices)
    reason = models.TextField(_("reasons for escalation"))
    departments = models.ManyToManyField(Department, verbose_name=_("departments notified"), blank=True)
    measure_requested = models.ForeignKey(
        Measure, verbose_name=_("measure requested"), on_delete=models.PROTECT, related_name="+"
    )
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    prepared_at = models.DateTimeField(_("prepared at"), default=timezone.now)
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
    reply_number = models.CharField(_("reply document number"), max_length=50, blank=True)
    measure_granted = models.ForeignKey(
        Measure,
        verbose_name=_("measure granted"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    period_start = models.DateField(_("measure from"), null=True, blank=True)
    period_end = models.DateField(_("measure until"), null=True, blank=True)
    # What the account's status was before the measure, to restore when its period ends.
    status_before = models.CharField(
        _("account status before"), max_length=20, choices=Account.Status.choices, blank=True
    )
    replied_at = models.DateTimeField(_("reply recorded at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("measure ended at"), null=True, blank=True)
    history = HistoricalRecords(m2m_fields=[departments])

    objects = EscalationQuerySet.as_manager()

    class Meta:
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        ordering = ["prepared_at", "pk"]
        indexes = [
            models.Index(
                fields=["period_end"], condition=Q(status="replied"), name="escalation_in_force_idx"
            ),
            models.Index(fields=["status", "prepared_at"], name="escalation_status_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(status__in=["prepared", "approved", "replied"]),
                name="escalation_one_live_per_case",
            ),
            models.CheckConstraint(
                condition=Q(period_end__isnull=True)
                | Q(period_start__isnull=True)
                | Q(period_end__gte=models.F("period_start")),
                name="escalation_period_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.case} {self.measure_requested}"

    def can_become(self, status: str) -> bool:
        return status in self.TRANSITIONS[self.status]
