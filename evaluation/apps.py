from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "evaluation"
    verbose_name = _("Assessment and evaluation")

    def ready(self):
        from . import plugins

        plugins.register()
