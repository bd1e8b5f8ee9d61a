from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Public reports")

    def ready(self):
        from accounts.panels import register_panel
        from yuhang_cac.dashboard.cards import register_card
        from yuhang_cac.notifications.kinds import register_kinds

        from .kinds import KINDS
        from .selectors import account_reports, queue_tiles

        register_panel(
            "reports",
            _("Reports"),
            "reports/includes/_account_panel.html",
            lambda request, account: {"reports": account_reports(request.user, account)},
            order=10,
            permission="reports.view_report",
        )
        register_card(
            "reports",
            "dashboard/includes/_count_card.html",
            lambda request: {"tiles": queue_tiles(request.user)},
            permission="reports.view_report",
            order=10,
        )
        register_kinds(KINDS)
