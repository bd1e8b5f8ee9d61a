"""The second factor (django-otp): a TOTP authenticator app, and recovery codes for a lost phone.

GB/T 22239-2019 8.1.4.1 d) asks for two or more kinds of authentication for administrators,
ASVS V2.7–V2.8 for every staff sign-in; docs/security.md says which test holds each part.
"""

import base64
import io

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import User

RECOVERY_CODES = 10


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_device(user: User) -> TOTPDevice:
    """The authenticator being set up: one unconfirmed device, kept across page loads."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


def secret(device: TOTPDevice) -> str:
    """The shared secret as an authenticator app takes it typed in (base32)."""
    return base64.b32encode(device.bin_key).decode()


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URL as an inline SVG QR code, drawn on the server (no image from elsewhere)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    return svg[svg.index("<svg") :]


def device_digits(device: TOTPDevice | None) -> int:
    return device.digits if device is not None else 6


def verify(user: User, token: str) -> TOTPDevice | StaticDevice | None:
    """The device that accepts ``token``: the authenticator (a code is used once) or a recovery code.

    django-otp refuses a code already used (``last_t``) and slows repeated failures down.
    """
    token = "".join(token.split())
    with transaction.atomic():
        device = confirmed_device(user)
        is_code = len(token) == device_digits(device) and token.isdigit()
        if device is not None and is_code and device.verify_token(token):
            return device
        static = StaticDevice.objects.filter(user=user, confirmed=True).first()
        if static is not None and not is_code and static.verify_token(token.lower()):
            return static
    return None


@transaction.atomic
def confirm(device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm a new authenticator with its first code; returns fresh recovery codes, or None."""
    if not device.verify_token("".join(token.split())):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    return new_recovery_codes(device.user)


def new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes; each works once. Returned here and never shown again."""
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=code) for code in codes])
    return codes


def demo_device(user: User) -> TOTPDevice:
    """A confirmed authenticator for a demo user, kept across reloads of the demo data."""
    device = confirmed_device(user)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    return device


def current_code(device: TOTPDevice) -> str:
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def issuer() -> str:
    return settings.OTP_TOTP_ISSUER
