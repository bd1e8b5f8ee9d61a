"""The registry (docs/domain.md §4): people, operators, self-media accounts, practitioners, violations.

Reference tables (platforms, streets, content categories, the Art.5 taxonomy)
are data with a unique code, so administrators extend them without a migration.
All writes go through ``accounts.services``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from yuhang_cac.core.models import ReferenceModel, ReferenceQuerySet
from yuhang_cac.users.roles import CAC_ROLES, Role


class Platform(ReferenceModel):
    """A platform an account lives on; its stable id is what identifies the account there."""

    stable_id_hint = models.CharField(_("stable id hint"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta(ReferenceModel.Meta):
        verbose_name = _("platform")
        verbose_name_plural = _("platforms")


class StreetQuerySet(ReferenceQuerySet):
    def valid_on(self, day):
        """The streets and towns that existed in this form on ``day`` (and are not retired)."""
        return self.active().filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        )


class Street(ReferenceModel):
    """A street or town of Yuhang District, with the dates it existed in this form (the 2021 split)."""

    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    history = HistoricalRecords()

    objects = StreetQuerySet.as_manager()

    class Meta(ReferenceModel.Meta):
        verbose_name = _("street or town")
        verbose_name_plural = _("streets and towns")


class ContentCategory(ReferenceModel):
    """What an account is about (current affairs, food, travel…), used to filter the registry."""

    history = HistoricalRecords()

    class Meta(ReferenceModel.Meta):
        verbose_name = _("content category")
        verbose_name_plural = _("content categories")


class ProhibitedContentQuerySet(ReferenceQuerySet):
    def classified(self):
        """The items an officer may record: every item but the citizen's 不确定."""
        return self.exclude(code=ProhibitedContent.UNSURE)


class ProhibitedContent(ReferenceModel):
    """Art.5's prohibited content (P01–P11), a superset to which national items may be added.

    One row, ``UNSURE``, is the citizen's plain "其他 / 不确定": officers reclassify such a report
    before it can be found true, so no violation is ever recorded under it.
    """

    UNSURE = "P00"

    source = models.CharField(_("source"), max_length=100, blank=True)
    history = HistoricalRecords()

    objects = ProhibitedContentQuerySet.as_manager()

    class Meta(ReferenceModel.Meta):
        verbose_name = _("prohibited content item")
        verbose_name_plural = _("prohibited content (Art.5)")


class LiaisonScopedQuerySet(models.QuerySet):
    """CAC roles see the whole registry; association staff what reaches the accounts their
    organisation liaises with (Art.18); everyone else nothing."""

    # The lookup from this model to Account.liaison_organisation.
    liaison_lookup = ""

    def visible_to(self, user):
        if user.role in CAC_ROLES:
            return self
        if user.role == Role.ASSOCIATION and user.organisation_id:
            scoped = self.filter(**{self.liaison_lookup: user.organisation_id})
            # Through a reverse relation one row can match several accounts.
            return scoped.distinct() if "__" in self.liaison_lookup else scoped
        return self.none()


class PersonQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Personal files are for CAC roles only (docs/domain.md §8)."""
        return self if user.role in CAC_ROLES else self.none()


class Person(models.Model):
    """A natural person, held once; practitioners, individual operators and attendees point here."""

    class IdType(models.TextChoices):
        RESIDENT = "resident", _("Resident identity card")
        HMT_RESIDENCE = "hmt_residence", _("Residence permit for Hong Kong, Macao and Taiwan residents")
        FOREIGN_PR = "foreign_pr", _("Foreign permanent residence ID card")
        PASSPORT = "passport", _("Passport")

    HISTORY_MASKED_FIELDS = ("id_number_encrypted", "id_number_hash", "id_number_masked", "phone", "address")

    name = models.CharField(_("name"), max_length=50)
    id_type = models.CharField(_("ID type"), max_length=20, choices=IdType.choices, default=IdType.RESIDENT)
    id_number_encrypted = models.TextField(_("ID number (encrypted)"))
    id_number_hash = models.CharField(_("ID number look-up hash"), max_length=64, db_index=True)
    id_number_masked = models.CharField(_("ID number"), max_length=40)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["id_type", "id_number_hash"], name="person_unique_id_number"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("accounts:person", args=[self.pk])


class OperatorQuerySet(LiaisonScopedQuerySet):
    liaison_lookup = "accounts__liaison_organisation"


class Operator(models.Model):
    """运营主体: an organisation with a credit code, or an individual pointing to a Person (never both)."""

    class Kind(models.TextChoices):
        ORGANISATION = "organisation", _("Organisation")
        INDIVIDUAL = "individual", _("Individual")

    # An individual operator's contact and address are a natural person's data.
    HISTORY_MASKED_FIELDS = ("contact_name", "contact_phone", "address", "person")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200, db_index=True)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="operations",
    )
    contact_name = models.CharField(_("contact"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    objects = OperatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("operator")
        verbose_name_plural = _("operators")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="organisation", person__isnull=True) & ~Q(credit_code="")
                    | Q(kind="individual", person__isnull=False, credit_code="")
                ),
                name="operator_organisation_xor_person",
            ),
            models.UniqueConstraint(
                fields=["credit_code"], condition=~Q(credit_code=""), name="operator_unique_credit_code"
            ),
            models.UniqueConstraint(
                fields=["person"], condition=Q(person__isnull=False), name="operator_unique_person"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("accounts:operator", args=[self.pk])

    @property
    def is_individual(self) -> bool:
        return self.kind == self.Kind.INDIVIDUAL


class AccountQuerySet(LiaisonScopedQuerySet):
    liaison_lookup = "liaison_organisation"


class Account(models.Model):
    """A self-media account (互联网用户公众账号), identified by platform + the platform's stable id."""

    class Status(models.TextChoices):
        NORMAL = "normal", _("Normal")
        WARNED = "warned", _("Warning and rectification")
        RESTRICTED = "restricted", _("Publishing restricted")
        SUSPENDED = "suspended", _("Updates suspended")
        CLOSED = "closed", _("Closed")
        DEREGISTERED = "deregistered", _("Deregistered or moved away")
        PENDING = "pending", _("Pending verification")

    # Statuses kept by the registry itself. The others follow Art.13 measures and the
    # upper-level CAC's reply, and change only through set_account_status.
    REGISTRY_STATUSES = (Status.NORMAL, Status.PENDING, Status.DEREGISTERED)

    class Jurisdiction(models.TextChoices):
        YUHANG = "yuhang", _("Yuhang District")
        LINPING = "linping", _("Linping District")
        QIANTANG = "qiantang", _("Qiantang District")
        ELSEWHERE = "elsewhere", _("Elsewhere")

    class Grade(models.TextChoices):
        A = "A", _("Grade A")
        B = "B", _("Grade B")
        C = "C", _("Grade C")
        D = "D", _("Grade D")

    platform = models.ForeignKey(Platform, verbose_name=_("platform"), on_delete=models.PROTECT)
    stable_id = models.CharField(_("stable id"), max_length=100, blank=True)
    handle = models.CharField(_("handle"), max_length=100, blank=True)
    name = models.CharField(_("account name"), max_length=100)
    profile_url = models.URLField(_("profile URL"), max_length=500, blank=True)
    operator = models.ForeignKey(
        Operator,
        verbose_name=_("operator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accounts",
    )
    jurisdiction = models.CharField(
        _("registered in"), max_length=20, choices=Jurisdiction.choices, default=Jurisdiction.YUHANG
    )
    street = models.ForeignKey(
        Street, verbose_name=_("street or town"), on_delete=models.PROTECT, null=True, blank=True
    )
    liaison_organisation = models.ForeignKey(
        "users.Organisation",
        verbose_name=_("liaison organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="liaison_accounts",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NORMAL)
    grade = models.CharField(_("grade"), max_length=1, choices=Grade.choices, blank=True)
    content_categories = models.ManyToManyField(
        ContentCategory, verbose_name=_("content categories"), blank=True
    )
    # Art.7–8: content-review system, editor-responsibility system, dedicated editors.
    has_content_review = models.BooleanField(_("content review system in place"), default=False)
    has_editor_responsibility = models.BooleanField(_("editor responsibility system in place"), default=False)
    dedicated_editors = models.PositiveSmallIntegerField(_("dedicated editors"), default=0)
    followers = models.PositiveIntegerField(_("followers"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(m2m_fields=[content_categories])

    objects = AccountQuerySet.as_manager()

    class Meta:
        verbose_name = _("self-media account")
        verbose_name_plural = _("self-media accounts")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "stable_id"],
                condition=~Q(stable_id=""),
                name="account_unique_platform_id",
            ),
            # Only an account first known from a report may lack its operator or stable id.
            models.CheckConstraint(
                condition=Q(status="pending") | (Q(operator__isnull=False) & ~Q(stable_id="")),
                name="account_confirmed_has_operator_and_id",
            ),
            models.CheckConstraint(
                condition=~Q(jurisdiction="yuhang") | Q(street__isnull=False) | Q(status="pending"),
                name="account_yuhang_has_street",
            ),
        ]
        # The list's orderings (accounts/filters.py); on PostgreSQL the pinyin and followers
        # orderings and the trigram search indexes are added by migration 0004.
        indexes = [
            models.Index(fields=["status"], name="account_status_idx"),
            models.Index(fields=["handle"], name="account_handle_idx"),
            models.Index(fields=["-updated_at", "-id"], name="account_updated_idx"),
        ]
        permissions = [
            ("import_account", _("Can import accounts")),
            ("export_account", _("Can export accounts")),
        ]

    def __str__(self):
        return f"{self.name}（{self.platform}）"

    def get_absolute_url(self):
        return reverse("accounts:detail", args=[self.pk])

    @property
    def in_jurisdiction(self) -> bool:
        return self.jurisdiction == self.Jurisdiction.YUHANG


class AccountAliasQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(account__in=Account.objects.visible_to(user))


class AccountAlias(models.Model):
    """A former name or handle, with the dates it was used; searched like the current ones."""

    class Kind(models.TextChoices):
        NAME = "name", _("Former name")
        HANDLE = "handle", _("Former handle")

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="aliases")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    value = models.CharField(_("value"), max_length=100, db_index=True)
    used_from = models.DateField(_("used from"), null=True, blank=True)
    used_until = models.DateField(_("used until"), default=timezone.localdate)
    history = HistoricalRecords()

    objects = AccountAliasQuerySet.as_manager()

    class Meta:
        verbose_name = _("former name")
        verbose_name_plural = _("former names and handles")
        ordering = ["-used_until", "-pk"]

    def __str__(self):
        return self.value


class PractitionerQuerySet(LiaisonScopedQuerySet):
    liaison_lookup = "operator__accounts__liaison_organisation"


class Practitioner(models.Model):
    """A person working for an operator (Art.10): role, dates, 备案 filing, the accounts they work on."""

    class Role(models.TextChoices):
        PRINCIPAL = "principal", _("Person in charge")
        EDITOR = "editor", _("Editor")
        OPERATIONS = "operations", _("Operations")
        OTHER = "other", _("Other")

    class Filing(models.TextChoices):
        NOT_FILED = "not_filed", _("Not filed")
        FILED = "filed", _("Filed")

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="jobs"
    )
    operator = models.ForeignKey(
        Operator, verbose_name=_("operator"), on_delete=models.PROTECT, related_name="practitioners"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    filing_status = models.CharField(
        _("filing status"), max_length=20, choices=Filing.choices, default=Filing.NOT_FILED
    )
    filed_on = models.DateField(_("filed on"), null=True, blank=True)
    accounts = models.ManyToManyField(
        Account, verbose_name=_("accounts"), blank=True, related_name="practitioners"
    )
    history = HistoricalRecords(m2m_fields=[accounts])

    objects = PractitionerQuerySet.as_manager()

    class Meta:
        verbose_name = _("practitioner")
        verbose_name_plural = _("practitioners")
        ordering = ["operator", "person"]
        constraints = [
            models.CheckConstraint(
                condition=Q(filing_status="not_filed") | Q(filed_on__isnull=False),
                name="practitioner_filed_has_date",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
                name="practitioner_dates_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.person} · {self.operator}"


class PractitionerRecordQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A practitioner's file is personal data: CAC roles only (docs/domain.md §8)."""
        return self if user.role in CAC_ROLES else self.none()


class PractitionerRecord(models.Model):
    """A reward or punishment in a practitioner's file (Art.10)."""

    class Kind(models.TextChoices):
        REWARD = "reward", _("Reward")
        PUNISHMENT = "punishment", _("Punishment")

    practitioner = models.ForeignKey(Practitioner, on_delete=models.CASCADE, related_name="records")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("date"))
    description = models.CharField(_("description"), max_length=300)
    history = HistoricalRecords()

    objects = PractitionerRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("reward or punishment")
        verbose_name_plural = _("rewards and punishments")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return self.description


class ViolationQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(account__in=Account.objects.visible_to(user))


class Violation(models.Model):
    """One established violation of an account, unique per source; written only by services.

    Repeat-offender detection, evaluation and the account page all read this table.
    """

    class Source(models.TextChoices):
        REPORT = "report", _("Public report found true")
        CASE = "case", _("Summons case findings")
        ASSESSMENT = "assessment", _("Daily assessment")
        MANUAL = "manual", _("Recorded by an officer")

    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.PROTECT, related_name="violations"
    )
    occurred_on = models.DateField(_("date"), db_index=True)
    categories = models.ManyToManyField(ProhibitedContent, verbose_name=_("prohibited content"), blank=True)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    source_ref = models.CharField(_("source reference"), max_length=64)
    summary = models.TextField(_("summary"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[categories])

    objects = ViolationQuerySet.as_manager()

    class Meta:
        verbose_name = _("violation")
        verbose_name_plural = _("violations")
        ordering = ["-occurred_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["source", "source_ref"], name="violation_unique_source"),
        ]
        # The repeat-offender job reads again what was written shortly before its last run.
        indexes = [models.Index(fields=["created_at"], name="violation_created_idx")]

    def __str__(self):
        return f"{self.account} {self.occurred_on:%Y-%m-%d}"
