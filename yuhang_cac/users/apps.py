from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class UsersConfig(AppConfig):
    name = "yuhang_cac.users"
    label = "users"
    verbose_name = _("Users and organisations")

    def ready(self):
        from .roles import sync_roles_after_migrate

        # Permissions are created by post_migrate, so roles can only be synced
        # after it, never inside a data migration.
        post_migrate.connect(sync_roles_after_migrate, sender=self, dispatch_uid="users.sync_roles")
