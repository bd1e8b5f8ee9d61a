from django.conf import settings
from django.contrib.auth.backends import ModelBackend


class PortalBackend(ModelBackend):
    """Django's backend, refusing locked users and passwords too long to be worth hashing."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if password is not None and len(password) > settings.PASSWORD_MAX_LENGTH:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)

    def user_can_authenticate(self, user):
        # Also consulted by get_user(): a session of a user locked since is no longer signed in.
        return super().user_can_authenticate(user) and not getattr(user, "is_locked", False)
