"""Uploaded images: checked by content, re-encoded without metadata, stored, shown to staff only."""

import hashlib
import io
import os
import re
import struct
import zipfile
import zlib
from datetime import UTC, datetime

import pytest
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from PIL import ExifTags, Image, ImageCms, PngImagePlugin

from yuhang_cac.core import uploads
from yuhang_cac.core.uploads import ImageLimits

GPS_IFD = ExifTags.IFD.GPSInfo
LIMITS = ImageLimits(max_bytes=8 * 1024 * 1024, max_pixels=40_000_000)


def check(uploaded, limits: ImageLimits = LIMITS) -> uploads.ProcessedImage:
    return uploads.process_image(uploaded, limits)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def picture(fmt="JPEG", size=(64, 48), mode="RGB", **save_options) -> bytes:
    image = Image.new(mode, size, (200, 30, 30, 255)[: len(mode)] if mode != "L" else 128)
    buffer = io.BytesIO()
    image.save(buffer, fmt, **save_options)
    return buffer.getvalue()


def is_chinese(message: str) -> bool:
    return re.search("[\u4e00-\u9fff]", message) is not None and not re.search("[A-Za-z]{4,}", message)


def upload(data: bytes, name="photo.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def refusal(data: bytes, name="photo.jpg") -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        check(upload(data, name))
    return caught.value


def gps_jpeg() -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "YuhangPhone"
    exif[ExifTags.Base.Orientation] = 6
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (30.0, 25.0, 12.0), 3: "E", 4: (120.0, 18.0, 3.0)})
    return picture("JPEG", exif=exif.tobytes(), comment=b"taken at home")


def png_with_size(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims another size, with its CRC fixed: cheap to build, huge to decode."""
    data = bytearray(picture("PNG", size=(1, 1), mode="1"))
    ihdr = 8 + 8  # signature, then the IHDR chunk's length and type
    data[ihdr : ihdr + 8] = struct.pack(">II", width, height)
    crc = zlib.crc32(bytes(data[ihdr - 4 : ihdr + 13]))
    data[ihdr + 13 : ihdr + 17] = struct.pack(">I", crc)
    return bytes(data)


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def with_png_chunk(png: bytes, kind: bytes, body: bytes) -> bytes:
    return png[:33] + png_chunk(kind, body) + png[33:]  # right after IHDR


def zip_archive() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.html", "<html><script>alert(1)</script></html>")
    return buffer.getvalue()


# --- What passes ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "extension", "content_type"),
    [
        (picture("JPEG"), "jpg", "image/jpeg"),
        (picture("PNG"), "png", "image/png"),
        (picture("WEBP"), "jpg", "image/jpeg"),
        (picture("WEBP", mode="RGBA", size=(8, 8), lossless=True), "jpg", "image/jpeg"),
    ],
    ids=["jpeg", "png", "webp", "webp-opaque-alpha"],
)
def test_a_plain_image_passes_and_is_re_encoded(data, extension, content_type):
    processed = check(upload(data, "截图.img"))
    assert (processed.extension, processed.content_type) == (extension, content_type)
    assert Image.open(io.BytesIO(processed.data)).format == {"jpg": "JPEG", "png": "PNG"}[extension]
    assert processed.original_name == "截图.img"


def test_a_transparent_image_is_kept_as_png():
    image = Image.new("RGBA", (16, 16), (0, 0, 0, 0))
    buffer = io.BytesIO()
    image.save(buffer, "WEBP", lossless=True)
    processed = check(upload(buffer.getvalue(), "sticker.webp"))
    assert processed.content_type == "image/png"
    assert Image.open(io.BytesIO(processed.data)).mode == "RGBA"


def test_location_and_camera_data_are_stripped():
    original = gps_jpeg()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)  # the fixture holds GPS
    processed = check(upload(original))
    clean = Image.open(io.BytesIO(processed.data))
    assert not clean.getexif()
    assert not {"exif", "icc_profile", "xmp", "comment"} & set(clean.info)
    assert b"Exif" not in processed.data and b"YuhangPhone" not in processed.data
    assert b"taken at home" not in processed.data


def test_the_exif_orientation_is_applied_before_stripping():
    processed = check(upload(gps_jpeg()))
    assert (processed.width, processed.height) == (48, 64)


def test_png_text_chunks_and_colour_profiles_are_stripped():
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "张三 13800000000")
    info.add_itxt("XML:com.adobe.xmp", "<x:xmpmeta>GPS 30.25N</x:xmpmeta>")
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    processed = check(upload(picture("PNG", pnginfo=info, icc_profile=icc), "a.png"))
    clean = Image.open(io.BytesIO(processed.data))
    assert not {"Author", "XML:com.adobe.xmp", "icc_profile"} & set(clean.info)
    for chunk in (b"tEXt", b"iTXt", b"zTXt", b"iCCP", b"eXIf"):
        assert chunk not in processed.data


def test_the_digest_is_of_the_re_encoded_bytes():
    processed = check(upload(picture("PNG"), "a.png"))
    assert processed.sha256 == hashlib.sha256(processed.data).hexdigest()
    assert (processed.width, processed.height) == (64, 48)


def test_a_photo_with_a_motion_photo_video_after_it_passes():
    video = b"\x00\x00\x00\x18ftypmp42" + os.urandom(4096)
    assert check(upload(picture("JPEG") + video)).content_type == "image/jpeg"


# --- What is refused -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "evil.svg"),
        (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>', "photo.png"),
        (b"<!doctype html><html><body>hello</body></html>", "photo.jpg"),
        ("只是一段文字，不是图片。".encode(), "photo.jpg"),
        (picture("GIF"), "photo.jpg"),
        (picture("BMP"), "photo.png"),
    ],
    ids=["svg", "svg-renamed", "html-renamed", "text-renamed", "gif", "bmp"],
)
def test_what_is_not_jpeg_png_or_webp_is_refused_by_content(data, name):
    error = refusal(data, name)
    assert error.code == "unsupported"
    assert is_chinese(error.messages[0].replace("JPEG", "").replace("WebP", ""))


@pytest.mark.parametrize(
    "data",
    [
        picture("PNG") + b"<html><body><script>alert(document.cookie)</script></body></html>",
        picture("PNG") + zip_archive(),
        picture("JPEG") + b"\n" + zip_archive(),
        picture("JPEG") + b"%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF",
        picture("WEBP") + b"<script src=//evil.example/x.js></script>",
        picture("JPEG", comment=b"<script>alert(1)</script>"),
        with_png_chunk(picture("PNG"), b"tEXt", b"Comment\x00<iframe src=//evil.example>"),
        with_png_chunk(picture("PNG"), b"tEXt", b"Comment\x00" + zip_archive()),
    ],
    ids=[
        "png+html",
        "png+zip",
        "jpeg+zip",
        "jpeg+pdf",
        "webp+script",
        "jpeg-comment-script",
        "png-text-iframe",
        "png-text-zip",
    ],
)
def test_a_polyglot_is_refused(data):
    error = refusal(data)
    assert error.code == "polyglot"
    assert is_chinese(error.messages[0])


def test_a_file_over_the_byte_limit_is_refused_without_being_read():

    class Unreadable(SimpleUploadedFile):
        def read(self, *args):
            raise AssertionError("an oversized file must not be read")

    big = Unreadable("huge.jpg", b"")
    big.size = 50 * 1024 * 1024
    with pytest.raises(ValidationError) as caught:
        check(big, ImageLimits(1000, LIMITS.max_pixels))
    assert caught.value.code == "too_large"
    assert is_chinese(caught.value.messages[0]) and "1000" in caught.value.messages[0]


def test_a_file_that_understates_its_size_is_read_only_up_to_the_limit():
    reads = []

    class Lying(SimpleUploadedFile):
        def read(self, size=-1):
            reads.append(size)
            return super().read(size)

    liar = Lying("a.png", picture("PNG") + os.urandom(5000))
    liar.size = 10
    with pytest.raises(ValidationError) as caught:
        check(liar, ImageLimits(1000, LIMITS.max_pixels))
    assert caught.value.code == "too_large"
    assert reads == [1001]


@pytest.mark.parametrize(("width", "height"), [(12_000, 12_000), (20_000, 20_000), (7_000, 7_000)])
def test_too_many_pixels_are_refused_from_the_header_before_decoding(width, height):
    # The IDAT holds one pixel: had the image been decoded, the refusal would be "corrupt".
    error = refusal(png_with_size(width, height), "bomb.png")
    assert error.code == "too_many_pixels"
    assert is_chinese(error.messages[0]) and "40" in error.messages[0]


def test_the_pixel_limit_is_the_callers():
    with pytest.raises(ValidationError) as caught:
        check(upload(picture("PNG", size=(20, 20)), "a.png"), ImageLimits(LIMITS.max_bytes, 100))
    assert caught.value.code == "too_many_pixels"


@pytest.mark.parametrize(
    "data",
    [
        picture("JPEG")[:200],
        picture("PNG")[:-20],
        b"\x89PNG\r\n\x1a\n" + os.urandom(200),
        b"\xff\xd8\xff" + os.urandom(200),
        b"RIFF\x10\x00\x00\x00WEBPVP8 " + os.urandom(8),
        with_png_chunk(picture("PNG"), b"IDAT", b"not deflate data"),
    ],
    ids=["jpeg-cut", "png-cut", "png-noise", "jpeg-noise", "webp-noise", "png-bad-idat"],
)
def test_a_damaged_image_is_refused(data):
    error = refusal(data)
    assert error.code == "corrupt"
    assert is_chinese(error.messages[0])


def test_an_empty_file_is_refused():
    assert refusal(b"").code == "empty"


# --- Storing and showing to staff ----------------------------------------------------------


def test_stored_evidence_gets_a_generated_name_by_month(media):
    processed = check(upload(picture("JPEG"), "一.jpg"))
    path = uploads.store(processed, folder="evidence", now=datetime(2026, 3, 31, 20, 0, tzinfo=UTC))
    assert re.fullmatch(r"evidence/2026/04/[0-9a-f]{32}\.jpg", path)  # Asia/Shanghai: already April
    assert (media / path).read_bytes() == processed.data


def test_the_staff_response_is_inline_nosniff_sandboxed_and_not_cached(media):
    path = uploads.store(check(upload(picture("PNG"), "二.png")), folder="evidence")
    response = uploads.file_response(path, "image/png")
    try:
        assert response["Content-Type"] == "image/png"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
        assert response["Cache-Control"] == "private, no-store"
        assert response["Content-Disposition"] == f'inline; filename="{path.rsplit("/", 1)[1]}"'
        assert b"".join(response.streaming_content) == (media / path).read_bytes()
    finally:
        response.file_to_stream.close()


def test_a_missing_evidence_file_is_404():
    with pytest.raises(Http404):
        uploads.file_response("evidence/2026/01/" + "0" * 32 + ".jpg", "image/jpeg")


def test_the_staff_response_refuses_paths_outside_media_and_other_types():
    with pytest.raises(SuspiciousFileOperation):
        uploads.file_response("../../etc/passwd", "image/jpeg")
    with pytest.raises(ValueError):
        uploads.file_response("evidence/x.html", "text/html")
