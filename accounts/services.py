"""Writes on the registry. Views, imports, other apps' services and commands call these."""

from collections.abc import Iterable
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yuhang_cac.audit.models import AuditEvent
from yuhang_cac.audit.services import record_event
from yuhang_cac.core import crypto

from .identifiers import mask_id_number, normalise_id_number
from .models import (
    Account,
    AccountAlias,
    Operator,
    Person,
    Platform,
    Practitioner,
    PractitionerRecord,
    ProhibitedContent,
    Violation,
)


class RegistryError(Exception):
    """A registry change that the rules refuse; the message is for the user."""


def id_number_hash(id_type: str, number: str) -> str:
    return crypto.lookup_hash(f"{id_type}:{normalise_id_number(number)}")


def find_person(id_type: str, number: str) -> Person | None:
    """Exact look-up by ID number through the keyed hash; nothing is decrypted."""
    return Person.objects.filter(id_type=id_type, id_number_hash=id_number_hash(id_type, number)).first()


def person_fields(id_type: str, number: str) -> dict:
    """The stored form of an ID number: encrypted, hashed for look-up, masked for display."""
    number = normalise_id_number(number)
    return {
        "id_type": id_type,
        "id_number_encrypted": crypto.encrypt(number),
        "id_number_hash": id_number_hash(id_type, number),
        "id_number_masked": mask_id_number(number),
    }


@transaction.atomic
def create_person(*, name: str, id_type: str, id_number: str, phone: str = "", by) -> Person:
    """A new person; the ID number must already be validated (forms and imports do that)."""
    if find_person(id_type, id_number) is not None:
        raise RegistryError(_("A person with this ID number is already registered."))
    person = Person(name=name, phone=phone, **person_fields(id_type, id_number))
    person._history_user = by
    person.save()
    return person


def unmask_id_number(person: Person, *, by, request=None) -> str:
    """The full ID number, for CAC roles only; every unmasking is an audit event."""
    record_event(
        AuditEvent.Kind.UNMASKED, actor=by, target=person, request=request, detail={"field": "id_number"}
    )
    return crypto.decrypt(person.id_number_encrypted)


def _save(obj, *, by, reason: str = "", fields: list[str] | None = None):
    obj._history_user = by
    if reason:
        obj._change_reason = reason
    obj.save(update_fields=fields) if fields else obj.save()
    return obj


@transaction.atomic
def create_operator(*, by, **fields) -> Operator:
    """A new operator; an organisation's credit code must already be validated."""
    return _save(Operator(**fields), by=by, reason=_("Operator registered"))


@transaction.atomic
def update_operator(operator: Operator, *, by, reason: str = "", **changes) -> Operator:
    operator = Operator.objects.select_for_update().get(pk=operator.pk)
    for name, value in changes.items():
        setattr(operator, name, value)
    return _save(operator, by=by, reason=reason or _("Operator details edited"), fields=list(changes) or None)


@transaction.atomic
def create_account(*, by, content_categories: Iterable = (), reason: str = "", **fields) -> Account:
    account = _save(Account(**fields), by=by, reason=reason or _("Account registered"))
    if content_categories:
        account.content_categories.set(content_categories)
    return account


def _remember_aliases(account: Account, changes: dict, today: date, *, by) -> None:
    for field, kind in (("name", AccountAlias.Kind.NAME), ("handle", AccountAlias.Kind.HANDLE)):
        old = getattr(account, field)
        if field in changes and old and changes[field] != old:
            # The old value was in use since the previous change of the same kind, or since registration.
            previous = account.aliases.filter(kind=kind).order_by("-used_until").first()
            used_from = previous.used_until if previous else timezone.localdate(account.created_at)
            alias = AccountAlias(account=account, kind=kind, value=old, used_from=used_from, used_until=today)
            _save(alias, by=by, reason=_("Replaced on the account"))


@transaction.atomic
def update_account(
    account: Account, *, by, reason: str = "", content_categories: Iterable | None = None, **changes
) -> Account:
    """Change an account; a replaced name or handle is kept as an alias dated today.

    Only fields whose value differs are saved, so an unchanged form writes no history row.
    """
    account = Account.objects.select_for_update().get(pk=account.pk)
    changes = {name: value for name, value in changes.items() if getattr(account, name) != value}
    _remember_aliases(account, changes, timezone.localdate(), by=by)
    for name, value in changes.items():
        setattr(account, name, value)
    if changes:
        _save(account, by=by, reason=reason or _("Account details edited"), fields=[*changes, "updated_at"])
    if content_categories is not None:
        account.content_categories.set(content_categories)
    return account


@transaction.atomic
def create_pending_account(
    *, platform: Platform, name: str, handle: str = "", profile_url: str = "", stable_id: str = "", by
) -> Account:
    """An account first known from a report (待核实): no operator yet, perhaps no stable id."""
    return create_account(
        by=by,
        platform=platform,
        name=name,
        handle=handle,
        profile_url=profile_url,
        stable_id=stable_id,
        status=Account.Status.PENDING,
        reason=_("Created from a public report"),
    )


@transaction.atomic
def set_account_status(account: Account, status: str, *, by, reason: str) -> Account:
    """The one way other apps change an account's status (Art.13 measures, closures)."""
    account = Account.objects.select_for_update().get(pk=account.pk)
    if account.status == status:
        return account
    account.status = status
    return _save(account, by=by, reason=reason, fields=["status", "updated_at"])


@transaction.atomic
def record_violation(
    account: Account,
    *,
    source: str,
    source_ref: str,
    occurred_on: date,
    summary: str,
    categories: Iterable[ProhibitedContent] = (),
    by=None,
) -> tuple[Violation, bool]:
    """One violation per source: recording the same source twice returns the first."""
    existing = Violation.objects.filter(source=source, source_ref=str(source_ref)).first()
    if existing is not None:
        return existing, False
    violation = Violation(
        account=account, source=source, source_ref=str(source_ref), occurred_on=occurred_on, summary=summary
    )
    violation.recorded_by = by
    try:
        with transaction.atomic():
            _save(violation, by=by)
    except IntegrityError:
        # A concurrent call recorded the same source first.
        return Violation.objects.get(source=source, source_ref=str(source_ref)), False
    violation.categories.set(categories)
    return violation, True


@transaction.atomic
def find_or_create_person(*, name: str, id_type: str, id_number: str, phone: str = "", by) -> Person:
    """The person holding this ID number, registered now if not yet known (the number is validated)."""
    return find_person(id_type, id_number) or create_person(
        name=name, id_type=id_type, id_number=id_number, phone=phone, by=by
    )


@transaction.atomic
def create_individual_operator(
    *, by, person_name: str, id_type: str, id_number: str, phone: str = "", **fields
) -> Operator:
    """An individual operator: the natural person is found by ID number or registered (docs/domain.md §4)."""
    person = find_or_create_person(name=person_name, id_type=id_type, id_number=id_number, phone=phone, by=by)
    if Operator.objects.filter(person=person).exists():
        raise RegistryError(_("This person is already registered as an individual operator."))
    fields.setdefault("name", person.name)
    return create_operator(by=by, kind=Operator.Kind.INDIVIDUAL, person=person, **fields)


@transaction.atomic
def register_operator(
    *,
    by,
    kind: str,
    name: str = "",
    credit_code: str = "",
    person_name: str = "",
    id_type: str = "",
    id_number: str = "",
    phone: str = "",
    **fields,
) -> Operator:
    """An organisation with its credit code, or an individual through their person record."""
    if kind == Operator.Kind.INDIVIDUAL:
        return create_individual_operator(
            by=by, person_name=person_name, id_type=id_type, id_number=id_number, phone=phone, **fields
        )
    return create_operator(by=by, kind=kind, name=name, credit_code=credit_code, **fields)


def _check_practitioner_accounts(operator: Operator, accounts: Iterable[Account]) -> None:
    if any(account.operator_id != operator.pk for account in accounts):
        raise RegistryError(_("A practitioner works only on accounts of their own operator."))


@transaction.atomic
def create_practitioner(
    operator: Operator,
    *,
    by,
    person_name: str,
    id_type: str,
    id_number: str,
    phone: str = "",
    accounts: Iterable[Account] = (),
    **fields,
) -> Practitioner:
    """Art.10: a person's work for an operator, with role, dates, 备案 filing and the accounts worked on."""
    accounts = list(accounts)
    _check_practitioner_accounts(operator, accounts)
    person = find_or_create_person(name=person_name, id_type=id_type, id_number=id_number, phone=phone, by=by)
    if operator.practitioners.filter(person=person, ended_on__isnull=True).exists():
        raise RegistryError(_("This person already works for this operator."))
    practitioner = Practitioner(person=person, operator=operator, **fields)
    _save(practitioner, by=by, reason=_("Practitioner registered"))
    if accounts:
        practitioner.accounts.set(accounts)
    return practitioner


@transaction.atomic
def update_practitioner(
    practitioner: Practitioner, *, by, accounts: Iterable[Account] | None = None, **changes
) -> Practitioner:
    """Change a practitioner's role, dates, filing or accounts."""
    practitioner = Practitioner.objects.select_for_update().select_related("operator").get(pk=practitioner.pk)
    if accounts is not None:
        accounts = list(accounts)
        _check_practitioner_accounts(practitioner.operator, accounts)
    for name, value in changes.items():
        setattr(practitioner, name, value)
    _save(practitioner, by=by, reason=_("Practitioner details edited"))
    if accounts is not None:
        practitioner.accounts.set(accounts)
    return practitioner


@transaction.atomic
def add_practitioner_record(
    practitioner: Practitioner, *, by, kind: str, date: date, description: str
) -> PractitionerRecord:
    """A reward or punishment in the practitioner's file (Art.10)."""
    record = PractitionerRecord(practitioner=practitioner, kind=kind, date=date, description=description)
    return _save(record, by=by, reason=_("Added to the practitioner's file"))
