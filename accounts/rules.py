"""The registry's rules, each written once: the account form, the import and the services ask here.

Each function answers one question about an account's values and returns either the
answer or the Chinese message to show; none of them reads or writes the database.
"""

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Account, AccountAlias

# --- Where an account is registered (Art.3: the district's accounts, by street or town) -------------


def street_required(jurisdiction: str, status: str) -> bool:
    """An account registered in Yuhang is filed under its street or town; a pending one may not know it."""
    return jurisdiction == Account.Jurisdiction.YUHANG and status != Account.Status.PENDING


def street_allowed(jurisdiction: str) -> bool:
    """Streets are Yuhang's: outside the district only the district counts."""
    return jurisdiction == Account.Jurisdiction.YUHANG


def street_missing_message() -> str:
    return _("Choose the street or town where the account is registered.")


def street_outside_message() -> str:
    return _("Leave this empty for an account registered outside Yuhang District.")


# --- Statuses (Art.13: measures follow the upper-level CAC's reply) -----------------------------------


def allowed_statuses(current: str | None) -> tuple[str, ...]:
    """The statuses the registry itself may give an account whose status is ``current`` (None: new).

    The other statuses follow Art.13 measures and change only through ``set_account_status``;
    a confirmed account does not go back to pending verification.
    """
    if current is None or current == Account.Status.PENDING:
        return tuple(Account.REGISTRY_STATUSES)
    if current not in Account.REGISTRY_STATUSES:
        return (current,)
    return (Account.Status.NORMAL, Account.Status.DEREGISTERED)


def measure_status_message() -> str:
    return _("This status follows an Art.13 measure and changes only with the upper-level CAC's reply.")


def status_problem(new: str, current: str | None) -> str | None:
    """Why the registry may not move an account from ``current`` to ``new``, or None when it may."""
    if new == current or new in allowed_statuses(current):
        return None
    if new == Account.Status.PENDING and current in Account.REGISTRY_STATUSES:
        return _("A confirmed account does not go back to pending verification.")
    return measure_status_message()


# --- What a confirmed account must have (a pending one, first known from a report, may lack it) --------


def needs_operator_and_stable_id(status: str) -> bool:
    return status != Account.Status.PENDING


def operator_missing_message() -> str:
    return _("A confirmed account needs its operator (运营主体).")


def stable_id_missing_message() -> str:
    return _("A confirmed account needs the platform's stable id.")


# --- Former names and handles -------------------------------------------------------------------------

ALIAS_FIELDS = (("name", AccountAlias.Kind.NAME), ("handle", AccountAlias.Kind.HANDLE))


def replaced_aliases(
    account: Account, new_values: dict, *, today: date, last_until: dict[str, date | None]
) -> list[AccountAlias]:
    """The former names and handles a change leaves behind, unsaved.

    A replaced value was in use from the end of the previous former value of the same
    kind (``last_until[kind]``), or from the account's registration, until today.
    """
    aliases = []
    for field, kind in ALIAS_FIELDS:
        old = getattr(account, field)
        if field not in new_values or not old or new_values[field] == old:
            continue
        used_from = last_until.get(kind) or timezone.localdate(account.created_at)
        aliases.append(
            AccountAlias(account=account, kind=kind, value=old, used_from=used_from, used_until=today)
        )
    return aliases
