from pathlib import Path

import pytest
from django.core.management import call_command

DEMO_BUNDLE = Path(__file__).resolve().parent.parent / "newspaper" / "demo" / "lyrb-2024-04-01"


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
