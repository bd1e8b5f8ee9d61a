"""The shared A4 layout of official documents (GB/T 9704-2012) and its rendering to PDF.

``documents/layout.html`` draws the head (the office's mark in red, the number, the red
separator), the title, the addressee, the signature with the date and a seal placeholder, the
article applied and the page numbers; a document type's template extends it and writes the body.
"""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from yuhang_cac.core.regulation import basis

STYLESHEET = Path(__file__).with_name("layout.css")


def official_date(day: date) -> str:
    """The date as a document writes it, in Arabic numerals: 2026年12月1日."""
    return _("%(year)d-%(month)d-%(day)d") % {"year": day.year, "month": day.month, "day": day.day}


@dataclass(frozen=True)
class Sheet:
    """What the layout prints around the body."""

    number: str
    title: str
    addressee: str
    issued_on: date
    article: int

    @property
    def date(self) -> str:
        return official_date(self.issued_on)

    @property
    def citation(self) -> str:
        return basis(self.article)


def render_pdf(template_name: str, context: dict, sheet: Sheet) -> bytes:
    """The PDF of a document, always in the portal's language whatever the request's."""
    HTML, CSS, URLFetcher = _weasyprint()
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(template_name, {**context, "sheet": sheet})
    # Everything the layout needs is in the stylesheet or a system font: a document fetches no URL.
    no_fetching = URLFetcher(allowed_protocols=())
    return HTML(string=html, url_fetcher=no_fetching).write_pdf(
        stylesheets=[CSS(string=STYLESHEET.read_text(encoding="utf-8"), url_fetcher=no_fetching)]
    )


def _weasyprint():
    """WeasyPrint, imported on first use: it loads pango, which only processes issuing documents need.

    Importing it sets Pillow's LOAD_TRUNCATED_IMAGES for the whole process, which would let damaged
    evidence images through the upload checks in a web worker that once issued a document. The layout
    draws no images, so Pillow's default is put back.
    """
    from PIL import ImageFile
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    ImageFile.LOAD_TRUNCATED_IMAGES = False
    return HTML, CSS, URLFetcher
