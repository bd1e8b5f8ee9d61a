"""Reads across the registry and reports for the report page."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.identifiers import parse_profile_url
from accounts.models import Account
from yuhang_cac.dashboard.cards import CountTile

from .models import Report


def candidate_accounts(report: Report, limit: int = 10) -> list[Account]:
    """Registry accounts the citizen may have meant: same stable id, then name, handle or former name."""
    parsed = parse_profile_url(report.reported_profile_url)
    query = Q(name__icontains=report.reported_name) | Q(handle__iexact=report.reported_name)
    query |= Q(aliases__value__icontains=report.reported_name)
    if parsed and parsed[0] == report.platform.code:
        query |= Q(stable_id=parsed[1])
    return list(
        Account.objects.filter(query, platform=report.platform)
        .select_related("platform", "street", "operator")
        .distinct()[:limit]
    )


def related_reports(report: Report, limit: int = 20) -> list[Report]:
    """Other reports on the same registry account, profile URL or content URL."""
    query = Q()
    if report.account_id:
        query |= Q(account_id=report.account_id)
    for field in ("reported_profile_url", "content_url"):
        value = getattr(report, field)
        if value:
            query |= Q(**{field: value})
    if not query:
        return []
    return list(Report.objects.filter(query).exclude(pk=report.pk).select_related("platform")[:limit])


def account_reports(user, account) -> list[Report]:
    """The reports about one registry account, for its page."""
    return list(
        Report.objects.visible_to(user)
        .filter(account=account)
        .select_related("category", "accept_deadline", "verify_deadline")
        .order_by("-submitted_at")
    )


def queue_tiles(user) -> list[CountTile]:
    """What waits in the report queue, each count opening exactly its rows in the queue."""
    reports = Report.objects.visible_to(user)
    queue = reverse("reports:list")
    overdue = reports.overdue().count()
    return [
        CountTile(
            _("Reports awaiting acceptance"),
            reports.filter(status=Report.Status.SUBMITTED).count(),
            f"{queue}?status={Report.Status.SUBMITTED}",
        ),
        CountTile(
            _("Open reports assigned to me"),
            reports.open().filter(assignee=user).count(),
            f"{queue}?assignee={user.pk}&state=open",
        ),
        CountTile(_("Overdue reports"), overdue, f"{queue}?overdue=true", alert=True),
    ]
