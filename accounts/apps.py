from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Self-media registry")

    def ready(self):
        from yuhang_cac.core.lists import track_counts

        from .models import Account, AccountAlias, Operator

        # The registry list's cached counts change with accounts, their former names (searched),
        # their operators (searched) and their content categories (filtered).
        track_counts(Account, AccountAlias, Operator, Account.content_categories.through)
