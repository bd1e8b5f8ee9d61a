"""Print a user's current authenticator code: for the demo and for tests, as an app would show it."""

from django.core.management.base import BaseCommand, CommandError

from yuhang_cac.users.models import User
from yuhang_cac.users.twofactor import confirmed_device, current_code


class Command(BaseCommand):
    help = "Print the current six-digit code of a user's authenticator."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = User.objects.filter(username=username).first()
        device = confirmed_device(user) if user else None
        if device is None:
            raise CommandError(f"{username} has no authenticator set up.")
        self.stdout.write(current_code(device))
