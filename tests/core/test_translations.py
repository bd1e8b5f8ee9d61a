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
# The platforms' own names for their account identifiers, shown as hints on the account form.
ALLOWED_LATIN |= {"biz", "sph", "UID", "sec", "uid", "wLjABAAAA", "app", "url", "token"}
# Test users are named after their roles; the audit log shows user names, which are data.
ALLOWED_LATIN |= {"officer", "auditor", "sysadmin", "secadmin"}
# Image formats go by these names in Chinese too (a file chooser's hint: JPEG、PNG 或 WebP).
ALLOWED_LATIN |= {"JPEG", "PNG", "WebP"}


def english_words(html: str) -> set[str]:
    body = re.sub(r"(?s)<(script|style|head)\b.*?</\1>", " ", html)
    text = re.sub(r"&[A-Za-z]+;", " ", re.sub(r"(?s)<[^>]+>", " ", body))
    # Identifiers mixing letters and digits (credit codes, stable ids) are data, not English words.
    words = (w for w in re.findall(r"[A-Za-z0-9]+", text) if w.isalpha() and len(w) >= 3)
    return {w for w in words if w not in ALLOWED_LATIN}


@pytest.mark.parametrize(
    ("role", "name"),
    [
        ("anonymous", "home"),
        ("anonymous", "login"),
        ("officer", "dashboard:index"),
        ("officer", "notifications:list"),
        ("auditor", "audit:list"),
        ("officer", "password_change"),
        ("sysadmin", "dashboard:index"),
        ("secadmin", "security:users"),
        ("officer", "sessions"),
    ],
)
def test_pages_have_no_english_left(login_as, role, name):
    response = login_as(role).get(reverse(name))
    assert english_words(response.content.decode()) == set()


# Registry pages, built on one individual operator's account in the association's scope.
REGISTRY_PAGES = {
    "accounts:list": lambda o: {},
    "accounts:create": lambda o: {},
    "accounts:detail": lambda o: {"pk": o["account"].pk},
    "accounts:edit": lambda o: {"pk": o["account"].pk},
    "accounts:operator_create": lambda o: {},
    "accounts:operator": lambda o: {"pk": o["operator"].pk},
    "accounts:operator_edit": lambda o: {"pk": o["operator"].pk},
    "accounts:practitioner_add": lambda o: {"pk": o["operator"].pk},
    "accounts:practitioner_edit": lambda o: {"pk": o["practitioner"].pk},
    "accounts:practitioner_record": lambda o: {"pk": o["practitioner"].pk},
    "accounts:person": lambda o: {"pk": o["operator"].person_id},
}


@pytest.fixture
def registry_objects(db):
    from tests.accounts.factories import AccountFactory, IndividualOperatorFactory, PractitionerFactory
    from yuhang_cac.users.models import Organisation

    operator = IndividualOperatorFactory()
    liaison = Organisation.objects.get(code="yuhang-network-culture-association")
    account = AccountFactory(
        operator=operator, liaison_organisation=liaison, jurisdiction="qiantang", street=None
    )
    practitioner = PractitionerFactory(operator=operator, person=operator.person)
    practitioner.accounts.add(account)
    return {"account": account, "operator": operator, "practitioner": practitioner}


@pytest.mark.parametrize("name", REGISTRY_PAGES)
def test_registry_pages_have_no_english_left(login_as, registry_objects, name):
    response = login_as("officer").get(reverse(name, kwargs=REGISTRY_PAGES[name](registry_objects)))
    assert response.status_code == 200
    assert english_words(response.content.decode()) == set()


@pytest.mark.parametrize("name", ["accounts:list", "accounts:detail", "accounts:operator"])
def test_registry_pages_for_association_staff_have_no_english_left(login_as, registry_objects, name):
    response = login_as("association").get(reverse(name, kwargs=REGISTRY_PAGES[name](registry_objects)))
    assert english_words(response.content.decode()) == set()


def test_the_not_found_page_is_chinese(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()
    assert english_words(response.content.decode()) == set()


def test_a_bad_sign_in_is_answered_in_chinese(client, db):
    response = client.post(reverse("login"), {"username": "nobody", "password": "x"})
    assert "请输入一个正确的" in response.content.decode()


def test_a_msgid_shared_between_catalogues_has_one_translation():
    # Django reads the catalogues in order and the first translation wins on every page:
    # a word that means two things gets its own msgid or a context (pgettext).
    seen: dict[tuple, dict[str, str]] = {}
    for path in CATALOGUES:
        for entry in polib.pofile(str(path)).translated_entries():
            translation = entry.msgstr or str(sorted(entry.msgstr_plural.items()))
            seen.setdefault((entry.msgctxt, entry.msgid), {})[str(path.relative_to(settings.BASE_DIR))] = (
                translation
            )
    disagreements = {key: found for key, found in seen.items() if len(set(found.values())) > 1}
    assert disagreements == {}


def test_the_operator_forms_address_field_reads_address(login_as):
    html = login_as("officer").get(reverse("accounts:operator_create")).content.decode()
    assert "IP 地址" not in html
    assert re.search(r"<label[^>]*>\s*地址", html)
