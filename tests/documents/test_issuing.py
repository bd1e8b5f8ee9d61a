"""Issuing a document: its number, its frozen PDF, and the text the PDF carries."""

import hashlib
import io
import re
import struct
import zlib
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.template import TemplateDoesNotExist
from pypdf import PdfReader

from reports import evidence
from tests.documents.factories import ADDRESSEE, CLOSING, ITEMS, OTHER_SERIES, PARAGRAPHS, TITLE, issue
from tests.reports.factories import png_upload
from yuhang_cac.core.regulation import chinese_numeral
from yuhang_cac.documents import services
from yuhang_cac.documents.models import Document
from yuhang_cac.documents.registry import register_series, unregister_series

# These tests read the documents they issue: drawn for real (tests/conftest.py).
pytestmark = pytest.mark.pdf

SHANGHAI = ZoneInfo("Asia/Shanghai")
ISSUED_AT = datetime(2026, 12, 1, 10, 30, tzinfo=SHANGHAI)


def pdf_text(document: Document) -> str:
    reader = PdfReader(io.BytesIO(services.read_document(document)))
    return "\n".join(page.extract_text() for page in reader.pages)


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_the_pdf_text_is_the_chinese_of_the_document(report, officer):
    document = issue(report, officer, issued_at=ISSUED_AT)
    text = pdf_text(document)
    lines = text.splitlines()
    assert lines[:4] == ["余杭区互联网信息办公室", "余网信测〔2026〕1号", TITLE, f"{ADDRESSEE}："]
    for passage in [*PARAGRAPHS, *(f"{n}.{item}" for n, item in enumerate(ITEMS, 1)), CLOSING]:
        assert squeezed(passage) in squeezed(text)
    assert "2026年12月1日" in lines
    assert "（依据《余杭区自媒体管理办法》第十二条）" in lines
    assert "— 1 —" in lines
    assert re.findall(r"[A-Za-z]+", text) == []


def test_the_document_is_frozen_with_its_number_hash_and_issuer(report, officer):
    document = issue(report, officer, issued_at=ISSUED_AT)
    data = default_storage.open(document.path).read()
    assert data.startswith(b"%PDF-")
    assert document.sha256 == hashlib.sha256(data).hexdigest()
    assert document.size == len(data)
    assert (document.number, document.series, document.year, document.serial) == (
        "余网信测〔2026〕1号",
        "test-notice",
        2026,
        1,
    )
    assert (document.owner, document.issued_by, document.issued_at) == (report, officer, ISSUED_AT)
    assert list(Document.objects.of(report)) == [document]
    assert document.history.get().history_user == officer


def test_reprinting_returns_the_same_bytes(report, officer):
    document = issue(report, officer)
    first, second = services.read_document(document), services.read_document(document)
    assert first == second
    assert hashlib.sha256(second).hexdigest() == document.sha256


def test_a_stored_pdf_that_changed_is_refused(report, officer):
    document = issue(report, officer)
    with default_storage.open(document.path, "wb") as handle:
        handle.write(b"%PDF-1.7 something else")
    with pytest.raises(services.DocumentIntegrityError):
        services.read_document(document)


def test_numbers_follow_each_other_per_series_and_year(report, officer):
    first, second = issue(report, officer, issued_at=ISSUED_AT), issue(report, officer, issued_at=ISSUED_AT)
    letter = issue(report, officer, series=OTHER_SERIES, issued_at=ISSUED_AT)
    next_year = issue(report, officer, issued_at=datetime(2027, 1, 4, 9, tzinfo=SHANGHAI))
    assert [first.number, second.number] == ["余网信测〔2026〕1号", "余网信测〔2026〕2号"]
    assert letter.number == "余网信函测〔2026〕1号"
    assert next_year.number == "余网信测〔2027〕1号"


def test_the_year_is_the_year_in_china(report, officer):
    # 2026-12-31 17:00 UTC is already 2027 in Hangzhou.
    document = issue(report, officer, issued_at=datetime(2026, 12, 31, 17, tzinfo=ZoneInfo("UTC")))
    assert document.number == "余网信测〔2027〕1号"
    assert "2027年1月1日" in pdf_text(document)


def test_a_failed_issue_leaves_no_gap(report, officer):
    with pytest.raises(TemplateDoesNotExist):
        issue(report, officer, template="documents/no-such-template.html")
    assert issue(report, officer).serial == 1


def test_a_transition_that_fails_after_issuing_gives_the_number_back(report, officer):
    with pytest.raises(RuntimeError), transaction.atomic():
        issue(report, officer)
        raise RuntimeError("the owning app's transition failed")
    assert Document.objects.count() == 0
    assert issue(report, officer).serial == 1


def test_a_row_that_cannot_be_saved_leaves_no_file(report, officer, monkeypatch, settings):
    def refuse(*args, **kwargs):
        raise IntegrityError("refused")

    monkeypatch.setattr(Document, "save", refuse)
    with pytest.raises(IntegrityError):
        issue(report, officer)
    assert not list((settings.MEDIA_ROOT / "documents").rglob("*.pdf"))


def test_a_document_needs_a_title(report, officer):
    with pytest.raises(services.DocumentError, match="公文须有标题"):
        issue(report, officer, title="  ")
    assert issue(report, officer).serial == 1


def test_an_unknown_series_is_a_programming_error(report, officer):
    with pytest.raises(LookupError):
        issue(report, officer, series="no-such-series")


def test_the_article_can_be_given_per_document(report, officer):
    document = issue(report, officer, article=13)
    assert document.article == 13
    assert "（依据《余杭区自媒体管理办法》第十三条）" in pdf_text(document)


@pytest.mark.parametrize(
    ("n", "numeral"), [(1, "一"), (10, "十"), (12, "十二"), (20, "二十"), (22, "二十二"), (99, "九十九")]
)
def test_articles_are_numbered_as_in_the_measure(n, numeral):
    assert chinese_numeral(n) == numeral


def test_two_series_cannot_share_a_prefix(report):
    with pytest.raises(ValueError, match="already"):
        register_series("test-other", prefix="余网信测", article=12)
    unregister_series("test-other")


def test_a_series_code_fits_the_counter_table():
    with pytest.raises(ValueError):
        register_series("x" * 17, prefix="余网信长", article=12)


def test_issuing_leaves_damaged_evidence_images_refused(report, officer):
    # WeasyPrint's import tells Pillow to accept truncated images, process-wide.
    issue(report, officer)
    png = png_upload("shot.png").read()
    bad_idat = b"not deflate data"
    chunk = (
        struct.pack(">I", len(bad_idat))
        + b"IDAT"
        + bad_idat
        + struct.pack(">I", zlib.crc32(b"IDAT" + bad_idat))
    )
    damaged = png[:33] + chunk + png[33:]  # a first image-data chunk that does not inflate
    with pytest.raises(ValidationError) as refused:
        evidence.process_image(SimpleUploadedFile("cut.png", damaged, content_type="image/png"))
    assert refused.value.code == "corrupt"
