"""The admin's upload as an ingest job: staged privately, run off the request, its status
polled; marks kept across a re-read; replaced page files deleted."""

import datetime
import re
import threading
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone, translation

from articles.ingest import jobs
from articles.ingest.job_views import job_status
from articles.ingest.testpages import generate
from articles.models import IngestJob

DAY = datetime.date(2024, 4, 2)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """Two generated pages (ReportLab), as (name, bytes) in page order."""
    folder = tmp_path_factory.mktemp("job-pages")
    truth = generate(folder, variant="tune", pages=2, seed=3)
    return [(p["file"], (folder / p["file"]).read_bytes()) for p in truth["pages"]]


@pytest.fixture
def paper(db):
    from editions.models import Publication

    return Publication.objects.create(slug="lyrb", name="辽源日报")


@pytest.fixture
def admin(django_user_model):
    return django_user_model.objects.create_superuser("chief", "c@example.com", "pw")


def _create(files, paper, user, **kwargs):
    options = {"date": DAY, "number": 9001, "replace": False, **kwargs}
    return jobs.ingest_job_create(
        files=[(name, ContentFile(data)) for name, data in files],
        publication=paper,
        user=user,
        **options,
    )


def test_an_inline_job_reads_the_pages_and_records_its_report(files, paper, admin):
    """With NEWSPAPER_INGEST_INLINE (the tests' setting) the job has run when it is made."""
    job = _create(files, paper, admin)
    assert job.state == "done" and job.edition.pages.count() == 2
    assert (job.pages_done, job.pages_total) == (2, 2)
    assert job.report[0].startswith("2 pages")
    assert job.started_at and job.finished_at and job.created_by == admin


def test_the_staged_files_are_named_by_the_job_kept_private_and_removed(
    files, paper, admin, settings
):
    """The upload's names are only shown, never used as paths; the folder is outside
    MEDIA_ROOT and emptied when the job ends."""
    hostile = [("../../etc/passwd.pdf", files[0][1]), ("../x/..//02.pdf", files[1][1])]
    job = _create(hostile, paper, admin)
    assert [f["path"] for f in job.files] == [f"{job.pk}/001.pdf", f"{job.pk}/002.pdf"]
    assert [f["name"] for f in job.files] == ["passwd.pdf", "02.pdf"]
    staging = Path(settings.NEWSPAPER_INGEST_STAGING_ROOT)
    assert Path(settings.MEDIA_ROOT).resolve() not in staging.resolve().parents
    assert not (staging / str(job.pk)).exists()


def test_a_job_the_service_refuses_fails_with_its_message_and_writes_nothing(files, paper, admin):
    """A draft edition on the date and no "replace": the job fails, saying why."""
    from editions.models import Edition

    Edition.objects.create(publication=paper, date=DAY, number=9001)
    job = _create(files, paper, admin)
    assert job.state == "failed" and "already has a draft edition" in job.error
    assert Edition.objects.get().pages.count() == 0
    status = job_status(job)
    assert status["finished"] and status["review"] is None
    assert "nothing was written" in status["text"]


def test_a_job_running_past_the_timeout_is_shown_as_failed(paper, admin, client, settings):
    """Its process died: the status says so instead of "running" for ever."""
    settings.NEWSPAPER_INGEST_JOB_TIMEOUT = 60
    old = timezone.now() - datetime.timedelta(seconds=120)
    job = IngestJob.objects.create(
        publication=paper, date=DAY, number=1, state="running", started_at=old
    )
    fresh = IngestJob.objects.create(
        publication=paper, date=DAY, number=2, state="running", started_at=timezone.now()
    )
    client.force_login(admin)
    status = client.get(f"/admin/ingest/jobs/{job.pk}/status/").json()
    assert status["state"] == "failed" and "did not finish" in status["error"]
    fresh.refresh_from_db()
    assert fresh.state == "running"


def test_a_running_job_shows_the_page_it_is_on(paper, admin):
    """第 3/16 版…: the step and counts the progress hook recorded."""
    job = IngestJob.objects.create(
        publication=paper, date=DAY, number=1, state="running", started_at=timezone.now()
    )
    recorder = jobs._Recorder(job.pk)
    recorder.record("read", 2, 16)
    status = job_status(job)
    assert status["text"] == "Reading page 3/16…"
    assert 0 < status["percent"] < 40 and not status["finished"]


def test_the_status_needs_the_uploads_permissions(paper, admin, client, django_user_model):
    """Staff who may not add editions and articles get 403, as on the upload form."""
    job = IngestJob.objects.create(publication=paper, date=DAY, number=1)
    clerk = django_user_model.objects.create_user("clerk", password="pw", is_staff=True)
    client.force_login(clerk)
    assert client.get(f"/admin/ingest/jobs/{job.pk}/").status_code == 403
    assert client.get(f"/admin/ingest/jobs/{job.pk}/status/").status_code == 403


def test_the_status_page_polls_from_a_static_script(paper, admin, client):
    """No inline script: the admin's policy needs none, and the page works under a nonce."""
    job = IngestJob.objects.create(publication=paper, date=DAY, number=1)
    client.force_login(admin)
    html = client.get(f"/admin/ingest/jobs/{job.pk}/").content.decode()
    assert "articles/admin/ingest-job.js" in html
    assert f'data-status-url="/admin/ingest/jobs/{job.pk}/status/"' in html
    assert "<script>" not in html


@pytest.mark.django_db(transaction=True)
def test_a_job_runs_in_a_thread_once_the_upload_commits(files, settings, django_user_model):
    """The real path: the upload's request returns at once, a thread runs the ingest."""
    from editions.models import Publication

    settings.NEWSPAPER_INGEST_INLINE = False
    paper = Publication.objects.create(slug="lyrb", name="辽源日报")
    user = django_user_model.objects.create_superuser("chief", "c@example.com", "pw")
    job = _create(files, paper, user)
    # Wait for the thread itself, not by reading the job meanwhile: the tests' SQLite is an
    # in-memory database in shared-cache mode, where a read at the moment the thread writes
    # fails its write at once ("database table is locked"; a busy timeout does not apply).
    thread = next((t for t in threading.enumerate() if t.name == f"ingest-job-{job.pk}"), None)
    if thread is not None:
        thread.join(timeout=180)
        assert not thread.is_alive(), "the ingest thread did not finish in 180 s"
    job.refresh_from_db()
    assert job.state == "done", job.error
    assert job.edition.pages.count() == 2 and job.edition.articles.exists()


def test_a_marked_region_is_not_read_again_and_replaced_page_files_go(
    files, paper, admin, django_capture_on_commit_callbacks
):
    """--replace after an editor marked a story's region as an advert: the story is not
    made again, the report says so, the mark stays on the new page, and the old pages'
    PDF and images are deleted once the replace commits."""
    from articles.ingest.review import story_mark_advert
    from articles.ingest.services import edition_ingest
    from articles.models import Placement
    from editions.models import PageMark

    edition = edition_ingest(files=files, date=DAY, number=9001, publication=paper).edition
    stories = edition.articles.count()
    placement = Placement.objects.filter(page__edition=edition, page__number=2).first()
    title = placement.article.title
    story_mark_advert(placement=placement, expected_version=placement.article.version, user=admin)
    old = [f for page in edition.pages.all() for f in (page.pdf, page.image)]
    with django_capture_on_commit_callbacks(execute=True):
        report = edition_ingest(files=files, date=DAY, number=9001, publication=paper, replace=True)
    assert edition.articles.count() == stories - 1
    assert not edition.articles.filter(title=title).exists()
    assert report.marked == 1
    assert "1 region kept as an advert or photo, not read as a story." in report.lines()
    mark = PageMark.objects.get()
    assert mark.page.edition == edition and mark.page.number == 2 and mark.created_by == admin
    assert not any(f.storage.exists(f.name) for f in old)
    assert all(p.pdf.storage.exists(p.pdf.name) for p in edition.pages.all())


@pytest.mark.urls("tests.urls_media")
@pytest.mark.django_db(transaction=True)
def test_an_editor_uploads_pdfs_watches_the_job_finish_and_lands_on_the_review(
    editor, files, settings, tmp_path
):
    """In Chromium: the upload form queues the job (run by its thread), the status page
    polls it to done and goes on to the review of page 1, with the report shown there.

    On PostgreSQL the job runs in its thread while the page polls. The SQLite test
    database is in memory, where connections share one cache whose table locks fail at
    once instead of waiting, and the live server shares the test's connection: there the
    job runs inline in the upload's request and the status page finds it done.
    """
    from django.db import connection

    from editions.models import Edition, Publication

    settings.NEWSPAPER_INGEST_INLINE = connection.vendor == "sqlite"
    paper = Publication.objects.create(slug="lyrb", name="辽源日报")
    paths = []
    for name, data in files:
        path = tmp_path / name
        path.write_bytes(data)
        paths.append(str(path))
    page = editor
    page.goto("/admin/ingest/")
    page.locator("#id_publication").select_option(str(paper.pk))
    page.locator("#id_date").fill("2024-04-02")
    page.locator("#id_number").fill("9001")
    page.locator("#id_files").set_input_files(paths)
    # Inline, the upload's response comes only when the ingest is done.
    with page.expect_navigation(timeout=180_000):
        page.locator("input[type=submit]").click(timeout=180_000)
    if not settings.NEWSPAPER_INGEST_INLINE:
        page.wait_for_url(re.compile(r"/admin/ingest/jobs/\d+/$"))
        assert page.locator("[data-job-bar]").count() == 1
    page.wait_for_url(re.compile(r"/admin/ingest/\d+/1/\?job=\d+$"), timeout=180_000)
    edition = Edition.objects.get(date=DAY)
    assert f"/admin/ingest/{edition.pk}/1/" in page.url
    assert page.locator(".ingest-map a").count() >= 1
    assert page.locator(".messagelist li").first.inner_text().startswith("共2版")
    assert page.js_errors == []
