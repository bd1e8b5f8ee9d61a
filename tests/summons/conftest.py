import pytest


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    """Documents and rectification files of a test are written under its own MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path
