"""Time the registry's import, export and re-import on generated accounts, then roll everything back.

    python manage.py bench_registry --accounts 1000 --format both

Runs in the current database inside a transaction that is rolled back, so it
leaves nothing behind. Peak memory comes from tracemalloc, which also slows
Python down; ``--no-memory`` gives the plain times.
"""

import secrets
import time
import tracemalloc
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.exports import export_accounts, header
from accounts.identifiers import credit_code_check_char, resident_id_check_char
from accounts.imports import COLUMNS, NO, OPERATOR_KIND_LABELS, YES, import_accounts
from accounts.models import Account, ContentCategory, Platform, Street
from accounts.spreadsheets import write_csv, write_xlsx
from yuhang_cac.users.models import User


@dataclass
class Timing:
    step: str
    fmt: str
    rows: int
    seconds: float
    peak_bytes: int | None


class Command(BaseCommand):
    help = "Time import, export and re-import of N generated accounts; the database is left unchanged."

    def add_arguments(self, parser):
        parser.add_argument("--accounts", type=int, default=1000, help="How many accounts (default 1000).")
        parser.add_argument("--format", choices=["xlsx", "csv", "both"], default="both")
        parser.add_argument("--username", help="History user of the rows written (default: none).")
        parser.add_argument("--no-memory", action="store_true", help="Skip tracemalloc (faster, no peak).")

    def handle(self, *args, accounts, format, username, no_memory, **options):
        if accounts < 1:
            raise CommandError("--accounts must be at least 1.")
        user = User.objects.get(username=username) if username else None
        formats = ["xlsx", "csv"] if format == "both" else [format]
        timings = []
        for fmt in formats:
            with transaction.atomic():
                timings += self.run(fmt, accounts, user=user, memory=not no_memory)
                transaction.set_rollback(True)
        self.print_table(timings)

    def run(self, fmt: str, count: int, *, user, memory: bool) -> list[Timing]:
        rows = generated_rows(count)
        content = write_xlsx([("accounts", header(), rows)]) if fmt == "xlsx" else write_csv(header(), rows)
        upload = SimpleUploadedFile(f"bench.{fmt}", content)
        created, first = measure("import", fmt, count, memory, lambda: import_accounts(upload, by=user))
        self.expect(created, "created", count)
        queryset = Account.objects.filter(stable_id__startswith=BENCH_PREFIX)
        download, second = measure(
            "export", fmt, count, memory, lambda: export_accounts(queryset, fmt=fmt, by=user)
        )
        exported = SimpleUploadedFile(download.filename, download.content)
        again, third = measure("re-import", fmt, count, memory, lambda: import_accounts(exported, by=user))
        self.expect(again, "unchanged", count)
        return [first, second, third]

    def expect(self, result, counter: str, expected: int) -> None:
        if result.errors or getattr(result, counter) != expected:
            problems = "; ".join(f"row {e.row} {e.column}: {e.message}" for e in result.errors[:5])
            raise CommandError(f"The import did not go as expected ({counter}): {problems}")

    def print_table(self, timings: list[Timing]) -> None:
        self.stdout.write(
            f"{'step':<10} {'format':<6} {'rows':>6} {'seconds':>8} {'rows/s':>8} {'peak MiB':>9}"
        )
        for t in timings:
            peak = f"{t.peak_bytes / 2**20:9.1f}" if t.peak_bytes is not None else f"{'-':>9}"
            rate = t.rows / t.seconds if t.seconds else float("inf")
            self.stdout.write(f"{t.step:<10} {t.fmt:<6} {t.rows:>6} {t.seconds:>8.2f} {rate:>8.0f} {peak}")


def measure(step: str, fmt: str, rows: int, memory: bool, work):
    if memory:
        tracemalloc.start()
    started = time.perf_counter()
    try:
        value = work()
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] if memory else None
    finally:
        if memory:
            tracemalloc.stop()
    return value, Timing(step, fmt, rows, seconds, peak)


BENCH_PREFIX = "bench-"


def generated_rows(count: int) -> list[list]:
    """Accounts as an officer would fill them in: organisations with three accounts, some individuals."""
    platforms = list(Platform.objects.active())
    streets = list(Street.objects.active())
    categories = [c.name for c in ContentCategory.objects.active()]
    run = secrets.randbelow(10**6)
    rows = []
    for n in range(count):
        values = {
            "platform": platforms[n % len(platforms)].name,
            "stable_id": f"{BENCH_PREFIX}{run}-{n}",
            "name": f"测试账号{n}",
            "handle": f"bench{n}",
            "jurisdiction": str(Account.Jurisdiction.YUHANG.label),
            "street": streets[n % len(streets)].name,
            "status": str(Account.Status.NORMAL.label),
            "content_categories": "、".join(categories[n % len(categories) :][:2]),
            "has_content_review": str(YES if n % 2 else NO),
            "has_editor_responsibility": str(NO),
            "dedicated_editors": n % 3,
            "followers": n * 101,
            **(_individual(run, n) if n % 4 == 3 else _organisation(run, n // 3)),
        }
        rows.append([values.get(column.key, "") for column in COLUMNS])
    return rows


def _organisation(run: int, n: int) -> dict:
    first17 = f"91330110{run % 10**5:05d}{n:04d}"
    return {
        "operator_kind": str(OPERATOR_KIND_LABELS["organisation"]),
        "operator_name": f"测试{run}-{n}号文化传媒有限公司",
        "credit_code": first17 + credit_code_check_char(first17),
        "contact_phone": f"138{n:08d}",
    }


def _individual(run: int, n: int) -> dict:
    # A birth date per run keeps generated people apart from anyone already registered.
    index = n // 4
    first17 = (
        f"330110{1950 + run % 50}{1 + run % 12:02d}{1 + (run + index // 1000) % 28:02d}{index % 1000:03d}"
    )
    return {
        "operator_kind": str(OPERATOR_KIND_LABELS["individual"]),
        "operator_name": f"测试个人{run}-{n}",
        "id_number": first17 + resident_id_check_char(first17),
    }
