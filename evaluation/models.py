"""Training, daily assessment and the yearly appraisal (Art.9–10, 18–21; DOMAIN.md §3, §6).

A scheme per year holds the five dimensions of Art.21 with their weights and the grade bands;
a period enrols accounts, draws experts to assess them, collects scores per dimension and,
once a leader publishes it, sets each account's grade in the registry. Every write goes
through ``evaluation.services``; the arithmetic is in ``evaluation.scoring``.
"""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from accounts.models import Account, LiaisonScopedQuerySet, Operator, Person
from yuhang_cac.core.models import RecusableAssignment, ReferenceModel
from yuhang_cac.users.models import Organisation
from yuhang_cac.users.roles import CAC_ROLES, Role

# The names of the grades of Art.20's 分级分类 (DOMAIN.md §3), beside the registry's letters.
GRADE_NAMES = {
    Account.Grade.A: pgettext_lazy("grade", "A Excellent"),
    Account.Grade.B: pgettext_lazy("grade", "B Good"),
    Account.Grade.C: pgettext_lazy("grade", "C Pass"),
    Account.Grade.D: pgettext_lazy("grade", "D Fail"),
}


# --- Reference tables ----------------------------------------------------------------------------


class Dimension(ReferenceModel):
    """One of the five dimensions of Art.21 on which an account is appraised."""

    history = HistoricalRecords()

    class Meta(ReferenceModel.Meta):
        verbose_name = _("appraisal dimension")
        verbose_name_plural = _("appraisal dimensions (Art.21)")


class TrainingTopic(ReferenceModel):
    """What a training event is about (Art.9, 19): content editing, professional ethics, network literacy…"""

    history = HistoricalRecords()

    class Meta(ReferenceModel.Meta):
        verbose_name = _("training topic")
        verbose_name_plural = _("training topics")


class ObservationCategory(ReferenceModel):
    """What a daily-assessment observation is about (Art.20)."""

    history = HistoricalRecords()

    class Meta(ReferenceModel.Meta):
        verbose_name = _("observation category")
        verbose_name_plural = _("observation categories")


# --- Schemes (Art.20–21) ---------------------------------------------------------------------------


class Scheme(models.Model):
    """The appraisal scheme of a year, versioned: a period keeps the version it used.

    A version that a period uses is frozen; a change is a new version of the same year.
    """

    year = models.PositiveSmallIntegerField(_("year"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    title = models.CharField(_("title"), max_length=100)
    guidance = models.TextField(_("guidance"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("appraisal scheme")
        verbose_name_plural = _("appraisal schemes")
        ordering = ["-year", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["year", "version"], name="scheme_unique_year_version"),
        ]

    def __str__(self):
        return _("%(title)s (version %(version)s)") % {"title": self.title, "version": self.version}

    def get_absolute_url(self):
        return reverse("evaluation:scheme", args=[self.pk])

    @property
    def is_frozen(self) -> bool:
        return self.periods.exists()


class SchemeDimension(models.Model):
    """A dimension as a scheme weighs it: its weight in per cent, the highest score, the guidance."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="dimensions")
    dimension = models.ForeignKey(Dimension, verbose_name=_("dimension"), on_delete=models.PROTECT)
    weight = models.DecimalField(_("weight (%)"), max_digits=5, decimal_places=2)
    max_score = models.DecimalField(
        _("highest score"),
        max_digits=5,
        decimal_places=1,
        default=Decimal(100),
        validators=[MinValueValidator(Decimal(1))],
    )
    guidance = models.TextField(_("scoring guidance"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("scheme dimension")
        verbose_name_plural = _("scheme dimensions")
        ordering = ["dimension__sort_order", "dimension__code"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "dimension"], name="scheme_dimension_once"),
        ]

    def __str__(self):
        return f"{self.dimension.label} {self.weight}%"


class GradeBand(models.Model):
    """The lowest total that earns a grade in a scheme (A 优秀, B 良好, C 合格, D 不合格)."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="bands")
    grade = models.CharField(_("grade"), max_length=1, choices=Account.Grade.choices)
    min_total = models.DecimalField(_("lowest total"), max_digits=5, decimal_places=1)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("grade band")
        verbose_name_plural = _("grade bands")
        ordering = ["grade"]
        constraints = [models.UniqueConstraint(fields=["scheme", "grade"], name="grade_band_once")]

    def __str__(self):
        return f"{self.grade} ≥ {self.min_total}"

    @property
    def grade_name(self) -> str:
        return str(GRADE_NAMES[self.grade])


# --- Training (Art.9, 10, 19) ---------------------------------------------------------------------


class OrganisationScopedQuerySet(models.QuerySet):
    """CAC roles see every record; association staff their own organisation's (Art.18)."""

    organisation_lookup = "organisation"

    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.role in CAC_ROLES:
            return self
        if user.role == Role.ASSOCIATION and user.organisation_id:
            return self.filter(**{self.organisation_lookup: user.organisation_id})
        return self.none()


class TrainingEventQuerySet(OrganisationScopedQuerySet):
    organisation_lookup = "organiser"


class TrainingEvent(models.Model):
    """A training held by the CAC or an association (Art.9, 19): topic, date, hours."""

    organiser = models.ForeignKey(
        Organisation, verbose_name=_("organiser"), on_delete=models.PROTECT, related_name="training_events"
    )
    title = models.CharField(_("title"), max_length=200)
    topic = models.ForeignKey(TrainingTopic, verbose_name=_("topic"), on_delete=models.PROTECT)
    held_on = models.DateField(_("held on"))
    hours = models.DecimalField(
        _("hours"), max_digits=4, decimal_places=1, validators=[MinValueValidator(Decimal("0.5"))]
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    history = HistoricalRecords()

    objects = TrainingEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("training event")
        verbose_name_plural = _("training events")
        ordering = ["-held_on", "-pk"]
        indexes = [
            models.Index(fields=["-held_on", "-id"], name="training_held_idx"),
            models.Index(fields=["organiser", "-held_on"], name="training_organiser_idx"),
        ]
        permissions = [("record_attendance", _("Can record training attendance"))]

    def __str__(self):
        return f"{self.held_on:%Y-%m-%d} {self.title}"

    def get_absolute_url(self):
        return reverse("evaluation:training", args=[self.pk])


class AttendanceQuerySet(models.QuerySet):
    def credited(self):
        """Attendance that counts towards a person's training hours."""
        return self.exclude(result=Attendance.Result.ABSENT)

    def hours(self) -> Decimal:
        return self.credited().aggregate(total=Sum("event__hours"))["total"] or Decimal(0)


class Attendance(models.Model):
    """A person at a training event, with the result; hours count unless the person was absent."""

    class Result(models.TextChoices):
        PASSED = "passed", _("Attended, passed")
        ATTENDED = "attended", _("Attended")
        FAILED = "failed", _("Attended, not passed")
        ABSENT = "absent", _("Absent")

    event = models.ForeignKey(TrainingEvent, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="training_attendance"
    )
    result = models.CharField(
        pgettext_lazy("training", "result"), max_length=10, choices=Result.choices, default=Result.ATTENDED
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("training attendance")
        verbose_name_plural = _("training attendance")
        ordering = ["person__name", "pk"]
        constraints = [models.UniqueConstraint(fields=["event", "person"], name="attendance_once")]

    def __str__(self):
        return f"{self.person} · {self.event}"


# --- Daily assessment (Art.20) --------------------------------------------------------------------


class Observation(models.Model):
    """A daily-assessment note on an account by association staff: positive or negative, with points."""

    class Kind(models.TextChoices):
        POSITIVE = "positive", _("Positive")
        NEGATIVE = "negative", _("Negative")

    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.PROTECT, related_name="observations"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    observed_on = models.DateField(_("observed on"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    points = models.PositiveSmallIntegerField(_("points"), validators=[MinValueValidator(1)])
    category = models.ForeignKey(
        ObservationCategory, verbose_name=pgettext_lazy("observation", "category"), on_delete=models.PROTECT
    )
    description = models.TextField(_("what was observed"))
    evidence = models.TextField(_("evidence"), blank=True, help_text=_("Links, screenshot names, dates."))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    history = HistoricalRecords()

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("daily-assessment observation")
        verbose_name_plural = _("daily-assessment observations")
        ordering = ["-observed_on", "-pk"]
        indexes = [
            models.Index(fields=["account", "kind", "observed_on"], name="observation_window_idx"),
            models.Index(fields=["-observed_on", "-id"], name="observation_date_idx"),
        ]

    def __str__(self):
        return f"{self.account.name} {self.observed_on:%Y-%m-%d} {self.get_kind_display()}"

    @property
    def signed_points(self) -> int:
        return self.points if self.kind == self.Kind.POSITIVE else -self.points


class FlagQuerySet(LiaisonScopedQuerySet):
    """Officers see every flag; association staff those on the accounts they liaise with."""

    liaison_lookup = "account__liaison_organisation"

    def current(self, today=None):
        """Flags raised within the daily-assessment window that ends today."""
        days = settings.EVALUATION_DAILY_WINDOW_DAYS
        return self.filter(raised_on__gt=(today or timezone.localdate()) - timedelta(days=days))


class DailyFlag(models.Model):
    """日常考核问题突出 (Art.12 ground G5): the account's negative points crossed the line in the window.

    Raised once per window by ``evaluation.services``, with its violation, and offered to officers.
    """

    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.PROTECT, related_name="daily_flags"
    )
    raised_on = models.DateField(_("raised on"))
    window_start = models.DateField(_("window from"))
    negative_points = models.PositiveIntegerField(_("negative points"))
    line = models.PositiveIntegerField(_("line"))
    violation = models.OneToOneField(
        "accounts.Violation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    objects = FlagQuerySet.as_manager()

    class Meta:
        verbose_name = _("daily-assessment flag")
        verbose_name_plural = _("daily-assessment flags")
        ordering = ["-raised_on", "-pk"]
        indexes = [models.Index(fields=["account", "-raised_on"], name="flag_account_idx")]

    def __str__(self):
        return f"{self.account.name} {self.raised_on:%Y-%m-%d}"


# --- The expert pool (Art.18) ---------------------------------------------------------------------


class ExpertQuerySet(models.QuerySet):
    def in_pool(self):
        return self.filter(in_pool=True, user__is_active=True, user__role=Role.EXPERT)

    def visible_to(self, user):
        return self if user.is_authenticated and user.role in CAC_ROLES else self.none()


class Expert(models.Model):
    """A third-party expert's profile in the pool: fields, employer, declared conflicts."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="expert"
    )
    fields = models.CharField(_("fields of expertise"), max_length=200)
    employer = models.CharField(_("employer"), max_length=200, blank=True)
    in_pool = models.BooleanField(_("in the pool"), default=True)
    history = HistoricalRecords()

    objects = ExpertQuerySet.as_manager()

    class Meta:
        verbose_name = _("expert")
        verbose_name_plural = _("expert pool")
        ordering = ["user__full_name", "pk"]

    def __str__(self):
        return str(self.user)

    def get_absolute_url(self):
        return reverse("evaluation:expert", args=[self.pk])


class DeclaredConflict(models.Model):
    """An expert's declared conflict with an operator or an account: they are never drawn for it."""

    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="conflicts")
    operator = models.ForeignKey(
        Operator,
        verbose_name=_("operator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("nature of the conflict"), max_length=300)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("declared conflict")
        verbose_name_plural = _("declared conflicts")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(operator__isnull=True, account__isnull=False)
                | Q(operator__isnull=False, account__isnull=True),
                name="conflict_operator_xor_account",
            ),
        ]

    def __str__(self):
        return str(self.account or self.operator)


# --- Periods (Art.20–21) --------------------------------------------------------------------------


class Period(models.Model):
    """An appraisal round under one scheme version: enrolled accounts, assessors, scores, grades."""

    class Status(models.TextChoices):
        OPEN = "open", _("Scoring")
        CONFIRMED = "confirmed", _("Confirmed")
        PUBLISHED = "published", _("Published")

    TRANSITIONS = {
        Status.OPEN: {Status.CONFIRMED},
        Status.CONFIRMED: {Status.PUBLISHED, Status.OPEN},
        Status.PUBLISHED: set(),
    }

    name = models.CharField(_("name"), max_length=100)
    scheme = models.ForeignKey(
        Scheme, verbose_name=_("scheme"), on_delete=models.PROTECT, related_name="periods"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(pgettext_lazy("appraisal", "opened at"), default=timezone.now)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("appraisal period")
        verbose_name_plural = _("appraisal periods")
        ordering = ["-opened_at", "-pk"]
        permissions = [
            ("manage_period", _("Can open periods, enrol accounts and draw assessors")),
            ("publish_period", _("Can confirm and publish appraisal results")),
            ("score_enrolment", _("Can score the accounts assigned to them")),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("evaluation:period", args=[self.pk])

    def can_become(self, status: str) -> bool:
        return status in self.TRANSITIONS[self.status]


class EnrolmentQuerySet(LiaisonScopedQuerySet):
    liaison_lookup = "account__liaison_organisation"

    def visible_to(self, user):
        """CAC roles all, association staff their liaison accounts, an expert only their assignments."""
        if user.is_authenticated and user.role == Role.EXPERT:
            return self.filter(assessments__evaluator=user, assessments__recused_at__isnull=True)
        return super().visible_to(user) if user.is_authenticated else self.none()

    def commended_public(self):
        return self.filter(commended=True, period__status=Period.Status.PUBLISHED)


class Enrolment(models.Model):
    """An account appraised in a period: its total and grade once scored, commendation once published."""

    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="enrolments")
    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.PROTECT, related_name="enrolments"
    )
    total = models.DecimalField(_("total score"), max_digits=5, decimal_places=1, null=True, blank=True)
    grade = models.CharField(_("grade"), max_length=1, choices=Account.Grade.choices, blank=True)
    commended = models.BooleanField(pgettext_lazy("appraisal", "commended"), default=False)
    history = HistoricalRecords()

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrolled account")
        verbose_name_plural = _("enrolled accounts")
        ordering = ["period", "account__name", "pk"]
        constraints = [models.UniqueConstraint(fields=["period", "account"], name="enrolment_once")]
        indexes = [models.Index(fields=["commended", "period"], name="enrolment_commended_idx")]

    def __str__(self):
        return f"{self.period} · {self.account.name}"

    def get_absolute_url(self):
        return reverse("evaluation:enrolment", args=[self.pk])

    @property
    def grade_name(self) -> str:
        return str(GRADE_NAMES[self.grade]) if self.grade else ""


class Draw(models.Model):
    """A random draw of an assessor from the pool: the candidates, the seed and who was drawn.

    Anyone can repeat it: the candidates in id order and ``random.Random(seed)`` give the result.
    """

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="draws")
    candidates = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("candidates"), related_name="+"
    )
    seed = models.BigIntegerField(_("seed"))
    result = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("drawn"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("reason for the redraw"), max_length=300, blank=True)
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    drawn_at = models.DateTimeField(_("drawn at"), default=timezone.now)
    history = HistoricalRecords(m2m_fields=[candidates])

    class Meta:
        verbose_name = _("assessor draw")
        verbose_name_plural = _("assessor draws")
        ordering = ["drawn_at", "pk"]

    def __str__(self):
        return f"{self.enrolment} → {self.result}"


class Assessment(RecusableAssignment):
    """The drawn expert's appraisal of one enrolled account; they may declare a conflict and step aside."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="assessments")
    draw = models.OneToOneField(Draw, on_delete=models.PROTECT, related_name="assessment")
    submitted_at = models.DateTimeField(_("scores submitted at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["assigned_at", "pk"]
        indexes = [
            models.Index(
                fields=["evaluator", "enrolment"],
                condition=Q(recused_at__isnull=True),
                name="assessment_active_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment"], condition=Q(recused_at__isnull=True), name="assessment_one_active"
            ),
        ]

    def __str__(self):
        return f"{self.enrolment} → {self.evaluator}"


class Score(models.Model):
    """The score of one dimension in an assessment, with the assessor's note."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    dimension = models.ForeignKey(SchemeDimension, verbose_name=_("dimension"), on_delete=models.PROTECT)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["dimension__dimension__sort_order", "pk"]
        constraints = [models.UniqueConstraint(fields=["assessment", "dimension"], name="score_once")]

    def __str__(self):
        return f"{self.dimension}: {self.score}"
