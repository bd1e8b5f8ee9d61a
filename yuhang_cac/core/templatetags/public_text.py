"""Public texts as HTML: paragraphs, with web addresses and phone numbers turned into links.

The texts are plain text typed by the system administrator; they never carry HTML. Everything
is escaped, and only the links built here are markup.
"""

import re

from django import template
from django.template.defaultfilters import linebreaks_filter
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()

# An address with a scheme or starting with www.; it ends before whitespace, quotes, angle brackets
# or CJK punctuation, and trailing sentence punctuation is not part of it.
URL = r"(?:https?://|www\.)[^\s<>\"'，。；：、！？（）【】《》“”]+"
# Landlines (0571-88888888), mobiles, 400/800 numbers and the five-digit public hotlines (12377, 12345).
PHONE = r"(?<![0-9A-Za-z.-])(?:0\d{2,3}-\d{7,8}|1[3-9]\d{9}|[48]00-?\d{3}-?\d{4}|123\d{2})(?![0-9A-Za-z-])"
TOKEN = re.compile(f"(?P<url>{URL})|(?P<phone>{PHONE})")
TRAILING = ".,;:!?)]"


def _link(match: re.Match) -> tuple[SafeString, str]:
    """(the anchor, text left over after it)."""
    if match.group("url"):
        url = match.group("url")
        tail = ""
        while url and url[-1] in TRAILING:
            url, tail = url[:-1], url[-1] + tail
        href = url if url.lower().startswith(("http://", "https://")) else f"https://{url}"
        return format_html('<a href="{}" rel="noopener noreferrer">{}</a>', href, url), tail
    phone = match.group("phone")
    return format_html('<a href="tel:{}">{}</a>', phone.replace("-", ""), phone), ""


def linkify(text: str) -> SafeString:
    """The text escaped, its addresses and phone numbers as anchors."""
    text = text or ""
    parts, last = [], 0
    for match in TOKEN.finditer(text):
        parts.append(text[last : match.start()])
        parts.extend(_link(match))
        last = match.end()
    parts.append(text[last:])
    # format_html escapes the plain parts and keeps the anchors.
    return format_html("{}" * len(parts), *parts)


@register.filter
def public_text(text: str) -> SafeString:
    """Plain text → escaped paragraphs with links to addresses and phone numbers."""
    return linebreaks_filter(linkify(text))
