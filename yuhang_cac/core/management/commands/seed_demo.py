"""Load demo data: each installed app's ``demo.seed(password=..., today=...)``, in app order.

Idempotent: running it again brings the same objects back to their demo state.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from yuhang_cac.core.models import DemoData


class Command(BaseCommand):
    help = "Create or refresh the demo users, organisations and records, dated relative to today."

    def add_arguments(self, parser):
        parser.add_argument("--password", required=True, help="Password for every demo user.")

    def handle(self, *args, password, **options):
        today = timezone.localdate()
        with transaction.atomic():
            for app_config in apps.get_app_configs():
                module_name = f"{app_config.name}.demo"
                if find_spec(module_name) is not None:
                    import_module(module_name).seed(password=password, today=today)
            DemoData.objects.update_or_create(pk=1)
        self.stdout.write(self.style.SUCCESS("Demo data is loaded."))
