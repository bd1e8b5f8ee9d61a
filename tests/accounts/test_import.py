"""Importing accounts with their operators: all or nothing, errors by row and column, exact round trips."""

import io
import re
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts import identifiers, spreadsheets
from accounts.exports import export_accounts
from accounts.imports import RowError, import_accounts
from accounts.models import Account, AccountAlias, Operator, Person, Street
from accounts.services import create_person
from tests.accounts.import_factories import (
    csv_upload,
    individual_row,
    many_rows,
    org_row,
    resident_id,
    upload,
    xlsx_upload,
)
from tests.core.test_translations import english_words

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u4e00-\u9fff]")
HISTORY_MODELS = [
    Account.history.model,
    Account.history.model.content_categories.model,
    Operator.history.model,
    Person.history.model,
    AccountAlias.history.model,
]


@pytest.fixture
def officer(user_of):
    return user_of("officer")


def dump() -> dict:
    """The registry as plain values: what a round trip must leave exactly as it was."""
    accounts = sorted(
        (
            a.platform.code,
            a.stable_id,
            a.name,
            a.handle,
            a.profile_url,
            a.jurisdiction,
            a.street_id,
            a.status,
            a.grade,
            a.liaison_organisation_id,
            a.has_content_review,
            a.has_editor_responsibility,
            a.dedicated_editors,
            a.followers,
            a.operator_id,
            tuple(sorted(c.code for c in a.content_categories.all())),
            a.updated_at,
        )
        for a in Account.objects.select_related("platform").prefetch_related("content_categories")
    )
    operators = sorted(
        Operator.objects.values_list(
            "pk", "kind", "name", "credit_code", "person_id", "contact_name", "contact_phone", "address"
        )
    )
    people = sorted(
        Person.objects.values_list("pk", "name", "id_type", "id_number_encrypted", "id_number_hash", "phone")
    )
    return {"accounts": accounts, "operators": operators, "people": people}


def history_counts() -> list[int]:
    return [model.objects.count() for model in HISTORY_MODELS]


def reupload(download) -> SimpleUploadedFile:
    return SimpleUploadedFile(download.filename, download.content)


def validator_message(validator, value) -> str:
    with pytest.raises(ValidationError) as caught:
        validator(value)
    return caught.value.messages[0]


# --- Round trips -------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_import_export_reimport_of_1000_accounts_changes_nothing(officer, fmt):
    rows = many_rows(1000)
    rows[10]["name"] = '=HYPERLINK("http://example.com")'
    rows[11]["handle"] = "+8613800000000"
    rows[15].update(address="-余杭区", contact_name="@某人")  # an individual: their own operator
    created = import_accounts(upload(fmt, rows), by=officer)
    assert (created.errors, created.created) == ([], 1000)
    before, history_before = dump(), history_counts()

    first = export_accounts(Account.objects.all(), fmt=fmt, by=officer)
    again = import_accounts(reupload(first), by=officer)

    assert again.errors == []
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1000)
    assert dump() == before
    assert history_counts() == history_before
    second = export_accounts(Account.objects.all(), fmt=fmt, by=officer)
    read = spreadsheets.read_xlsx if fmt == "xlsx" else spreadsheets.read_csv
    assert read(second.content) == read(first.content)
    assert Account.objects.get(stable_id=rows[10]["stable_id"]).name == rows[10]["name"]


def test_an_xlsx_export_reimports_from_csv_and_back(officer):
    import_accounts(xlsx_upload(many_rows(40)), by=officer)
    before = dump()
    csv_export = export_accounts(Account.objects.all(), fmt="csv", by=officer)
    assert import_accounts(reupload(csv_export), by=officer).unchanged == 40
    assert dump() == before


def test_a_changed_row_updates_that_account_only_with_history(officer):
    rows = many_rows(3)
    import_accounts(xlsx_upload(rows), by=officer)
    account = Account.objects.get(stable_id=rows[1]["stable_id"])
    history_before = account.history.count()
    rows[1].update(name="改名后的账号", content_categories="旅游")

    result = import_accounts(xlsx_upload(rows, name="second.xlsx"), by=officer)

    assert (result.created, result.updated, result.unchanged) == (0, 1, 2)
    account.refresh_from_db()
    assert account.name == "改名后的账号"
    assert [c.name for c in account.content_categories.all()] == ["旅游"]
    alias = account.aliases.get()
    assert (alias.value, alias.used_from) == ("余杭账号1", timezone.localdate(account.created_at))
    latest = account.history.first()
    assert account.history.count() == history_before + 1
    assert (latest.history_user, latest.history_type) == (officer, "~")
    assert "second.xlsx" in latest.history_change_reason
    assert [c.contentcategory.name for c in latest.content_categories.all()] == ["旅游"]


def test_import_writes_history_with_the_user_and_categories(officer):
    import_accounts(xlsx_upload(many_rows(8)), by=officer)
    history = Account.history.model.objects.all()
    assert history.count() == 8
    assert set(history.values_list("history_user", "history_type")) == {(officer.pk, "+")}
    assert Operator.history.filter(history_user=officer).count() == Operator.objects.count()
    assert Person.history.filter(history_user=officer).count() == Person.objects.count() == 2
    m2m_history = Account.history.model.content_categories.model.objects.count()
    assert m2m_history == Account.content_categories.through.objects.count() > 0


def test_operators_are_matched_by_credit_code_and_by_id_number(officer):
    person = create_person(name="个人3", id_type="resident", id_number=resident_id(3), by=officer)
    rows = [org_row(0), org_row(1, operator=0), individual_row(2, person=3)]
    existing = Operator.objects.create(kind="organisation", name="旧名称", credit_code=rows[0]["credit_code"])

    result = import_accounts(csv_upload(rows), by=officer)

    assert result.errors == []
    existing.refresh_from_db()
    assert existing.name == rows[0]["operator_name"]
    assert set(existing.accounts.values_list("stable_id", flat=True)) == {"uid000000", "uid000001"}
    assert Person.objects.count() == 1
    assert Operator.objects.get(person=person).accounts.get().stable_id == "uid000002"


def test_individual_rows_must_match_the_registered_name(officer):
    create_person(name="王芳", id_type="resident", id_number=resident_id(5), by=officer)
    result = import_accounts(xlsx_upload([individual_row(1, person=5)]), by=officer)
    assert [(e.row, e.column) for e in result.errors] == [(2, "运营主体名称")]
    assert "王芳" in result.errors[0].message


def test_a_masked_id_number_stands_for_the_current_operator_only(officer):
    rows = [individual_row(1), individual_row(2)]
    import_accounts(xlsx_upload(rows), by=officer)
    masked = Person.objects.get(name="个人1").id_number_masked

    kept = import_accounts(xlsx_upload([individual_row(1, id_number=masked)]), by=officer)
    elsewhere = import_accounts(xlsx_upload([individual_row(2, id_number=masked)]), by=officer)
    new = import_accounts(xlsx_upload([individual_row(9, id_number=masked)]), by=officer)

    assert (kept.errors, kept.unchanged) == ([], 1)
    for result in (elsewhere, new):
        assert [(e.row, e.column) for e in result.errors] == [(2, "个人证件号码")]
        assert CJK.search(result.errors[0].message)


# --- All or nothing, errors by row and column ------------------------------------------------------


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_one_bad_row_imports_nothing_and_names_row_and_column(officer, fmt):
    rows = many_rows(10)
    rows[5]["credit_code"] = rows[5]["credit_code"][:-1] + "0"

    result = import_accounts(upload(fmt, rows), by=officer)

    expected = validator_message(identifiers.validate_credit_code, rows[5]["credit_code"])
    assert result.errors == [RowError(7, "统一社会信用代码", expected)]
    assert Account.objects.count() == Operator.objects.count() == Person.objects.count() == 0


def _bad_id_checksum() -> str:
    number = resident_id(7)
    return number[:-1] + ("0" if number[-1] != "0" else "1")


def _impossible_birth_date() -> str:
    first17 = "33011019990230" + "123"
    return first17 + identifiers.resident_id_check_char(first17)


IDENTIFIER_CASES = [
    (
        "bad credit code",
        org_row(1, credit_code="91330110MA00000010"),
        "统一社会信用代码",
        identifiers.validate_credit_code,
    ),
    (
        "credit code format",
        org_row(1, credit_code="91330110MA0000001O"),
        "统一社会信用代码",
        identifiers.validate_credit_code,
    ),
    (
        "bad ID checksum",
        individual_row(1, id_number=_bad_id_checksum()),
        "个人证件号码",
        identifiers.validate_resident_id,
    ),
    (
        "impossible birth date",
        individual_row(1, id_number=_impossible_birth_date()),
        "个人证件号码",
        identifiers.validate_resident_id,
    ),
    ("bad phone", org_row(1, contact_phone="1234567"), "联系电话", identifiers.validate_phone),
]


@pytest.mark.parametrize(
    ("case", "row", "column", "validator"), IDENTIFIER_CASES, ids=[c[0] for c in IDENTIFIER_CASES]
)
def test_a_bad_identifier_is_refused_with_the_forms_chinese_message(officer, case, row, column, validator):
    result = import_accounts(xlsx_upload([org_row(0), row]), by=officer)

    value = row[
        {"统一社会信用代码": "credit_code", "个人证件号码": "id_number", "联系电话": "contact_phone"}[column]
    ]
    assert result.errors == [RowError(3, column, validator_message(validator, value))]
    assert CJK.search(result.errors[0].message)
    assert Account.objects.count() == 0


def test_a_duplicate_platform_and_stable_id_in_the_file_is_refused(officer):
    rows = [org_row(1), org_row(2), org_row(7, stable_id="uid000001", platform=org_row(1)["platform"])]
    result = import_accounts(xlsx_upload(rows), by=officer)
    assert [(e.row, e.column) for e in result.errors] == [(4, "平台账号ID")]
    assert "第 2 行" in result.errors[0].message
    assert Account.objects.count() == 0


def test_every_problem_of_every_row_is_listed(officer):
    rows = [
        org_row(1, platform="不存在的平台", dedicated_editors="两个"),
        org_row(2, street=""),
        org_row(3, has_content_review="也许", followers="-5"),
        org_row(4, operator_kind="", name=""),
    ]
    result = import_accounts(csv_upload(rows), by=officer)
    assert [(e.row, e.column) for e in result.errors] == [
        (2, "平台"),
        (2, "专职编辑人数"),
        (3, "街道/镇"),
        (4, "是否建立内容审核制度"),
        (4, "粉丝数"),
        (5, "账号名称"),
        (5, "运营主体类型"),
    ]
    assert all(CJK.search(e.message) for e in result.errors)


def test_rows_for_the_same_operator_must_agree(officer):
    rows = [org_row(1, operator=1), org_row(2, operator=1, contact_phone="13900000000")]
    result = import_accounts(xlsx_upload(rows), by=officer)
    assert [(e.row, e.column) for e in result.errors] == [(3, "联系电话")]
    assert "第 2 行" in result.errors[0].message


def test_statuses_that_follow_art13_measures_are_not_imported(officer):
    restricted = str(Account.Status.RESTRICTED.label)
    result = import_accounts(xlsx_upload([org_row(1, status=restricted)]), by=officer)
    assert [(e.row, e.column) for e in result.errors] == [(2, "状态")]

    import_accounts(xlsx_upload([org_row(1)]), by=officer)
    Account.objects.filter(stable_id="uid000001").get()
    account = Account.objects.get(stable_id="uid000001")
    account.status = Account.Status.RESTRICTED
    account.save()
    unchanged = import_accounts(xlsx_upload([org_row(1, status=restricted)]), by=officer)
    lifted = import_accounts(xlsx_upload([org_row(1)]), by=officer)
    assert (unchanged.errors, unchanged.unchanged) == ([], 1)
    assert [(e.row, e.column) for e in lifted.errors] == [(2, "状态")]


def test_a_withdrawn_street_is_kept_but_not_newly_given(officer):
    import_accounts(xlsx_upload([org_row(0)]), by=officer)
    Street.objects.filter(name=org_row(0)["street"]).update(is_active=False)
    assert import_accounts(xlsx_upload([org_row(0)]), by=officer).unchanged == 1
    result = import_accounts(xlsx_upload([org_row(6)]), by=officer)
    assert [(e.row, e.column) for e in result.errors] == [(2, "街道/镇")]


def test_a_stable_id_is_read_from_the_profile_url_when_left_empty(officer):
    row = org_row(1, platform="新浪微博", stable_id="", profile_url="weibo.com/u/1234567890")
    assert import_accounts(xlsx_upload([row]), by=officer).errors == []
    account = Account.objects.get()
    assert (account.stable_id, account.profile_url) == ("1234567890", "https://weibo.com/u/1234567890")


# --- Files ---------------------------------------------------------------------------------------------


def _only_error(result) -> RowError:
    assert len(result.errors) == 1, result.errors
    assert CJK.search(result.errors[0].message)
    return result.errors[0]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("accounts.xlsx", b"this is not a workbook"),
        ("accounts.xlsx", b"PK\x03\x04broken zip"),
        ("accounts.xls", b"\xd0\xcf\x11\xe0 old excel"),
        ("accounts.txt", b"a,b,c"),
        ("accounts.csv", b"\xff\xfe\x00\x00utf-32 or binary"),
        ("accounts.csv", b""),
    ],
)
def test_a_malformed_file_gives_a_chinese_error(officer, name, content):
    error = _only_error(import_accounts(SimpleUploadedFile(name, content), by=officer))
    assert error.row is None


def _workbook_parts() -> list[str]:
    with zipfile.ZipFile(io.BytesIO(xlsx_upload(many_rows(2)).read())) as archive:
        return archive.namelist()


@pytest.mark.parametrize("part", _workbook_parts())
def test_a_workbook_with_a_damaged_part_gives_a_chinese_error(officer, part):
    good = xlsx_upload(many_rows(2)).read()
    damaged = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(damaged, "w") as target:
        for name in source.namelist():
            target.writestr(name, b"<garbage" if name == part else source.read(name))
    result = import_accounts(SimpleUploadedFile("a.xlsx", damaged.getvalue()), by=officer)
    assert result.errors or result.created == 2  # some parts are optional to a reader
    assert all(CJK.search(e.message) for e in result.errors)


def test_a_workbook_that_unpacks_too_large_is_refused(officer, monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_UNPACKED_BYTES", 1000)
    assert _only_error(import_accounts(xlsx_upload(many_rows(2)), by=officer)).row is None


def test_a_wrong_header_names_the_columns(officer):
    content = "平台,账号名称,备注\r\n微信公众号,x,y\r\n".encode()
    result = import_accounts(SimpleUploadedFile("a.csv", content), by=officer)
    columns = {e.column for e in result.errors}
    assert {"备注", "平台账号ID", "运营主体名称"} <= columns
    assert {e.row for e in result.errors} == {1}


def test_a_file_without_rows_of_data_is_refused(officer):
    assert _only_error(import_accounts(xlsx_upload([]), by=officer)).row is None


def test_size_limits_are_enforced(officer, monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_ROWS", 5)
    error = _only_error(import_accounts(csv_upload(many_rows(6)), by=officer))
    assert "5" in error.message
    monkeypatch.setattr(spreadsheets, "MAX_BYTES", 100)
    assert "MB" in _only_error(import_accounts(csv_upload(many_rows(2)), by=officer)).message
    assert Account.objects.count() == 0


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_in_each_encoding_excel_writes(officer, encoding):
    result = import_accounts(csv_upload(many_rows(4), encoding=encoding), by=officer)
    assert (result.errors, result.created) == ([], 4)
    assert Account.objects.filter(name="余杭账号1").exists()


def test_blank_rows_are_skipped_but_keep_the_numbering(officer):
    rows = [org_row(1), {}, org_row(2, credit_code="X")]
    result = import_accounts(csv_upload(rows), by=officer)
    assert [(e.row, e.column) for e in result.errors] == [(4, "统一社会信用代码")]


def test_rows_are_numbered_as_the_spreadsheet_shows_them_below_blank_lines(officer):
    content = b"\r\n,,\r\n" + csv_upload([org_row(1, followers="many")]).read()[3:]
    result = import_accounts(SimpleUploadedFile("a.csv", content), by=officer)
    assert [(e.row, e.column) for e in result.errors] == [(4, "粉丝数")]
    header_error = import_accounts(
        SimpleUploadedFile("b.csv", b"\r\n\xe5\xb9\xb3\xe5\x8f\xb0\r\nx\r\n"), by=officer
    )
    assert {e.row for e in header_error.errors} == {2}


# --- The page ------------------------------------------------------------------------------------------


def test_the_import_page_lists_problems_and_saves_nothing(login_as):
    client = login_as("officer")
    rows = [org_row(1), org_row(2, contact_phone="12345")]
    response = client.post(reverse("accounts:import"), {"file": xlsx_upload(rows)})
    assert response.status_code == 200
    page = response.content.decode()
    assert "未导入任何数据" in page
    assert "联系电话" in page
    assert Account.objects.count() == 0


def test_the_import_page_imports_and_reports_counts(login_as):
    client = login_as("officer")
    response = client.post(reverse("accounts:import"), {"file": csv_upload(many_rows(5))}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:import")
    assert "新增 5 个" in response.content.decode()
    assert Account.history.filter(history_user__username="officer").count() == 5


def test_after_an_import_the_officer_sees_which_rows_added_or_changed_which_account(login_as):
    client = login_as("officer")
    client.post(reverse("accounts:import"), {"file": csv_upload(many_rows(3))})
    client.get(reverse("accounts:import"))  # the outcome is shown once
    rows = many_rows(3)
    rows[1]["name"] = "改过的名字"
    response = client.post(reverse("accounts:import"), {"file": csv_upload(rows)}, follow=True)
    page = response.content.decode()
    changed = Account.objects.get(name="改过的名字")
    assert f'href="{changed.get_absolute_url()}"' in page
    assert "账号名称" in page.split("改过的名字")[1].split("</tr>")[0]
    others = Account.objects.exclude(pk=changed.pk)
    assert all(account.get_absolute_url() not in page for account in others)
    assert "改过的名字" not in client.get(reverse("accounts:import")).content.decode()


def test_the_import_form_refuses_other_files(login_as):
    client = login_as("officer")
    response = client.post(reverse("accounts:import"), {"file": SimpleUploadedFile("a.pdf", b"%PDF")})
    assert response.status_code == 200
    assert "请上传 .xlsx 或 .csv 文件" in response.content.decode()


def test_the_import_page_is_in_chinese(login_as):
    response = login_as("officer").get(reverse("accounts:import"))
    assert english_words(response.content.decode()) - {"xlsx", "csv", "CSV", "UTF"} == set()


@pytest.mark.parametrize("role", ["association", "expert", "sysadmin", "auditor"])
def test_only_the_cac_imports(login_as, role):
    response = login_as(role).post(reverse("accounts:import"), {"file": csv_upload(many_rows(1))})
    assert response.status_code == 403
    assert Account.objects.count() == 0
