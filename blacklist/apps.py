from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BlacklistConfig(AppConfig):
    name = "blacklist"
    verbose_name = _("Management list")

    def ready(self):
        from accounts.panels import register_panel
        from yuhang_cac.core.lists import track_counts
        from yuhang_cac.dashboard.cards import register_card
        from yuhang_cac.documents.registry import register_owner, register_series
        from yuhang_cac.notifications.kinds import register_kinds

        from .kinds import KINDS
        from .models import Entry
        from .selectors import account_panel, card_context, operator_section

        track_counts(Entry)
        register_panel(
            "blacklist",
            _("Management list"),
            "blacklist/includes/_account_panel.html",
            account_panel,
            order=30,
            permission="blacklist.view_entry",
        )
        register_panel(
            "blacklist",
            _("Management list"),
            "blacklist/includes/_operator_section.html",
            operator_section,
            order=30,
            permission="blacklist.view_entry",
            page="operator",
        )
        register_card(
            "blacklist",
            "dashboard/includes/_count_card.html",
            card_context,
            permission="blacklist.view_entry",
            order=30,
        )
        register_kinds(KINDS)
        # Art.15: the notice before listing, the decision, and the joint-restriction notices.
        register_series("blacklist-notice", prefix="余网信名告", article=15)
        register_series("blacklist-decide", prefix="余网信名决", article=15)
        register_series("blacklist-joint", prefix="余网信联", article=15)
        register_owner(Entry, lambda user: Entry.objects.visible_to(user))
