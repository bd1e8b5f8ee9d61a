"""Writing a planned import in bulk, with history rows that all carry the same user, reason and time."""

from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from yuhang_cac.audit.history import bulk_set_many_to_many

from ..models import Account, AccountAlias, Operator, Person
from .planning import NO_OPERATOR, Existing, Plan


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

    def operator(self, key) -> Operator | None:
        if key == NO_OPERATOR:
            return None
        return self.existing.operators[key[1]] if key[0] == "pk" else self.plan.new_operators[key].instance

    def write_accounts(self) -> list[tuple[Account, list | None]]:
        """The accounts written, each with the categories it must now have (None: as before)."""
        for write in self.plan.new_accounts:
            write.account.operator = self.operator(write.operator_key)
        bulk_create_with_history([w.account for w in self.plan.new_accounts], Account, **self.history)
        fields = {"updated_at"}
        for write in self.plan.changed_accounts:
            write.account.operator = self.operator(write.operator_key)
            write.account.updated_at = self.stamp
            fields.update(write.changed)
        if self.plan.changed_accounts:
            changed = [w.account for w in self.plan.changed_accounts]
            bulk_update_with_history(changed, Account, sorted(fields), **self.history)
        return [(w.account, w.categories) for w in self.plan.new_accounts + self.plan.changed_accounts]

    def write_categories(self, accounts: list[tuple[Account, list | None]]) -> None:
        """Set the categories and copy them onto this import's history rows (m2m history)."""
        bulk_set_many_to_many(Account, "content_categories", accounts)
