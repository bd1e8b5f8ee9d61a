"""Issuing, correcting, voiding and reprinting official documents.

A document is frozen when issued: its number is taken from ``core.numbering`` inside the
issuing transaction (a failed issue gives the number back, so numbers have no gaps), the PDF
is rendered with that number and stored once with its SHA-256, and every reprint serves those
bytes. Nothing about an issued document changes afterwards except that it may become void;
a correction is a new document that voids the old one.
"""

import hashlib
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yuhang_cac.core.numbering import next_number

from . import layout
from .models import Document
from .registry import get_series


class DocumentError(Exception):
    """A document change that is refused; the message is for the user."""


class DocumentIntegrityError(Exception):
    """The stored PDF is missing or no longer matches the SHA-256 taken when it was issued."""


def _store(data: bytes, issued_at) -> str:
    """documents/<yyyy>/<mm>/<uuid>.pdf beneath MEDIA_ROOT, which no URL serves."""
    return default_storage.save(
        f"documents/{timezone.localtime(issued_at):%Y/%m}/{uuid.uuid4().hex}.pdf", ContentFile(data)
    )


@transaction.atomic
def issue_document(
    owner: models.Model,
    *,
    series: str,
    template: str,
    context: dict,
    by,
    title: str,
    addressee: str = "",
    article: int | None = None,
    issued_at=None,
    reason: str = "",
) -> Document:
    """Number, render and freeze a document of ``series`` for ``owner`` (a saved row with an integer key).

    ``template`` extends ``documents/layout.html``; ``context`` is its context. ``article``
    overrides the series' article of the measure. Call it inside the owning app's own
    transition so that the document and the state change commit together.
    """
    kind = get_series(series)
    if owner.pk is None:
        raise ValueError("a document belongs to a saved object")
    if not title.strip():
        raise DocumentError(_("A document needs a title."))
    issued_at = issued_at or timezone.now()
    year = timezone.localdate(issued_at).year
    serial = next_number(kind.counter, year)  # the counter stays locked until we commit
    sheet = layout.Sheet(
        number=kind.number(year, serial),
        title=title.strip(),
        addressee=addressee.strip(),
        issued_on=timezone.localdate(issued_at),
        article=article or kind.article,
    )
    data = layout.render_pdf(template, context, sheet)
    path = _store(data, issued_at)
    try:
        return _record(owner, kind.code, serial, sheet, template, path, data, by, issued_at, reason)
    except BaseException:
        default_storage.delete(path)
        raise


def _record(owner, series, serial, sheet, template, path, data, by, issued_at, reason) -> Document:
    document = Document(
        owner=owner,
        series=series,
        year=sheet.issued_on.year,
        serial=serial,
        number=sheet.number,
        title=sheet.title,
        addressee=sheet.addressee,
        article=sheet.article,
        template_name=template,
        path=path,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        issued_by=by,
        issued_at=issued_at,
    )
    document._history_user = by
    document._change_reason = reason or _("Issued")
    document.save()
    return document


def _locked(document: Document) -> Document:
    return Document.objects.select_for_update().get(pk=document.pk)


def _void(document: Document, *, by, reason: str, corrected_by: Document | None = None) -> Document:
    if not document.can_become(Document.Status.VOID):
        raise DocumentError(_("Document %(number)s is already void.") % {"number": document.number})
    if not reason.strip():
        raise DocumentError(_("Say why the document is void."))
    document.status = Document.Status.VOID
    document.voided_by, document.voided_at, document.void_reason = by, timezone.now(), reason.strip()
    document.corrected_by = corrected_by
    document._history_user = by
    document._change_reason = _("Void: %(reason)s") % {"reason": document.void_reason}
    document.save(update_fields=["status", "voided_by", "voided_at", "void_reason", "corrected_by"])
    return document


@transaction.atomic
def void_document(document: Document, *, by, reason: str) -> Document:
    """Mark an issued document void; its PDF stays as it was issued."""
    return _void(_locked(document), by=by, reason=reason)


@transaction.atomic
def correct_document(
    document: Document, *, context: dict, by, reason: str, title: str = "", addressee: str | None = None
) -> Document:
    """Issue the corrected document under a new number and void the old one, pointing to it."""
    old = _locked(document)
    if not old.can_become(Document.Status.VOID):
        raise DocumentError(_("Document %(number)s is void: correct the document that replaced it."))
    if not reason.strip():
        raise DocumentError(_("Say what the correction changes."))
    new = issue_document(
        old.owner,
        series=old.series,
        template=old.template_name,
        context=context,
        by=by,
        title=title or old.title,
        addressee=old.addressee if addressee is None else addressee,
        article=old.article,
        reason=_("Corrects %(number)s: %(reason)s") % {"number": old.number, "reason": reason.strip()},
    )
    _void(
        old,
        by=by,
        reason=_("Corrected by %(number)s: %(reason)s") % {"number": new.number, "reason": reason.strip()},
        corrected_by=new,
    )
    return new


def read_document(document: Document) -> bytes:
    """The PDF exactly as issued; refuses bytes that no longer match the stored SHA-256."""
    try:
        with default_storage.open(document.path, "rb") as handle:
            data = handle.read()
    except FileNotFoundError as exc:
        raise DocumentIntegrityError(f"{document.number}: the stored PDF is missing") from exc
    if hashlib.sha256(data).hexdigest() != document.sha256:
        raise DocumentIntegrityError(f"{document.number}: the stored PDF does not match its SHA-256")
    return data
