"""Real-browser tests: Playwright for Python driving Debian's Chromium against the live server."""

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def pytest_collection_modifyitems(config, items):
    from django.db import connection

    for item in items:
        if "browser" not in item.keywords:
            continue
        if not CHROMIUM.exists():
            if os.environ.get("REQUIRE_BROWSER"):
                raise pytest.UsageError("REQUIRE_BROWSER is set but /usr/bin/chromium is missing")
            item.add_marker(pytest.mark.skip(reason="needs Debian's chromium at /usr/bin/chromium"))
        elif connection.vendor != "postgresql":
            # On the in-memory SQLite test database the live server's threads and the test share
            # one connection; a page request running beside a test query can hang both.
            item.add_marker(
                pytest.mark.skip(reason="needs PostgreSQL (DATABASE_URL): the live server shares SQLite")
            )


@pytest.fixture(scope="session", autouse=True)
def _media_url_for_the_live_server():
    # The portal serves no media URL (MEDIA_URL is None); Django's live server wraps every
    # request in a media handler that needs a string. Nothing routes to this path.
    from django.conf import settings

    original, settings.MEDIA_URL = settings.MEDIA_URL, "/__no-media__/"
    yield
    settings.MEDIA_URL = original


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # The Django test database is reached from the live server's thread; Playwright's sync API
    # runs an event loop in this thread, which Django would otherwise refuse to run ORM code in.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def phone(browser):
    """A phone-sized page (360 × 740, touch, zh-CN)."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="zh-CN",
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def desktop(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot():
    """screenshot(page, name) keeps a full-page PNG in test-artifacts/ for a person to look at."""

    def _take(page, name: str):
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    return _take
