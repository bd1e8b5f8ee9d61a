"""Official documents (公文): numbered, frozen when issued, voided by a correction, never changed.

A document belongs to any object of any app (a summons case, a blacklist entry) through a
generic relation; the owning app adds ``GenericRelation(Document, content_type_field="owner_type",
object_id_field="owner_id")`` to list its documents. The PDF bytes are stored once, privately,
with their SHA-256: printing again serves exactly those bytes.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class DocumentQuerySet(models.QuerySet):
    def of(self, owner: models.Model):
        """The documents issued for ``owner``, newest first (through ``document_owner_idx``)."""
        owner_type = ContentType.objects.get_for_model(owner)
        return self.filter(owner_type=owner_type, owner_id=owner.pk).order_by("-issued_at", "-id")


class Document(models.Model):
    class Status(models.TextChoices):
        ISSUED = "issued", _("Issued")
        VOID = "void", _("Void")

    TRANSITIONS = {Status.ISSUED: {Status.VOID}, Status.VOID: set()}

    owner_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    owner_id = models.PositiveBigIntegerField()
    owner = GenericForeignKey("owner_type", "owner_id")
    series = models.CharField(_("series"), max_length=16)
    year = models.PositiveSmallIntegerField(_("year"))
    serial = models.PositiveIntegerField(_("serial number"))
    number = models.CharField(_("document number"), max_length=50, unique=True)
    title = models.CharField(_("title"), max_length=200)
    addressee = models.CharField(_("addressee"), max_length=200, blank=True)
    article = models.PositiveSmallIntegerField(_("article applied"))
    template_name = models.CharField(_("template"), max_length=200)
    path = models.CharField(_("stored file"), max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("size in bytes"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("issued by"), on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(_("issued at"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ISSUED)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("voided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True)
    void_reason = models.TextField(_("reason for voiding"), blank=True)
    corrected_by = models.OneToOneField(
        "self",
        verbose_name=_("corrected by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrects",
    )
    history = HistoricalRecords()

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("official document")
        verbose_name_plural = _("official documents")
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["series", "year", "serial"], name="document_serial_unique"),
            # A void document says when, by whom and why; an issued one carries none of it.
            models.CheckConstraint(
                condition=Q(status="issued", voided_at__isnull=True, voided_by__isnull=True)
                | (Q(status="void", voided_at__isnull=False, voided_by__isnull=False) & ~Q(void_reason="")),
                name="document_void_is_explained",
            ),
        ]
        indexes = [
            models.Index(fields=["owner_type", "owner_id", "-issued_at", "-id"], name="document_owner_idx"),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    def can_become(self, status: str) -> bool:
        return status in self.TRANSITIONS[self.status]

    @property
    def is_void(self) -> bool:
        return self.status == self.Status.VOID
