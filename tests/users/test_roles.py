import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from yuhang_cac.audit.models import AuditEvent
from yuhang_cac.users.models import User
from yuhang_cac.users.roles import ADMIN_ROLES, CAC_ROLES, ROLE_PERMISSIONS, Role, sync_roles
from yuhang_cac.users.services import assign_role

pytestmark = pytest.mark.django_db


def test_every_role_has_a_group_with_exactly_its_permissions():
    for role, codes in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=role)
        held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        assert held == set(codes)


def test_syncing_removes_a_permission_added_by_hand():
    group = Group.objects.get(name=Role.EXPERT)
    group.permissions.add(*Group.objects.get(name=Role.SYSADMIN).permissions.all())
    sync_roles()
    assert group.permissions.count() == len(ROLE_PERMISSIONS[Role.EXPERT])


def test_migrate_syncs_the_roles():
    Group.objects.get(name=Role.OFFICER).permissions.clear()
    call_command("migrate", verbosity=0)
    assert Group.objects.get(name=Role.OFFICER).permissions.exists()


EXCLUSIVE = {
    "audit.view_auditevent": Role.AUDITOR,
    "users.add_user": Role.SYSADMIN,
    "users.change_user": Role.SYSADMIN,
    "users.manage_user_security": Role.SECADMIN,
}


@pytest.mark.parametrize(("permission", "owner"), EXCLUSIVE.items())
def test_the_three_administrators_keep_their_powers_apart(permission, owner):
    holders = [role for role, codes in ROLE_PERMISSIONS.items() if permission in codes]
    assert holders == [owner]


@pytest.mark.parametrize("role", ADMIN_ROLES)
def test_administrators_hold_no_casework_permission(role):
    casework = set(ROLE_PERMISSIONS[Role.OFFICER]) | set(ROLE_PERMISSIONS[Role.LEADER])
    assert set(ROLE_PERMISSIONS[role]) & casework <= {"notifications.view_notification"}


@pytest.mark.parametrize("role", CAC_ROLES)
def test_casework_roles_hold_no_administration_permission(role):
    assert set(ROLE_PERMISSIONS[role]) & set(EXCLUSIVE) == set()


def test_assigning_a_role_sets_the_group_and_staff_status_and_is_audited(user_of):
    sysadmin = user_of("sysadmin")
    user = User.objects.create_user("newbie", password="x")
    assign_role(user, Role.SYSADMIN, by=sysadmin)
    user.refresh_from_db()
    assert [g.name for g in user.groups.all()] == [Role.SYSADMIN]
    assert user.is_staff is True
    assign_role(user, Role.OFFICER, by=sysadmin)
    user.refresh_from_db()
    assert ([g.name for g in user.groups.all()], user.is_staff) == ([Role.OFFICER], False)
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.ROLE_CHANGED, actor=sysadmin).count() == 2
    assert user.history.first().history_change_reason == "角色变更为办案人员"


MENUS = {
    "officer": ["工作台", "自媒体账号", "举报", "约谈案件", "管理名单", "考核评价"],
    "leader": ["工作台", "自媒体账号", "举报", "约谈案件", "管理名单", "考核评价"],
    "association": ["工作台", "自媒体账号", "约谈案件", "考核评价"],
    "expert": ["工作台", "约谈案件", "考核评价"],
    "auditor": ["工作台", "审计日志"],
    "sysadmin": ["工作台", "系统管理"],
    "secadmin": ["工作台", "用户安全"],
}


@pytest.mark.parametrize(("role", "menu"), MENUS.items())
def test_each_role_sees_only_its_menu(login_as, role, menu):
    response = login_as(role).get(reverse("dashboard:index"))
    assert [str(item["label"]) for item in response.context["nav_items"]] == menu


def test_the_admin_sees_the_missing_calendar_banner(login_as, settings):
    # 2027 is not in the seeded table; the banner shows from November on, and for open deadlines.
    from datetime import date

    from yuhang_cac.workdays.services import open_deadline

    open_deadline("x", date(2026, 12, 20), 15)
    body = login_as("sysadmin").get(reverse("dashboard:index")).content.decode()
    assert "工作日历中尚无 2027 年的节假日安排" in body
    body = login_as("officer").get(reverse("dashboard:index")).content.decode()
    assert "工作日历中尚无" not in body
