"""The official documents of a case: issued with the step they belong to, numbered without gaps per
series, frozen, printed again byte for byte, corrected under a new number (docs/summons.md)."""

import io
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from summons import services
from summons.models import Case
from tests.summons import factories
from tests.summons.factories import case_at
from yuhang_cac.documents.models import Document
from yuhang_cac.documents.services import read_document

pytestmark = [pytest.mark.django_db, pytest.mark.pdf]  # reads the PDFs it issues
S = Case.Status
YEAR = timezone.localdate().year


def documents_of(case: Case, series: str) -> list[Document]:
    return list(Document.objects.of(case).filter(series=series).order_by("serial"))


def pdf_text(document: Document) -> str:
    reader = PdfReader(io.BytesIO(read_document(document)))
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_each_step_issues_its_document_with_consecutive_numbers_per_series(user_of):
    first, second = case_at(S.RECTIFYING), case_at(S.RECTIFYING)
    numbers = {
        series: [d.number for case in (first, second) for d in documents_of(case, series)]
        for series in ("summons-notice", "summons-record", "summons-rectify")
    }
    assert numbers == {
        "summons-notice": [f"余网信约〔{YEAR}〕1号", f"余网信约〔{YEAR}〕2号"],
        "summons-record": [f"余网信约记〔{YEAR}〕1号", f"余网信约记〔{YEAR}〕2号"],
        "summons-rectify": [f"余网信整〔{YEAR}〕1号", f"余网信整〔{YEAR}〕2号"],
    }
    notice = documents_of(first, "summons-notice")[0]
    assert (notice.article, notice.title, notice.issued_by) == (12, "约谈通知书", user_of("officer"))
    assert documents_of(first, "summons-rectify")[0].article == 11


def test_approving_an_escalation_issues_a_letter_to_each_department_and_the_request(user_of):
    case = case_at(S.ESCALATED)
    assert documents_of(case, "summons-notify") == []  # prepared, not yet approved
    services.approve_escalation(factories.live_escalation(case), by=user_of("leader"))
    letters = documents_of(case, "summons-notify")
    assert [(d.number, d.addressee) for d in letters] == [
        (f"余网信通〔{YEAR}〕1号", "公安部门"),
        (f"余网信通〔{YEAR}〕2号", "新闻出版部门"),
        (f"余网信通〔{YEAR}〕3号", "文化旅游部门"),
    ]
    (request,) = documents_of(case, "summons-request")
    assert (request.number, request.addressee, request.article) == (
        f"余网信请〔{YEAR}〕1号",
        "杭州市互联网信息办公室",
        13,
    )
    assert "限制发布" in request.title and "限制发布" in pdf_text(request)
    assert all(d.issued_by == user_of("leader") for d in [*letters, request])


def test_the_pdf_says_the_chinese_the_case_page_shows(login_as):
    case = case_at(S.RECTIFYING)
    page = login_as("officer").get(reverse("summons:detail", args=[case.pk]))
    html = page.content.decode()
    notice, record = case.notice, case.record
    shown = [notice.place, notice.participants, notice.reason, record.problems, record.rectification_items]
    assert all(text in html for text in shown)
    texts = {d.series: pdf_text(d) for d in Document.objects.of(case)}
    for text in (notice.place, notice.participants, notice.reason):
        assert squeezed(text) in texts["summons-notice"]
    for text in (record.problems, record.rectification_items, "33010012345", "33010012346"):
        assert squeezed(text) in texts["summons-record"]
    due = case.rectification_deadline.due_date
    assert f"于{due.year}年{due.month}月{due.day}日前" in texts["summons-rectify"]
    for document in Document.objects.of(case):
        assert document.number in html and document.title in html
        assert reverse("documents:pdf", args=[document.pk]) in html
        assert squeezed(document.title) in texts[document.series]
        assert re.findall(r"[A-Za-z]+", texts[document.series]) in ([], ["YT"])  # the case number


def test_printing_again_returns_the_same_bytes(login_as):
    case = case_at(S.NOTIFIED)
    document = documents_of(case, "summons-notice")[0]
    client = login_as("officer")
    url = reverse("documents:pdf", args=[document.pk])
    first, second = client.get(url), client.get(url)
    assert first.status_code == second.status_code == 200
    assert first.content == second.content == read_document(document)


def test_an_evaluator_prints_only_the_documents_of_cases_assigned_to_them(login_as):
    assigned = case_at(S.EVALUATING)
    other = case_at(S.RECTIFYING)
    client = login_as("expert")
    mine = documents_of(assigned, "summons-notice")[0]
    theirs = documents_of(other, "summons-notice")[0]
    assert client.get(reverse("documents:pdf", args=[mine.pk])).status_code == 200
    assert client.get(reverse("documents:pdf", args=[theirs.pk])).status_code == 404


def test_a_corrected_notice_takes_the_next_number_and_voids_the_old(login_as, user_of):
    case = factories.serve(case_at(S.NOTIFIED), user_of("officer"))
    client = login_as("officer")
    meeting = timezone.localtime() + timedelta(days=5)
    response = client.post(
        reverse("summons:correct_notice", args=[case.pk]),
        {
            "meeting_at": f"{meeting:%Y-%m-%dT%H:%M}",
            "place": "余杭区网信办五楼会议室",
            "participants": "账号主要负责人",
            "reason": "转载未经证实信息获取流量（第十二条第2项）",
            "correction": "约谈地点有误",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    old, new = documents_of(case, "summons-notice")
    assert (old.status, old.corrected_by, new.status) == ("void", new, "issued")
    assert new.number == f"余网信约〔{YEAR}〕2号"
    assert "五楼会议室" in pdf_text(new) and "五楼会议室" not in pdf_text(old)
    case.notice.refresh_from_db()
    assert not case.notice.is_served  # the corrected notice is served anew
    page = client.get(case.get_absolute_url()).content.decode()
    assert "已作废" in page and f"已由 {new.number} 更正替代" in page
    assert "印发文书" in page and "文书作废" in page


def test_a_notice_cannot_be_corrected_once_the_summons_is_held(user_of):
    case = case_at(S.MET)
    with pytest.raises(services.SummonsError, match="只有尚待约谈的通知书可以更正"):
        services.correct_notice(
            case,
            meeting_at=timezone.now() + timedelta(days=1),
            place="会议室",
            participants="负责人",
            reason="事由",
            correction="时间有误",
            by=user_of("officer"),
        )
    assert len(documents_of(case, "summons-notice")) == 1


def test_an_extended_deadline_is_a_corrected_rectification_notice(user_of):
    case = case_at(S.RECTIFYING)
    services.extend_rectification_deadline(case, days=5, reason="账号方申请延期", by=user_of("officer"))
    old, new = documents_of(case, "summons-rectify")
    assert (old.status, old.corrected_by) == ("void", new)
    case.rectification_deadline.refresh_from_db()
    due = case.rectification_deadline.due_date
    assert f"于{due.year}年{due.month}月{due.day}日前" in pdf_text(new)
    assert "15个工作日" in pdf_text(new)


def test_a_refused_step_issues_nothing_and_takes_no_number(user_of):
    case = case_at(S.NOTIFIED)
    with pytest.raises(services.SummonsError):
        services.record_meeting(
            case,
            held_at=timezone.now(),
            place="会议室",
            officers=factories.officers()[:1],
            outcome="signed",
            by=user_of("officer"),
        )
    assert documents_of(case, "summons-record") == []
    other = case_at(S.MET)
    assert documents_of(other, "summons-record")[0].number == f"余网信约记〔{YEAR}〕1号"


def test_the_correction_form_starts_from_the_notice_as_issued(login_as):
    case = case_at(S.NOTIFIED)
    form = login_as("officer").get(case.get_absolute_url()).context["correct_notice_form"]
    assert form["place"].value() == case.notice.place and form["reason"].value() == case.notice.reason
