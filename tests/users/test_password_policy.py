"""The password policy: length, classes, common and similar passwords, the longest accepted."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("Short-1a", "password_too_short"),
        ("alllowercaseletters", "password_too_simple"),
        ("Qwerty123456", "password_too_common"),
        ("A" + "b1-" * 50, "password_too_long"),
        ("chenzhiyuan-2026", "password_too_similar"),
    ],
)
def test_a_weak_password_is_refused(password, code):
    user = UserFactory(username="chenzhiyuan", full_name="chenzhiyuan")
    with pytest.raises(ValidationError) as raised:
        validate_password(password, user)
    assert code in {error.code for error in raised.value.error_list}


def test_a_good_password_passes():
    validate_password("Yuhang-regulator-2026", UserFactory())


def test_the_policy_is_configurable(settings):
    from yuhang_cac.users.passwords import CharacterClassesValidator

    with pytest.raises(ValidationError):
        CharacterClassesValidator(min_classes=4).validate("Letters-and-dash")
    CharacterClassesValidator(min_classes=2).validate("lettersand123")


def test_setting_a_password_starts_its_clock():
    user = UserFactory()
    user.must_change_password = True
    user.set_password("Yuhang-regulator-2026")
    user.save()
    user.refresh_from_db()
    assert user.password_changed_at is not None and user.must_change_password is False
