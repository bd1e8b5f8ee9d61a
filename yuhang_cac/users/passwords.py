"""The password policy beyond Django's own validators (docs/security.md, "Passwords").

GB/T 22239-2019 8.1.4.1 a) asks for complexity and regular replacement: at least
PASSWORD_MIN_CLASSES of the four character classes, at most PASSWORD_MAX_LENGTH characters
(longer ones are refused before hashing), and a new password every PASSWORD_MAX_AGE_DAYS.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def character_classes(password: str) -> int:
    """How many of lower case, upper case, digits and other characters the password uses."""
    return sum(
        [
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        ]
    )


class CharacterClassesValidator:
    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        if character_classes(password) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self):
        return ngettext(
            "Your password must mix at least %(count)d kind of character: lower case, "
            "upper case, digits, other characters.",
            "Your password must mix at least %(count)d kinds of character: lower case, "
            "upper case, digits, other characters.",
            self.min_classes,
        ) % {"count": self.min_classes}


class MaximumLengthValidator:
    def validate(self, password, user=None):
        if len(password) > settings.PASSWORD_MAX_LENGTH:
            raise ValidationError(self.get_help_text(), code="password_too_long")

    def get_help_text(self):
        return _("Your password may be at most %(max)d characters long.") % {
            "max": settings.PASSWORD_MAX_LENGTH
        }


class RotationValidator:
    """Remembers when a password was set, so that it can expire after PASSWORD_MAX_AGE_DAYS.

    Django calls ``password_changed`` after every save of a new password, whichever code set it.
    """

    def validate(self, password, user=None):
        return None

    def password_changed(self, password, user=None):
        if user is None or user.pk is None:
            return
        # Both fields are outside the user's history, so a plain update loses nothing.
        type(user).objects.filter(pk=user.pk).update(
            password_changed_at=timezone.now(), must_change_password=False
        )
        user.password_changed_at, user.must_change_password = timezone.now(), False

    def get_help_text(self):
        return _("Passwords are replaced every %(days)d days.") % {"days": settings.PASSWORD_MAX_AGE_DAYS}


def password_expired(user) -> bool:
    """A temporary password, or one older than PASSWORD_MAX_AGE_DAYS, must be replaced now."""
    if user.must_change_password:
        return True
    if user.password_changed_at is None:
        return False
    return timezone.now() - user.password_changed_at > timedelta(days=settings.PASSWORD_MAX_AGE_DAYS)
