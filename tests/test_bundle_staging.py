"""A killed or failed import leaves nothing behind; orphaned media are found and removed;
the bundle format's JSON Schema is printed for layout-system vendors."""

import io
import json
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from articles.bundles.staging import staging_root
from articles.services import edition_import

from .conftest import DEMO_BUNDLE

ROOT = Path(__file__).resolve().parent.parent

# Runs in a child process: imports a bundle with the command, and stops for good in the
# middle of the article loop (after the page files were written) so the test can kill it.
CHILD = r"""
import json, os, sys, time
import django
from django.conf import settings

settings.MEDIA_ROOT = sys.argv[1]
django.setup()
from django.core.management import call_command

if sys.argv[2] == "migrate":
    call_command("migrate", verbosity=0)
elif sys.argv[2] == "import":
    import articles.management.commands.import_edition as command

    def stall(items, **kwargs):
        for n, item in enumerate(items):
            if n == 2:
                print("MIDWAY", flush=True)
                time.sleep(120)
            yield item

    command.tqdm = stall
    call_command("import_edition", sys.argv[3], verbosity=0)
else:
    from articles.models import Article
    from editions.models import Edition, Page

    print(json.dumps([Edition.objects.count(), Page.objects.count(), Article.objects.count()]))
    call_command("orphaned_media", *sys.argv[3:])
"""


def files_in(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


@pytest.fixture
def child(tmp_path):
    """Run CHILD against a database the test can share: its own PostgreSQL test database,
    or a SQLite file (the test run's SQLite database lives in memory)."""
    media = tmp_path / "media"
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="newspaper.settings.test")
    if connection.vendor == "sqlite":
        env["TEST_DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    else:
        s = connection.settings_dict
        env["TEST_DATABASE_URL"] = (
            f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
        )

    def run(*args: str, wait: bool = True):
        command = [sys.executable, "-c", CHILD, str(media), *args]
        if not wait:
            return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return done.stdout

    if connection.vendor == "sqlite":
        run("migrate")
    run.media = media
    return run


@pytest.mark.django_db(transaction=True)
def test_an_import_killed_midway_leaves_no_rows_and_no_files_in_place(child):
    """SIGKILL in the article loop: no edition, no file under MEDIA_ROOT outside the staging
    folder; ``orphaned_media --delete`` (or the next import) removes that folder."""
    process = child("import", str(DEMO_BUNDLE), wait=False)
    try:
        assert process.stdout.readline().strip() == "MIDWAY"
        staged = files_in(child.media)
        assert staged and all(name.startswith(".staging/") for name in staged), staged
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    counts, listed = child("orphans").split("\n", 1)
    assert json.loads(counts) == [0, 0, 0]
    assert "(abandoned import)" in listed and files_in(child.media) == staged
    child("orphans", "--delete")
    assert files_in(child.media) == []


@pytest.mark.django_db
def test_the_next_import_clears_a_killed_imports_staging_folder(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    finished = subprocess.Popen(["true"])
    finished.wait()
    abandoned = staging_root() / f"{socket.gethostname()}__{finished.pid}__x"
    (abandoned / "in").mkdir(parents=True)
    (abandoned / "in" / "1.jpg").write_bytes(b"x")
    edition_import(path=DEMO_BUNDLE)
    assert not abandoned.exists()
    assert all(not name.startswith(".staging") for name in files_in(tmp_path / "media"))


@pytest.mark.django_db
def test_a_refused_import_leaves_no_file(settings, tmp_path):
    """Files checked and staged before a fault found at write time are removed with it."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    edition_import(path=DEMO_BUNDLE)
    before = files_in(tmp_path / "media")
    document = json.loads((DEMO_BUNDLE / "edition.json").read_text("utf-8"))
    document["edition"]["date"] = "2024-04-02"  # the same issue number on another day
    bundle = tmp_path / "clash"
    (bundle / "pages").mkdir(parents=True)
    (bundle / "edition.json").write_text(json.dumps(document), "utf-8")
    for page in (DEMO_BUNDLE / "pages").iterdir():
        (bundle / "pages" / page.name).write_bytes(page.read_bytes())
    with pytest.raises(Exception, match="already has issue 8986"):
        edition_import(path=bundle)
    assert files_in(tmp_path / "media") == before


@pytest.mark.django_db
def test_orphaned_media_lists_by_default_and_deletes_only_when_asked(settings, tmp_path):
    """Files no row refers to are listed (a dry run); --delete removes them and only them."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    edition_import(path=DEMO_BUNDLE)
    kept = files_in(tmp_path / "media")
    stray = tmp_path / "media" / "pages" / "lyrb" / "2024" / "04" / "01" / "01_old.jpg"
    stray.write_bytes(b"left over")
    out = io.StringIO()
    call_command("orphaned_media", stdout=out)
    assert "pages/lyrb/2024/04/01/01_old.jpg" in out.getvalue()
    assert "1 item(s)" in out.getvalue() and stray.exists()
    call_command("orphaned_media", "--delete", stdout=io.StringIO())
    assert files_in(tmp_path / "media") == kept


def test_bundle_schema_prints_the_json_schema_with_the_models_rules():
    """Unknown keys refused, genres from the model, lengths from the fields."""
    out = io.StringIO()
    call_command("bundle_schema", stdout=out)
    schema = json.loads(out.getvalue())
    definitions = schema["$defs"]
    article = definitions["ArticleSchema"]
    assert schema["additionalProperties"] is False and article["additionalProperties"] is False
    assert article["properties"]["genre"]["enum"] == [
        "消息",
        "通讯",
        "评论",
        "图片",
        "专访",
        "其他",
    ]
    assert article["properties"]["title"]["maxLength"] == 300
    assert definitions["PlacementSchema"]["properties"]["order"]["maximum"] == 32767
    assert schema["properties"]["format"]["const"] == "newspaper-edition/1"
