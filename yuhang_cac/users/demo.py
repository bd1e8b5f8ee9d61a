"""Demo users, one or two per role, with made-up names."""

from .models import Organisation, User
from .roles import Role
from .services import assign_role
from .twofactor import demo_device, secret

THIRD_PARTY = ("yuhang-expert-pool", "余杭区自媒体评估第三方专家库（演示）", Organisation.Kind.THIRD_PARTY)

# username, full name, role, organisation code
USERS = [
    ("officer", "陈志远", Role.OFFICER, "yuhang-cac"),
    ("officer2", "林晓燕", Role.OFFICER, "yuhang-cac"),
    ("leader", "王建国", Role.LEADER, "yuhang-cac"),
    ("association", "赵敏", Role.ASSOCIATION, "yuhang-network-culture-association"),
    ("association2", "孙丽华", Role.ASSOCIATION, "yuhang-dream-station"),
    ("expert", "周明哲", Role.EXPERT, "yuhang-expert-pool"),
    ("sysadmin", "吴海峰", Role.SYSADMIN, "yuhang-cac"),
    ("secadmin", "郑雅琴", Role.SECADMIN, "yuhang-cac"),
    ("auditor", "钱立新", Role.AUDITOR, "yuhang-cac"),
]


def seed(*, password: str, today) -> None:
    code, name, kind = THIRD_PARTY
    Organisation.objects.get_or_create(code=code, defaults={"name": name, "kind": kind})
    for username, full_name, role, org_code in USERS:
        user, _created = User.objects.update_or_create(
            username=username,
            defaults={
                "full_name": full_name,
                "organisation": Organisation.objects.get(code=org_code),
                "is_active": True,
            },
        )
        user.set_password(password)
        user.save(update_fields=["password"])
        if user.role != role or not user.groups.filter(name=role).exists():
            assign_role(user, role, by=None)
        # Demo users sign in with a second factor too (seed_demo prints their keys).
        demo_device(user)


def authenticator_keys() -> dict[str, str]:
    """Each demo user's TOTP key, to type into an authenticator app."""
    users = User.objects.filter(username__in=[u[0] for u in USERS]).order_by("pk")
    return {user.username: secret(demo_device(user)) for user in users}
