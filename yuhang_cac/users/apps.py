from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class UsersConfig(AppConfig):
    name = "yuhang_cac.users"
    label = "users"
    verbose_name = _("Users and organisations")

    def ready(self):
        from django.contrib.auth.models import Group, Permission

        from yuhang_cac.core.lists import track_counts

        from .models import Organisation, User
        from .roles import sync_roles_after_migrate

        # The registry's liaison-organisation filter; users are the queue's assignees (a sign-in,
        # which writes only last_login, changes nothing a list shows).
        track_counts(Organisation)
        track_counts(User, ignoring=("last_login",))
        # Permissions are kept between requests (PortalBackend): every change to them drops them.
        track_counts(
            Group, Permission, Group.permissions.through, User.groups.through, User.user_permissions.through
        )

        # Permissions are created by post_migrate, so roles can only be synced
        # after it, never inside a data migration.
        post_migrate.connect(sync_roles_after_migrate, sender=self, dispatch_uid="users.sync_roles")
