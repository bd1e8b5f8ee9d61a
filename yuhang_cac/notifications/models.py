from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """A message to one user. The dedupe key makes every job's notice arrive once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=50)
    message = models.TextField(_("message"))
    url = models.CharField(_("link"), max_length=300, blank=True)
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    dedupe_key = models.CharField(_("dedupe key"), max_length=200)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "dedupe_key"], name="notification_unique_per_user_key")
        ]
        indexes = [
            models.Index(
                fields=["user", "created_at"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread_idx",
            )
        ]

    def __str__(self):
        return self.message[:60]
