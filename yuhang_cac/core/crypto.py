"""Personal data at rest: Fernet encryption with rotatable keys, and a keyed HMAC for exact look-ups.

``FIELD_ENCRYPTION_KEYS`` lists keys newest first: encryption uses the first,
decryption tries each, and ``rotate`` re-encrypts under the first. The HMAC key
is separate, so a look-up index never needs the encryption keys (docs/domain.md §8).
"""

import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key) for key in keys])


def _current() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(plaintext: str) -> str:
    return _current().encrypt(plaintext.encode()).decode()


def decrypt(token: str) -> str:
    return _current().decrypt(token.encode()).decode()


def rotate(token: str) -> str:
    """The same plaintext, encrypted under the newest key."""
    return _current().rotate(token.encode()).decode()


def lookup_hash(normalised: str) -> str:
    """A keyed hash of an already-normalised value, for exact-match look-ups."""
    return hmac.new(settings.HMAC_KEY.encode(), normalised.encode(), hashlib.sha256).hexdigest()
