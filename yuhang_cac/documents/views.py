"""Reprinting a document: the bytes frozen when it was issued, for those who may see its owner."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header

from yuhang_cac.audit.models import AuditEvent
from yuhang_cac.audit.services import record_event

from . import services
from .models import Document
from .registry import owner_visible


def document_response(document: Document) -> HttpResponse:
    """The stored PDF, inline, named by its number; never cached, never sniffed."""
    response = HttpResponse(services.read_document(document), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, f"{document.number}.pdf")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


def pdf(request, pk):
    """A document's PDF; 404 unless the owning app says the user may see the owner."""
    document = get_object_or_404(Document.objects.select_related("owner_type"), pk=pk)
    owner_label = f"{document.owner_type.app_label}.{document.owner_type.model}"
    if not owner_visible(request.user, owner_label, document.owner_id):
        raise Http404
    response = document_response(document)
    # A printed document carries personal data out of the portal: the audit log keeps each print.
    record_event(
        AuditEvent.Kind.EXPORTED,
        actor=request.user,
        target=document,
        request=request,
        detail={"document": document.number},
    )
    return response
