"""No inline scripts, inline styles or on*= handlers: a strict CSP must not force a rewrite."""

import re
from pathlib import Path

import pytest
from django.conf import settings

TEMPLATES = sorted(
    p for p in Path(settings.BASE_DIR).glob("**/templates/**/*.html") if not {".venv", "var"} & set(p.parts)
)
INLINE = [
    ("inline script", re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)),
    ("inline style element", re.compile(r"<style\b", re.I)),
    ("style attribute", re.compile(r"\sstyle\s*=", re.I)),
    ("event handler attribute", re.compile(r"\son[a-z]+\s*=", re.I)),
    ("javascript: URL", re.compile(r"javascript:", re.I)),
]


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_template_has_nothing_inline(path):
    source = path.read_text(encoding="utf-8")
    found = [label for label, pattern in INLINE if pattern.search(source)]
    assert found == []


def test_nothing_loads_from_another_host():
    for path in TEMPLATES:
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", source), path
