"""Demo 约谈 cases in every state, dated relative to today: one opened from a report found true,
one past its rectification deadline, one escalated with the upper-level reply and a restricted account."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from accounts.models import Account
from reports.models import Report
from yuhang_cac.users.models import Organisation, User

from . import services
from .models import Case, Department, Ground, Measure, MeetingRecord
from .tasks import remind_summons_deadlines, sweep_overdue_rectifications

ASSOCIATION = "yuhang-network-culture-association"
PLACE = "余杭区互联网信息办公室三楼约谈室"

# (days since the case was opened, grounds, the last step taken, the evaluator's role)
SCENARIOS = [
    (2, ["G1"], "opened", None),
    (6, ["G2"], "notified", None),
    (12, ["G3"], "met", None),
    (16, ["G2", "G5"], "rectifying", None),
    (45, ["G3"], "overdue", None),
    (24, ["G4"], "submitted", None),
    (28, ["G2"], "evaluating", "association"),
    (32, ["G5"], "passed", "association"),
    (36, ["G2"], "failed", "expert"),
    (20, ["G1"], "absent", None),
    (50, ["G3", "G6"], "escalated", "expert"),
    (70, ["G2"], "replied", "expert"),
    (60, ["G2"], "closed", "association"),
]
FACTS = {
    "G1": "对网民关于虚假促销的投诉长期不予处理，造成不良影响。",
    "G2": "转载未经权威部门证实的“地铁停运”消息，借此获取流量。",
    "G3": "发布违法信息后经提醒仍未及时删除。",
    "G4": "平台要求整改后未落实监管措施。",
    "G5": "日常考核中多次发现标题党、内容低俗问题。",
    "G6": "其他违反相关法律法规需要约谈的情形。",
}
# The steps each scenario takes, in order.
_MET = ["notified", "served", "met"]
_SUBMITTED = [*_MET, "rectifying", "submitted"]
_JUDGED = [*_SUBMITTED, "evaluating", "judged"]
PATHS = {
    "opened": [],
    "notified": ["notified"],
    "met": _MET,
    "absent": ["notified", "served", "absent"],
    "rectifying": [*_MET, "rectifying"],
    "overdue": [*_MET, "rectifying"],
    "submitted": _SUBMITTED,
    "evaluating": [*_SUBMITTED, "evaluating"],
    "passed": _JUDGED,
    "failed": _JUDGED,
    "escalated": [*_JUDGED, "escalated"],
    "replied": [*_JUDGED, "escalated", "approved", "replied"],
    "closed": [*_JUDGED, "closed"],
}


def _moment(day, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _accounts() -> tuple[list[Account], list[Account]]:
    """Confirmed Yuhang accounts: those the association liaises with, and the others."""
    confirmed = Account.objects.filter(jurisdiction="yuhang").exclude(status="pending").order_by("pk")
    liaised = list(confirmed.filter(liaison_organisation__code=ASSOCIATION)[:4])
    others = list(confirmed.exclude(liaison_organisation__code=ASSOCIATION)[:12])
    return liaised, others


def _open(today, days_ago, codes, account, officer) -> Case:
    return services.open_case(
        account,
        grounds=Ground.objects.filter(code__in=codes),
        facts="\n".join(FACTS[code] for code in codes),
        opened_at=_moment(today - timedelta(days=days_ago), 9),
        by=officer,
    )


def _walk(case: Case, scenario: str, evaluator, today, days_ago, people) -> None:
    officer, colleague, leader = people
    steps = PATHS[scenario]
    issued = _moment(today - timedelta(days=days_ago - 1), 10)
    meeting = timezone.now() + timedelta(days=2) if scenario == "notified" else issued + timedelta(days=3)
    if "notified" in steps:
        services.issue_notice(
            case,
            meeting_at=meeting,
            place=PLACE,
            participants="账号主要负责人及内容编辑",
            reason="；".join(str(g) for g in case.grounds.all()),
            issued_at=issued,
            by=officer,
        )
    if "served" in steps:
        served = min(issued + timedelta(hours=2), timezone.now())
        services.record_service(
            case, method="in_person", served_at=served, received_by="账号负责人", by=officer
        )
    if "absent" in steps:
        _meet(case, meeting, people, MeetingRecord.Outcome.ABSENT)
    if "met" in steps:
        _meet(case, meeting, people, MeetingRecord.Outcome.SIGNED)
    if "rectifying" in steps:
        services.order_rectification(case, start=timezone.localdate(meeting), by=officer)
    if "submitted" in steps:
        received = min(timezone.localdate(meeting) + timedelta(days=7), today)
        services.submit_rectification(
            case,
            text="已删除相关内容，建立内容三审制度并对编辑人员进行培训。",
            received_on=received,
            by=officer,
        )
    if "evaluating" in steps:
        services.assign_evaluator(case, evaluator, by=officer)
    if "judged" in steps:
        passed = scenario in ("passed", "closed")  # the others fail and are escalated
        reasons = "整改措施落实到位。" if passed else "审核制度仅停留在纸面，仍有同类内容发布。"
        services.evaluate_rectification(case, passed=passed, reasons=reasons, by=evaluator)
    if "escalated" in steps:
        services.prepare_escalation(
            case,
            measure=Measure.objects.get(code="restrict"),
            departments=Department.objects.all(),
            reason="整改不到位，依据第十三条通报相关部门并报请上级网信部门限制发布。",
            by=officer,
        )
    escalation = case.escalations.first()
    if "approved" in steps:
        services.approve_escalation(escalation, note="同意报请。", by=leader)
    if "replied" in steps:
        services.record_reply(
            escalation,
            reply_number=f"浙网信函〔{today:%Y}〕12号",
            measure_granted=escalation.measure_requested,
            period_start=today - timedelta(days=10),
            period_end=today + timedelta(days=80),
            by=colleague,
        )
    if "closed" in steps:
        services.close_case(case, note="已整改到位并公开致歉，结案。", public_apology=True, by=officer)


def _meet(case, meeting, people, outcome) -> None:
    officer, colleague, _leader = people
    services.record_meeting(
        case,
        held_at=meeting,
        place=PLACE,
        officers=[(officer, "33011020001"), (colleague, "33011020002")],
        outcome=outcome,
        attendees="" if outcome == MeetingRecord.Outcome.ABSENT else "账号负责人、内容编辑",
        problems="" if outcome == MeetingRecord.Outcome.ABSENT else case.facts,
        rectification_items="删除相关内容；建立内容审核制度；七日内提交书面整改报告。",
        deadline_days=10,
        by=officer,
    )


def _from_report(officer):
    """The report found true in the reports demo becomes a case: the handling step "立约谈案件"."""
    report = Report.objects.filter(status=Report.Status.FOUND_TRUE, account__isnull=False).first()
    if report is not None:
        services.open_case_from_report(report, grounds=Ground.objects.filter(code="G2"), by=officer)


def seed(*, password: str, today) -> None:
    if Case.objects.exists():
        return
    people = tuple(User.objects.get(username=name) for name in ("officer", "officer2", "leader"))
    evaluators = {
        "association": User.objects.get(username="association"),
        "expert": User.objects.get(username="expert"),
    }
    if not Organisation.objects.filter(code=ASSOCIATION).exists():
        return
    liaised, others = _accounts()
    for days_ago, codes, scenario, role in SCENARIOS:
        pool = liaised if role == "association" and liaised else others
        if not pool:
            continue
        case = _open(today, days_ago, codes, pool.pop(0), people[len(pool) % 2])
        _walk(case, scenario, evaluators.get(role), today, days_ago, people)
    _from_report(people[0])
    # What the hourly jobs would have done by now.
    sweep_overdue_rectifications()
    remind_summons_deadlines()
