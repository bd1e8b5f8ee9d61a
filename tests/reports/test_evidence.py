"""Evidence of the report form: limits from the settings; checked images staged across form errors."""

import os
import re
import time

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from reports import evidence, tasks
from tests.core.test_uploads import is_chinese, picture, png_with_size, upload


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_the_byte_limit_follows_the_setting(settings):
    settings.REPORT_MAX_IMAGE_BYTES = 1000
    with pytest.raises(ValidationError) as caught:
        evidence.process_image(upload(picture("PNG") + os.urandom(5000), "a.png"))
    assert caught.value.code == "too_large"


def test_the_pixel_limit_follows_the_setting(settings):
    settings.REPORT_MAX_IMAGE_PIXELS = 100
    with pytest.raises(ValidationError) as caught:
        evidence.process_image(upload(png_with_size(20, 20), "a.png"))
    assert caught.value.code == "too_many_pixels"


def test_evidence_is_stored_under_its_own_folder(media):
    path = evidence.store(evidence.process_image(upload(picture("JPEG"))))
    assert re.fullmatch(r"evidence/\d{4}/\d{2}/[0-9a-f]{32}\.jpg", path)
    assert (media / path).exists()


# --- Staging across a form error -----------------------------------------------------------


def processed_pair() -> list[evidence.ProcessedImage]:
    return [
        evidence.process_image(upload(picture("JPEG"), "一.jpg")),
        evidence.process_image(upload(picture("PNG"), "二.png")),
    ]


def test_staged_images_come_back_in_order(media):
    images = processed_pair()
    token = evidence.stage(images)
    assert evidence.staged(token) == images


def test_staged_files_have_generated_names_in_a_random_folder(media):
    token = evidence.stage(processed_pair())
    folder = media / "evidence-staging" / evidence.unsign_token(token)
    names = sorted(p.name for p in folder.iterdir() if p.name != "manifest.json")
    assert len(names) == 2
    assert all(re.fullmatch(r"[0-9a-f]{32}\.(jpg|png)", name) for name in names)
    assert "一" not in "".join(names)


def test_nothing_to_stage_gives_an_empty_token():
    assert evidence.stage([]) == ""
    assert evidence.staged("") == []


@pytest.mark.parametrize(
    "token",
    [
        "0123456789abcdef0123456789abcdef",
        "0123456789abcdef0123456789abcdef:1vX:forged",
        evidence.sign_token("../../../etc"),
        evidence.sign_token("0123456789ABCDEF0123456789ABCDEF"),
        "../../../etc/passwd",
    ],
    ids=["unsigned", "forged", "traversal-signed", "wrong-alphabet", "traversal"],
)
def test_a_forged_or_foreign_token_is_refused(token):
    with pytest.raises(ValidationError) as caught:
        evidence.staged(token)
    assert caught.value.code == "staging_expired"
    assert is_chinese(caught.value.messages[0])


def test_a_token_with_a_changed_signature_is_refused():
    token = evidence.stage(processed_pair())
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    with pytest.raises(ValidationError):
        evidence.staged(tampered)


def test_a_token_older_than_the_staging_period_is_refused(settings, monkeypatch):
    settings.REPORT_STAGING_HOURS = 1
    token = evidence.stage(processed_pair())
    later = time.time() + 2 * 3600
    monkeypatch.setattr(time, "time", lambda: later)
    with pytest.raises(ValidationError):
        evidence.staged(token)


def test_staged_images_altered_on_disk_are_refused(media):
    token = evidence.stage(processed_pair())
    folder = media / "evidence-staging" / evidence.unsign_token(token)
    victim = next(p for p in folder.iterdir() if p.suffix == ".png")
    victim.write_bytes(b"changed")
    with pytest.raises(ValidationError):
        evidence.staged(token)


def test_discard_removes_the_staging_folder_and_ignores_bad_tokens(media):
    token = evidence.stage(processed_pair())
    evidence.discard(token)
    assert list((media / "evidence-staging").iterdir()) == []
    evidence.discard(token)
    evidence.discard("")
    evidence.discard("../../etc")
    with pytest.raises(ValidationError):
        evidence.staged(token)


def test_the_purge_removes_only_stale_staging_folders_and_twice_is_harmless(media, settings):
    settings.REPORT_STAGING_HOURS = 24
    stale = media / "evidence-staging" / evidence.unsign_token(evidence.stage(processed_pair()))
    fresh = media / "evidence-staging" / evidence.unsign_token(evidence.stage(processed_pair()))
    unrelated = media / "evidence-staging" / "keep-me"
    unrelated.mkdir()
    two_days_ago = time.time() - 48 * 3600
    for folder in (stale, unrelated):
        os.utime(folder, (two_days_ago, two_days_ago))
    assert tasks.purge_stale_staging() == 1
    assert tasks.purge_stale_staging() == 0
    assert (stale.exists(), fresh.exists(), unrelated.exists()) == (False, True, True)


def test_the_purge_is_quiet_when_nothing_was_ever_staged():
    assert tasks.purge_stale_staging() == 0


# --- Request size ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_oversized_request_body_gets_the_chinese_bad_request_page(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = client.post("/login/", {"username": "x", "description": "举" * 20_000})
    assert response.status_code == 400
    assert "请求无效" in response.content.decode()


@pytest.mark.django_db
def test_more_files_than_any_form_takes_get_the_chinese_bad_request_page(client, settings):
    files = {
        f"f{i}": SimpleUploadedFile(f"{i}.jpg", b"x")
        for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1)
    }
    response = client.post("/login/", {"username": "x", **files})
    assert response.status_code == 400
    assert "请求无效" in response.content.decode()
