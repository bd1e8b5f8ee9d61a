"""Demo reports in every state, dated relative to today: some overdue, some merged, some about
accounts that are not in the registry."""

import io
import random
from datetime import datetime, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw
from simple_history.utils import bulk_create_with_history

from accounts.models import Account, Platform, ProhibitedContent
from yuhang_cac.core.models import DocumentCounter
from yuhang_cac.users.models import User

from . import evidence, services
from .models import Report
from .tasks import remind_report_deadlines

# (days ago, platform, name as seen, category, description, path through the workflow)
SCENARIOS = [
    (1, "douyin", "良渚热点速递", "P06", "视频称良渚某小区发生爆炸，配以外地旧视频。", []),
    (2, "weibo", "余杭生活圈", "P08", "多次发布博文辱骂某餐馆老板，称其“黑心商家”，无任何依据。", []),
    (3, "xiaohongshu", "闲林探店小王", "P07", "笔记中推广赌博网站链接。", ["assign"]),
    (16, "wechat_mp", "仓前发布汇", "P06", "转载未经证实的“仓前地铁停运”消息。", []),
    (20, "toutiao", "径山茶事", "P11", "发布仿冒政府通知的文章。", ["assign"]),
    (4, "douyin", "未来科技城内幕", "P06", "称某企业“集体裁员”，配图系伪造。", ["accept"]),
    (9, "kuaishou", "瓶窑老街坊", "P10", "直播中多次低俗表演。", ["accept", "verify"]),
    (30, "bilibili", "五常数码君", "P08", "视频中捏造某品牌质量问题。", ["accept", "verify"]),
    (
        12,
        "weibo",
        "余杭吃瓜君",
        "P06",
        "发布“余杭某学校食物中毒”不实信息。",
        ["accept", "verify", "link", "true"],
    ),
    (
        14,
        "douyin",
        "良渚美食地图",
        "P07",
        "视频中展示赌博道具并引流。",
        ["accept", "verify", "link", "false"],
    ),
    (
        18,
        "wechat_mp",
        "中泰乡村志",
        "P06",
        "转载虚假救灾捐款信息。",
        ["accept", "verify", "link", "true", "handle"],
    ),
    (25, "zhihu", "临平楼市观察", "P06", "账号注册于临平区，发布楼市谣言。", ["refuse_referral"]),
    (22, "baijiahao", "无名氏", "P11", "只写了“这个号有问题”，无链接无截图。", ["refuse_unclear"]),
    (40, "douyin", "余杭吃瓜君", "P06", "与此前举报相同的“食物中毒”谣言。", ["merge_into:余杭吃瓜君"]),
    (
        35,
        "weibo",
        "仁和大事件",
        "P06",
        "编造仁和街道“拆迁补偿”政策。",
        ["accept", "verify", "link", "true", "close"],
    ),
    (33, "weibo", "仁和大事件", "P06", "同一条“拆迁补偿”谣言。", ["merge_into:仁和大事件"]),
    (
        45,
        "xiaohongshu",
        "余杭亲子游",
        "P09",
        "笔记诱导未成年人打赏。",
        ["accept", "verify", "link", "false", "close"],
    ),
]


def _image(text: str, color) -> evidence.ProcessedImage:
    picture = Image.new("RGB", (360, 640), color)
    ImageDraw.Draw(picture).text((20, 20), text, fill=(255, 255, 255))
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return evidence.process_image(SimpleUploadedFile("截图.png", buffer.getvalue(), content_type="image/png"))


def _submit(today, days_ago, platform, name, category, description) -> Report:
    day = today - timedelta(days=days_ago)
    moment = timezone.make_aware(datetime.combine(day, time(9 + days_ago % 8, 15)))
    receipt = services.submit_report(
        images=[_image(f"screenshot {days_ago}", (40 + days_ago * 4, 60, 120))],
        contact={"name": "", "phone": "13800000000", "email": ""} if days_ago % 3 == 0 else None,
        submitted_at=moment,
        platform=Platform.objects.get(code=platform),
        reported_name=name,
        reported_profile_url="",
        content_url=f"https://example.com/{platform}/{days_ago}",
        category=ProhibitedContent.objects.get(code=category),
        description=description,
    )
    return Report.objects.get(number=receipt.number)


def _walk(report: Report, steps: list[str], officer, today, by_name: dict) -> None:
    accepted_on = timezone.localdate(report.submitted_at) + timedelta(days=1)
    for step in steps:
        report.refresh_from_db()
        if step == "assign":
            services.assign_report(report, officer, by=officer)
        elif step == "accept":
            services.accept_report(report, by=officer, today=min(accepted_on, today))
        elif step == "verify":
            services.start_verification(report, by=officer)
        elif step == "link":
            match = Account.objects.filter(name=report.reported_name).first()
            if match:
                services.link_account(report, match, by=officer)
            else:
                services.create_provisional_account(report, by=officer)
        elif step in ("true", "false"):
            finding = "经核查，情况属实。" if step == "true" else "经核查，未发现所称内容。"
            services.verify_report(report, found_true=step == "true", finding=finding, by=officer)
        elif step == "handle":
            services.handle_report(report, kind="forward_platform", note="已转平台下架相关内容。", by=officer)
        elif step == "close":
            services.close_report(report, public_reply="经核查，已依法处理。感谢您的监督。", by=officer)
        elif step == "refuse_referral":
            services.refuse_report(
                report,
                reason="out_of_jurisdiction",
                referred_to="临平区互联网信息办公室",
                public_reply="该账号注册地不属余杭区，已转交临平区网信办处理。",
                by=officer,
            )
        elif step == "refuse_unclear":
            services.refuse_report(
                report,
                reason="unclear",
                public_reply="举报线索不清，无法核查，欢迎补充后再次举报。",
                by=officer,
            )
        elif step.startswith("merge_into:"):
            services.merge_report(report, into=by_name[step.split(":", 1)[1]], by=officer)


def seed(*, password: str, today) -> None:
    if Report.objects.exists():
        return
    officers = list(User.objects.filter(username__in=["officer", "officer2"]).order_by("username"))
    by_name: dict[str, Report] = {}
    # Duplicates come last, so that the report each one repeats exists to merge into.
    ordered = sorted(SCENARIOS, key=lambda s: (any(step.startswith("merge_into:") for step in s[5]), -s[0]))
    for index, (days_ago, platform, name, category, description, steps) in enumerate(ordered):
        report = _submit(today, days_ago, platform, name, category, description)
        by_name.setdefault(name, report)
        _walk(report, steps, officers[index % len(officers)], today, by_name)
    # The reminders the hourly job would have sent by now, so the dashboards show them.
    remind_report_deadlines()


# --- At scale -------------------------------------------------------------------------------------

LARGE_REPORTS = 20_000


def seed_large(*, today, reports: int = LARGE_REPORTS) -> int:
    """``reports`` concluded reports over the past three years, in bulk, numbered from the counter.

    For measuring the queue at a district's size (docs/performance.md); runs after the registry's
    ``seed_large``, and once: a second run adds nothing.
    """
    if Report.objects.filter(description__startswith=LARGE_MARK).exists():
        return 0
    rng = random.Random(20192)
    platforms = list(Platform.objects.all())
    categories = list(ProhibitedContent.objects.all())
    accounts = list(Account.objects.filter(stable_id__startswith="scale-").values_list("pk", "name")[:20000])
    officers = list(User.objects.filter(role__in=["officer", "leader"]))
    days = sorted(rng.randrange(30, 3 * 365) for _index in range(reports))
    by_year: dict[int, list] = {}
    for days_ago in days:
        submitted = timezone.make_aware(datetime.combine(today - timedelta(days=days_ago), time(10)))
        by_year.setdefault(submitted.year, []).append(submitted)
    new = []
    for year, moments in sorted(by_year.items()):
        DocumentCounter.objects.get_or_create(series="report", year=year)
        counter = DocumentCounter.objects.select_for_update().get(series="report", year=year)
        first = counter.last + 1
        DocumentCounter.objects.filter(pk=counter.pk).update(last=F("last") + len(moments))
        for offset, submitted in enumerate(moments):
            account_pk, name = rng.choice(accounts) if accounts and rng.random() < 0.7 else (None, "")
            refused = rng.random() < 0.2
            new.append(
                Report(
                    number=f"YH{year}{first + offset:06d}",
                    receipt_hash=f"{rng.getrandbits(256):064x}",
                    status=Report.Status.REFUSED if refused else Report.Status.CLOSED,
                    submitted_at=submitted,
                    platform=rng.choice(platforms),
                    reported_name=name or f"举报账号{rng.randrange(10**6)}",
                    category=rng.choice(categories),
                    description=f"{LARGE_MARK}{rng.choice(SCENARIOS)[4]}",
                    account_id=account_pk,
                    assignee=rng.choice(officers) if officers else None,
                    refusal_reason=Report.RefusalReason.UNCLEAR if refused else "",
                    public_reply="经核查已依法处理，感谢您的监督。",
                    closed_at=submitted + timedelta(days=rng.randrange(3, 25)),
                )
            )
    bulk_create_with_history(new, Report, batch_size=5000, default_change_reason=_("Demo data"))
    return len(new)


LARGE_MARK = "（批量演示）"
