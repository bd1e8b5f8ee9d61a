"""The portal's backend reads a user's permissions, their own and their role group's, in one query."""

import pytest
from django.contrib.auth.models import Permission

from tests.factories import user_with_role
from yuhang_cac.users.models import User

pytestmark = pytest.mark.django_db


def _fresh(user):
    return User.objects.get(pk=user.pk)


def test_own_and_group_permissions_are_read_together_in_one_query(django_assert_num_queries):
    officer = user_with_role("officer")
    extra = Permission.objects.get(content_type__app_label="audit", codename="view_auditevent")
    officer.user_permissions.add(extra)
    officer = _fresh(officer)
    group_permissions = {
        f"{app}.{codename}"
        for app, codename in Permission.objects.filter(group__user=officer).values_list(
            "content_type__app_label", "codename"
        )
    }
    assert group_permissions, "the officer's role group grants permissions"
    assert "audit.view_auditevent" not in group_permissions, "the extra permission is the user's own"
    with django_assert_num_queries(1):
        permissions = officer.get_all_permissions()
        assert officer.has_perm("audit.view_auditevent")
        assert all(officer.has_perm(name) for name in group_permissions)
    assert permissions == group_permissions | {"audit.view_auditevent"}


def test_an_inactive_user_has_no_permissions():
    officer = user_with_role("officer")
    officer.is_active = False
    officer.save()
    assert _fresh(officer).get_all_permissions() == set()
    assert not _fresh(officer).has_perm("accounts.view_account")
