import pytest


@pytest.fixture(autouse=True)
def _documents_in_a_temporary_folder(settings, tmp_path):
    # The notices are frozen PDFs beneath MEDIA_ROOT.
    settings.MEDIA_ROOT = tmp_path
