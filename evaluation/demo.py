"""Demo training, daily assessment and appraisal, dated relative to today: a scheme, a published period
with grades in the registry and commended accounts, an open period in which the demo expert has accounts
to score, trainings with attendance, and observations that flag one account 日常考核中问题突出."""

from datetime import timedelta
from decimal import Decimal

from accounts.models import Account, Person
from yuhang_cac.users.models import Organisation, User

from . import services
from .models import Expert, ObservationCategory, Scheme, TrainingTopic

ASSOCIATION = "yuhang-network-culture-association"
DREAM_STATION = "yuhang-dream-station"
TRAININGS = [
    # (days ago, organiser code, topic, title, hours)
    (60, ASSOCIATION, "T1", "自媒体内容编辑与传播规范专题培训", Decimal("3.5")),
    (35, DREAM_STATION, "T2", "网络从业人员职业道德规范讲座", Decimal(2)),
    (12, ASSOCIATION, "T3", "网络素养提升培训班", Decimal(4)),
]
OBSERVATIONS = [
    # (days ago, kind, points, category, what was observed)
    (40, "positive", 3, "O5", "积极参加协会组织的网络素养培训。"),
    (20, "negative", 4, "O2", "转载未注明来源的社会新闻，标题夸大。"),
    (9, "negative", 3, "O1", "发布标题党内容，评论区引导不当。"),
    (2, "negative", 4, "O3", "对网民投诉未在规定时间内处理。"),
]
# The scores of the published period's accounts: the first two reach grade A and are commended.
PUBLISHED_SCORES = ["95", "92", "86", "81", "72", "55"]


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def _scheme(officer, year: int) -> Scheme:
    return services.create_scheme(
        year=year,
        title=f"{year}年度余杭区自媒体账号考核方案",
        guidance="依据《余杭区自媒体管理办法》第二十条、第二十一条，由区网信办主导，网络社会组织配合、第三方专家参与。",
        weights=services.DEFAULT_WEIGHTS,
        bands=services.DEFAULT_BANDS,
        dimension_guidance={
            "E1": "有无违法违规信息、被举报属实、被约谈情况。",
            "E2": "内容导向是否正确，是否传播正能量。",
            "E3": "参加行业协会活动、培训的情况。",
            "E4": "内部员工培训、编辑责任制度和团队建设情况。",
            "E5": "配合网信部门工作、整改落实情况。",
        },
        by=officer,
    )


def _trainings(today, officer) -> None:
    people = list(Person.objects.filter(jobs__isnull=False).distinct().order_by("pk")[:30])
    for index, (days, code, topic, title, hours) in enumerate(TRAININGS):
        organiser = Organisation.objects.filter(code=code).first()
        if organiser is None:
            continue
        event = services.create_training_event(
            organiser=organiser,
            title=title,
            topic=TrainingTopic.objects.get(code=topic),
            held_on=today - timedelta(days=days),
            hours=hours,
            place="余杭区网络文化活动中心",
            by=officer,
        )
        chosen = people[index * 5 : index * 5 + 20]
        services.record_attendance(event, people=chosen[:-2], result="passed", by=officer)
        services.record_attendance(event, people=chosen[-2:], result="absent", by=officer)


def _observations(today, staff, accounts) -> None:
    if not accounts:
        return
    flagged, others = accounts[0], accounts[1:4]
    for days, kind, points, category, text in OBSERVATIONS:
        services.record_observation(
            flagged,
            observed_on=today - timedelta(days=days),
            kind=kind,
            points=points,
            category=ObservationCategory.objects.get(code=category),
            description=text,
            evidence="截图已存档",
            by=staff,
        )
    for account in others:
        services.record_observation(
            account,
            observed_on=today - timedelta(days=5),
            kind="positive",
            points=2,
            category=ObservationCategory.objects.get(code="O5"),
            description="按时参加协会月度例会。",
            by=staff,
        )


def _score(enrolment, value: str, assessor) -> None:
    scores = {
        part.pk: (Decimal(value), "结合日常考核、培训与违规记录评定。")
        for part in enrolment.period.scheme.dimensions.all()
    }
    services.submit_scores(enrolment, scores=scores, by=assessor)


def _published_period(today, officer, leader, expert, accounts) -> None:
    period = services.open_period(
        name=f"{today.year - 1}年度自媒体账号评估", scheme=_scheme(officer, today.year - 1), by=officer
    )
    chosen = accounts[: len(PUBLISHED_SCORES)]
    services.enrol_accounts(period, accounts=chosen, by=officer)
    for enrolment, value in zip(period.enrolments.order_by("pk"), PUBLISHED_SCORES, strict=False):
        services.draw_assessor(enrolment, by=officer)
        _score(enrolment, value, expert.user)
    services.confirm_period(period, by=leader)
    services.publish_period(period, by=leader)
    top = period.enrolments.filter(grade=Account.Grade.A)
    services.commend_accounts(period, enrolments=list(top), by=leader)


def _open_period(today, officer, expert, accounts) -> None:
    period = services.open_period(
        name=f"{today.year}年度自媒体账号评估", scheme=_scheme(officer, today.year), by=officer
    )
    services.enrol_accounts(period, accounts=accounts[:5], by=officer)
    enrolments = list(period.enrolments.order_by("pk"))
    for enrolment in enrolments[:3]:
        services.draw_assessor(enrolment, by=officer)
    if enrolments:
        _score(enrolments[0], "88", expert.user)


def seed(*, password: str, today) -> None:
    if Scheme.objects.exists():
        return
    officer, leader, staff, expert_user = (
        _user(name) for name in ("officer", "leader", "association", "expert")
    )
    if None in (officer, leader, staff, expert_user):
        return
    expert, _created = Expert.objects.get_or_create(
        user=expert_user, defaults={"fields": "网络传播、新闻伦理", "employer": "浙江某高校新闻传播学院"}
    )
    confirmed = Account.objects.exclude(status=Account.Status.PENDING).order_by("pk")
    liaised = list(confirmed.filter(liaison_organisation__code=ASSOCIATION)[:10])
    _trainings(today, officer)
    _observations(today, staff, liaised)
    _published_period(today, officer, leader, expert, list(confirmed[10:16]) + liaised[4:6])
    _open_period(today, officer, expert, liaised[4:9] or list(confirmed[:5]))
