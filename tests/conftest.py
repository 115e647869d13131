import os

import pytest
from django.core.management import call_command

from newspaper.demo import DEMO_BUNDLE


@pytest.fixture
def demo(db):
    """The demo edition (辽源日报, 2024-04-01), imported from its bundle."""
    from editions.models import Edition

    call_command("import_edition", str(DEMO_BUNDLE), verbosity=0)
    return Edition.objects.get(date="2024-04-01")


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def unavailable(reason: str):
    """Skip a test whose system tool is missing here; under CI, which installs the tools
    (.ci/run: Chromium, the Noto CJK fonts), fail instead."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; CI installs it (.ci/run), so this test must run there.")
    pytest.skip(reason)
