from datetime import datetime

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ReferenceQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def visible_to(self, user):
        """Reference data holds nothing personal: every signed-in user may read it."""
        return self if user.is_authenticated else self.none()


class ReferenceModel(models.Model):
    """A code + name table that administrators extend without a migration (docs/plugging-in.md).

    Platforms, streets, the Art.5 taxonomy, and later grounds, measures and departments. Rows are
    retired (``is_active``), never deleted: records and their history point at them. A long
    name (an article's wording) has a ``short_name`` for lists; the code goes in a tooltip.
    """

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(
        _("short name"), max_length=30, blank=True, help_text=_("Shown in lists; empty: the name.")
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["sort_order", "code"]

    def __str__(self):
        return self.name

    @property
    def label(self) -> str:
        return self.short_name or self.name


class SiteText(models.Model):
    """A block of public text that administrators edit, such as the reporting channels on ``/``."""

    key = models.SlugField(_("key"), max_length=50, unique=True)
    title = models.CharField(_("title"), max_length=100)
    body = models.TextField(
        _("text"),
        help_text=_(
            "Plain text; a blank line starts a new paragraph. Web addresses and phone numbers become links."
        ),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("public text")
        verbose_name_plural = _("public texts")
        ordering = ["key"]

    def __str__(self):
        return self.title


class DemoData(models.Model):
    """Present once demo data has been loaded: every page then says so."""

    loaded_at = models.DateTimeField(_("loaded at"), auto_now=True)

    class Meta:
        verbose_name = _("demo data marker")
        verbose_name_plural = _("demo data marker")

    def __str__(self):
        return f"{self.loaded_at:%Y-%m-%d %H:%M}"


class DocumentCounter(models.Model):
    """The last number issued in a series per year (report numbers, notice numbers)."""

    series = models.CharField(_("series"), max_length=20)
    year = models.PositiveSmallIntegerField(_("year"))
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("document counter")
        verbose_name_plural = _("document counters")
        constraints = [models.UniqueConstraint(fields=["series", "year"], name="document_counter_unique")]

    def __str__(self):
        return f"{self.series}-{self.year}: {self.last}"


class TokenBucket(models.Model):
    """What one client has left of one rate limit (``yuhang_cac.core.ratelimit``).

    ``value`` is a keyed hash of the scope and the client address, never the address itself
    (docs/domain.md §8). ``tokens`` counts the requests still allowed; it refills continuously at
    ``capacity`` per ``period``. Traffic state, not a record: no history.
    """

    value = models.CharField(_("key"), max_length=64, unique=True)
    tokens = models.FloatField(_("tokens"))
    updated = models.DateTimeField(_("updated at"))

    class Meta:
        verbose_name = _("rate-limit bucket")
        verbose_name_plural = _("rate-limit buckets")
        indexes = [models.Index(fields=["updated"], name="core_tokenbucket_updated")]

    def __str__(self):
        return self.value[:12]

    def level(self, capacity: int, period: int, now: datetime) -> float:
        """Tokens available at ``now``: what was left plus what has refilled since, up to capacity."""
        refilled = max((now - self.updated).total_seconds(), 0.0) * capacity / period
        return min(float(capacity), self.tokens + refilled)

    @classmethod
    def take(cls, value: str, capacity: int, period: int, now: datetime) -> float:
        """Take one token: 0 when allowed, otherwise the seconds until one is back.

        The row is locked for the read-modify-write, so concurrent requests on PostgreSQL
        cannot both spend the last token; SQLite serialises writers (IMMEDIATE transactions).
        """
        with transaction.atomic():
            bucket, _created = cls.objects.select_for_update().get_or_create(
                value=value, defaults={"tokens": float(capacity), "updated": now}
            )
            available = bucket.level(capacity, period, now)
            if available < 1.0:
                return (1.0 - available) * period / capacity
            bucket.tokens, bucket.updated = available - 1.0, now
            bucket.save(update_fields=["tokens", "updated"])
            return 0.0

    @classmethod
    def wait(cls, value: str, capacity: int, period: int, now: datetime) -> float:
        """Like ``take`` but spending nothing: the seconds until a request would be allowed."""
        bucket = cls.objects.filter(value=value).first()
        available = float(capacity) if bucket is None else bucket.level(capacity, period, now)
        return 0.0 if available >= 1.0 else (1.0 - available) * period / capacity


class SpentToken(models.Model):
    """A single-use token that has been used (``yuhang_cac.core.singleuse``).

    ``value`` is a keyed hash of the scope and the token. A row is kept until the token would
    have expired anyway, then purged with the idle rate-limit buckets.
    """

    value = models.CharField(_("key"), max_length=64, unique=True)
    expires_at = models.DateTimeField(_("expires at"))

    class Meta:
        verbose_name = _("spent token")
        verbose_name_plural = _("spent tokens")
        indexes = [models.Index(fields=["expires_at"], name="core_spenttoken_expires")]

    def __str__(self):
        return self.value[:12]


class RecusableAssignmentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(recused_at__isnull=True)

    def recused(self):
        return self.filter(recused_at__isnull=False)

    def has_recused(self, user) -> bool:
        """Whether ``user`` has stepped aside here before: they are not given it again."""
        return self.recused().filter(evaluator=user).exists()


class RecusableAssignment(models.Model):
    """Work given to one evaluator, who may declare a conflict of interest and step aside.

    Shared by the rectification evaluations of 约谈 cases (Art.14) and the appraisal of
    accounts (Art.20–21): the evaluator, who assigned them and when, and the declared conflict
    with the moment of recusal. A recused assignment stays as the record of the conflict.
    """

    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("evaluator"),
        on_delete=models.PROTECT,
        related_name="%(app_label)s_%(class)s_set",
    )
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(_("assigned at"), default=timezone.now)
    recused_at = models.DateTimeField(_("recused at"), null=True, blank=True)
    conflict = models.CharField(_("declared conflict of interest"), max_length=300, blank=True)

    objects = RecusableAssignmentQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_recused(self) -> bool:
        return self.recused_at is not None
