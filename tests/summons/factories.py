"""Cases built through the services, so every test starts from a state the portal can reach."""

from datetime import timedelta

from django.utils import timezone

from summons import services
from summons.forms import image_limits
from summons.models import Case, Department, Escalation, Ground, Measure, MeetingRecord
from tests.accounts.factories import AccountFactory
from tests.factories import user_with_role
from tests.reports.factories import png_upload
from yuhang_cac.core.uploads import process_image
from yuhang_cac.users.models import Organisation

S = Case.Status


def officers() -> list[tuple]:
    """The two officers who conduct a summons, with their enforcement certificate numbers."""
    return [
        (user_with_role("officer"), "33010012345"),
        (user_with_role("officer", username="officer2"), "33010012346"),
    ]


def liaised_account(**kwargs):
    association = Organisation.objects.get(code="yuhang-network-culture-association")
    return AccountFactory(liaison_organisation=association, **kwargs)


def opened(account=None, **kwargs) -> Case:
    return services.open_case(
        account or liaised_account(),
        grounds=[Ground.objects.get(code="G2")],
        facts="该账号转载未经证实的“良渚小区爆炸”消息获取流量。",
        by=kwargs.pop("by", None) or user_with_role("officer"),
        **kwargs,
    )


def notify(case: Case, officer) -> Case:
    services.issue_notice(
        case,
        meeting_at=timezone.now() + timedelta(days=3),
        place="余杭区网信办三楼会议室",
        participants="账号主要负责人",
        reason="转载未经证实信息获取流量（第十二条第2项）",
        by=officer,
    )
    return case


def serve(case: Case, officer) -> Case:
    services.record_service(
        case, method="in_person", served_at=timezone.now(), received_by="张伟（负责人）", by=officer
    )
    return case


def meet(case: Case, officer, outcome=MeetingRecord.Outcome.SIGNED, days=10) -> Case:
    services.record_meeting(
        case,
        held_at=timezone.now(),
        place="余杭区网信办三楼会议室",
        officers=officers(),
        outcome=outcome,
        attendees="张伟（负责人）",
        problems="转载未经证实信息三篇。",
        rectification_items="删除相关内容，建立审核制度。",
        deadline_days=days,
        by=officer,
    )
    return case


def rectify(case: Case, officer) -> Case:
    services.order_rectification(case, by=officer)
    return case


def submit(case: Case, officer, images: int = 0) -> Case:
    limits = image_limits()
    services.submit_rectification(
        case,
        text="已删除三篇文章并建立三审制度。",
        received_on=timezone.localdate(),
        images=[process_image(png_upload(f"整改截图{n}.png"), limits) for n in range(1, images + 1)],
        by=officer,
    )
    return case


def assign(case: Case, officer) -> Case:
    services.assign_evaluator(case, user_with_role("expert"), by=officer)
    return case


def fail(case: Case, officer) -> Case:
    services.evaluate_rectification(
        case, passed=False, reasons="审核制度未落实。", by=user_with_role("expert")
    )
    return case


def passed(case: Case, officer) -> Case:
    services.evaluate_rectification(case, passed=True, reasons="已整改到位。", by=user_with_role("expert"))
    return case


def escalate(case: Case, officer) -> Case:
    services.prepare_escalation(
        case,
        measure=Measure.objects.get(code="restrict"),
        departments=Department.objects.all(),
        reason="整改不到位（第十三条）。",
        by=officer,
    )
    return case


PATHS = {
    S.OPENED: [],
    S.NOTIFIED: [notify],
    S.MET: [notify, serve, meet],
    S.ABSENT: [notify, serve, lambda case, officer: meet(case, officer, MeetingRecord.Outcome.ABSENT)],
    S.RECTIFYING: [notify, serve, meet, rectify],
    S.SUBMITTED: [notify, serve, meet, rectify, submit],
    S.EVALUATING: [notify, serve, meet, rectify, submit, assign],
    S.PASSED: [notify, serve, meet, rectify, submit, assign, passed],
    S.FAILED: [notify, serve, meet, rectify, submit, assign, fail],
    S.ESCALATED: [notify, serve, meet, rectify, submit, assign, fail, escalate],
}


def with_image(status: str) -> Case:
    """A case at ``status`` (submitted or later) whose rectification report has one image."""
    officer = user_with_role("officer")
    case = opened(by=officer)
    steps = PATHS[status]
    for step in steps:
        step(case, officer, images=1) if step is submit else step(case, officer)
    case.refresh_from_db()
    return case


def case_at(status: str, account=None, officer=None) -> Case:
    """A case brought to ``status`` along the shortest path of services, by ``officer`` (by default the
    ``officer`` persona), who is then in charge of it."""
    officer = officer or user_with_role("officer")
    case = opened(account, by=officer)
    for step in PATHS[status]:
        step(case, officer)
    case.refresh_from_db()
    assert case.status == status
    return case


def live_escalation(case: Case) -> Escalation:
    return case.escalations.get(status__in=["prepared", "approved", "replied"])
