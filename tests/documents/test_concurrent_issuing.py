"""Issuing at the same moment: every document gets its own number and none is skipped (PostgreSQL)."""

import threading

import pytest
from django.db import connection

from tests.documents.factories import issue, reports_own_documents
from tests.factories import user_with_role
from yuhang_cac.documents.models import Document

# These tests read the documents they issue: drawn for real (tests/conftest.py).
pytestmark = pytest.mark.pdf

CONCURRENT = 4


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_issues_take_consecutive_numbers(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    # Any saved object can own documents; a user needs none of the reference data that a
    # transactional test's flush removes.
    officer = user_with_role("officer")
    start, errors = threading.Barrier(CONCURRENT), []

    def issue_one():
        try:
            start.wait()
            issue(officer, officer)
        except Exception as exc:  # reported below; a thread cannot fail the test itself
            errors.append(exc)
        finally:
            connection.close()

    with reports_own_documents():
        threads = [threading.Thread(target=issue_one) for _ in range(CONCURRENT)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []
    assert sorted(Document.objects.values_list("serial", flat=True)) == list(range(1, CONCURRENT + 1))
    assert Document.objects.values("number").distinct().count() == CONCURRENT
