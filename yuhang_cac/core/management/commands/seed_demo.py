"""Load demo data: each installed app's ``demo.seed(password=..., today=...)``, in app order.

Idempotent: running it again brings the same objects back to their demo state.
``--scale large`` then calls each app's ``demo.seed_large(today=...)`` where an app has one:
bulk data for measuring the lists at a district's size (docs/performance.md).
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from yuhang_cac.core.lists import counts_changed
from yuhang_cac.core.models import DemoData
from yuhang_cac.users.demo import authenticator_keys


class Command(BaseCommand):
    help = "Create or refresh the demo users, organisations and records, dated relative to today."

    def add_arguments(self, parser):
        parser.add_argument("--password", required=True, help="Password for every demo user.")
        parser.add_argument(
            "--scale",
            choices=["small", "large"],
            default="small",
            help="large: also load each app's data at scale (100 000 registry accounts), in bulk.",
        )

    def handle(self, *args, password, scale, **options):
        today = timezone.localdate()
        modules = [
            import_module(f"{app_config.name}.demo")
            for app_config in apps.get_app_configs()
            if find_spec(f"{app_config.name}.demo") is not None
        ]
        with transaction.atomic():
            for module in modules:
                module.seed(password=password, today=today)
            DemoData.objects.update_or_create(pk=1)
        if scale == "large":
            for module in modules:
                if hasattr(module, "seed_large"):
                    with transaction.atomic():
                        added = module.seed_large(today=today)
                        counts_changed()
                    self.stdout.write(f"{module.__name__}: {added}")
        self.stdout.write(self.style.SUCCESS("Demo data is loaded."))
        # Every staff sign-in asks for a second factor: put a key into an authenticator app
        # (any TOTP app), or print the current code with `manage.py totp USER`.
        self.stdout.write("Demo users' authenticator keys (or run: python manage.py totp USER):")
        for username, key in authenticator_keys().items():
            self.stdout.write(f"  {username:<14}{key}")
