import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command

from accounts.models import Person
from accounts.services import create_person, unmask_id_number
from yuhang_cac.core import crypto

pytestmark = pytest.mark.django_db


def test_rotation_re_encrypts_under_the_new_key_so_the_old_one_can_go(settings, user_of):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [old]
    person = create_person(name="张三", id_type="resident", id_number="11010519491231002X", by=None)

    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    call_command("rotate_encryption_keys")

    settings.FIELD_ENCRYPTION_KEYS = [new]
    person.refresh_from_db()
    assert crypto.decrypt(person.id_number_encrypted) == "11010519491231002X"
    assert (
        unmask_id_number(person, by=user_of("officer"), reason="identity", note="key rotation")
        == "11010519491231002X"
    )
    assert person.history.first().history_change_reason == "加密密钥轮换"
    assert Person.objects.get().id_number_hash == person.id_number_hash
