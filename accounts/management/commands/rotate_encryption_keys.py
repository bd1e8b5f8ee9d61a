"""Re-encrypt every stored ID number under the newest key of FIELD_ENCRYPTION_KEYS.

Rotation: put a new key first in FIELD_ENCRYPTION_KEYS (keep the old ones after it), run this
command, then drop the old keys. Look-up hashes use HMAC_KEY and do not change.
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from accounts.models import Person
from yuhang_cac.core import crypto


class Command(BaseCommand):
    help = "Re-encrypt stored ID numbers under the newest FIELD_ENCRYPTION_KEYS key."

    @transaction.atomic
    def handle(self, *args, **options):
        people = list(Person.objects.select_for_update().order_by("pk"))
        for person in people:
            person.id_number_encrypted = crypto.rotate(person.id_number_encrypted)
        bulk_update_with_history(
            people,
            Person,
            ["id_number_encrypted"],
            batch_size=500,
            default_change_reason=_("Encryption key rotated"),
        )
        self.stdout.write(_("Re-encrypted %(count)d ID numbers.") % {"count": len(people)})
