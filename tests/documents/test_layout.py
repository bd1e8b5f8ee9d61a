"""The layout against GB/T 9704-2012 (DOMAIN.md §11), read back from the PDF and from a rendering of it."""

import io
import shutil
import subprocess
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PIL import Image
from pypdf import PdfReader

from tests.documents.factories import issue, letter_context
from yuhang_cac.documents import services

# These tests read the documents they issue: drawn for real (tests/conftest.py).
pytestmark = pytest.mark.pdf

MM = 72 / 25.4  # PDF points per millimetre
A4 = (210, 297)
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "documents"


def pages(document):
    return PdfReader(io.BytesIO(services.read_document(document))).pages


def text_runs(page) -> list[tuple[float, float, str, float]]:
    """(x, y) in mm from the bottom-left corner, text and font size in pt, of each run on the page."""
    runs = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            runs.append((x / MM, y / MM, text.strip(), round(size * 0.75, 1)))  # WeasyPrint sizes are CSS px

    page.extract_text(visitor_text=visit)
    return runs


def test_the_page_is_a4(report, officer):
    for page in pages(issue(report, officer)):
        width, height = float(page.mediabox.width) / MM, float(page.mediabox.height) / MM
        assert (round(width, 1), round(height, 1)) == A4


def test_the_type_area_starts_37mm_from_the_top_and_28mm_from_the_left(report, officer):
    runs = text_runs(pages(issue(report, officer))[0])
    body = [r for r in runs if r[3] == 16]  # the 三号 text: number, addressee, body
    assert min(x for x, *_ in body) == pytest.approx(28, abs=0.5)  # the addressee, flush left
    top_line = max(y for _, y, *_ in runs)
    assert 297 - 37 - 16 < top_line < 297 - 37  # the mark's baseline, just inside the top margin
    assert all(y > 35 for _, y, text, _ in runs if "—" not in text)  # nothing below the type area
    assert all(x >= 27.5 for x, *_ in runs)


def test_the_body_is_16pt_the_title_22pt_and_page_numbers_14pt_below_the_type_area(report, officer):
    runs = text_runs(pages(issue(report, officer))[0])
    sizes = {text: size for _, _, text, size in runs}
    assert sizes["关于约谈“余杭吃瓜君”抖音账号的通知"] == pytest.approx(22)
    assert sizes["杭州某某文化传媒有限公司："] == pytest.approx(16)
    (x, y, _, size), *_ = [r for r in runs if r[2] == "— 1 —"]
    assert size == pytest.approx(14)
    assert 20 < y < 35 and x > 105  # below the type area, on the right of an odd page


def test_a_full_page_holds_22_lines_of_28_characters(report, officer):
    context = letter_context(paragraphs=["中" * 28 * 60], items=[], closing="")
    second_page = pages(issue(report, officer, context=context, title="满页", addressee=""))[1]
    lines = [r for r in text_runs(second_page) if r[3] == 16]
    assert len(lines) == 22
    assert {len(text) for *_, text, _ in lines} == {28}
    assert lines[0][1] - lines[1][1] == pytest.approx(225 / 22, abs=0.05)


def test_a_sample_document_looks_like_an_official_one(report, officer):
    """Renders the first page to PNG (test-artifacts/documents/) and finds the red head on it."""
    if not shutil.which("pdftoppm"):
        pytest.skip("needs pdftoppm (Debian poppler-utils, installed by dev.py test)")
    issued_at = datetime(2026, 12, 1, 10, tzinfo=ZoneInfo("Asia/Shanghai"))
    document = issue(report, officer, issued_at=issued_at)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "sample.pdf").write_bytes(services.read_document(document))
    subprocess.run(
        ["pdftoppm", "-r", "100", "-png", str(ARTIFACTS / "sample.pdf"), str(ARTIFACTS / "sample")],
        check=True,
    )
    image = Image.open(ARTIFACTS / "sample-1.png").convert("RGB")
    assert image.size == (827, 1170)  # A4 at 100 dpi

    def red_rows(top_mm, bottom_mm):
        rows = range(int(top_mm * 100 / 25.4), int(bottom_mm * 100 / 25.4))
        return [y for y in rows if sum(_is_red(image.getpixel((x, y))) for x in range(image.width)) > 20]

    assert red_rows(37, 55)  # the office's mark
    separator = [y for y in red_rows(55, 90) if _red_width(image, y) > 150 * 100 / 25.4]
    assert separator  # a red line as wide as the type area (156 mm)
    assert not red_rows(95, 200)  # the body is black


def _is_red(pixel) -> bool:
    r, g, b = pixel
    return r > 180 and g < 90 and b < 90


def _red_width(image, y) -> int:
    return sum(_is_red(image.getpixel((x, y))) for x in range(image.width))


def test_the_page_with_the_signature_also_carries_body_text(report, officer):
    """GB/T 9704: a page never holds the signature and date alone; the body's last lines go over with
    them. The standard sample runs just past its first page, leaving no room for the signature."""
    for page in pages(issue(report, officer)):
        runs = [text for _x, _y, text, size in sorted(text_runs(page), key=lambda r: -r[1]) if size == 16]
        if "余杭区互联网信息办公室" in runs:
            signer = runs.index("余杭区互联网信息办公室")
            body = [text for text in runs[:signer] if not text.startswith(("余网信", "—"))]
            assert body, runs
