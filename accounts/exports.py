"""Exporting the registry to .xlsx and .csv, and the import template, with the import's columns.

Values are the readable ones (platform and street names, status labels, 是/否), so
an export can be edited and imported again. ID numbers leave only masked
(docs/domain.md §8); the import recognises a masked number as the account's current
operator. Every export is an audit event.
"""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from yuhang_cac.audit.models import AuditEvent
from yuhang_cac.audit.services import record_event
from yuhang_cac.users.models import Organisation

from .identifiers import credit_code_check_char
from .imports import CATEGORY_SEPARATOR, COLUMNS, NO, OPERATOR_KIND_LABELS, YES
from .models import Account, ContentCategory, Person, Platform, Street
from .spreadsheets import CSV_TYPE, XLSX_TYPE, write_csv, write_xlsx

FORMATS = {"xlsx": XLSX_TYPE, "csv": CSV_TYPE}


@dataclass(frozen=True)
class Download:
    filename: str
    content_type: str
    content: bytes


def _yes_no(value: bool) -> str:
    return str(YES if value else NO)


def _operator_values(operator) -> dict:
    if operator is None:
        return {}
    person = operator.person
    return {
        "operator_kind": str(OPERATOR_KIND_LABELS[operator.kind]),
        "operator_name": operator.name,
        "credit_code": operator.credit_code,
        "id_type": person.get_id_type_display() if person else "",
        "id_number": person.id_number_masked if person else "",
        "contact_name": operator.contact_name,
        "contact_phone": operator.contact_phone,
        "address": operator.address,
    }


def account_values(account: Account) -> dict:
    """One account in the import's terms; the ID number only masked."""
    return {
        "platform": account.platform.name,
        "stable_id": account.stable_id,
        "name": account.name,
        "handle": account.handle,
        "profile_url": account.profile_url,
        "jurisdiction": account.get_jurisdiction_display(),
        "street": account.street.name if account.street else "",
        "status": account.get_status_display(),
        "grade": account.get_grade_display() if account.grade else "",
        "liaison_organisation": account.liaison_organisation.name if account.liaison_organisation else "",
        "content_categories": CATEGORY_SEPARATOR.join(c.name for c in account.content_categories.all()),
        "has_content_review": _yes_no(account.has_content_review),
        "has_editor_responsibility": _yes_no(account.has_editor_responsibility),
        "dedicated_editors": account.dedicated_editors,
        "followers": account.followers,
        **_operator_values(account.operator),
    }


def account_rows(queryset: QuerySet) -> list[list]:
    accounts = queryset.select_related(
        "platform", "street", "liaison_organisation", "operator", "operator__person"
    ).prefetch_related("content_categories")
    rows = []
    for account in accounts:
        values = account_values(account)
        rows.append([values.get(column.key, "") for column in COLUMNS])
    return rows


def header() -> list[str]:
    return [str(column.label) for column in COLUMNS]


def _timestamped(stem: str, fmt: str) -> str:
    return f"{stem}-{timezone.localtime():%Y%m%d-%H%M}.{fmt}"


def export_accounts(
    queryset: QuerySet, *, fmt: str, by, request=None, filters: dict | None = None
) -> Download:
    """The accounts as an .xlsx or .csv file; the export is recorded in the audit log."""
    fmt = fmt if fmt in FORMATS else "xlsx"
    rows = account_rows(queryset)
    if fmt == "csv":
        content = write_csv(header(), rows)
    else:
        content = write_xlsx([(_("Self-media accounts"), header(), rows)])
    record_event(
        AuditEvent.Kind.EXPORTED,
        actor=by,
        request=request,
        detail={"what": "accounts", "format": fmt, "rows": len(rows), "filters": filters or {}},
    )
    return Download(_timestamped(_("self-media-accounts"), fmt), FORMATS[fmt], content)


# --- The import template ---------------------------------------------------------------------------


def _example_row() -> list:
    example = {
        "platform": getattr(Platform.objects.active().first(), "name", ""),
        "stable_id": "gh_0123456789ab",
        "name": pgettext("import example", "Yuhang Lifestyle"),
        "handle": "yuhang_life",
        "profile_url": "",
        "jurisdiction": Account.Jurisdiction.YUHANG.label,
        "street": getattr(Street.objects.active().first(), "name", ""),
        "status": Account.Status.NORMAL.label,
        "grade": "",
        "liaison_organisation": "",
        "content_categories": CATEGORY_SEPARATOR.join(c.name for c in ContentCategory.objects.active()[:2]),
        "has_content_review": _yes_no(True),
        "has_editor_responsibility": _yes_no(True),
        "dedicated_editors": 2,
        "followers": 12000,
        "operator_kind": str(OPERATOR_KIND_LABELS["organisation"]),
        "operator_name": pgettext("import example", "Hangzhou Example Culture Media Co., Ltd."),
        "credit_code": _example_credit_code(),
        "contact_name": pgettext("import example", "Zhang San"),
        "contact_phone": "0571-88888888",
        "address": pgettext("import example", "Hangzhou, Yuhang District, Wuchang Street"),
    }
    return [example.get(column.key, "") for column in COLUMNS]


def _example_credit_code() -> str:
    body = "91330110MA2B7K3Q0"
    return body + credit_code_check_char(body)


def _allowed_values() -> dict[str, str]:
    join = CATEGORY_SEPARATOR.join
    return {
        "platform": join(p.name for p in Platform.objects.active()),
        "jurisdiction": join(str(label) for _value, label in Account.Jurisdiction.choices),
        "street": join(s.name for s in Street.objects.active()),
        "status": join(str(Account.Status(value).label) for value in Account.REGISTRY_STATUSES),
        "grade": join(str(label) for _value, label in Account.Grade.choices),
        "liaison_organisation": join(
            o.name for o in Organisation.objects.filter(kind=Organisation.Kind.ASSOCIATION, is_active=True)
        ),
        "content_categories": join(c.name for c in ContentCategory.objects.active()),
        "has_content_review": join([_yes_no(True), _yes_no(False)]),
        "has_editor_responsibility": join([_yes_no(True), _yes_no(False)]),
        "operator_kind": join(str(label) for label in OPERATOR_KIND_LABELS.values()),
        "id_type": join(str(label) for _value, label in Person.IdType.choices),
    }


def _explanation_rows() -> list[list]:
    allowed = _allowed_values()
    return [
        [str(column.label), _yes_no(column.required), str(column.help), allowed.get(column.key, "")]
        for column in COLUMNS
    ]


def import_template() -> Download:
    """The header row with one example, and a second sheet explaining each column and its values."""
    explanation_header = [_("Column"), _("Required"), _("Explanation"), _("Allowed values")]
    content = write_xlsx(
        [
            (_("Self-media accounts"), header(), [_example_row()]),
            (_("How to fill in"), explanation_header, _explanation_rows()),
        ]
    )
    return Download(_("account-import-template") + ".xlsx", XLSX_TYPE, content)
