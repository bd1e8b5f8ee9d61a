"""Run the summons jobs by hand: the same functions Celery beat runs every hour."""

from django.core.management.base import BaseCommand, CommandError

from summons import tasks

JOBS = {
    "overdue": tasks.sweep_overdue_rectifications,
    "reminders": tasks.remind_summons_deadlines,
    "measures": tasks.end_measure_periods,
}


class Command(BaseCommand):
    help = "Run the summons jobs now: overdue rectifications, reminders, measure periods that end."

    def add_arguments(self, parser):
        parser.add_argument("jobs", nargs="*", help=f"Which jobs, of {', '.join(JOBS)} (default: all).")

    def handle(self, *args, jobs, **options):
        unknown = set(jobs) - set(JOBS)
        if unknown:
            raise CommandError(f"Unknown jobs: {', '.join(sorted(unknown))}; choose from {', '.join(JOBS)}.")
        for name in jobs or JOBS:
            count = JOBS[name]()
            self.stdout.write(f"{name}: {count}")
