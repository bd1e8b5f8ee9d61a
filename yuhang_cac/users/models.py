from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .roles import Role


class Organisation(models.Model):
    """A body whose staff sign in: the district CAC, the Art.18 associations, third-party units."""

    class Kind(models.TextChoices):
        CAC = "cac", _("District CAC")
        ASSOCIATION = "association", _("Online social organisation")
        THIRD_PARTY = "third_party", _("Third-party unit")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # Art.18: the liaison system between the CAC and the social organisations.
    liaison_name = models.CharField(_("liaison contact"), max_length=50, blank=True)
    liaison_phone = models.CharField(_("liaison phone"), max_length=20, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["kind", "name"]

    def __str__(self):
        return self.name


class User(AbstractUser):
    """A person who signs in: CAC staff, association staff, experts and the three administrators."""

    full_name = models.CharField(_("full name"), max_length=50, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    # Set by the security administrator; a locked user cannot sign in until unlocked.
    is_locked = models.BooleanField(_("locked"), default=False)
    # A temporary password from the security administrator must be replaced at the next sign-in.
    must_change_password = models.BooleanField(_("must change password"), default=False)
    password_changed_at = models.DateTimeField(_("password changed"), null=True, blank=True)
    history = HistoricalRecords(
        excluded_fields=["password", "last_login", "must_change_password", "password_changed_at"]
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        permissions = [("manage_user_security", _("Can lock and unlock users and reset their passwords"))]

    def __str__(self):
        return self.full_name or self.username

    def has_role(self, *roles: str) -> bool:
        return self.is_authenticated and self.role in roles


class UserSession(models.Model):
    """A signed-in session of a user, so that it can be listed and ended (ASVS V3.3)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="signed_in_sessions")
    session_key = models.CharField(max_length=40, unique=True)
    started_at = models.DateTimeField(_("signed in"), auto_now_add=True)
    last_seen_at = models.DateTimeField(_("last active"), auto_now_add=True)
    # The browser, as it names itself; the address is kept in the audit log, not here.
    user_agent = models.CharField(_("browser"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("signed-in session")
        verbose_name_plural = _("signed-in sessions")
        ordering = ["-last_seen_at"]
        indexes = [models.Index(fields=["user", "-last_seen_at"], name="usersession_user_seen_idx")]

    def __str__(self):
        return f"{self.user} {self.started_at:%Y-%m-%d %H:%M}"
