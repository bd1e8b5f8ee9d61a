"""Reads across the case and its records: the timeline of a case page, the dashboard's counts."""

from itertools import chain

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yuhang_cac.audit.history import HistoryEntry, history_entries
from yuhang_cac.dashboard.cards import CountTile
from yuhang_cac.documents.models import Document
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
    return sorted(chain(entries, document_entries(case)), key=lambda entry: entry.at, reverse=True)


def document_entries(case: Case) -> list[HistoryEntry]:
    """Each document of the case issued, and each made void, as a line of the timeline."""
    entries = []
    for document in Document.objects.of(case).select_related("issued_by", "voided_by"):
        what = f"{document.title} {document.number}"
        entries.append(HistoryEntry(document.issued_at, str(document.issued_by), _("Document issued"), what))
        if document.voided_at:
            reason = f"{what}：{document.void_reason}"
            entries.append(
                HistoryEntry(document.voided_at, str(document.voided_by), _("Document void"), reason)
            )
    return entries


def account_cases(user, account) -> list[Case]:
    """The cases on an account that this user may see, newest first (the account page's tab)."""
    cases = Case.objects.visible_to(user).filter(account=account)
    return list(cases.select_related("officer", "rectification_deadline").prefetch_related("grounds"))


def account_panel(request, account) -> dict:
    """The account page's 约谈案件 tab: its cases, and whether this user may open one now."""
    cases = account_cases(request.user, account)
    open_case = any(case.status != Case.Status.CLOSED for case in cases)
    can_open = request.user.has_perm("summons.process_case") and not open_case
    return {"cases": cases, "can_open": can_open}


def case_tiles(user) -> list[CountTile]:
    """The user's own cases on the dashboard, each count opening exactly its rows in the case list.

    CAC staff count the cases they are in charge of; an evaluator the rectifications awaiting their verdict.
    """
    cases = Case.objects.visible_to(user)
    listing = reverse("summons:list")
    if user.role not in CAC_ROLES:
        waiting = cases.filter(status=Case.Status.EVALUATING)
        return [
            CountTile(
                gettext_lazy("Rectifications to evaluate"), waiting.count(), f"{listing}?status=evaluating"
            )
        ]
    mine = cases.filter(officer=user)
    return [
        CountTile(
            gettext_lazy("My open cases"), mine.open().count(), f"{listing}?officer={user.pk}&state=open"
        ),
        CountTile(
            gettext_lazy("My cases awaiting an evaluator"),
            mine.filter(status=Case.Status.SUBMITTED).count(),
            f"{listing}?officer={user.pk}&status=submitted",
        ),
        CountTile(
            gettext_lazy("My overdue cases"),
            mine.overdue().count(),
            f"{listing}?officer={user.pk}&overdue=true",
            alert=True,
        ),
    ]
