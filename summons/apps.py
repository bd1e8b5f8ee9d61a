from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SummonsConfig(AppConfig):
    name = "summons"
    verbose_name = _("Summons cases")

    def ready(self):
        from accounts.panels import register_panel
        from yuhang_cac.core.lists import track_counts
        from yuhang_cac.dashboard.cards import register_card
        from yuhang_cac.notifications.kinds import register_kinds

        from . import documents
        from .kinds import KINDS
        from .models import Case
        from .selectors import account_panel, case_tiles

        track_counts(Case)  # the list's cached counts

        register_panel(
            "summons",
            _("Summons cases"),
            "summons/includes/_account_panel.html",
            account_panel,
            order=20,
            permission="summons.view_case",
        )
        register_card(
            "summons",
            "dashboard/includes/_count_card.html",
            lambda request: {"title": _("Summons cases"), "tiles": case_tiles(request.user)},
            permission="summons.view_case",
            order=20,
        )
        register_kinds(KINDS)
        documents.register()
