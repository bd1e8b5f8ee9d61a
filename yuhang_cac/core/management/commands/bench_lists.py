"""Measure list pages under load: requests per second, median and 95th-percentile time, queries.

    python manage.py bench_lists --username officer
    python manage.py bench_lists --page "/accounts/?q=良渚" --requests 200

Each page is first measured in this process: as the first reader after a change to the data sees
it ("first": nothing kept, so the count, the rows and the filter choices are read and rendered),
then as the next reader sees it (the count, rows and choices kept until the data changes,
yuhang_cac.core.lists). The load runs against gunicorn started here on a local port
(``--workers`` processes, ``--clients`` concurrent clients, ``--requests`` requests per page:
bounded loops, never open-ended), with a session of the given user, then gunicorn is stopped.
The database is the current one and is only read; starting a "first" request drops what the
lists keep in the cache, as a change to the data would.
Results depend on the machine; docs/performance.md records them with its description.
"""

import http.client
import os
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY

from yuhang_cac.core import lists
from yuhang_cac.users.twofactor import confirmed_device

# The staff lists built on yuhang_cac.core.lists; other apps' lists are given with --page.
DEFAULT_PAGES = [
    "/accounts/",
    "/accounts/?page=1000",
    "/accounts/?q=良渚",
    "/accounts/?status=normal&sort=followers&page=50",
    "/reports/",
    "/reports/?page=200",
    "/reports/?q=余杭",
]


@dataclass
class Result:
    page: str
    status: int
    queries: int  # a request whose count, rows and choices are kept
    alone_ms: float  # median time of such a request served alone, in this process
    first_queries: int  # the first request after a change to the data
    first_ms: float  # median time of such a request served alone
    requests: int = 0
    errors: int = 0
    seconds: float = 0.0
    p50_ms: float = 0.0
    p95_ms: float = 0.0

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def _encoded(path: str) -> str:
    parts = urlsplit(path)
    return quote(parts.path) + (f"?{quote(parts.query, safe='=&')}" if parts.query else "")


class Command(BaseCommand):
    help = "Load-test list pages through gunicorn and print requests/s, p50/p95 and queries per page."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="officer", help="The user whose session is used.")
        parser.add_argument("--page", action="append", dest="pages", help="A path to measure (repeatable).")
        parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes (default 4).")
        parser.add_argument("--clients", type=int, default=8, help="Concurrent clients (default 8).")
        parser.add_argument("--requests", type=int, default=400, help="Requests per page (default 400).")
        parser.add_argument("--port", type=int, default=8799, help="Local port for gunicorn (default 8799).")

    def handle(self, *args, username, pages, workers, clients, requests, port, **options):
        if requests < clients or clients < 1:
            raise CommandError("--requests must be at least --clients, and --clients at least 1.")
        pages = pages or DEFAULT_PAGES
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}: load the demo data or give --username.")
        client = self.signed_in_client(user)
        cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        results = [self.count_queries(client, page) for page in pages]
        refused = [f"{result.page} ({result.status})" for result in results if result.status != 200]
        if refused:
            raise CommandError(f"These pages did not answer 200 for {username}: {', '.join(refused)}")
        server = self.start_gunicorn(workers, port)
        try:
            for result in results:
                self.load(result, port, cookie, clients, requests)
        finally:
            server.terminate()
            server.wait(timeout=30)
        self.print_table(results, workers, clients)

    def signed_in_client(self, user) -> Client:
        """A client whose session has passed both factors, as the sign-in pages leave it."""
        device = confirmed_device(user)
        if device is None:
            raise CommandError(f"{user.username} has no confirmed authenticator: load the demo data.")
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session["auth_at"] = session["seen_at"] = time.time()
        session.save()
        return client

    def count_queries(self, client: Client, page: str) -> Result:
        def measured(first: bool) -> tuple[int, float, int]:
            executed = []

            def count(execute, sql, params, many, context):
                executed.append(sql)
                return execute(sql, params, many, context)

            if first:
                lists.drop_kept()  # what a change to the data does
            with connection.execute_wrapper(count):
                started = time.perf_counter()
                response = client.get(page)
                return response.status_code, time.perf_counter() - started, len(executed)

        first = [measured(first=True) for _index in range(5)]
        kept = [measured(first=False) for _index in range(5)]
        return Result(
            page=page,
            status=kept[-1][0],
            queries=kept[-1][2],
            alone_ms=statistics.median(elapsed for _status, elapsed, _queries in kept) * 1000,
            first_queries=first[-1][2],
            first_ms=statistics.median(elapsed for _status, elapsed, _queries in first) * 1000,
        )

    def start_gunicorn(self, workers: int, port: int) -> subprocess.Popen:
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "yuhang_cac.wsgi",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ]
        env = {**os.environ, "YUHANG_ENV": settings.YUHANG_ENV}
        server = subprocess.Popen(command, env=env, cwd=settings.BASE_DIR)  # noqa: S603 (fixed arguments)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                connection_ = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                connection_.request("GET", "/healthz")
                connection_.getresponse().read()
                return server
            except OSError:
                time.sleep(0.3)
        server.terminate()
        raise CommandError("gunicorn did not answer within 60 seconds.")

    def load(self, result: Result, port: int, cookie: str, clients: int, requests: int) -> None:
        path = _encoded(result.page)
        headers = {"Cookie": cookie, "Host": "127.0.0.1"}
        times: list[float] = []
        errors = [0]
        lock = threading.Lock()

        def run(count: int) -> None:
            for _index in range(count):
                started = time.perf_counter()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                try:
                    conn.request("GET", path, headers=headers)
                    response = conn.getresponse()
                    response.read()
                    ok = response.status == result.status
                except OSError:
                    ok = False
                finally:
                    conn.close()
                with lock:
                    times.append(time.perf_counter() - started)
                    errors[0] += not ok

        def concurrently(total: int) -> float:
            share = [total // clients + (index < total % clients) for index in range(clients)]
            threads = [threading.Thread(target=run, args=(count,)) for count in share]
            started = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            return time.perf_counter() - started

        # Warm-up, not counted: every worker has served the page a few times (its templates
        # compiled, its database connection open), as a server that has been up for a while.
        concurrently(clients * 4)
        times.clear()
        errors[0] = 0
        result.seconds = concurrently(requests)
        result.requests, result.errors = len(times), errors[0]
        ordered = sorted(times)
        result.p50_ms = statistics.median(ordered) * 1000
        result.p95_ms = ordered[max(0, int(len(ordered) * 0.95) - 1)] * 1000

    def print_table(self, results: list[Result], workers: int, clients: int) -> None:
        load = " ".join(f"{value:.1f}" for value in os.getloadavg())
        self.stdout.write(
            f"gunicorn {workers} workers, {clients} clients, database {connection.vendor}, "
            f"{os.cpu_count()} CPUs, load average after the run {load}"
        )
        self.stdout.write(
            "| page | status | requests/s | p50 ms | p95 ms | alone ms | queries | first ms | first queries "
            "| errors |"
        )
        self.stdout.write("|---|---|---|---|---|---|---|---|---|---|")
        for r in results:
            self.stdout.write(
                f"| `{r.page}` | {r.status} | {r.per_second:.0f} | {r.p50_ms:.0f} | {r.p95_ms:.0f} "
                f"| {r.alone_ms:.0f} | {r.queries} | {r.first_ms:.0f} | {r.first_queries} | {r.errors} |"
            )
