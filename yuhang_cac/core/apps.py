from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "yuhang_cac.core"
    label = "core"
    verbose_name = _("Portal")

    def ready(self):
        from django.apps import apps

        from .lists import track_counts
        from .models import DemoData, ReferenceModel

        # Reference tables fill the lists' filter selects and the demo flag the banner of every
        # page: both are read once and kept until they change, like a list's count.
        track_counts(DemoData, *(m for m in apps.get_models() if issubclass(m, ReferenceModel)))
