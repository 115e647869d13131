"""A web worker stays light: what only uploads, imports and commands need is not loaded.

The worker is a fresh interpreter (this process has imported everything the other tests
use) with the production settings and a small generated archive; it serves the public
pages through Django's test client and reports what it has imported.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import UnidentifiedImageError

from editions.services import RENDERING_ERRORS

ROOT = Path(__file__).resolve().parent.parent

# Libraries a reader's request never needs, with what loads them when they are needed.
HEAVY_MODULES = [
    "pikepdf",  # page PDF checks (uploads), the edition's joined PDF
    "pypdfium2",  # rendering page PDFs, reading them for ingest
    "pydantic",  # edition bundles (import_edition, the admin's import)
    "pydantic_core",
    "reportlab",  # test pages and facsimiles (commands)
    "rapidfuzz",  # the ingest bench
    "articles.bundles.reader",
    "articles.bundles.schema",
]

WORKER = """
import json, sys
from newspaper.wsgi import application  # noqa: F401  (what gunicorn loads)
from django.test import Client

from articles.models import Article, Section
from editions.models import Edition

article = Article.objects.public().on_site().order_by("-pk").first()
edition = Edition.objects.public().on_site().order_by("-date").first()
page = edition.pages.order_by("number").first()
section = Section.objects.order_by("pk").first()
paths = [
    "/",
    "/editions/",
    edition.get_absolute_url(),
    page.get_absolute_url(),
    article.get_absolute_url(),
    section.get_absolute_url(),
    "/articles/",
    "/search/?q=%E6%96%B0%E9%97%BB",
    "/feeds/latest/rss/",
    "/sitemap.xml",
]
client = Client()
statuses = {path: client.get(path, secure=True).status_code for path in paths}
print(json.dumps({"statuses": statuses, "modules": sorted(sys.modules)}))
"""


@pytest.fixture(scope="module")
def worker(tmp_path_factory):
    folder = tmp_path_factory.mktemp("worker")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newspaper.settings.prod",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "NEWSPAPER_VAR_DIR": str(folder),
        "MEDIA_ROOT": str(folder / "media"),
        "REDIS_URL": "",
    }

    def run(*args):
        result = subprocess.run(
            [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stdout

    run("manage.py", "migrate", "--noinput", "-v0")
    run("manage.py", "generate_archive", "--articles", "40", "--pages", "2-3")
    # Without the collected files' manifest the templates' {% static %} would fail: the
    # worker's storage is the plain one (whitenoise's index is measured by the bench).
    code = (
        "import django\nfrom django.conf import settings\n"
        "settings.STORAGES = {**settings.STORAGES, 'staticfiles': "
        "{'BACKEND': 'django.contrib.staticfiles.storage.StaticFilesStorage'}}\n" + WORKER
    )
    return json.loads(run("-c", code).strip().splitlines()[-1])


def test_a_web_worker_serves_the_public_pages_without_loading_upload_and_import_libraries(
    worker,
):
    assert set(worker["statuses"].values()) == {200}, worker["statuses"]
    loaded = [name for name in HEAVY_MODULES if name in worker["modules"]]
    assert loaded == []


def test_a_web_worker_still_loads_the_admin_it_autodiscovers(worker):
    assert "articles.admin" in worker["modules"]
    assert "editions.admin" in worker["modules"]


def test_rendering_errors_name_pdfiums_and_pillows_errors_by_their_bases():
    import pypdfium2

    assert issubclass(pypdfium2.PdfiumError, RENDERING_ERRORS)
    assert issubclass(UnidentifiedImageError, RENDERING_ERRORS)


def test_ckeditor_translations_other_than_chinese_and_english_are_not_collected():
    from django.contrib.staticfiles import finders

    assert finders.find("ckeditor/ckeditor/lang/zh-cn.js")
    assert finders.find("ckeditor/ckeditor/lang/en.js")
    assert finders.find("ckeditor/ckeditor/lang/de.js") is None
    assert finders.find("ckeditor/ckeditor/plugins/a11yhelp/dialogs/lang/fr.js") is None
    assert finders.find("ckeditor/ckeditor/plugins/a11yhelp/dialogs/lang/zh-cn.js")
