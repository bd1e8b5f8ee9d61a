"""Every URL × every role → the expected status.

The URL list comes from the resolver: a new URL without an entry here fails
``test_every_url_has_an_entry``. Entries name a status per role, with "*" for the rest.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import ROLES

ALL = ["anonymous", *ROLES]
STAFF_ADMIN = {"sysadmin": 200, "secadmin": 200}

MATRIX: dict[str, dict] = {
    "home": {"*": 200},
    "healthz": {"*": 200},
    "login": {"anonymous": 200, "*": 302},
    "logout": {"anonymous": 302, "*": 405},  # POST only
    "password_change": {"anonymous": 302, "*": 200},
    "password_change_done": {"anonymous": 302, "*": 200},
    "dashboard:index": {"anonymous": 302, "*": 200},
    "admin:index": {**STAFF_ADMIN, "*": 302},
}
# Django's admin guards its own pages behind admin:index's rule; its inner URLs are not listed.
SKIPPED_NAMESPACES = {"admin"}


def _names(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}" if pattern.name else f"{namespace}<unnamed {pattern.pattern}>"


def resolver_names() -> set[str]:
    names = set(_names(get_resolver().url_patterns))
    return {n for n in names if n.split(":")[0] not in SKIPPED_NAMESPACES} | {"admin:index"}


def test_every_url_has_an_entry():
    assert resolver_names() - set(MATRIX) == set()


def test_no_entry_for_a_url_that_is_gone():
    assert set(MATRIX) - resolver_names() == set()


def expected(name: str, role: str) -> int:
    rules = MATRIX[name]
    return rules.get(role, rules.get("*"))


@pytest.mark.parametrize("name", sorted(MATRIX))
@pytest.mark.parametrize("role", ALL)
def test_url_answers_role_as_expected(login_as, name, role):
    client = login_as(role)
    response = client.get(reverse(name))
    assert response.status_code == expected(name, role), f"{name} as {role}"
