"""Reads of the management list: the account tab, the operator section, the dashboard card and the
timeline of an entry's page."""

from itertools import chain

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from yuhang_cac.audit.history import HistoryEntry, history_entries
from yuhang_cac.dashboard.cards import CountTile

from .models import Entry


def entry_timeline(entry: Entry) -> list[HistoryEntry]:
    """Every recorded change of the entry, its applications and joint notices, newest first."""
    objects = [entry, *entry.applications.all(), *entry.joint_notices.all()]
    entries = chain.from_iterable(history_entries(obj) for obj in objects)
    return sorted(entries, key=lambda item: item.at, reverse=True)


def account_panel(request, account) -> dict:
    """The account page's 管理名单 tab: every entry on the account, and whether one may be proposed."""
    entries = list(Entry.objects.visible_to(request.user).filter(account=account).select_related("severity"))
    live = any(entry.status in Entry.LIVE_STATUSES for entry in entries)
    return {
        "entries": entries,
        "listed": next((e for e in entries if e.status == Entry.Status.LISTED), None),
        "times": sum(1 for e in entries if e.listed_on),
        "can_propose": not live and request.user.has_perm("blacklist.process_entry"),
    }


def operator_section(request, operator) -> dict:
    """The operator page's listings: entries naming this operator (or its credit code) when listed."""
    match = Q(operator=operator)
    if operator.credit_code:
        match |= Q(operator_credit_code=operator.credit_code)
    entries = list(
        Entry.objects.visible_to(request.user).filter(match).select_related("account__platform", "severity")
    )
    return {"entries": entries, "times": sum(1 for e in entries if e.listed_on)}


def card_tiles(user) -> list[CountTile]:
    """What waits on the management list, each count opening exactly its rows in the list."""
    entries = Entry.objects.visible_to(user)
    url = reverse("blacklist:list")
    tiles = [
        (_("Proposed, notice to serve"), Entry.Status.PROPOSED),
        (_("Defence window running"), Entry.Status.NOTIFIED),
        (_("Awaiting a leader's decision"), Entry.Status.PENDING),
        (_("Listed now"), Entry.Status.LISTED),
    ]
    counts = dict(
        entries.filter(status__in=[status for _label, status in tiles])
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [
        CountTile(
            label, counts.get(status, 0), f"{url}?status={status}", alert=status == Entry.Status.PENDING
        )
        for label, status in tiles
    ]


def card_context(request) -> dict:
    return {"title": _("Management list"), "tiles": card_tiles(request.user)}
