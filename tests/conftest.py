import pytest
from django.conf import settings
from django.db import connection

from tests.factories import user_with_role
from yuhang_cac.users.roles import Role

ROLES = [role.value for role in Role]


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
