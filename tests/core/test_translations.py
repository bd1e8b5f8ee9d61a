"""The zh_Hans catalogues are complete, and the compiled .mo files match them."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

CATALOGUES = sorted(Path(settings.BASE_DIR).glob("**/locale/zh_Hans/LC_MESSAGES/django.po"))
CATALOGUES = [p for p in CATALOGUES if ".venv" not in p.parts]


def test_there_is_a_catalogue():
    assert CATALOGUES


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_no_entry_is_empty_or_fuzzy(path):
    po = polib.pofile(str(path))
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_the_compiled_catalogue_matches(path):
    po = polib.pofile(str(path))
    mo = polib.mofile(str(path.with_suffix(".mo")))
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in mo}
    for entry in po.translated_entries():
        assert compiled.get((entry.msgctxt, entry.msgid)) == (entry.msgstr, entry.msgstr_plural), entry.msgid


# Words allowed to stay Latin on a page: names of things, not of the interface.
ALLOWED_LATIN = {"www", "cn", "Cookie"}


def english_words(html: str) -> set[str]:
    body = re.sub(r"(?s)<(script|style|head)\b.*?</\1>", " ", html)
    text = re.sub(r"(?s)<[^>]+>", " ", body)
    return {w for w in re.findall(r"[A-Za-z]{3,}", text) if w not in ALLOWED_LATIN}


@pytest.mark.parametrize(
    ("role", "name"),
    [
        ("anonymous", "home"),
        ("anonymous", "login"),
        ("officer", "dashboard:index"),
        ("officer", "password_change"),
        ("sysadmin", "dashboard:index"),
    ],
)
def test_pages_have_no_english_left(login_as, role, name):
    response = login_as(role).get(reverse(name))
    assert english_words(response.content.decode()) == set()


def test_the_not_found_page_is_chinese(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()
    assert english_words(response.content.decode()) == set()


def test_a_bad_sign_in_is_answered_in_chinese(client, db):
    response = client.post(reverse("login"), {"username": "nobody", "password": "x"})
    assert "请输入一个正确的" in response.content.decode()
