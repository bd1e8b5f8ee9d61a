"""A test-only owner of documents: a public report, with a series registered for the tests.

The apps that will issue documents (summons, blacklist) register their own series and owners
from ``AppConfig.ready``; here the registrations live only as long as a test.
"""

from contextlib import contextmanager

from reports.models import Report
from yuhang_cac.documents import services
from yuhang_cac.documents.registry import (
    register_owner,
    register_series,
    unregister_owner,
    unregister_series,
)

SERIES = "test-notice"
PREFIX = "余网信测"
OTHER_SERIES = "test-letter"
OTHER_PREFIX = "余网信函测"

TITLE = "关于约谈“余杭吃瓜君”抖音账号的通知"
ADDRESSEE = "杭州某某文化传媒有限公司"
PARAGRAPHS = [
    "你单位运营的抖音账号“余杭吃瓜君”于2026年11月发布视频，称良渚某小区发生重大事故，经核查为编造的"
    "不实信息，造成不良社会影响，属于《余杭区自媒体管理办法》第十二条第二项所列情形。",
    "现定于2026年12月8日上午9时30分，在区网信办三楼会议室对你单位进行约谈。请你单位主要负责人及账号"
    "运营负责人准时参加，并携带账号运营情况说明等材料。",
]
ITEMS = ["账号近三个月发布内容的审核记录；", "内容审核制度及编辑责任制度文本；"]
CLOSING = "特此通知。"


def letter_context(**overrides) -> dict:
    return {"paragraphs": PARAGRAPHS, "items": ITEMS, "closing": CLOSING, **overrides}


@contextmanager
def reports_own_documents():
    """Reports own documents of two test series while the block runs."""
    register_series(SERIES, prefix=PREFIX, article=12)
    register_series(OTHER_SERIES, prefix=OTHER_PREFIX, article=13)
    register_owner(Report, lambda user: Report.objects.visible_to(user))
    try:
        yield
    finally:
        unregister_owner(Report)
        unregister_series(SERIES)
        unregister_series(OTHER_SERIES)


def issue(owner, by, **overrides):
    fields = {
        "series": SERIES,
        "template": "documents/letter.html",
        "context": letter_context(),
        "title": TITLE,
        "addressee": ADDRESSEE,
    }
    fields.update(overrides)
    return services.issue_document(owner, by=by, **fields)
