"""Uploaded images and files, for every app that takes evidence (docs/plugging-in.md, "Uploaded evidence").

An upload is checked by its content, never by its name: the byte size first, then the
magic bytes, the file's structure (nothing hidden in metadata or after the image's end),
the pixel count read from the header, and only then is it decoded. What is kept is a
re-encoded copy without any metadata (EXIF, GPS, XMP, ICC, text chunks), under a generated
name, beneath MEDIA_ROOT and never under a public URL; staff views that have checked the
user's scope serve it through ``file_response`` (nosniff, a sandboxing CSP, no-store).

Each app passes its own limits (``ImageLimits``) and its own storage folder.
"""

import hashlib
import re
import uuid
import warnings
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageOps

CONTENT_TYPES = {"jpg": "image/jpeg", "png": "image/png"}

_MAGIC = {b"\xff\xd8\xff": "JPEG", b"\x89PNG\r\n\x1a\n": "PNG"}
_PILLOW_FORMATS = {"JPEG": {"JPEG", "MPO"}, "PNG": {"PNG"}, "WEBP": {"WEBP"}}
# Markup that turns an "image" into a page once a browser or a viewer sniffs it.
_MARKUP = re.compile(
    rb"<\s*(?:script|html|body|iframe|svg|object|embed|\?php|!doctype)[\s>/]|javascript:", re.IGNORECASE
)
# Containers that a polyglot hides after the image: archives, documents, executables.
_CONTAINERS = (
    b"PK\x03\x04",
    b"%PDF-",
    b"Rar!\x1a\x07",
    b"7z\xbc\xaf\x27\x1c",
    b"\x1f\x8b\x08",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    b"\x7fELF",
    b"MZ",
)
# Marks of a PDF or a ZIP that readers find anywhere in a small part, not only at its start.
_ARCHIVE_MARKS = (b"%PDF-", b"PK\x03\x04", b"PK\x05\x06")
# A ZIP reader looks for its end record in the last 64 KiB of a file, wherever the file starts.
_ZIP_END, _ZIP_TAIL = b"PK\x05\x06", 65_557


@dataclass(frozen=True)
class ImageLimits:
    """What an app accepts: bytes per file and pixels per image."""

    max_bytes: int
    max_pixels: int


@dataclass(frozen=True)
class ProcessedImage:
    """A re-encoded image, ready to stage or store. ``original_name`` is for display only."""

    data: bytes
    extension: str
    content_type: str
    width: int
    height: int
    sha256: str
    original_name: str = ""


# --- Checking and re-encoding --------------------------------------------------------------


def _refuse(code: str, message, **params) -> ValidationError:
    return ValidationError(message, code=code, params=params or None)


def _corrupt() -> ValidationError:
    return _refuse("corrupt", _("The file is damaged or incomplete and cannot be read as an image."))


def process_image(uploaded: UploadedFile, limits: ImageLimits) -> ProcessedImage:
    """Check an uploaded image by its content and return a clean re-encoded copy.

    Raises ``ValidationError`` (a Chinese message, a code) for anything that is not a plain
    JPEG, PNG or WebP image within the size and pixel limits.
    """
    data = _read_capped(uploaded, limits.max_bytes)
    kind = _sniff(data)
    _check_structure(kind, data)
    image = _open_within_limits(kind, data, limits.max_pixels)
    try:
        return _reencode(kind, image, original_name=(uploaded.name or "")[-100:])
    except (OSError, ValueError) as exc:  # a pixel mode Pillow cannot convert or write
        raise _corrupt() from exc


def process_images(uploads, limits: ImageLimits) -> tuple[list[ProcessedImage], list[str]]:
    """Each upload checked and re-encoded: the clean copies, and the refusals named by their file."""
    images, errors = [], []
    for upload in uploads:
        try:
            images.append(process_image(upload, limits))
        except ValidationError as exc:
            errors.extend(f"{upload.name}：{message}" for message in exc.messages)
    return images, errors


def _read_capped(uploaded: UploadedFile, limit: int) -> bytes:
    """The file's bytes, refusing a file over the limit before reading it (or past the limit)."""
    too_large = _refuse("too_large", _("The file is larger than %(limit)s."), limit=filesizeformat(limit))
    if uploaded.size is not None and uploaded.size > limit:
        raise too_large
    uploaded.seek(0)
    data = uploaded.read(limit + 1)
    if len(data) > limit:
        raise too_large
    if not data:
        raise _refuse("empty", _("The file is empty."))
    return data


def _sniff(data: bytes) -> str:
    """JPEG, PNG or WEBP from the magic bytes; anything else (SVG, HTML, text, GIF...) is refused."""
    for magic, kind in _MAGIC.items():
        if data.startswith(magic):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    raise _refuse("unsupported", _("Only JPEG, PNG and WebP images are accepted."))


def _check_structure(kind: str, data: bytes) -> None:
    """Refuse markup or an archive in the metadata, or after the image's end (a polyglot)."""
    walk = {"JPEG": _jpeg_parts, "PNG": _png_parts, "WEBP": _webp_parts}[kind]
    metadata, end = walk(data)
    if any(map(_marked, metadata)) or _hides_payload(data[end:]):
        raise _refuse(
            "polyglot",
            _(
                "The file contains data that does not belong in an image, such as a web page or an "
                "archive. Save the picture again as a plain photo or screenshot and choose it again."
            ),
        )


def _marked(part: bytes) -> bool:
    return _MARKUP.search(part) is not None or any(mark in part for mark in _ARCHIVE_MARKS)


def _hides_payload(trailing: bytes) -> bool:
    # Phones append their own data after a photo (motion-photo video, vendor trailers); that is
    # harmless and dropped by re-encoding. Markup and archive or document containers are not.
    # Trailing data can be megabytes of video, so only marks unlikely to occur by chance count.
    if not trailing:
        return False
    return (
        trailing.lstrip(b"\x00\t\r\n ").startswith(_CONTAINERS)
        or b"%PDF-" in trailing
        or _ZIP_END in trailing[-_ZIP_TAIL:]
        or _MARKUP.search(trailing) is not None
    )


def _jpeg_parts(data: bytes) -> tuple[list[bytes], int]:
    """The metadata segments (APPn, COM) and the offset just past the end-of-image marker."""
    metadata, pos = [], 2
    while pos + 2 <= len(data):
        if data[pos] != 0xFF:
            raise _corrupt()
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte before a marker
            pos += 1
            continue
        if marker == 0xD9:
            return metadata, pos + 2
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:  # markers without a length
            pos += 2
            continue
        length = int.from_bytes(data[pos + 2 : pos + 4], "big")
        if length < 2 or pos + 2 + length > len(data):
            raise _corrupt()
        if 0xE0 <= marker <= 0xEF or marker == 0xFE:
            metadata.append(data[pos + 4 : pos + 2 + length])
        pos += 2 + length
        if marker == 0xDA:
            pos = _jpeg_scan_end(data, pos)
    raise _corrupt()


def _jpeg_scan_end(data: bytes, pos: int) -> int:
    """Skip entropy-coded data: it ends at the first 0xFF that is not stuffing or a restart marker."""
    while True:
        pos = data.find(b"\xff", pos)
        if pos < 0 or pos + 1 >= len(data):
            raise _corrupt()
        following = data[pos + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7:
            pos += 2
        elif following == 0xFF:
            pos += 1
        else:
            return pos


def _png_parts(data: bytes) -> tuple[list[bytes], int]:
    """Every chunk but the image data, and the offset just past IEND."""
    metadata, pos = [], 8
    while pos + 12 <= len(data):
        length = int.from_bytes(data[pos : pos + 4], "big")
        kind, end = data[pos + 4 : pos + 8], pos + 12 + length
        if end > len(data):
            raise _corrupt()
        if kind not in (b"IDAT", b"fdAT"):
            metadata.append(data[pos + 8 : pos + 8 + length])
        if kind == b"IEND":
            return metadata, end
        pos = end
    raise _corrupt()


def _webp_parts(data: bytes) -> tuple[list[bytes], int]:
    """Every chunk but the image data, and the end of the RIFF container."""
    end = 8 + int.from_bytes(data[4:8], "little")
    if end > len(data):
        raise _corrupt()
    metadata, pos = [], 12
    while pos + 8 <= end:
        kind, length = data[pos : pos + 4], int.from_bytes(data[pos + 4 : pos + 8], "little")
        if kind not in (b"VP8 ", b"VP8L", b"ALPH", b"ANMF"):
            metadata.append(data[pos + 8 : pos + 8 + length])
        pos += 8 + length + (length & 1)
    return metadata, end


def _open_within_limits(kind: str, data: bytes, max_pixels: int) -> Image.Image:
    """Open lazily (the header only), refuse too many pixels, and only then decode."""
    too_many = _refuse(
        "too_many_pixels",
        _("The image is too large: at most %(limit)s million pixels are accepted."),
        limit=f"{max_pixels / 1_000_000:g}",
    )
    # Pillow's own bomb guard warns (or raises) at open: both mean "too many pixels" here.
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(BytesIO(data), formats=[kind])
            if image.format not in _PILLOW_FORMATS[kind]:
                raise _corrupt()
            if image.width * image.height > max_pixels:
                raise too_many
            image.load()
        except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
            raise too_many from exc
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            raise _corrupt() from exc
    return image


def _reencode(kind: str, image: Image.Image, *, original_name: str) -> ProcessedImage:
    """Upright, in sRGB, without metadata; PNG when lossless matters, JPEG otherwise."""
    image = _to_srgb(_upright(image))
    if image.has_transparency_data:
        image = image.convert("RGBA")  # palette or colour-key transparency becomes an alpha channel
    alpha = image.mode == "RGBA" and image.getchannel("A").getextrema()[0] < 255
    mode = "RGBA" if alpha else ("L" if image.mode in ("1", "L") else "RGB")
    clean = image.convert(mode) if image.mode != mode else image
    clean.info = {}  # Pillow carries ICC, comments and XMP over from info when saving
    lossless = alpha or kind == "PNG"  # screenshots keep their sharp text
    buffer = BytesIO()
    if lossless:
        clean.save(buffer, "PNG")
    else:
        clean.save(buffer, "JPEG", quality=85, optimize=True)
    data, extension = buffer.getvalue(), "png" if lossless else "jpg"
    return ProcessedImage(
        data=data,
        extension=extension,
        content_type=CONTENT_TYPES[extension],
        width=clean.width,
        height=clean.height,
        sha256=hashlib.sha256(data).hexdigest(),
        original_name=original_name,
    )


def _upright(image: Image.Image) -> Image.Image:
    # A photo with a broken EXIF block is still evidence: keep it as it is rather than refuse it.
    try:
        return ImageOps.exif_transpose(image)
    except (OSError, SyntaxError, ValueError, KeyError, TypeError):
        return image


def _to_srgb(image: Image.Image) -> Image.Image:
    """Apply an embedded colour profile before it is stripped, so colours stay as the citizen saw them."""
    icc = image.info.get("icc_profile")
    if not icc:
        return image
    if image.mode not in ("RGB", "RGBA", "CMYK", "L"):
        image = image.convert("RGBA" if image.has_transparency_data else "RGB")
    output = "RGBA" if image.mode == "RGBA" else "RGB"
    try:
        source = ImageCms.ImageCmsProfile(BytesIO(icc))
        return ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode=output)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return image


# --- Storing and showing to staff ----------------------------------------------------------


def store(processed: ProcessedImage, *, folder: str, now: datetime | None = None) -> str:
    """Save for good under <folder>/<yyyy>/<mm>/<uuid>.<ext>; returns the path relative to MEDIA_ROOT."""
    month = timezone.localtime(now)
    name = f"{folder}/{month:%Y/%m}/{uuid.uuid4().hex}.{processed.extension}"
    return default_storage.save(name, ContentFile(processed.data))


def file_response(path: str, content_type: str) -> FileResponse:
    """Stream a stored image inline for a staff view that has checked the user's scope.

    Nothing the browser could sniff, run or cache: nosniff, a sandboxing CSP, no-store.
    """
    if content_type not in CONTENT_TYPES.values():
        raise ValueError(f"not a content type that uploads keep: {content_type!r}")
    try:
        handle = default_storage.open(path, "rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    # FileResponse sets "Content-Disposition: inline; filename=..." from the generated name.
    response = FileResponse(handle, content_type=content_type, filename=PurePosixPath(path).name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
