"""Reading a file's rows into values: each cell checked, every problem kept by row and column.

Nothing is looked up in the registry here beyond the reference tables; the planner
matches rows to accounts and operators.
"""

import re
from dataclasses import dataclass, field
from functools import partial

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from yuhang_cac.users.models import Organisation

from .. import rules
from ..identifiers import (
    normalise_credit_code,
    normalise_id_number,
    normalise_phone,
    parse_profile_url,
    validate_credit_code,
    validate_id_number,
    validate_phone,
)
from ..models import Account, ContentCategory, Operator, Person, Platform, Street
from ..services import id_number_hash
from ..spreadsheets import Table
from .columns import (
    COLUMN,
    FALSE_WORDS,
    NO,
    PERSON_NAME_LENGTH,
    TRUE_WORDS,
    YES,
    RowError,
    choice_map,
    fold,
    operator_kind_map,
)

# --- Reference data ---------------------------------------------------------------------------


def _by_name_and_code(objects) -> dict:
    mapping = {}
    for obj in objects:
        mapping[fold(obj.code)] = obj
    for obj in objects:
        mapping[fold(obj.name)] = obj
    return mapping


class References:
    """Every look-up table an import needs, read once."""

    def __init__(self):
        self.platforms = _by_name_and_code(list(Platform.objects.all()))
        self.streets = _by_name_and_code(list(Street.objects.all()))
        self.categories = _by_name_and_code(list(ContentCategory.objects.all()))
        self.organisations = {
            fold(org.name): org for org in Organisation.objects.filter(kind=Organisation.Kind.ASSOCIATION)
        }
        self.jurisdictions = choice_map(Account.Jurisdiction.choices, ("余杭", Account.Jurisdiction.YUHANG))
        self.statuses = choice_map(Account.Status.choices)
        self.grades = choice_map(Account.Grade.choices)
        self.operator_kinds = operator_kind_map()
        self.id_types = choice_map(Person.IdType.choices, ("身份证", Person.IdType.RESIDENT))


# --- One row ------------------------------------------------------------------------------------


@dataclass
class ParsedRow:
    line: int
    account_id: int | None = None  # the registry number, as exported
    platform: Platform | None = None
    stable_id: str = ""
    account: dict = field(default_factory=dict)
    categories: list = field(default_factory=list)
    operator: dict | None = field(default_factory=dict)  # None: a pending account without its operator


class RowReader:
    """Parses the cells of one row, collecting a ``RowError`` for each bad cell."""

    def __init__(self, line: int, cells: dict[str, str], refs: References, errors: list[RowError]):
        self.line, self.cells, self.refs, self.errors = line, cells, refs, errors

    def error(self, key: str, message: str) -> None:
        self.errors.append(RowError(self.line, str(COLUMN[key].label), message))

    def text(self, key: str, max_length: int, *, required: bool = False) -> str:
        value = self.cells.get(key, "")
        if required and not value:
            self.error(key, _("This column is required."))
        elif len(value) > max_length:
            self.error(key, _("Enter at most %(max)d characters.") % {"max": max_length})
            return ""
        return value

    def choice(self, key: str, mapping: dict, default=None, *, required: bool = False):
        value = self.cells.get(key, "")
        if not value:
            if required:
                self.error(key, _("This column is required."))
            return default
        found = mapping.get(fold(value))
        if found is None:
            self.error(key, _("“%(value)s” is not an allowed value: see the template.") % {"value": value})
        return found

    def boolean(self, key: str) -> bool:
        value = fold(self.cells.get(key, ""))
        if value in TRUE_WORDS or value == fold(str(YES)):
            return True
        if value not in FALSE_WORDS and value != fold(str(NO)):
            self.error(key, _("Enter “%(yes)s” or “%(no)s”.") % {"yes": YES, "no": NO})
        return False

    def integer(self, key: str, maximum: int, default=None):
        value = self.cells.get(key, "").replace(",", "")
        if not value:
            return default
        if not re.fullmatch(r"[0-9]+", value) or int(value) > maximum:
            self.error(key, _("Enter a whole number from 0 to %(max)d.") % {"max": maximum})
            return default
        return int(value)

    def validated(self, key: str, validator, value: str) -> str:
        try:
            validator(value)
        except ValidationError as exc:
            self.error(key, exc.messages[0])
            return ""
        return value

    def categories(self) -> list:
        names = [name.strip() for name in re.split(r"[、,，;；]", self.cells.get("content_categories", ""))]
        found = [self.refs.categories.get(fold(name)) for name in names if name]
        unknown = [
            name for name, category in zip(filter(None, names), found, strict=True) if category is None
        ]
        if unknown:
            self.error(
                "content_categories",
                _("“%(value)s” is not an allowed value: see the template.") % {"value": "、".join(unknown)},
            )
        return list(dict.fromkeys(category for category in found if category is not None))


_URL = URLValidator(schemes=["http", "https"])


def _parse_account(reader: RowReader, row: ParsedRow) -> None:
    refs = reader.refs
    row.account_id = reader.integer("account_id", 2_147_483_647)
    row.platform = reader.choice("platform", refs.platforms, required=True)
    profile_url = reader.text("profile_url", 500)
    if profile_url and not profile_url.lower().startswith(("http://", "https://")):
        profile_url = f"https://{profile_url}"
    if profile_url:
        profile_url = reader.validated("profile_url", _URL, profile_url)
    jurisdiction = reader.choice("jurisdiction", refs.jurisdictions, Account.Jurisdiction.YUHANG)
    status = reader.choice("status", refs.statuses, Account.Status.NORMAL)
    stable_id = "".join(reader.text("stable_id", 100).split())
    row.stable_id = stable_id or _stable_id_from_url(row.platform, profile_url)
    if not row.stable_id and rules.needs_operator_and_stable_id(status):
        reader.error("stable_id", rules.stable_id_missing_message())
    street = reader.choice("street", refs.streets)
    if not rules.street_allowed(jurisdiction):
        if street is not None:
            reader.error("street", rules.street_outside_message())
    elif rules.street_required(jurisdiction, status) and not reader.cells.get("street"):
        reader.error("street", rules.street_missing_message())
    row.account = {
        "name": reader.text("name", 100, required=True),
        "handle": reader.text("handle", 100),
        "profile_url": profile_url,
        "jurisdiction": jurisdiction,
        "street": street,
        "status": status,
        "grade": reader.choice("grade", refs.grades, ""),
        "liaison_organisation": reader.choice("liaison_organisation", refs.organisations),
        "has_content_review": reader.boolean("has_content_review"),
        "has_editor_responsibility": reader.boolean("has_editor_responsibility"),
        "dedicated_editors": reader.integer("dedicated_editors", 32767, 0),
        "followers": reader.integer("followers", 2147483647),
    }
    row.categories = reader.categories()


def _stable_id_from_url(platform: Platform | None, url: str) -> str:
    found = parse_profile_url(url) if platform and url else None
    return found[1] if found and found[0] == platform.code else ""


OPERATOR_CELLS = (
    "operator_kind",
    "operator_name",
    "credit_code",
    "id_type",
    "id_number",
    "contact_name",
    "contact_phone",
    "address",
)


def _parse_operator(reader: RowReader, row: ParsedRow) -> None:
    if not any(reader.cells.get(key) for key in OPERATOR_CELLS):
        if rules.needs_operator_and_stable_id(row.account["status"]):
            reader.error("operator_kind", rules.operator_missing_message())
        row.operator = None  # a pending account may not know its operator yet
        return
    kind = reader.choice("operator_kind", reader.refs.operator_kinds, required=True)
    row.operator = {
        "kind": kind,
        "name": reader.text("operator_name", 200, required=True),
        "contact_name": reader.text("contact_name", 50),
        "contact_phone": normalise_phone(reader.cells.get("contact_phone", "")),
        "address": reader.text("address", 200),
        "credit_code": normalise_credit_code(reader.cells.get("credit_code", "")),
        "id_type": "",
        "id_number": "",
        "person_key": None,  # (ID type, look-up hash) of a full ID number
    }
    if row.operator["contact_phone"]:
        reader.validated("contact_phone", validate_phone, row.operator["contact_phone"])
    if kind == Operator.Kind.ORGANISATION:
        _parse_organisation(reader, row.operator)
    elif kind == Operator.Kind.INDIVIDUAL:
        _parse_individual(reader, row.operator)


def _parse_organisation(reader: RowReader, operator: dict) -> None:
    if not operator["credit_code"]:
        reader.error("credit_code", _("This column is required."))
    else:
        reader.validated("credit_code", validate_credit_code, operator["credit_code"])
    for key in ("id_type", "id_number"):
        if reader.cells.get(key):
            reader.error(key, _("Leave this empty for an organisation."))


def _parse_individual(reader: RowReader, operator: dict) -> None:
    if operator["credit_code"]:
        reader.error("credit_code", _("Leave this empty for an individual."))
    if len(operator["name"]) > PERSON_NAME_LENGTH:
        reader.error("operator_name", _("Enter at most %(max)d characters.") % {"max": PERSON_NAME_LENGTH})
    operator["id_type"] = reader.choice("id_type", reader.refs.id_types, Person.IdType.RESIDENT)
    number = normalise_id_number(reader.cells.get("id_number", ""))
    operator["id_number"] = number
    if not number:
        reader.error("id_number", _("This column is required."))
    elif "*" in number:
        return  # masked, as exported: the planner checks it against the account's operator
    elif operator["id_type"] and reader.validated(
        "id_number", partial(validate_id_number, operator["id_type"]), number
    ):
        operator["person_key"] = (operator["id_type"], id_number_hash(operator["id_type"], number))


def parse_row(line: int, cells: dict[str, str], refs: References, errors: list[RowError]) -> ParsedRow:
    """One row's values; its problems are appended to ``errors``."""
    reader = RowReader(line, cells, refs, errors)
    row = ParsedRow(line)
    _parse_account(reader, row)
    _parse_operator(reader, row)
    return row


def parse_rows(table: Table, positions: dict[str, int], errors: list[RowError]) -> list[ParsedRow]:
    refs = References()
    parsed = []
    for line, texts in table.rows:
        cells = {key: texts[index] if index < len(texts) else "" for key, index in positions.items()}
        before = len(errors)
        row = parse_row(line, cells, refs, errors)
        if len(errors) == before:
            parsed.append(row)
    return parsed
