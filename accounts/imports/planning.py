"""Planning an import: what only the whole file shows, and what each row changes; nothing is written."""

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import rules
from ..models import Account, AccountAlias, Operator, Person
from ..services import person_fields
from .columns import COLUMN, RowError
from .reading import ParsedRow

# --- The registry as it is ------------------------------------------------------------------------


class Existing:
    """The accounts, operators and people a file refers to, read (and the accounts locked) at once."""

    def __init__(self, rows: list[ParsedRow]):
        keys = {(row.platform.pk, row.stable_id) for row in rows if row.stable_id}
        pks = {row.account_id for row in rows if row.account_id is not None}
        accounts = (
            Account.objects.select_for_update(of=("self",))
            .filter(Q(stable_id__in={stable_id for _platform, stable_id in keys}) | Q(pk__in=pks))
            .prefetch_related("content_categories", "aliases")
        )
        accounts = list(accounts)
        self.by_pk = {a.pk: a for a in accounts}
        self.accounts = {
            (a.platform_id, a.stable_id): a for a in accounts if (a.platform_id, a.stable_id) in keys
        }
        operators = [row.operator for row in rows if row.operator]
        hashes = {op["person_key"][1] for op in operators if op["person_key"]}
        codes = {op["credit_code"] for op in operators if op["credit_code"]}
        operators = Operator.objects.select_related("person").filter(
            Q(credit_code__in=codes)
            | Q(person__id_number_hash__in=hashes)
            | Q(pk__in={a.operator_id for a in accounts if a.operator_id})
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
# The operator key of a pending account whose operator is not known yet.
NO_OPERATOR = ("none",)


def operator_key_of(account: Account) -> tuple:
    return ("pk", account.operator_id) if account.operator_id else NO_OPERATOR


@dataclass
class NewOperator:
    fields: dict
    person: Person | None = None
    instance: Operator | None = None


@dataclass
class AccountWrite:
    """An account the import adds or changes, with the row it comes from."""

    line: int
    account: Account
    operator_key: tuple
    categories: list | None  # None: the categories stay as they are
    changed: list[str] = field(default_factory=list)  # field names; empty for a new account


@dataclass
class Plan:
    new_people: list[Person] = field(default_factory=list)
    new_operators: dict = field(default_factory=dict)  # operator key → NewOperator
    changed_operators: dict = field(default_factory=dict)  # pk → (Operator, changed field names)
    new_accounts: list[AccountWrite] = field(default_factory=list)
    changed_accounts: list[AccountWrite] = field(default_factory=list)
    # Accounts unchanged themselves whose operator's details change: (line, account).
    operator_only: list[tuple[int, Account]] = field(default_factory=list)
    aliases: list[AccountAlias] = field(default_factory=list)
    unchanged: int = 0

    @property
    def updated(self) -> int:
        return len(self.changed_accounts) + len(self.operator_only)


class Planner:
    """Turns parsed rows into the writes they need; nothing is written here.

    An account is matched by its registry number when the row has one (an export writes it),
    else by (platform, stable id). An operator key is ("pk", id) for an operator already
    registered, ("credit_code", code) or ("person", id type, hash) for one the file brings in,
    and ``NO_OPERATOR`` for a pending account without one.
    """

    def __init__(self, existing: Existing, errors: list[RowError]):
        self.existing, self.errors = existing, errors
        self.plan = Plan()
        self.first_row_of_account: dict = {}
        self.first_row_of_operator: dict = {}  # operator key → ParsedRow

    def error(self, row: ParsedRow, key: str, message: str) -> None:
        self.errors.append(RowError(row.line, str(COLUMN[key].label), message))

    def add(self, row: ParsedRow) -> None:
        found, account = self.find_account(row)
        if not found or not self.first_in_file(row, account):
            return
        if not all([self.status_allowed(row, account), self.uses_active_references(row, account)]):
            return
        operator_key = self.operator_key(row, account)
        if operator_key is None or not self.same_operator_as_before(row, operator_key):
            return
        if account is None:
            new = Account(platform=row.platform, stable_id=row.stable_id, **row.account)
            self.plan.new_accounts.append(AccountWrite(row.line, new, operator_key, row.categories))
        else:
            self.change_account(row, account, operator_key)

    def find_account(self, row: ParsedRow) -> tuple[bool, Account | None]:
        """(whether the row may go on, the registered account it refers to or None for a new one)."""
        by_stable_id = self.existing.accounts.get((row.platform.pk, row.stable_id)) if row.stable_id else None
        if row.account_id is None:
            return True, by_stable_id
        account = self.existing.by_pk.get(row.account_id)
        if account is None or account.platform_id != row.platform.pk:
            message = _(
                "No account on this platform has this registry number: leave it empty for a new account."
            )
            self.error(row, "account_id", message)
            return False, None
        if row.stable_id and account.stable_id and account.stable_id != row.stable_id:
            message = _("The account with this registry number has another platform account ID.")
            self.error(row, "stable_id", message)
            return False, None
        if by_stable_id is not None and by_stable_id.pk != account.pk:
            message = _("An account with this stable id is already registered on %(platform)s: %(name)s.")
            self.error(row, "stable_id", message % {"platform": row.platform, "name": by_stable_id.name})
            return False, None
        return True, account

    def first_in_file(self, row: ParsedRow, account: Account | None) -> bool:
        keys = [("pk", account.pk)] if account else []
        if row.stable_id:
            keys.append((row.platform.pk, row.stable_id))
        for key in keys:
            if key in self.first_row_of_account:
                message = _("Row %(row)d already has this platform and platform account ID.")
                self.error(row, "stable_id", message % {"row": self.first_row_of_account[key]})
                return False
        for key in keys:
            self.first_row_of_account[key] = row.line
        return True

    def operator_key(self, row: ParsedRow, account: Account | None):
        op = row.operator
        if op is None:
            return NO_OPERATOR
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
        if key == NO_OPERATOR:
            return True
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
        problem = rules.status_problem(row.account["status"], account.status if account else None)
        if problem:
            self.error(row, "status", problem)
        return problem is None

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
        values = dict(row.account)
        if row.stable_id:
            values["stable_id"] = row.stable_id  # a pending account may learn its stable id
        changed = [name for name, value in values.items() if _differs(account, name, value)]
        if operator_key != operator_key_of(account):
            changed.append("operator")
        categories = row.categories
        if {c.pk for c in account.content_categories.all()} == {c.pk for c in categories}:
            categories = None
        if changed or categories is not None:
            last_until = {}
            for alias in account.aliases.all():
                last_until[alias.kind] = max(alias.used_until, last_until.get(alias.kind, alias.used_until))
            today = timezone.localdate()
            self.plan.aliases += rules.replaced_aliases(account, values, today=today, last_until=last_until)
            for name in changed:
                if name != "operator":
                    setattr(account, name, values[name])
            self.plan.changed_accounts.append(
                AccountWrite(row.line, account, operator_key, categories, changed)
            )
        elif operator_key[0] == "pk" and operator_key[1] in self.plan.changed_operators:
            self.plan.operator_only.append((row.line, account))
        else:
            self.plan.unchanged += 1


def _differs(account: Account, name: str, value) -> bool:
    if name in ("street", "liaison_organisation"):
        return getattr(account, f"{name}_id") != (value.pk if value else None)
    return getattr(account, name) != value
