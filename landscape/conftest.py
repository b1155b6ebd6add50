import tempfile
from pathlib import Path


def pytest_configure(config):
    from django.conf import settings

    # The landscape store of a test run lives in a scratch folder, never under var/.
    settings.LANDSCAPE_STORE_DIR = Path(tempfile.mkdtemp(prefix="ipcounty-landscape-"))
