"""Run the management list's jobs by hand: the same functions Celery beat runs every hour."""

from django.core.management.base import BaseCommand, CommandError

from blacklist import tasks

JOBS = {
    "repeat": tasks.propose_repeat_offenders,
    "expired": tasks.lift_expired_listings,
    "reminders": tasks.remind_defence_windows,
}


class Command(BaseCommand):
    help = "Run the management list jobs now: repeat offenders, maximum periods, defence windows."

    def add_arguments(self, parser):
        parser.add_argument("jobs", nargs="*", help=f"Which jobs, of {', '.join(JOBS)} (default: all).")

    def handle(self, *args, jobs, **options):
        unknown = set(jobs) - set(JOBS)
        if unknown:
            raise CommandError(f"Unknown jobs: {', '.join(sorted(unknown))}; choose from {', '.join(JOBS)}.")
        for name in jobs or JOBS:
            count = JOBS[name]()
            self.stdout.write(f"{name}: {count}")
