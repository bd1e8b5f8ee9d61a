"""Reads across the case and its records: the timeline of a case page, the dashboard's counts."""

from itertools import chain

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yuhang_cac.audit.history import HistoryEntry, history_entries
from yuhang_cac.dashboard.cards import CountTile
from yuhang_cac.users.roles import CAC_ROLES

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


def case_tiles(user) -> list[CountTile]:
    """The user's own cases on the dashboard, each count opening exactly its rows in the case list.

    CAC staff count the cases they are in charge of; an evaluator the rectifications awaiting their verdict.
    """
    cases = Case.objects.visible_to(user)
    listing = reverse("summons:list")
    if user.role not in CAC_ROLES:
        waiting = cases.filter(status=Case.Status.EVALUATING)
        return [CountTile(_("Rectifications to evaluate"), waiting.count(), f"{listing}?status=evaluating")]
    mine = cases.filter(officer=user)
    return [
        CountTile(_("My open cases"), mine.open().count(), f"{listing}?officer={user.pk}&state=open"),
        CountTile(
            _("My cases awaiting an evaluator"),
            mine.filter(status=Case.Status.SUBMITTED).count(),
            f"{listing}?officer={user.pk}&status=submitted",
        ),
        CountTile(
            _("My overdue cases"),
            mine.overdue().count(),
            f"{listing}?officer={user.pk}&overdue=true",
            alert=True,
        ),
    ]
