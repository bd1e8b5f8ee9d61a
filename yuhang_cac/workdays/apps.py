from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkdaysConfig(AppConfig):
    name = "yuhang_cac.workdays"
    label = "workdays"
    verbose_name = _("Working-day calendar")

    def ready(self):
        from yuhang_cac.core.lists import track_counts

        from .models import Deadline

        track_counts(Deadline)  # lists show due dates
