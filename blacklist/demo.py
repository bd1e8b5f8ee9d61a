"""Demo management list entries in every state, dated relative to today: proposals by an officer and
by the repeat-offender job, a defence window running, one awaiting the leader, listings in force (one
past its minimum period with an application under evaluation), one removed early, one not listed, and
one account listed twice, marked 多次列入, with a joint-restriction notice and its reply."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from accounts import services as registry
from accounts.models import Account, Violation
from yuhang_cac.users.models import Organisation, User

from . import services
from .models import Department, Entry, Severity, add_months
from .tasks import propose_repeat_offenders

ASSOCIATION = "yuhang-network-culture-association"
BASIS = "《余杭区自媒体管理办法》第十五条"
FACTS = {
    Entry.Ground.REPEATED: "一年内多次转载未经证实的社会事件信息，经提醒后仍继续发布。",
    Entry.Ground.REFUSED: "约谈后拒不整改，逾期未提交整改报告。",
}


def _moment(day, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _propose(account, officer, day, *, severity="ordinary", ground=Entry.Ground.REPEATED) -> Entry:
    return services.propose(
        account,
        ground=ground,
        facts=FACTS[ground],
        severity=Severity.objects.get(code=severity),
        legal_basis=BASIS,
        violations=account.violations.all(),
        cases=account.summons_cases.all(),
        proposed_at=_moment(day),
        by=officer,
    )


def _serve(entry, officer, day) -> Entry:
    return services.serve_notice(
        entry, method="in_person", served_on=day, received_by="账号负责人", by=officer
    )


def _defend(entry, officer, day) -> Entry:
    return services.record_defence(
        entry,
        defence="相关内容系转载，已全部删除，请求从轻处理。",
        received_on=day,
        answer="转载未经核实的信息同样违反第五条，删除不影响事实认定；从轻请求在情节认定中已予考虑。",
        by=officer,
    )


def _list(account, people, day, **kwargs) -> Entry:
    officer, leader = people
    entry = _propose(account, officer, day, **kwargs)
    _serve(entry, officer, day + timedelta(days=1))
    _defend(entry, officer, day + timedelta(days=3))
    return services.approve(entry, note="同意列入。", on=day + timedelta(days=10), by=leader)


def _application(entry, officer, day, association) -> None:
    services.apply_for_removal(
        entry, commitment="承诺建立内容三审制度，不再转载未经核实的信息。", received_on=day, by=officer
    )
    if association is not None:
        services.record_evaluation(
            entry,
            evaluator=association,
            rectified=True,
            evaluation="已落实三审制度，三个月内未发现同类问题，整改到位。",
            evaluated_on=day,
            by=officer,
        )


def _accounts() -> list[Account]:
    """Confirmed Yuhang accounts not yet taken by the other demos' cases, newest first."""
    confirmed = Account.objects.filter(jurisdiction="yuhang").exclude(status="pending")
    return list(confirmed.filter(summons_cases__isnull=True).order_by("-pk")[:10])


def seed(*, password: str, today) -> None:
    if Entry.objects.exists():
        return
    try:
        people = (User.objects.get(username="officer"), User.objects.get(username="leader"))
    except User.DoesNotExist:
        return
    officer, leader = people
    association = Organisation.objects.filter(code=ASSOCIATION).first()
    accounts = _accounts()
    if len(accounts) < 9:
        return
    # Proposed two days ago; told yesterday, the defence window running; awaiting the leader.
    _propose(accounts[0], officer, today - timedelta(days=2))
    _serve(_propose(accounts[1], officer, today - timedelta(days=3)), officer, today - timedelta(days=1))
    waiting = _propose(accounts[2], officer, today - timedelta(days=12), severity="serious")
    _serve(waiting, officer, today - timedelta(days=11))
    _defend(waiting, officer, today - timedelta(days=6))
    # Not listed: the office found the evidence insufficient.
    services.withdraw(
        _propose(accounts[3], officer, today - timedelta(days=20)), note="证据不足，不予列入。", by=officer
    )
    # Listed a month ago; listed five months ago, past its minimum, an application under evaluation.
    _list(accounts[4], people, today - timedelta(days=40))
    _application(_list(accounts[5], people, add_months(today, -5)), officer, today - timedelta(days=3), None)
    # Removed early after rectification, evaluated by the association.
    early = _list(accounts[6], people, add_months(today, -7))
    _application(early, officer, today - timedelta(days=10), association)
    services.lift_early(early, note="整改到位，同意提前移出。", by=leader)
    # One account listed twice: the first listing ended at its maximum, the second is 多次列入.
    twice = accounts[7]
    first = _list(twice, people, add_months(today, -15))
    services.lift_expired(first, today=today)
    second = _list(twice, people, today - timedelta(days=20), ground=Entry.Ground.REFUSED)
    notices = services.issue_joint_notices(
        second,
        departments=Department.objects.filter(code__in=["development_reform", "market_regulation"]),
        platforms=[twice.platform],
        by=officer,
    )
    # Answered the day it was sent (the notice's own date, should the seeding cross midnight).
    services.record_joint_reply(
        notices[0],
        reply="已将其列入本局重点关注名单，暂停其申报扶持资金资格。",
        replied_on=timezone.localdate(notices[0].issued_at),
        by=officer,
    )
    # Two violations within the window: the repeat-offender job proposes the account.
    for days_ago, ref in ((60, "DEMO-BL-1"), (5, "DEMO-BL-2")):
        registry.record_violation(
            accounts[8],
            source=Violation.Source.MANUAL,
            source_ref=ref,
            occurred_on=today - timedelta(days=days_ago),
            summary="转载未经证实的“地铁停运”消息。",
            by=officer,
        )
    propose_repeat_offenders()
