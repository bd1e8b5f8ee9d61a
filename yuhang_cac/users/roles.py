"""The roles of docs/domain.md §1, their permissions, and the Groups that carry them.

This module is the one place a role is defined. After every ``migrate`` each role
becomes a Group holding exactly the permissions listed here, so a change to this
file is a change to who may do what. The three administrators (三员) are kept apart
from each other and from casework: no role below mixes their permissions.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OFFICER = "officer", _("CAC officer")
    LEADER = "leader", _("CAC leader")
    ASSOCIATION = "association", _("Association staff")
    EXPERT = "expert", _("Third-party expert")
    SYSADMIN = "sysadmin", _("System administrator")
    SECADMIN = "secadmin", _("Security administrator")
    AUDITOR = "auditor", _("Audit administrator")


CAC_ROLES = (Role.OFFICER, Role.LEADER)
ADMIN_ROLES = (Role.SYSADMIN, Role.SECADMIN, Role.AUDITOR)
# Roles that may open /admin/ (Django's is_staff). The security administrator works on the
# portal's own security screens, the audit administrator on the audit log.
ADMIN_SITE_ROLES = (Role.SYSADMIN,)

_EVERYONE = [
    "notifications.view_notification",
]
_CASEWORK = [
    "workdays.view_holiday",
    "accounts.view_account",
    "accounts.add_account",
    "accounts.change_account",
    "accounts.import_account",
    "accounts.export_account",
    "accounts.view_operator",
    "accounts.add_operator",
    "accounts.change_operator",
    "accounts.view_person",
    "accounts.add_person",
    "accounts.change_person",
    "accounts.view_practitioner",
    "accounts.add_practitioner",
    "accounts.change_practitioner",
    "accounts.view_violation",
    "reports.view_report",
    "reports.process_report",
    "reports.view_reporter",
    "summons.view_case",
    "summons.process_case",
    "blacklist.view_entry",
    "blacklist.process_entry",
    "evaluation.view_scheme",
    "evaluation.add_scheme",
    "evaluation.change_scheme",
    "evaluation.view_trainingevent",
    "evaluation.add_trainingevent",
    "evaluation.record_attendance",
    "evaluation.view_observation",
    "evaluation.view_dailyflag",
    "evaluation.view_period",
    "evaluation.manage_period",
    "evaluation.view_expert",
    "evaluation.add_expert",
    "evaluation.change_expert",
]
# Association staff see the accounts they liaise with (Art.18), without personal data.
_ASSOCIATION = [
    "accounts.view_account",
    "accounts.view_operator",
    "accounts.view_violation",
    # Art.9, 19–20: the association's training and daily assessment, of its own organisation.
    "evaluation.view_trainingevent",
    "evaluation.add_trainingevent",
    "evaluation.record_attendance",
    "evaluation.view_observation",
    "evaluation.add_observation",
    "evaluation.view_period",
]
# Art.21: experts drawn from the pool score the accounts assigned to them.
_ASSESSOR = [
    "evaluation.view_period",
    "evaluation.score_enrolment",
]
# Art.14: association staff and experts evaluate the rectifications assigned to them.
_EVALUATOR = [
    "summons.view_case",
    "summons.evaluate_rectification",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.OFFICER: _EVERYONE + _CASEWORK,
    Role.LEADER: _EVERYONE
    + _CASEWORK
    + ["summons.approve_escalation", "blacklist.approve_entry", "evaluation.publish_period"],
    Role.ASSOCIATION: _EVERYONE + _ASSOCIATION + _EVALUATOR,
    Role.EXPERT: _EVERYONE + _EVALUATOR + _ASSESSOR,
    Role.SYSADMIN: _EVERYONE
    + [
        "users.view_user",
        "users.add_user",
        "users.change_user",
        "users.view_organisation",
        "users.add_organisation",
        "users.change_organisation",
        "workdays.add_holiday",
        "workdays.change_holiday",
        "workdays.delete_holiday",
        "core.view_sitetext",
        "core.change_sitetext",
        "accounts.view_platform",
        "accounts.add_platform",
        "accounts.change_platform",
        "accounts.view_street",
        "accounts.add_street",
        "accounts.change_street",
        "accounts.view_contentcategory",
        "accounts.add_contentcategory",
        "accounts.change_contentcategory",
        "accounts.view_prohibitedcontent",
        "accounts.add_prohibitedcontent",
        "accounts.change_prohibitedcontent",
        "summons.view_ground",
        "summons.add_ground",
        "summons.change_ground",
        "summons.view_department",
        "summons.add_department",
        "summons.change_department",
        "summons.view_measure",
        "summons.add_measure",
        "summons.change_measure",
        "blacklist.view_severity",
        "blacklist.add_severity",
        "blacklist.change_severity",
        "blacklist.view_department",
        "blacklist.add_department",
        "blacklist.change_department",
        "blacklist.view_lookuptoken",
        "blacklist.add_lookuptoken",
        "blacklist.change_lookuptoken",
        "evaluation.view_dimension",
        "evaluation.add_dimension",
        "evaluation.change_dimension",
        "evaluation.view_trainingtopic",
        "evaluation.add_trainingtopic",
        "evaluation.change_trainingtopic",
        "evaluation.view_observationcategory",
        "evaluation.add_observationcategory",
        "evaluation.change_observationcategory",
    ],
    Role.SECADMIN: _EVERYONE
    + [
        "users.view_user",
        "users.manage_user_security",
    ],
    Role.AUDITOR: _EVERYONE
    + [
        "audit.view_auditevent",
    ],
}


def sync_roles() -> None:
    """Make each role's Group hold exactly its listed permissions."""
    from django.contrib.auth.models import Group, Permission

    for role, codes in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role.value)
        perms = []
        for code in codes:
            app_label, codename = code.split(".")
            try:
                perms.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
            except Permission.DoesNotExist as exc:
                raise LookupError(f"Role {role.value} names an unknown permission {code}") from exc
        group.permissions.set(perms)


def sync_roles_after_migrate(sender, using="default", **kwargs) -> None:
    # Permissions of apps after this one would only appear later in the same
    # post_migrate round, so create them all first (idempotent), then sync.
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    sync_roles()
