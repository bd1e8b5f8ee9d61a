"""Chinese phone numbers (docs/domain.md §5): mainland mobiles and landlines.

Every form that takes a phone number validates and normalises it here.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MOBILE = re.compile(r"1[3-9]\d{9}")
LANDLINE = re.compile(r"0\d{2,3}-\d{7,8}")


def normalise_phone(value: str) -> str:
    phone = re.sub(r"[\s()（）]", "", value or "")
    phone = re.sub(r"^(\+86|0086)", "", phone)
    if re.fullmatch(r"0571\d{8}", phone):
        phone = f"0571-{phone[4:]}"
    return phone


def validate_phone(value: str) -> None:
    phone = normalise_phone(value)
    if not (MOBILE.fullmatch(phone) or LANDLINE.fullmatch(phone)):
        raise ValidationError(
            _("Enter a mobile number (11 digits starting with 1) or a landline such as 0571-88888888."),
            code="phone",
        )


def mask_phone(phone: str) -> str:
    return phone[:3] + "****" + phone[-4:] if len(phone) >= 8 else "****"
