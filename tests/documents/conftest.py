import pytest

from tests.documents.factories import reports_own_documents
from tests.reports.factories import submitted


@pytest.fixture
def report(db, settings, tmp_path):
    """A report that owns documents, with PDFs stored under a temporary MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path
    with reports_own_documents():
        yield submitted()[0]


@pytest.fixture
def officer(user_of):
    return user_of("officer")
