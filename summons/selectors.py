"""Reads across the case and its records: the timeline of a case page."""

from itertools import chain

from yuhang_cac.audit.history import HistoryEntry, history_entries

from .models import Case


def case_timeline(case: Case) -> list[HistoryEntry]:
    """Every recorded change of the case and of its notice, record, rectification, evaluations and
    escalations, newest first: who, when, what and why."""
    related = [
        getattr(case, name, None) for name in ("notice", "record", "rectification") if hasattr(case, name)
    ]
    assignments = list(case.assignments.all())
    evaluations = [a.evaluation for a in assignments if hasattr(a, "evaluation")]
    objects = [case, *related, *assignments, *evaluations, *case.escalations.all()]
    entries = chain.from_iterable(history_entries(obj) for obj in objects if obj is not None)
    return sorted(entries, key=lambda entry: entry.at, reverse=True)


def account_cases(user, account) -> list[Case]:
    """The cases on an account that this user may see, newest first (the account page's tab)."""
    cases = Case.objects.visible_to(user).filter(account=account)
    return list(cases.select_related("officer", "rectification_deadline").prefetch_related("grounds"))
