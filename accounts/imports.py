"""Importing self-media accounts with their operators from .xlsx and .csv files, all or nothing.

``COLUMNS`` is the one column list: the import reads it, the export and the
template write it. Every row is validated before anything is written, and all
problems are reported by row and column; a file with any problem imports
nothing. Existing accounts are matched by (platform, stable id) and changed only
where a value differs, so re-importing an export writes nothing. Writes go
through django-simple-history's bulk helpers, never ``QuerySet.update()``.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import partial
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from yuhang_cac.users.models import Organisation

from .identifiers import (
    normalise_credit_code,
    normalise_id_number,
    normalise_phone,
    parse_profile_url,
    validate_credit_code,
    validate_id_number,
    validate_phone,
)
from .models import Account, AccountAlias, ContentCategory, Operator, Person, Platform, Street
from .services import id_number_hash, person_fields
from .spreadsheets import MAX_BYTES, FileProblem, Table, read_table

CATEGORY_SEPARATOR = "、"
# An individual operator bears the name of the person, whose name field is shorter.
PERSON_NAME_LENGTH = Person._meta.get_field("name").max_length


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    required: bool = False
    help: str = ""


COLUMNS = [
    Column(
        "platform",
        pgettext_lazy("import column", "Platform"),
        required=True,
        help=pgettext_lazy("import column", "The platform's name, as listed below."),
    ),
    Column(
        "stable_id",
        pgettext_lazy("import column", "Platform account ID"),
        required=True,
        help=pgettext_lazy(
            "import column",
            "The platform's stable id that does not change with renaming (WeChat __biz or gh_ id, "
            "Weibo UID, Douyin sec_uid…). May be left empty when the profile URL shows it.",
        ),
    ),
    Column("name", pgettext_lazy("import column", "Account name"), required=True),
    Column(
        "handle",
        pgettext_lazy("import column", "Account handle"),
        help=pgettext_lazy("import column", "The number users see and may change (Douyin ID, WeChat ID…)."),
    ),
    Column("profile_url", pgettext_lazy("import column", "Profile URL")),
    Column(
        "jurisdiction",
        pgettext_lazy("import column", "Registered in"),
        help=pgettext_lazy("import column", "Empty means Yuhang District."),
    ),
    Column(
        "street",
        pgettext_lazy("import column", "Street or town"),
        help=pgettext_lazy("import column", "Required for accounts registered in Yuhang District."),
    ),
    Column(
        "status",
        pgettext_lazy("import column", "Status"),
        help=pgettext_lazy("import column", "Empty means normal."),
    ),
    Column("grade", pgettext_lazy("import column", "Grade")),
    Column(
        "liaison_organisation",
        pgettext_lazy("import column", "Liaison organisation"),
        help=pgettext_lazy("import column", "The online social organisation that liaises with the account."),
    ),
    Column(
        "content_categories",
        pgettext_lazy("import column", "Content categories"),
        help=pgettext_lazy("import column", "Several categories are separated by “、”."),
    ),
    Column("has_content_review", pgettext_lazy("import column", "Has a content review system")),
    Column(
        "has_editor_responsibility", pgettext_lazy("import column", "Has an editor responsibility system")
    ),
    Column("dedicated_editors", pgettext_lazy("import column", "Dedicated editors")),
    Column("followers", pgettext_lazy("import column", "Followers")),
    Column("operator_kind", pgettext_lazy("import column", "Operator type"), required=True),
    Column("operator_name", pgettext_lazy("import column", "Operator name"), required=True),
    Column(
        "credit_code",
        pgettext_lazy("import column", "Unified social credit code"),
        help=pgettext_lazy("import column", "Required for organisations; empty for individuals."),
    ),
    Column(
        "id_type",
        pgettext_lazy("import column", "Personal ID type"),
        help=pgettext_lazy("import column", "Individuals only. Empty means resident identity card."),
    ),
    Column(
        "id_number",
        pgettext_lazy("import column", "Personal ID number"),
        help=pgettext_lazy(
            "import column",
            "Required for individuals. An exported file shows it masked; a masked number is accepted "
            "only for the current operator of an existing account.",
        ),
    ),
    Column("contact_name", pgettext_lazy("import column", "Contact")),
    Column(
        "contact_phone",
        pgettext_lazy("import column", "Contact phone"),
        help=pgettext_lazy("import column", "A mobile number, or a landline such as 0571-88888888."),
    ),
    Column("address", pgettext_lazy("import column", "Address")),
]
COLUMN = {column.key: column for column in COLUMNS}

OPERATOR_KIND_LABELS = {
    Operator.Kind.ORGANISATION: pgettext_lazy("operator kind", "Organisation"),
    Operator.Kind.INDIVIDUAL: pgettext_lazy("operator kind", "Individual"),
}
YES = pgettext_lazy("yes or no", "Yes")
NO = pgettext_lazy("yes or no", "No")
_TRUE = {"是", "有", "y", "yes", "true", "1"}
_FALSE = {"", "否", "无", "n", "no", "false", "0"}


@dataclass(frozen=True)
class RowError:
    """One problem: the row as the user sees it in the file (None for the whole file) and the column."""

    row: int | None
    column: str
    message: str


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def _fold(value: str) -> str:
    return re.sub(r"\s+", "", value).casefold()


def choice_map(choices, *synonyms: tuple[str, str]) -> dict[str, str]:
    """Label, value and synonyms, each folded, to the stored value."""
    mapping = {}
    for value, label in choices:
        mapping[_fold(str(value))] = value
        mapping[_fold(str(label))] = value
    mapping.update({_fold(word): value for word, value in synonyms})
    return mapping


def operator_kind_map() -> dict[str, str]:
    return choice_map(
        [*OPERATOR_KIND_LABELS.items(), *Operator.Kind.choices],
        ("机构", Operator.Kind.ORGANISATION),
        ("单位", Operator.Kind.ORGANISATION),
        ("企业", Operator.Kind.ORGANISATION),
        ("个人", Operator.Kind.INDIVIDUAL),
    )


# --- The header row ------------------------------------------------------------------------------


def column_positions(header: list[str], line: int = 1) -> tuple[dict[str, int], list[RowError]]:
    """Columns found by their label, in any order; unknown, missing and repeated ones are errors."""
    by_label = {str(column.label): column.key for column in COLUMNS}
    positions, errors = {}, []
    for index, label in enumerate(header):
        if not label:
            continue
        key = by_label.get(label)
        if key is None:
            errors.append(RowError(line, label, _("Unknown column: use the template's header row.")))
        elif key in positions:
            errors.append(RowError(line, label, _("This column appears more than once.")))
        else:
            positions[key] = index
    for column in COLUMNS:
        if column.key not in positions:
            errors.append(RowError(line, str(column.label), _("This column is missing.")))
    return positions, errors


# --- Reference data ---------------------------------------------------------------------------


def _by_name_and_code(objects) -> dict:
    mapping = {}
    for obj in objects:
        mapping[_fold(obj.code)] = obj
    for obj in objects:
        mapping[_fold(obj.name)] = obj
    return mapping


class References:
    """Every look-up table an import needs, read once."""

    def __init__(self):
        self.platforms = _by_name_and_code(list(Platform.objects.all()))
        self.streets = _by_name_and_code(list(Street.objects.all()))
        self.categories = _by_name_and_code(list(ContentCategory.objects.all()))
        self.organisations = {
            _fold(org.name): org for org in Organisation.objects.filter(kind=Organisation.Kind.ASSOCIATION)
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
    platform: Platform | None = None
    stable_id: str = ""
    account: dict = field(default_factory=dict)
    categories: list = field(default_factory=list)
    operator: dict = field(default_factory=dict)


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
        found = mapping.get(_fold(value))
        if found is None:
            self.error(key, _("“%(value)s” is not an allowed value: see the template.") % {"value": value})
        return found

    def boolean(self, key: str) -> bool:
        value = _fold(self.cells.get(key, ""))
        if value in _TRUE or value == _fold(str(YES)):
            return True
        if value not in _FALSE and value != _fold(str(NO)):
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
        found = [self.refs.categories.get(_fold(name)) for name in names if name]
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
    row.platform = reader.choice("platform", refs.platforms, required=True)
    profile_url = reader.text("profile_url", 500)
    if profile_url and not profile_url.lower().startswith(("http://", "https://")):
        profile_url = f"https://{profile_url}"
    if profile_url:
        profile_url = reader.validated("profile_url", _URL, profile_url)
    stable_id = "".join(reader.text("stable_id", 100).split())
    row.stable_id = stable_id or _stable_id_from_url(row.platform, profile_url)
    if not row.stable_id:
        reader.error("stable_id", _("This column is required."))
    jurisdiction = reader.choice("jurisdiction", refs.jurisdictions, Account.Jurisdiction.YUHANG)
    status = reader.choice("status", refs.statuses, Account.Status.NORMAL)
    street = reader.choice("street", refs.streets)
    in_yuhang = jurisdiction == Account.Jurisdiction.YUHANG
    if in_yuhang and not reader.cells.get("street") and status != Account.Status.PENDING:
        reader.error(
            "street", _("A street or town is required for an account registered in Yuhang District.")
        )
    elif not in_yuhang and street is not None:
        reader.error("street", _("Leave this empty for an account registered outside Yuhang District."))
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


def _parse_operator(reader: RowReader, row: ParsedRow) -> None:
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
    reader = RowReader(line, cells, refs, errors)
    row = ParsedRow(line)
    _parse_account(reader, row)
    _parse_operator(reader, row)
    return row


# --- The registry as it is ------------------------------------------------------------------------


class Existing:
    """The accounts, operators and people a file refers to, read (and the accounts locked) at once."""

    def __init__(self, rows: list[ParsedRow]):
        keys = {(row.platform.pk, row.stable_id) for row in rows}
        accounts = (
            Account.objects.select_for_update(of=("self",))
            .filter(stable_id__in={stable_id for _platform, stable_id in keys})
            .prefetch_related("content_categories", "aliases")
        )
        self.accounts = {
            (a.platform_id, a.stable_id): a for a in accounts if (a.platform_id, a.stable_id) in keys
        }
        hashes = {row.operator["person_key"][1] for row in rows if row.operator["person_key"]}
        codes = {row.operator["credit_code"] for row in rows if row.operator["credit_code"]}
        operators = Operator.objects.select_related("person").filter(
            Q(credit_code__in=codes)
            | Q(person__id_number_hash__in=hashes)
            | Q(pk__in={a.operator_id for a in self.accounts.values() if a.operator_id})
        )
        self.operators = {op.pk: op for op in operators}
        self.by_credit_code = {op.credit_code: op for op in self.operators.values() if op.credit_code}
        self.by_person = {op.person_id: op for op in self.operators.values() if op.person_id}
        people = Person.objects.filter(id_number_hash__in=hashes)
        self.people = {(p.id_type, p.id_number_hash): p for p in people}


# --- Planning: what only the whole file shows, and what each row changes ------------------------------

OPERATOR_COLUMNS = {
    "name": "operator_name",
    "contact_name": "contact_name",
    "contact_phone": "contact_phone",
    "address": "address",
}


@dataclass
class NewOperator:
    fields: dict
    person: Person | None = None
    instance: Operator | None = None


@dataclass
class Plan:
    new_people: list[Person] = field(default_factory=list)
    new_operators: dict = field(default_factory=dict)  # operator key → NewOperator
    changed_operators: dict = field(default_factory=dict)  # pk → (Operator, changed field names)
    new_accounts: list = field(default_factory=list)  # (Account, operator key, categories)
    # (Account, operator key, changed fields, categories or None when they stay)
    changed_accounts: list = field(default_factory=list)
    aliases: list[AccountAlias] = field(default_factory=list)
    unchanged: int = 0
    updated: int = 0


class Planner:
    """Turns parsed rows into the writes they need; nothing is written here.

    An operator key is ("pk", id) for an operator already registered, ("credit_code", code)
    or ("person", id type, hash) for one the file brings in.
    """

    def __init__(self, existing: Existing, errors: list[RowError]):
        self.existing, self.errors = existing, errors
        self.plan = Plan()
        self.first_row_of_account: dict = {}
        self.first_row_of_operator: dict = {}  # operator key → ParsedRow

    def error(self, row: ParsedRow, key: str, message: str) -> None:
        self.errors.append(RowError(row.line, str(COLUMN[key].label), message))

    def add(self, row: ParsedRow) -> None:
        key = (row.platform.pk, row.stable_id)
        if key in self.first_row_of_account:
            message = _("Row %(row)d already has this platform and platform account ID.")
            self.error(row, "stable_id", message % {"row": self.first_row_of_account[key]})
            return
        self.first_row_of_account[key] = row.line
        account = self.existing.accounts.get(key)
        if not all([self.status_allowed(row, account), self.uses_active_references(row, account)]):
            return
        operator_key = self.operator_key(row, account)
        if operator_key is None or not self.same_operator_as_before(row, operator_key):
            return
        if account is None:
            new = Account(platform=row.platform, stable_id=row.stable_id, **row.account)
            self.plan.new_accounts.append((new, operator_key, row.categories))
        else:
            self.change_account(row, account, operator_key)

    def operator_key(self, row: ParsedRow, account: Account | None):
        op = row.operator
        if op["kind"] == Operator.Kind.ORGANISATION:
            found = self.existing.by_credit_code.get(op["credit_code"])
            return ("pk", found.pk) if found else ("credit_code", op["credit_code"])
        if op["person_key"] is None:
            return self.masked_operator_key(row, account)
        person = self.existing.people.get(op["person_key"])
        found = self.existing.by_person.get(person.pk) if person else None
        return ("pk", found.pk) if found else ("person", *op["person_key"])

    def masked_operator_key(self, row: ParsedRow, account: Account | None):
        """A masked number (as exported) stands for the account's current operator, and nothing else."""
        current = self.existing.operators.get(account.operator_id) if account else None
        person = current.person if current else None
        op = row.operator
        if person and person.id_type == op["id_type"] and person.id_number_masked == op["id_number"]:
            return ("pk", current.pk)
        message = _(
            "This ID number is masked: it only stands for the current operator of an existing account. "
            "Enter the full number."
        )
        self.error(row, "id_number", message)
        return None

    def same_operator_as_before(self, row: ParsedRow, key) -> bool:
        first = self.first_row_of_operator.setdefault(key, row)
        if first is row:
            return self.plan_operator(row, key)
        for name, column in OPERATOR_COLUMNS.items():
            if first.operator[name] != row.operator[name]:
                message = _("Row %(row)d gives a different value for the same operator.")
                self.error(row, column, message % {"row": first.line})
                return False
        return True

    def plan_operator(self, row: ParsedRow, key) -> bool:
        values = {name: row.operator[name] for name in OPERATOR_COLUMNS}
        operator = self.existing.operators[key[1]] if key[0] == "pk" else None
        person = self.existing.people.get(key[1:]) if key[0] == "person" else None
        if not self.same_person_name(row, operator, person):
            return False
        if operator is not None:
            changed = [name for name, value in values.items() if getattr(operator, name) != value]
            for name in changed:
                setattr(operator, name, values[name])
            if changed:
                self.plan.changed_operators[operator.pk] = (operator, changed)
            return True
        new = NewOperator({"kind": row.operator["kind"], **values})
        if key[0] == "credit_code":
            new.fields["credit_code"] = key[1]
        else:
            new.person = person or self.new_person(row)
        self.plan.new_operators[key] = new
        return True

    def same_person_name(self, row: ParsedRow, operator: Operator | None, person: Person | None) -> bool:
        """An individual operator bears the person's name; the name is checked, never changed, here."""
        registered = operator.name if operator and operator.is_individual else getattr(person, "name", None)
        if registered is None or registered == row.operator["name"]:
            return True
        message = _("This ID number is registered to %(name)s: check the name or the number.")
        self.error(row, "operator_name", message % {"name": registered})
        return False

    def new_person(self, row: ParsedRow) -> Person:
        op = row.operator
        person = Person(name=op["name"], **person_fields(op["id_type"], op["id_number"]))
        self.plan.new_people.append(person)
        return person

    def status_allowed(self, row: ParsedRow, account: Account | None) -> bool:
        """The registry keeps some statuses; the others follow Art.13 measures (set_account_status)."""
        status, current = row.account["status"], account.status if account else None
        if status == current:
            return True
        kept = Account.REGISTRY_STATUSES
        if status not in kept or (current is not None and current not in kept):
            message = _(
                "This status follows an Art.13 measure and changes only with the upper-level CAC's reply."
            )
        elif status == Account.Status.PENDING and current is not None:
            message = _("A confirmed account does not go back to pending verification.")
        else:
            return True
        self.error(row, "status", message)
        return False

    def uses_active_references(self, row: ParsedRow, account: Account | None) -> bool:
        """A withdrawn platform, street, organisation or category stays, but is not newly given."""
        inactive = []
        if account is None and not row.platform.is_active:
            inactive.append(("platform", row.platform))
        for name in ("street", "liaison_organisation"):
            value = row.account[name]
            if (
                value
                and not value.is_active
                and (account is None or getattr(account, f"{name}_id") != value.pk)
            ):
                inactive.append((name, value))
        kept = {c.pk for c in account.content_categories.all()} if account else set()
        inactive += [
            ("content_categories", c) for c in row.categories if not c.is_active and c.pk not in kept
        ]
        for name, value in inactive:
            self.error(row, name, _("“%(value)s” is no longer in use.") % {"value": value})
        return not inactive

    def change_account(self, row: ParsedRow, account: Account, operator_key) -> None:
        changed = [name for name, value in row.account.items() if _differs(account, name, value)]
        if operator_key != ("pk", account.operator_id):
            changed.append("operator")
        categories = row.categories
        if {c.pk for c in account.content_categories.all()} == {c.pk for c in categories}:
            categories = None
        if changed or categories is not None:
            self.remember_aliases(account, row.account)
            for name in changed:
                if name != "operator":
                    setattr(account, name, row.account[name])
            self.plan.changed_accounts.append((account, operator_key, changed, categories))
            self.plan.updated += 1
        elif operator_key[0] == "pk" and operator_key[1] in self.plan.changed_operators:
            self.plan.updated += 1
        else:
            self.plan.unchanged += 1

    def remember_aliases(self, account: Account, values: dict) -> None:
        """A replaced name or handle, in use since its kind last changed (as ``update_account`` keeps it)."""
        today = timezone.localdate()
        for name, kind in (("name", AccountAlias.Kind.NAME), ("handle", AccountAlias.Kind.HANDLE)):
            old = getattr(account, name)
            if old and values[name] != old:
                earlier = [alias.used_until for alias in account.aliases.all() if alias.kind == kind]
                used_from = max(earlier, default=timezone.localdate(account.created_at))
                alias = AccountAlias(
                    account=account, kind=kind, value=old, used_from=used_from, used_until=today
                )
                self.plan.aliases.append(alias)


def _differs(account: Account, name: str, value) -> bool:
    if name in ("street", "liaison_organisation"):
        return getattr(account, f"{name}_id") != (value.pk if value else None)
    return getattr(account, name) != value


# --- Writing ----------------------------------------------------------------------------------------


class Writer:
    """Writes a plan with history rows that all carry the same user, reason and time."""

    def __init__(self, plan: Plan, existing: Existing, *, by, reason: str):
        self.plan, self.existing = plan, existing
        self.stamp = timezone.now()
        self.history = {"default_user": by, "default_change_reason": reason, "default_date": self.stamp}

    def write(self) -> None:
        bulk_create_with_history(self.plan.new_people, Person, **self.history)
        self.write_operators()
        accounts = self.write_accounts()
        self.write_categories(accounts)
        bulk_create_with_history(self.plan.aliases, AccountAlias, **self.history)

    def write_operators(self) -> None:
        for new in self.plan.new_operators.values():
            new.instance = Operator(person=new.person, **new.fields)
        created = [new.instance for new in self.plan.new_operators.values()]
        bulk_create_with_history(created, Operator, **self.history)
        changed = list(self.plan.changed_operators.values())
        if changed:
            fields = sorted({name for _operator, names in changed for name in names})
            bulk_update_with_history([op for op, _names in changed], Operator, fields, **self.history)

    def operator(self, key) -> Operator:
        return self.existing.operators[key[1]] if key[0] == "pk" else self.plan.new_operators[key].instance

    def write_accounts(self) -> list[tuple[Account, list | None]]:
        """The accounts written, each with the categories it must now have (None: as before)."""
        for account, key, _categories in self.plan.new_accounts:
            account.operator = self.operator(key)
        created = [account for account, _key, _categories in self.plan.new_accounts]
        bulk_create_with_history(created, Account, **self.history)
        fields = {"updated_at"}
        for account, key, changed, _categories in self.plan.changed_accounts:
            account.operator = self.operator(key)
            account.updated_at = self.stamp
            fields.update(changed)
        changed_accounts = [account for account, _key, _changed, _categories in self.plan.changed_accounts]
        if changed_accounts:
            bulk_update_with_history(changed_accounts, Account, sorted(fields), **self.history)
        return [(a, cats) for a, _key, cats in self.plan.new_accounts] + [
            (a, cats) for a, _key, _changed, cats in self.plan.changed_accounts
        ]

    def write_categories(self, accounts: list[tuple[Account, list | None]]) -> None:
        """Set the categories, then copy them onto this import's history rows (m2m history)."""
        through = Account.content_categories.through
        replaced = [account.pk for account, categories in accounts if categories is not None]
        through.objects.filter(account_id__in=replaced).delete()
        through.objects.bulk_create(
            through(account_id=account.pk, contentcategory_id=category.pk)
            for account, categories in accounts
            for category in categories or ()
        )
        ids = [account.pk for account, _categories in accounts]
        links = defaultdict(list)
        for link in through.objects.filter(account_id__in=ids):
            links[link.account_id].append(link)
        history_model = Account.history.model
        m2m_history = history_model.content_categories.model
        rows = history_model.objects.filter(id__in=ids, history_date=self.stamp).values_list(
            "history_id", "id"
        )
        m2m_history.objects.bulk_create(
            m2m_history(
                history_id=history_id,
                id=link.pk,
                account_id=link.account_id,
                contentcategory_id=link.contentcategory_id,
            )
            for history_id, account_id in rows
            for link in links[account_id]
        )


# --- The entry point ------------------------------------------------------------------------------


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


def _import_table(table: Table, *, by, reason: str) -> ImportResult:
    positions, errors = column_positions(table.header, table.header_line)
    if errors:
        return ImportResult(errors=errors)
    if not table.rows:
        return ImportResult(errors=[RowError(None, "", _("The file has no rows of data."))])
    rows = parse_rows(table, positions, errors)
    existing = Existing(rows)
    planner = Planner(existing, errors)
    for row in rows:
        planner.add(row)
    if errors:
        return ImportResult(errors=sorted(errors, key=lambda e: (e.row or 0, _column_order(e.column))))
    Writer(planner.plan, existing, by=by, reason=reason).write()
    plan = planner.plan
    return ImportResult(created=len(plan.new_accounts), updated=plan.updated, unchanged=plan.unchanged)


def _column_order(label: str) -> int:
    labels = [str(column.label) for column in COLUMNS]
    return labels.index(label) if label in labels else len(labels)


def import_accounts(file, *, by, filename: str = "") -> ImportResult:
    """Import an .xlsx or .csv file of accounts: everything, or, if any row has a problem, nothing.

    ``by`` becomes the history user of every row written.
    """
    filename = filename or getattr(file, "name", "") or ""
    try:
        table = read_table(file.read(MAX_BYTES + 1), filename)
    except FileProblem as problem:
        return ImportResult(errors=[RowError(None, "", str(problem))])
    reason = _("Imported from %(file)s") % {"file": PurePath(filename).name[:60]}
    try:
        with transaction.atomic():
            return _import_table(table, by=by, reason=reason)
    except IntegrityError:
        # Another user saved one of these accounts or operators between our reading and writing.
        message = _("The registry changed while importing; nothing was imported. Please try again.")
        return ImportResult(errors=[RowError(None, "", message)])
