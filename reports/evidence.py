"""Evidence images of the public report form (Art.22; docs/domain.md §8).

Checking, re-encoding, storing and serving are the core's (``yuhang_cac.core.uploads``);
this module holds the report form's limits and its staging: images that passed while the
rest of the form did not are staged under a signed token, so the citizen does not choose
them again; ``purge_stale_staging`` removes what is left behind.
"""

import hashlib
import json
import re
import secrets
import shutil
import time
import uuid
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from yuhang_cac.core.uploads import ImageLimits, ProcessedImage
from yuhang_cac.core.uploads import process_image as check_image
from yuhang_cac.core.uploads import store as store_file

_STAGING = "evidence-staging"
_TOKEN = re.compile(r"[0-9a-f]{32}")
_STAGED_NAME = re.compile(r"[0-9a-f]{32}\.(?:jpg|png)")
_SIGNING_SALT = "reports.evidence.staging"
_FOLDER = "evidence"


def limits() -> ImageLimits:
    return ImageLimits(settings.REPORT_MAX_IMAGE_BYTES, settings.REPORT_MAX_IMAGE_PIXELS)


def process_image(uploaded: UploadedFile) -> ProcessedImage:
    """An evidence image checked and re-encoded within the report form's limits."""
    return check_image(uploaded, limits())


def store(processed: ProcessedImage) -> str:
    """Save an evidence image for good; returns its path under MEDIA_ROOT."""
    return store_file(processed, folder=_FOLDER)


# --- Staging across a form error -----------------------------------------------------------


def _staging_root() -> Path:
    return Path(settings.MEDIA_ROOT) / _STAGING


def _staging_expired() -> ValidationError:
    return ValidationError(
        _("The images you chose earlier are no longer available. Please choose them again."),
        code="staging_expired",
    )


def sign_token(token: str) -> str:
    """The token as a client may hold it: signed and timestamped."""
    return signing.TimestampSigner(salt=_SIGNING_SALT).sign(token)


def unsign_token(signed: str) -> str:
    """The bare token behind a signed one; ``ValidationError`` if forged, malformed or expired."""
    max_age = settings.REPORT_STAGING_HOURS * 3600
    try:
        token = signing.TimestampSigner(salt=_SIGNING_SALT).unsign(signed, max_age=max_age)
    except signing.BadSignature as exc:
        raise _staging_expired() from exc
    if not _TOKEN.fullmatch(token):
        raise _staging_expired()
    return token


def stage(images: Sequence[ProcessedImage]) -> str:
    """Keep checked images while the form is corrected; returns the signed token ("" for none)."""
    if not images:
        return ""
    token = secrets.token_hex(16)
    folder = _staging_root() / token
    folder.mkdir(parents=True)
    manifest = []
    for image in images:
        name = f"{uuid.uuid4().hex}.{image.extension}"
        (folder / name).write_bytes(image.data)
        entry = asdict(image)
        del entry["data"]
        manifest.append(entry | {"file": name})
    # Written last: a folder without a manifest is incomplete and never read back.
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return sign_token(token)


def staged(signed: str) -> list[ProcessedImage]:
    """The images staged under a signed token, in their order ([] for an empty token).

    Raises ``ValidationError`` when the token is forged or the images have expired.
    """
    if not signed:
        return []
    folder = _staging_root() / unsign_token(signed)
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        return [_load_staged(folder, entry) for entry in manifest]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise _staging_expired() from exc


def _load_staged(folder: Path, entry: dict) -> ProcessedImage:
    name = entry.pop("file")
    if not _STAGED_NAME.fullmatch(name):
        raise ValueError(name)
    data = (folder / name).read_bytes()
    if hashlib.sha256(data).hexdigest() != entry["sha256"]:
        raise ValueError(name)
    return ProcessedImage(data=data, **entry)


def discard(signed: str) -> None:
    """Remove staged images once the report is in; a missing or bad token is a no-op."""
    try:
        token = unsign_token(signed)
    except ValidationError:
        return
    shutil.rmtree(_staging_root() / token, ignore_errors=True)


def purge_stale_staging(now: float | None = None) -> int:
    """Remove staging folders older than REPORT_STAGING_HOURS; returns how many went."""
    root = _staging_root()
    if not root.is_dir():
        return 0
    cutoff = (time.time() if now is None else now) - settings.REPORT_STAGING_HOURS * 3600
    removed = 0
    for folder in root.iterdir():
        if _TOKEN.fullmatch(folder.name) and folder.is_dir() and _mtime(folder) < cutoff:
            shutil.rmtree(folder, ignore_errors=True)
            removed += not folder.exists()
    return removed


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except FileNotFoundError:  # removed by a concurrent purge or discard
        return float("inf")
