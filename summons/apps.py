from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SummonsConfig(AppConfig):
    name = "summons"
    verbose_name = _("Summons cases")

    def ready(self):
        from yuhang_cac.notifications.kinds import MESSAGES

        from .kinds import KINDS

        MESSAGES.update(KINDS)
