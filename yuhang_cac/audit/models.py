from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEventQuerySet(models.QuerySet):
    """Append-only: rows are never changed, and removed only by the retention purge."""

    def update(self, **kwargs):
        raise PermissionError("Audit events are append-only.")

    def delete(self):
        raise PermissionError("Audit events are append-only; use purge_older_than().")

    def purge_older_than(self, cutoff) -> int:
        deleted, _ = models.QuerySet.delete(self.filter(at__lt=cutoff))
        return deleted


class AuditEvent(models.Model):
    """A security-relevant event: sign-ins, exports, views and unmasking of personal data."""

    class Kind(models.TextChoices):
        LOGIN = "login", _("Signed in")
        LOGIN_FAILED = "login_failed", _("Failed sign-in")
        LOGOUT = "logout", _("Signed out")
        PASSWORD_CHANGED = "password_changed", _("Password changed")
        ROLE_CHANGED = "role_changed", _("Role changed")
        PERSONAL_DATA_VIEWED = "personal_data_viewed", _("Personal data viewed")
        UNMASKED = "unmasked", _("Personal data unmasked")
        EXPORTED = "exported", _("Data exported")
        HISTORY_VIEWED = "history_viewed", _("History viewed")
        LOCKED_OUT = "locked_out", _("Sign-in locked after failures")
        SECOND_FACTOR_FAILED = "otp_failed", _("Wrong verification code")
        SECOND_FACTOR_ENROLLED = "otp_enrolled", _("Authenticator set up")
        SECOND_FACTOR_RESET = "otp_reset", _("Authenticator reset")
        RECOVERY_CODE_USED = "recovery_code_used", _("Recovery code used")
        PASSWORD_RESET = "password_reset", _("Password reset")
        USER_CREATED = "user_created", _("User created")
        USER_DEACTIVATED = "user_deactivated", _("User deactivated")
        USER_ACTIVATED = "user_activated", _("User reactivated")
        USER_LOCKED = "user_locked", _("User locked")
        USER_UNLOCKED = "user_unlocked", _("User unlocked")
        SESSION_ENDED = "session_ended", _("Session ended")
        SESSION_EXPIRED = "session_expired", _("Session timed out")
        BREAK_GLASS = "break_glass", _("Emergency superuser access")
        PUBLIC_SCRIPT_REFUSED = "public_refused", _("Public form refused as scripted")
        PUBLIC_FLOOD = "public_flood", _("Public form flood")
        LIST_LOOKUP = "list_lookup", _("Management list looked up")

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("event"), max_length=30, choices=Kind.choices, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Kept as text too: a failed sign-in names a user who may not exist.
    actor_label = models.CharField(_("user name"), max_length=150, blank=True)
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(_("object"), max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_event_target_idx")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        # Append-only is an invariant of the table, not a business rule.
        if self.pk is not None:
            raise PermissionError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit events are append-only.")
