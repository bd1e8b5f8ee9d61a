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
from yuhang_cac.users.demo import authenticator_keys


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
        # Every staff sign-in asks for a second factor: put a key into an authenticator app
        # (any TOTP app), or print the current code with `manage.py totp USER`.
        self.stdout.write("Demo users' authenticator keys (or run: python manage.py totp USER):")
        for username, key in authenticator_keys().items():
            self.stdout.write(f"  {username:<14}{key}")
