"""The print view: the frozen bytes, for whoever the owning app lets see the owner; 404 for the rest."""

import hashlib

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from reports.models import Report
from tests.documents.factories import issue
from yuhang_cac.audit.models import AuditEvent
from yuhang_cac.documents import services
from yuhang_cac.documents.registry import register_owner, unregister_owner

# These tests read the documents they issue: drawn for real (tests/conftest.py).
pytestmark = pytest.mark.pdf


def test_printing_again_serves_the_bytes_frozen_at_issue(report, officer, login_as):
    document = issue(report, officer)
    client = login_as("officer")
    first = client.get(reverse("documents:pdf", args=[document.pk]))
    second = client.get(reverse("documents:pdf", args=[document.pk]))
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert hashlib.sha256(second.content).hexdigest() == document.sha256
    assert first["Content-Type"] == "application/pdf"
    assert first["Content-Disposition"].startswith("inline; filename*=utf-8''")
    assert first["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in first["Cache-Control"]


def test_each_print_is_in_the_audit_log(report, officer, login_as):
    document = issue(report, officer)
    login_as("leader").get(reverse("documents:pdf", args=[document.pk]))
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.EXPORTED)
    assert (event.actor.role, event.target_id, event.detail) == (
        "leader",
        str(document.pk),
        {"document": document.number},
    )


@pytest.mark.parametrize("role", ["association", "expert", "sysadmin", "auditor"])
def test_who_may_not_see_the_owner_gets_not_found(report, officer, login_as, role):
    document = issue(report, officer)
    assert login_as(role).get(reverse("documents:pdf", args=[document.pk])).status_code == 404
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.EXPORTED).exists()


def test_the_owning_app_decides_who_sees(report, officer, login_as):
    document = issue(report, officer)
    register_owner(Report, lambda user: Report.objects.none())
    assert login_as("officer").get(reverse("documents:pdf", args=[document.pk])).status_code == 404


def test_an_owner_no_app_registered_is_seen_by_nobody(report, officer, login_as):
    document = issue(report, officer)
    unregister_owner(Report)
    assert login_as("officer").get(reverse("documents:pdf", args=[document.pk])).status_code == 404


def test_a_tampered_file_is_not_served(report, officer, login_as):
    document = issue(report, officer)
    with default_storage.open(document.path, "wb") as handle:
        handle.write(b"%PDF-1.7 forged")
    client = login_as("officer")
    client.raise_request_exception = False
    assert client.get(reverse("documents:pdf", args=[document.pk])).status_code == 500
    with pytest.raises(services.DocumentIntegrityError):
        services.read_document(document)
