"""Management list entries built through the services, so every test starts from a state the
portal can reach. ``at(monkeypatch, day)`` moves the list's clock."""

from datetime import date, timedelta
from itertools import count

from django.utils import timezone

from accounts import services as registry
from accounts.models import Violation
from blacklist import clock, services
from blacklist.models import Entry, Severity
from tests.accounts.factories import AccountFactory
from tests.factories import user_with_role

_refs = count(1)


def officer():
    return user_with_role("officer")


def leader():
    return user_with_role("leader")


def violation(account, occurred_on: date, summary="转载未经证实的信息。") -> Violation:
    return registry.record_violation(
        account,
        source=Violation.Source.MANUAL,
        source_ref=f"T{next(_refs)}",
        occurred_on=occurred_on,
        summary=summary,
    )[0]


def proposed(account=None, *, severity="ordinary", **kwargs) -> Entry:
    account = account or AccountFactory()
    return services.propose(
        account,
        ground=kwargs.pop("ground", Entry.Ground.REPEATED),
        facts=kwargs.pop("facts", "一年内两次转载未经证实的信息。"),
        severity=Severity.objects.get(code=severity),
        legal_basis=kwargs.pop("legal_basis", "《余杭区自媒体管理办法》第十五条"),
        by=kwargs.pop("by", None) or officer(),
        **kwargs,
    )


def notified(entry=None, **kwargs) -> Entry:
    entry = entry or proposed(**kwargs)
    return services.serve_notice(
        entry, method="in_person", served_on=timezone.localdate(), received_by="张伟（负责人）", by=officer()
    )


def pending(entry=None, **kwargs) -> Entry:
    entry = notified(entry, **kwargs)
    return services.record_defence(
        entry,
        defence="转载内容已删除，并非故意。",
        received_on=timezone.localdate(),
        answer="删除不影响已发生的违法事实，不予采纳。",
        by=officer(),
    )


def listed(entry=None, **kwargs) -> Entry:
    entry = pending(entry, **kwargs)
    return services.approve(entry, note="同意列入。", by=leader())


def at(monkeypatch, day: date) -> date:
    """Move the management list's clock to ``day``."""
    monkeypatch.setattr(clock, "today", lambda: day)
    return day


def after_minimum(monkeypatch, entry: Entry) -> date:
    return at(monkeypatch, entry.min_until + timedelta(days=1))
