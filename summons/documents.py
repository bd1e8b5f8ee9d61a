"""The official documents of a case (docs/documents.md, docs/summons.md): the summons notice, the
record of the summons, the rectification notice, and the escalation letters of Art.13.

Each is issued inside the service of the step it belongs to, so that the number and the step
commit together; one series per type of document, each citing the article it applies.
"""

from datetime import datetime

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yuhang_cac.documents.layout import official_date
from yuhang_cac.documents.models import Document
from yuhang_cac.documents.registry import register_owner, register_series
from yuhang_cac.documents.services import correct_document, issue_document

NOTICE, RECORD, RECTIFY, DEPARTMENT, REQUEST = (
    "summons-notice",
    "summons-record",
    "summons-rectify",
    "summons-notify",
    "summons-request",
)
# code: (机关代字, the article applied)
SERIES = {
    NOTICE: ("余网信约", 12),  # the grounds on which the account is summoned
    RECORD: ("余网信约记", 11),  # the summons: warning talk, problems, rectification ordered
    RECTIFY: ("余网信整", 11),  # 责令整改纠正
    DEPARTMENT: ("余网信通", 13),  # the notices to 公安, 新闻出版, 文化旅游
    REQUEST: ("余网信请", 13),  # the request to the upper-level CAC for a measure
}
TITLES = {
    NOTICE: gettext_lazy("Summons notice"),
    RECORD: gettext_lazy("Summons record"),
    RECTIFY: gettext_lazy("Rectification notice"),
}


def register() -> None:
    """From ``SummonsConfig.ready``: the series and the scope of who may print a case's documents."""
    from .models import Case

    for code, (prefix, article) in SERIES.items():
        register_series(code, prefix=prefix, article=article)
    register_owner(Case, lambda user: Case.objects.visible_to(user))


def official_time(moment: datetime) -> str:
    local = timezone.localtime(moment)
    return _("%(day)s %(hour)d:%(minute)02d") % {
        "day": official_date(local.date()),
        "hour": local.hour,
        "minute": local.minute,
    }


def _party(case) -> str:
    """Whom a document to the account side is addressed to: its operator, else the account."""
    account = case.account
    return account.operator.name if account.operator_id else account.name


def _issue(case, series: str, template: str, context: dict, *, by, addressee: str = "", title: str = ""):
    with translation.override(settings.LANGUAGE_CODE):
        return issue_document(
            case,
            series=series,
            template=template,
            context={"case": case, **context},
            title=title or str(TITLES[series]),
            addressee=addressee,
            by=by,
        )


def current(case, series: str) -> Document | None:
    """The document of ``series`` in force for the case (not void), the newest if several."""
    return Document.objects.of(case).filter(series=series, status=Document.Status.ISSUED).first()


def issue_notice_document(case, notice, *, by) -> Document:
    return _issue(
        case, NOTICE, "summons/documents/notice.html", _notice_context(notice), by=by, addressee=_party(case)
    )


def _notice_context(notice) -> dict:
    return {"notice": notice, "meeting_time": official_time(notice.meeting_at)}


def correct_notice_document(case, notice, *, reason: str, by) -> Document:
    """The corrected notice takes the next number; the one it replaces becomes void."""
    old = current(case, NOTICE)
    if old is None:
        return issue_notice_document(case, notice, by=by)
    with translation.override(settings.LANGUAGE_CODE):
        return correct_document(old, context={"case": case, **_notice_context(notice)}, by=by, reason=reason)


def issue_record_document(case, record, *, by) -> Document:
    context = {
        "record": record,
        "held_time": official_time(record.held_at),
        "officers": list(record.officers.all()),
    }
    return _issue(case, RECORD, "summons/documents/record.html", context, by=by)


def issue_rectification_notice(case, record, deadline, *, by) -> Document:
    context = _rectification_context(record, deadline)
    return _issue(
        case, RECTIFY, "summons/documents/rectification.html", context, by=by, addressee=_party(case)
    )


def correct_rectification_notice(case, record, deadline, *, reason: str, by) -> Document:
    """The rectification notice with the extended deadline takes the next number; the old one is void."""
    old = current(case, RECTIFY)
    if old is None:
        return issue_rectification_notice(case, record, deadline, by=by)
    context = {"case": case, **_rectification_context(record, deadline)}
    with translation.override(settings.LANGUAGE_CODE):
        return correct_document(old, context=context, by=by, reason=reason)


def _rectification_context(record, deadline) -> dict:
    return {"record": record, "due": official_date(deadline.due_date), "days": deadline.total_days}


def issue_escalation_letters(case, escalation, *, by) -> list[Document]:
    """One notice to each department, then the request to the upper-level CAC (Art.13)."""
    context = {"escalation": escalation, "grounds": case.grounds.all()}
    names = {"account": case.account.name, "measure": escalation.measure_requested.name}
    with translation.override(settings.LANGUAGE_CODE):
        notice_title = _("Notice on the escalated summons case of the account “%(account)s”") % names
        request_title = _("Request for the measure %(measure)s on the account “%(account)s”") % names
        upper = _("Hangzhou Municipal Internet Information Office")
    letters = [
        _issue(
            case,
            DEPARTMENT,
            "summons/documents/department.html",
            context,
            by=by,
            addressee=_department(department),
            title=notice_title,
        )
        for department in escalation.departments.order_by("sort_order", "pk")
    ]
    request = _issue(
        case, REQUEST, "summons/documents/request.html", context, by=by, addressee=upper, title=request_title
    )
    return [*letters, request]


def _department(department) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _("%(department)s department") % {"department": department.name}
