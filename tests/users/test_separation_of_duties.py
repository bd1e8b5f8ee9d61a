"""三员分立: each administrator does its own duty and nothing else; no one changes themself."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import UserFactory
from yuhang_cac.audit.models import AuditEvent
from yuhang_cac.users import services
from yuhang_cac.users.models import User, UserSession
from yuhang_cac.users.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(db):
    return UserFactory(username="member", role=Role.OFFICER)


def change_url(user):
    return reverse("admin:users_user_change", args=[user.pk])


# --- The system administrator in /admin/ -------------------------------------------------------


def test_the_system_administrator_creates_a_user_without_password_or_role(login_as):
    client = login_as("sysadmin")
    response = client.post(
        reverse("admin:users_user_add"),
        {"username": "newcomer", "full_name": "新同事", "email": "", "organisation": ""},
    )
    assert response.status_code == 302
    user = User.objects.get(username="newcomer")
    assert (user.role, user.has_usable_password()) == ("", False)
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.USER_CREATED, target_id=str(user.pk)).exists()


def test_the_add_user_page_has_no_password_and_no_english(login_as):
    from tests.core.test_translations import english_words

    body = login_as("sysadmin").get(reverse("admin:users_user_add")).content.decode()
    assert "password" not in body.lower().replace("password_change", "")
    assert english_words(body) - {"sysadmin"} == set()


def test_the_system_administrator_sets_no_password(login_as, member):
    client = login_as("sysadmin")
    url = reverse("admin:auth_user_password_change", args=[member.pk])
    assert client.get(url).status_code == 404
    assert (
        client.post(url, {"password1": "Taken-over-2026!", "password2": "Taken-over-2026!"}).status_code
        == 404
    )
    member.refresh_from_db()
    assert member.check_password("Taken-over-2026!") is False


def test_the_system_administrator_cannot_give_a_role(login_as, member):
    client = login_as("sysadmin")
    client.post(
        change_url(member),
        {
            "username": "member",
            "full_name": "x",
            "email": "",
            "organisation": "",
            "is_active": "on",
            "role": "sysadmin",
        },
    )
    member.refresh_from_db()
    assert member.role == Role.OFFICER


def test_the_system_administrator_deactivates_an_ordinary_user_and_their_sessions_end(login_as, member):
    UserSession.objects.create(user=member, session_key="k" * 32)
    client = login_as("sysadmin")
    response = client.post(
        change_url(member), {"username": "member", "full_name": "成员", "email": "", "organisation": ""}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.is_active is False
    assert not UserSession.objects.filter(user=member).exists()
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.USER_DEACTIVATED, target_id=str(member.pk)).exists()


@pytest.mark.parametrize("role", ["secadmin", "auditor", "sysadmin"])
def test_the_system_administrator_changes_no_administrator(login_as, user_of, role):
    client = login_as("sysadmin")
    target = user_of("sysadmin") if role == "sysadmin" else UserFactory(username=f"other-{role}", role=role)
    response = client.post(
        change_url(target), {"username": target.username, "full_name": "x", "email": "", "organisation": ""}
    )
    assert response.status_code == 403
    target.refresh_from_db()
    assert target.is_active is True


# --- The security administrator on the portal's screens ----------------------------------------


def test_the_security_administrator_assigns_a_role(login_as, member):
    client = login_as("secadmin")
    response = client.post(reverse("security:role", args=[member.pk]), {"role": "leader"}, follow=True)
    assert "已将" in response.content.decode()
    member.refresh_from_db()
    assert member.role == Role.LEADER
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.ROLE_CHANGED)
    assert event.detail == {"from": "officer", "to": "leader"}


def test_the_security_administrator_locks_and_unlocks(login_as, member):
    UserSession.objects.create(user=member, session_key="s" * 32)
    client = login_as("secadmin")
    client.post(reverse("security:lock", args=[member.pk]), {"reason": "离职交接"})
    member.refresh_from_db()
    assert member.is_locked and not UserSession.objects.filter(user=member).exists()
    client.post(reverse("security:unlock", args=[member.pk]))
    member.refresh_from_db()
    assert not member.is_locked
    kinds = list(AuditEvent.objects.filter(target_id=str(member.pk)).values_list("kind", flat=True))
    assert {"user_locked", "user_unlocked"} <= set(kinds)


def test_a_lock_needs_a_reason(login_as, member):
    response = login_as("secadmin").post(reverse("security:lock", args=[member.pk]), {"reason": ""})
    assert response.status_code == 400
    member.refresh_from_db()
    assert member.is_locked is False


def test_the_security_administrator_resets_a_password_once_shown(login_as, member):
    response = login_as("secadmin").post(reverse("security:reset_password", args=[member.pk]))
    password = response.context["temporary_password"]
    assert password in response.content.decode()
    assert response["Cache-Control"].startswith("max-age=0")
    member.refresh_from_db()
    assert member.check_password(password) and member.must_change_password
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.PASSWORD_RESET, target_id=str(member.pk)).exists()


def test_the_security_administrator_resets_the_second_factor(login_as, member):
    TOTPDevice.objects.create(user=member, name="x", confirmed=True)
    login_as("secadmin").post(reverse("security:reset_second_factor", args=[member.pk]))
    assert not TOTPDevice.objects.filter(user=member).exists()


@pytest.mark.parametrize("name", ["role", "lock", "unlock", "reset_password", "reset_second_factor"])
def test_no_one_changes_their_own_account(login_as, user_of, name):
    client = login_as("secadmin")
    me = user_of("secadmin")
    client.post(reverse(f"security:{name}", args=[me.pk]), {"role": "officer", "reason": "x"})
    me.refresh_from_db()
    assert (me.role, me.is_locked, me.must_change_password) == (Role.SECADMIN, False, False)


def test_break_glass_superusers_are_not_on_the_security_screens(login_as):
    root = UserFactory(username="root", is_superuser=True)
    assert login_as("secadmin").get(reverse("security:user", args=[root.pk])).status_code == 404


def test_a_role_change_records_from_and_to(user_of, member):
    services.assign_role(member, Role.EXPERT, by=user_of("secadmin"))
    assert AuditEvent.objects.get(kind="role_changed").detail == {"from": "officer", "to": "expert"}


# --- Each administrator is refused what is not its duty -----------------------------------------


@pytest.mark.parametrize("role", ["sysadmin", "auditor", "officer", "leader", "association", "expert"])
def test_only_the_security_administrator_manages_security(login_as, role, member):
    client = login_as(role)
    for name in ("role", "lock", "reset_password", "reset_second_factor", "unlock"):
        assert (
            client.post(
                reverse(f"security:{name}", args=[member.pk]), {"role": "leader", "reason": "x"}
            ).status_code
            == 403
        )
    member.refresh_from_db()
    assert (member.role, member.is_locked) == (Role.OFFICER, False)


@pytest.mark.parametrize("role", ["secadmin", "auditor"])
def test_other_administrators_do_not_open_the_admin(login_as, role):
    assert login_as(role).get(reverse("admin:users_user_changelist")).status_code == 403


@pytest.mark.parametrize("role", ["sysadmin", "secadmin"])
def test_only_the_audit_administrator_reads_the_audit_log(login_as, role):
    assert login_as(role).get(reverse("audit:list")).status_code == 403


@pytest.mark.parametrize("role", ["sysadmin", "secadmin", "auditor"])
def test_no_administrator_does_casework(login_as, role):
    client = login_as(role)
    assert client.get(reverse("reports:list")).status_code == 403
    assert client.get(reverse("accounts:list")).status_code == 403


def test_a_non_administrator_opening_the_admin_gets_the_portals_refusal_page(login_as):
    response = login_as("officer").get("/admin/")
    assert response.status_code == 403
    assert "无权访问" in response.content.decode()


def test_a_visitor_opening_the_admin_is_sent_to_the_portals_sign_in(client):
    response = client.get("/admin/users/user/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")
    assert client.get("/admin/login/")["Location"].startswith("/login/")


def data_codes() -> set[str]:
    """The words of the reference rows' codes and keys (liangzhu, home-1-channels): data, not interface."""
    import re

    from django.contrib import admin

    words = set()
    for model in admin.site._registry:
        for field in ("code", "key"):
            if any(f.name == field for f in model._meta.fields):
                for value in model.objects.values_list(field, flat=True):
                    words |= set(re.findall(r"[A-Za-z]{3,}", value))
    return words


def test_no_english_on_any_admin_page_the_system_administrator_reaches(login_as, member):
    """Every list, add and change page linked from the admin's index."""
    import re

    from tests.core.test_translations import english_words

    client = login_as("sysadmin")
    index = client.get(reverse("admin:index")).content.decode()
    urls = sorted(set(re.findall(r'href="(/admin/[a-z_]+/[a-z_]+/(?:add/)?)"', index)))
    assert len(urls) >= 8
    urls += [change_url(member), reverse("admin:users_user_history", args=[member.pk])]
    found = {}
    for url in ["/admin/", *urls]:
        response = client.get(url)
        assert response.status_code == 200, url
        words = english_words(response.content.decode()) - {"sysadmin", "member"} - data_codes()
        if words:
            found[url] = sorted(words)
    assert found == {}, found


def test_creating_a_superuser_from_the_command_line_is_audited():
    from django.core.management import call_command

    call_command("createsuperuser", username="root", email="", interactive=False, verbosity=0)
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.BREAK_GLASS)
    assert event.target_label == "root" and event.detail == {"created": True}
