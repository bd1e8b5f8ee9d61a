import atexit
import hashlib
import os
import shutil
import tempfile

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from tests.factories import user_with_role
from yuhang_cac.users.roles import Role

ROLES = [role.value for role in Role]

# `dev.py test` runs the suite in pytest-xdist workers, each with its own test database; on Redis
# they share one server, so each keeps its cache keys apart.
if os.environ.get("PYTEST_XDIST_WORKER"):
    for _cache in settings.CACHES.values():
        _cache["KEY_PREFIX"] = os.environ["PYTEST_XDIST_WORKER"]
# Without Redis, each run keeps its file cache (sessions among it) in a directory of its own, so
# that earlier runs' files never fill it.
for _cache in settings.CACHES.values():
    if _cache["BACKEND"].endswith("FileBasedCache"):
        _cache["LOCATION"] = tempfile.mkdtemp(prefix="yuhang-test-cache-")
        atexit.register(shutil.rmtree, _cache["LOCATION"], ignore_errors=True)


def pytest_collection_modifyitems(config, items):
    postgres = connection.vendor == "postgresql"
    for item in items:
        if "postgres" in item.keywords and not postgres:
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL (DATABASE_URL)"))
        if "redis" in item.keywords and not settings.REDIS_URL:
            item.add_marker(pytest.mark.skip(reason="needs Redis (REDIS_URL)"))
        _restore_after_flush(item)


def _restore_after_flush(item) -> None:
    """A transactional test ends with a flush, which empties what the migrations seeded (roles,
    reference tables): every such test puts the migrated state back first (serialized_rollback),
    so the tests that follow find it whatever app seeded it and in whatever order they run."""
    marker = item.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        item.add_marker(pytest.mark.django_db(**{**marker.kwargs, "serialized_rollback": True}), append=False)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """The test database, with the migrated state kept where every test can restore it.

    For ``serialized_rollback`` Django keeps the migrated state on the connection object that
    created the test database. The browser tests run under Playwright, where Django's
    connection handler hands out other connection objects, which would find no state and
    leave the database empty after a flush. On the class, every connection object finds it.
    """
    from django.db import connections

    for alias in connections:
        wrapper = connections[alias]
        contents = getattr(wrapper, "_test_serialized_contents", None)
        if contents is not None:
            type(wrapper)._test_serialized_contents = contents


@pytest.fixture
def user_of(db):
    """user_of("officer") → a user holding that role, created once per test."""
    return user_with_role


@pytest.fixture
def login_as(db, client):
    """login_as("officer") → the test client, signed in as a user with that role ("anonymous": signed out)."""

    def _login(role: str, **kwargs):
        client.logout()
        if role == "anonymous":
            return client
        client.force_login(user_with_role(role, **kwargs))
        return client

    return _login


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Hashing strength is Django's concern; the suite only needs passwords that check.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _documents_drawn_only_where_read(request, monkeypatch):
    """Issuing a document renders its template as ever, but WeasyPrint draws the PDF (about a second
    each) only in tests marked ``pdf``, the ones that read what they issue (tests/documents, the summons
    documents and journey). Elsewhere the stored file is a small PDF carrying the rendered HTML's digest,
    so documents still differ by content and a template error still fails the test."""
    if request.node.get_closest_marker("pdf"):
        return
    from django.template.loader import render_to_string
    from django.utils import translation

    from yuhang_cac.documents import layout

    def drawn_elsewhere(template_name, context, sheet):
        with translation.override(settings.LANGUAGE_CODE):
            html = render_to_string(template_name, {**context, "sheet": sheet})
        digest = hashlib.sha256(html.encode()).hexdigest().encode()
        return b"%PDF-1.7\n% " + digest + b"\n%%EOF\n"

    monkeypatch.setattr(layout, "render_pdf", drawn_elsewhere)


@pytest.fixture(autouse=True)
def _uncached_list_counts(settings):
    # Tests roll their transactions back, so no commit would ever drop a cached count;
    # tests/core/test_lists.py turns the cache on where it is the subject.
    settings.LIST_COUNT_CACHE_SECONDS = 0


def verify_session(user, session) -> None:
    """Mark a signed-in session as having given the second factor, as the portal's sign-in does."""
    import time

    from django_otp import DEVICE_ID_SESSION_KEY

    from yuhang_cac.users.twofactor import demo_device

    session[DEVICE_ID_SESSION_KEY] = demo_device(user).persistent_id
    session["auth_at"] = session["seen_at"] = time.time()


@pytest.fixture(autouse=True)
def _second_factor_for_force_login():
    """``client.force_login`` signs a user in with both factors, as the sign-in pages would.

    The portal's own sign-in (tests/users/test_signin.py) is tested through its pages; other
    tests only need a signed-in user. A request built by the test client carries no address.
    """
    from django.contrib.auth.signals import user_logged_in

    def receiver(sender, request, user, **kwargs):
        if not request.META.get("REMOTE_ADDR"):
            verify_session(user, request.session)

    user_logged_in.connect(receiver, dispatch_uid="tests.force_login_second_factor")
    yield
    user_logged_in.disconnect(dispatch_uid="tests.force_login_second_factor")


def current_code(user) -> str:
    """The code the user's authenticator shows now; a code already used is accepted again in tests."""
    from yuhang_cac.users.twofactor import current_code as code_of
    from yuhang_cac.users.twofactor import demo_device

    device = demo_device(user)
    device.last_t = -1
    device.save(update_fields=["last_t"])
    return code_of(device)


def sign_in(client, username: str, password: str, *, address: str = "10.0.0.1"):
    """Sign in through the portal's two pages: password, then the authenticator's code."""
    from yuhang_cac.users.models import User

    client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)
    code = current_code(User.objects.get(username=username))
    return client.post(reverse("signin_verify"), {"code": code}, REMOTE_ADDR=address, follow=True)
