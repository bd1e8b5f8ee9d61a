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
def _uncached_list_counts(settings):
    # Tests roll their transactions back, so no commit would ever drop a cached count;
    # tests/core/test_lists.py turns the cache on where it is the subject.
    settings.LIST_COUNT_CACHE_SECONDS = 0
