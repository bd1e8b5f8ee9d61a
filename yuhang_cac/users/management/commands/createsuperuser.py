"""Django's createsuperuser, audited: superusers exist only for emergencies (docs/security.md)."""

from django.contrib.auth.management.commands.createsuperuser import Command as CreateSuperuser

from yuhang_cac.audit.models import AuditEvent
from yuhang_cac.audit.services import record_event
from yuhang_cac.users.models import User


class Command(CreateSuperuser):
    help = "Create an emergency superuser; the creation and every sign-in are in the audit log."

    def handle(self, *args, **options):
        before = set(User.objects.filter(is_superuser=True).values_list("pk", flat=True))
        super().handle(*args, **options)
        for user in User.objects.filter(is_superuser=True).exclude(pk__in=before):
            record_event(
                AuditEvent.Kind.BREAK_GLASS,
                target=user,
                actor_label="manage.py createsuperuser",
                detail={"created": True},
            )
