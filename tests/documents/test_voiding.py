"""Voiding a document and correcting it with a new one: both recorded with who, when and why."""

import pytest

from tests.documents.factories import issue, letter_context
from yuhang_cac.documents import services
from yuhang_cac.documents.models import Document

# These tests read the documents they issue: drawn for real (tests/conftest.py).
pytestmark = pytest.mark.pdf


def test_voiding_keeps_who_when_and_why(report, officer, user_of):
    leader = user_of("leader")
    document = issue(report, officer)
    services.void_document(document, by=leader, reason="送达地址有误")
    document.refresh_from_db()
    assert document.is_void
    assert (document.voided_by, document.void_reason) == (leader, "送达地址有误")
    assert document.voided_at is not None
    latest = document.history.first()
    assert (latest.history_user, latest.history_change_reason) == (leader, "作废：送达地址有误")


def test_a_void_document_still_prints_as_issued(report, officer):
    document = issue(report, officer)
    before = services.read_document(document)
    services.void_document(document, by=officer, reason="重复印发")
    assert services.read_document(document) == before


def test_voiding_needs_a_reason(report, officer):
    document = issue(report, officer)
    with pytest.raises(services.DocumentError, match="请填写作废原因"):
        services.void_document(document, by=officer, reason=" ")
    document.refresh_from_db()
    assert document.status == Document.Status.ISSUED


def test_a_void_document_cannot_be_voided_again(report, officer):
    document = issue(report, officer)
    services.void_document(document, by=officer, reason="重复印发")
    with pytest.raises(services.DocumentError, match="已作废"):
        services.void_document(document, by=officer, reason="再次作废")


def test_a_correction_is_a_new_number_and_voids_the_old(report, officer):
    old = issue(report, officer)
    context = letter_context(paragraphs=["约谈时间更正为2026年12月9日上午9时30分。"])
    new = services.correct_document(old, context=context, by=officer, reason="约谈时间有误")
    old.refresh_from_db()
    assert (old.serial, new.serial) == (1, 2)
    assert old.is_void and old.corrected_by == new and new.corrects == old
    assert old.void_reason == f"已由 {new.number} 更正：约谈时间有误"
    assert new.history.get().history_change_reason == f"更正 {old.number}：约谈时间有误"
    assert (new.owner, new.title, new.addressee, new.article) == (
        report,
        old.title,
        old.addressee,
        old.article,
    )
    assert new.sha256 != old.sha256
    assert list(Document.objects.of(report)) == [new, old]


def test_a_void_document_cannot_be_corrected(report, officer):
    document = issue(report, officer)
    services.void_document(document, by=officer, reason="重复印发")
    with pytest.raises(services.DocumentError, match="请更正替代它的公文"):
        services.correct_document(document, context=letter_context(), by=officer, reason="更正")
    assert Document.objects.count() == 1


def test_a_correction_needs_a_reason(report, officer):
    document = issue(report, officer)
    with pytest.raises(services.DocumentError, match="请填写更正的内容和原因"):
        services.correct_document(document, context=letter_context(), by=officer, reason="")
    assert Document.objects.count() == 1


def test_a_failed_correction_changes_nothing(report, officer, monkeypatch):
    old = issue(report, officer)

    def broken(*args, **kwargs):
        raise OSError("the renderer failed")

    monkeypatch.setattr(services.layout, "render_pdf", broken)
    with pytest.raises(OSError):
        services.correct_document(old, context=letter_context(), by=officer, reason="更正")
    monkeypatch.undo()
    old.refresh_from_db()
    assert old.status == Document.Status.ISSUED
    assert issue(report, officer).serial == 2
