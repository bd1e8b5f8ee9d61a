"""Exporting the registry: readable columns, no formula injection, masked ID numbers, scope and audit."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from accounts.exports import export_accounts, import_template
from accounts.imports import COLUMNS, import_accounts
from accounts.models import Account, Person, Platform
from accounts.services import create_pending_account
from accounts.spreadsheets import read_csv, read_xlsx
from tests.accounts.import_factories import csv_upload, individual_row, many_rows, org_row, resident_id
from yuhang_cac.audit.models import AuditEvent
from yuhang_cac.users.models import Organisation

pytestmark = pytest.mark.django_db

HEADER = [str(column.label) for column in COLUMNS]
FORMULAS = {
    "name": "=1+1",
    "handle": "+8613800000000",
    "address": "-1",
    "contact_name": "@SUM(A1)",
    "operator_name": "\tcmd",
}


@pytest.fixture
def officer(user_of):
    return user_of("officer")


def _load(rows, officer):
    result = import_accounts(csv_upload(rows), by=officer)
    assert result.errors == []


def _sheet(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]


def test_the_export_has_readable_columns(officer):
    _load([org_row(1)], officer)
    sheet = _sheet(export_accounts(Account.objects.all(), fmt="xlsx", by=officer).content)
    header, row = ([cell.value for cell in r] for r in sheet.iter_rows(max_row=2))
    values = dict(zip(header, row, strict=True))
    assert header == HEADER
    assert values["平台"] == org_row(1)["platform"]
    assert values["街道/镇"] == org_row(1)["street"]
    assert values["状态"] == str(Account.Status.NORMAL.label)
    assert values["联络组织"] == "余杭区网络文化协会"
    assert values["内容分类"] == org_row(1)["content_categories"]
    assert values["是否建立内容审核制度"] == "是"
    assert values["运营主体类型"] == "机构"
    assert values["专职编辑人数"] == 1


def test_formula_cells_are_neutralised_in_xlsx(officer):
    _load([org_row(1, **FORMULAS)], officer)
    sheet = _sheet(export_accounts(Account.objects.all(), fmt="xlsx", by=officer).content)
    header, row = (list(r) for r in sheet.iter_rows(max_row=2))
    cells = {h.value: c for h, c in zip(header, row, strict=True)}
    for key, value in FORMULAS.items():
        cell = cells[next(str(c.label) for c in COLUMNS if c.key == key)]
        assert (cell.value, cell.data_type) == ("'" + value, "s")


def test_formula_cells_are_neutralised_in_csv(officer):
    _load([org_row(1, **FORMULAS), org_row(2, name="\rCR")], officer)
    content = export_accounts(Account.objects.order_by("stable_id"), fmt="csv", by=officer).content
    assert content.startswith(b"\xef\xbb\xbf")
    text = content.decode("utf-8-sig")
    for value in FORMULAS.values():
        assert f"'{value}" in text
    assert "'\rCR" in text
    assert "\n=" not in text and ",=" not in text and ",+" not in text and ",@" not in text


def test_a_quote_typed_before_text_survives_the_round_trip(officer):
    _load([org_row(1, name="'=literal", handle="'plain")], officer)
    account = Account.objects.get()
    assert (account.name, account.handle) == ("'=literal", "'plain")
    for fmt in ("xlsx", "csv"):
        download = export_accounts(Account.objects.all(), fmt=fmt, by=officer)
        again = import_accounts(SimpleUploadedFile(download.filename, download.content), by=officer)
        assert (again.errors, again.unchanged) == ([], 1)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_id_numbers_leave_only_masked(officer, fmt):
    _load([individual_row(1), individual_row(2)], officer)
    download = export_accounts(Account.objects.all(), fmt=fmt, by=officer)
    table = read_xlsx(download.content) if fmt == "xlsx" else read_csv(download.content)
    numbers = {cells[table.header.index("个人证件号码")] for _line, cells in table.rows}
    assert numbers == set(Person.objects.values_list("id_number_masked", flat=True))
    for person in (resident_id(1), resident_id(2)):
        assert person.encode() not in download.content
        assert person[6:14].encode() not in download.content  # not even the birth date


def test_an_account_known_only_from_a_report_exports_without_operator(officer):
    platform = Platform.objects.get(code="douyin")
    create_pending_account(platform=platform, name="举报中的账号", by=officer)
    table = read_csv(export_accounts(Account.objects.all(), fmt="csv", by=officer).content)
    values = dict(zip(table.header, table.rows[0][1], strict=False))
    assert (values["账号名称"], values["状态"]) == ("举报中的账号", str(Account.Status.PENDING.label))
    assert values.get("运营主体名称", "") == ""


def test_the_export_does_not_query_per_account(officer, django_assert_max_num_queries):
    _load(many_rows(60), officer)
    with django_assert_max_num_queries(8):
        export_accounts(Account.objects.all(), fmt="csv", by=officer)


# --- The page ------------------------------------------------------------------------------------------


def test_the_export_takes_the_list_filters_and_is_audited(login_as, officer):
    _load(many_rows(12), officer)
    client = login_as("officer")
    platform = Account.objects.first().platform
    response = client.get(reverse("accounts:export"), {"platform": platform.pk, "format": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    table = read_csv(response.content)
    expected = Account.objects.filter(platform=platform).count()
    assert len(table.rows) == expected < 12
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.EXPORTED)
    assert event.actor.username == "officer"
    assert event.detail["rows"] == expected
    assert event.detail["filters"] == {"platform": [str(platform.pk)]}
    assert event.detail["format"] == "csv"


def test_the_default_export_is_a_workbook(login_as, officer):
    _load(many_rows(3), officer)
    response = login_as("leader").get(reverse("accounts:export"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert len(read_xlsx(response.content).rows) == 3
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.parametrize(("role", "status"), [("association", 403), ("expert", 403), ("auditor", 403)])
def test_only_the_cac_exports(login_as, officer, role, status):
    _load(many_rows(3), officer)
    assert login_as(role).get(reverse("accounts:export")).status_code == status
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.EXPORTED).exists()


def test_association_staff_given_the_permission_export_only_their_accounts(user_of, client, officer):
    _load(many_rows(10), officer)
    staff = user_of("association")
    staff.user_permissions.add(*_permission("export_account"))
    client.force_login(staff)
    response = client.get(reverse("accounts:export"), {"format": "csv"})
    theirs = Account.objects.filter(liaison_organisation=Organisation.objects.get(name="余杭区网络文化协会"))
    assert {cells[1] for _line, cells in read_csv(response.content).rows} == set(
        theirs.values_list("stable_id", flat=True)
    )
    assert resident_id(3).encode() not in response.content


def _permission(codename):
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(content_type__app_label="accounts", codename=codename)


# --- The template and the benchmark ----------------------------------------------------------------


def test_the_template_explains_every_column_with_an_example_that_is_valid(officer, login_as):
    response = login_as("officer").get(reverse("accounts:import_template"))
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    data, explanation = workbook.worksheets
    assert [cell.value for cell in data[1]] == HEADER
    assert [row[0].value for row in explanation.iter_rows(min_row=2)] == HEADER
    platforms = next(row for row in explanation.iter_rows(min_row=2) if row[0].value == "平台")[3].value
    assert "微信公众号" in platforms
    # Copied into the data sheet, the example is a valid row.
    example = [row[4].value for row in explanation.iter_rows(min_row=2)]
    data.append(example)
    edited = io.BytesIO()
    workbook.save(edited)
    result = import_accounts(SimpleUploadedFile("filled.xlsx", edited.getvalue()), by=officer)
    assert (result.errors, result.created) == ([], 1)


def test_the_template_uploaded_as_downloaded_imports_nothing(officer):
    result = import_accounts(SimpleUploadedFile("template.xlsx", import_template().content), by=officer)
    assert [error.message for error in result.errors] == ["文件中没有数据行。"]
    assert Account.objects.count() == 0


def test_the_benchmark_runs_and_leaves_nothing_behind(capsys):
    call_command("bench_registry", accounts=8, no_memory=True)
    output = capsys.readouterr().out
    assert "re-import" in output and "csv" in output
    assert Account.objects.count() == 0


def test_the_list_links_to_the_export_of_what_it_shows(login_as, officer):
    _load(many_rows(3), officer)
    platform = Account.objects.first().platform
    page = login_as("officer").get(reverse("accounts:list"), {"platform": platform.pk, "page": 1})
    html = page.content.decode()
    assert f'{reverse("accounts:export")}?platform={platform.pk}"' in html
    assert f"{reverse('accounts:export')}?platform={platform.pk}&amp;format=csv" in html
    assert reverse("accounts:import") in html


def test_association_staff_see_no_import_or_export_links(login_as):
    html = login_as("association").get(reverse("accounts:list")).content.decode()
    assert reverse("accounts:export") not in html
    assert reverse("accounts:import") not in html


# --- Round trips with accounts pending verification --------------------------------------------------


def _export_upload(officer, queryset=None, fmt="csv") -> SimpleUploadedFile:
    download = export_accounts(queryset or Account.objects.all(), fmt=fmt, by=officer)
    return SimpleUploadedFile(f"export.{fmt}", download.content)


def _pending(officer, name: str, stable_id: str = "") -> Account:
    platform = Platform.objects.get(code="douyin")
    return create_pending_account(platform=platform, name=name, stable_id=stable_id, by=officer)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_with_pending_accounts_reimports_unchanged(officer, fmt):
    _load(many_rows(6), officer)
    _pending(officer, "举报得知一号")
    _pending(officer, "举报得知二号", stable_id="MS4wLjABAAAApending")
    histories = Account.history.count()
    result = import_accounts(_export_upload(officer, fmt=fmt), by=officer)
    assert (result.errors, result.created, result.updated, result.unchanged) == ([], 0, 0, 8)
    assert Account.history.count() == histories


def test_a_pending_row_may_be_edited_within_the_rules_of_pending_accounts(officer):
    pending = _pending(officer, "举报得知")
    exported = read_csv(export_accounts(Account.objects.all(), fmt="csv", by=officer).content)
    row = dict(zip(exported.header, exported.rows[0][1], strict=True))
    row["账号名称"] = "举报得知（核实中）"
    result = import_accounts(csv_upload([_keys(row)]), by=officer)
    assert (result.errors, result.updated) == ([], 1)
    pending.refresh_from_db()
    assert (pending.name, pending.status, pending.operator) == ("举报得知（核实中）", "pending", None)
    assert pending.aliases.get().value == "举报得知"


def test_a_pending_row_confirmed_without_operator_is_refused(officer):
    pending = _pending(officer, "举报得知")
    exported = read_csv(export_accounts(Account.objects.all(), fmt="csv", by=officer).content)
    row = _keys(dict(zip(exported.header, exported.rows[0][1], strict=True)))
    row["status"] = str(Account.Status.NORMAL.label)
    row["stable_id"] = "MS4wLjABAAAAconfirmed"
    row["street"] = "五常街道"
    result = import_accounts(csv_upload([row]), by=officer)
    assert {(error.column, error.message) for error in result.errors} == {
        ("运营主体类型", "已核实的账号必须填写运营主体。")
    }
    confirmed = {
        **row,
        **{k: v for k, v in org_row(1).items() if k.startswith(("operator", "credit", "contact"))},
    }
    confirmed["address"] = org_row(1)["address"]
    result = import_accounts(csv_upload([confirmed]), by=officer)
    assert (result.errors, result.updated) == ([], 1)
    pending.refresh_from_db()
    assert (pending.status, pending.stable_id, pending.operator.name) == (
        "normal",
        "MS4wLjABAAAAconfirmed",
        org_row(1)["operator_name"],
    )


def test_a_registry_number_of_another_platform_is_refused(officer):
    pending = _pending(officer, "举报得知")
    row = {**org_row(1), "account_id": str(pending.pk), "platform": "新浪微博"}
    result = import_accounts(csv_upload([row]), by=officer)
    assert [(error.row, error.column) for error in result.errors] == [(2, "登记编号")]


def _keys(row_by_label: dict) -> dict:
    return {column.key: row_by_label[str(column.label)] for column in COLUMNS}
