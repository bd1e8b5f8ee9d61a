"""The management list's periodic jobs (Art.15, docs/blacklist.md).

``propose_repeat_offenders`` reads what is new since its last run (a watermark per source
table): each new violation's account is checked against the rule (BLACKLIST_REPEAT_VIOLATIONS
violations within BLACKLIST_REPEAT_WINDOW_DAYS days, counting only violations that support no
entry yet), and each new escalation of a summons case (a case that did not rectify or did not
cooperate) proposes its account once. Nothing is listed here: a proposal waits for the officers.
``lift_expired_listings`` ends the listings whose maximum period is over; ``remind_defence_windows``
tells the officer when the account's window to state a defence is near its end, ends and has closed.
"""

from datetime import date, timedelta

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from accounts.models import Account, Violation
from summons.models import Escalation
from yuhang_cac.notifications.services import notify_role
from yuhang_cac.users.roles import Role
from yuhang_cac.workdays.reminders import DUE, NEAR, OVERDUE, Reminders, send_reminders

from . import clock, services
from .models import Entry, Severity, Watermark

BATCH = 2000
DEFAULT_SEVERITY = "ordinary"
# Ids are taken when a row is written and seen when its transaction commits: a row written with a
# lower id than one already read, and committed after that read, lies below the watermark. Each
# run therefore also reads again what was written in this span before the last run; reading a
# row twice proposes nothing twice.
LATE_COMMIT_SPAN = timedelta(minutes=15)


def _watermark(name: str) -> Watermark:
    Watermark.objects.get_or_create(name=name)
    return Watermark.objects.select_for_update().get(name=name)


def _unread(queryset, mark: Watermark, written_at: str):
    """Rows past the watermark, and those written shortly before the last run, in id order."""
    recent = Q(**{f"{written_at}__gte": mark.updated_at - LATE_COMMIT_SPAN})
    return queryset.filter(Q(pk__gt=mark.last_id) | recent).order_by("pk")


def _advance(mark: Watermark, last_id: int | None) -> None:
    """Move the watermark to the last id read and its time to this run's, so that the next run
    reads again only what was written in the span before this one."""
    mark.last_id = max(mark.last_id, last_id or 0)
    mark.save(update_fields=["last_id", "updated_at"])


def _severity() -> Severity:
    return (
        Severity.objects.active().filter(code=DEFAULT_SEVERITY).first() or Severity.objects.active().first()
    )


def repeat_evidence(account_id: int) -> list[Violation]:
    """The latest run of violations on the account that meets the rule, among those that support
    no entry yet; empty when the rule is not met."""
    window = timedelta(days=settings.BLACKLIST_REPEAT_WINDOW_DAYS)
    needed = settings.BLACKLIST_REPEAT_VIOLATIONS
    linked = Entry.violations.through.objects.filter(violation=OuterRef("pk"))
    free = list(
        Violation.objects.filter(account_id=account_id).filter(~Exists(linked)).order_by("occurred_on", "pk")
    )
    for end in range(len(free) - 1, needed - 2, -1):
        last = free[end].occurred_on
        run = [v for v in free[: end + 1] if last - v.occurred_on <= window]
        if len(run) >= needed:
            return run
    return []


def _propose(
    account: Account, *, ground: str, facts: str, violations=(), cases=(), reports=()
) -> Entry | None:
    if Entry.objects.live().filter(account=account).exists():
        return None
    entry = services.propose(
        account,
        ground=ground,
        facts=facts,
        severity=_severity(),
        legal_basis=services.default_legal_basis(),
        violations=violations,
        cases=cases,
        reports=reports,
        origin=Entry.Origin.JOB,
        by=None,
    )
    context = {"account": account.name, "ground": str(entry.get_ground_display())}
    transaction.on_commit(
        lambda: notify_role(
            Role.OFFICER,
            kind="blacklist_proposed",
            key=f"blacklist-{entry.pk}-proposed",
            obj=entry,
            context=context,
            url=entry.get_absolute_url(),
        )
    )
    return entry


def _from_violations() -> int:
    mark = _watermark("violations")
    new = list(_unread(Violation.objects, mark, "created_at").values_list("pk", "account_id")[:BATCH])
    proposed = 0
    for account_id in dict.fromkeys(account for _pk, account in new):
        evidence = repeat_evidence(account_id)
        if not evidence:
            continue
        days = settings.BLACKLIST_REPEAT_WINDOW_DAYS
        facts = _("%(count)d violations within %(days)d days (%(first)s to %(last)s): %(summaries)s") % {
            "count": len(evidence),
            "days": days,
            "first": f"{evidence[0].occurred_on:%Y-%m-%d}",
            "last": f"{evidence[-1].occurred_on:%Y-%m-%d}",
            "summaries": "；".join(v.summary for v in evidence),
        }
        account = Account.objects.get(pk=account_id)
        if _propose(account, ground=Entry.Ground.REPEATED, facts=facts, violations=evidence):
            proposed += 1
    _advance(mark, new[-1][0] if new else None)
    return proposed


def _from_escalations() -> int:
    mark = _watermark("escalations")
    new = list(_unread(Escalation.objects.select_related("case__account"), mark, "prepared_at")[:BATCH])
    proposed = 0
    for escalation in new:
        case = escalation.case
        if escalation.status == Escalation.Status.REJECTED or case.blacklist_entries.exists():
            continue
        facts = _("Case %(number)s was escalated (Art.13): %(why)s. %(reason)s") % {
            "number": case.number,
            "why": escalation.get_grounds_status_display(),
            "reason": escalation.reason,
        }
        violations = Violation.objects.filter(
            account=case.account, source=Violation.Source.CASE, source_ref=case.number
        )
        if _propose(
            case.account,
            ground=Entry.Ground.REFUSED,
            facts=facts,
            violations=violations,
            cases=[case],
            reports=case.reports.all(),
        ):
            proposed += 1
    _advance(mark, new[-1].pk if new else None)
    return proposed


@shared_task
@transaction.atomic
def propose_repeat_offenders() -> int:
    """Propose the accounts that meet the rule since the last run, once each; returns how many."""
    return _from_violations() + _from_escalations()


@shared_task
def lift_expired_listings(today: date | None = None) -> int:
    """End the listings whose maximum period is over, with the system's reason; returns how many."""
    today = today or clock.today()
    ids = list(Entry.objects.reaching_maximum(today).values_list("pk", flat=True))
    return sum(services.lift_expired(Entry(pk=pk), today=today) for pk in ids)


DEFENCE_REMINDERS = Reminders(
    stages=Entry.DEADLINES,
    kinds={NEAR: "blacklist_defence_near", DUE: "blacklist_defence_due", OVERDUE: "blacklist_defence_over"},
    key_prefix="blacklist",
    context=lambda entry: {"account": entry.account.name},
    url=lambda entry: entry.get_absolute_url(),
    assignee_field="proposed_by",
)


@shared_task
def remind_defence_windows() -> int:
    """Remind about defence windows near their end, ending today or closed; once each."""
    return send_reminders(Entry.objects.select_related("account", "proposed_by"), DEFENCE_REMINDERS)
