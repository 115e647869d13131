"""Ingest jobs: the admin's upload of the night's PDFs read into a draft edition off the
request, with its progress for the status page.

``ingest_job_create`` stages the uploaded PDFs in private storage (a folder outside
MEDIA_ROOT, ``NEWSPAPER_INGEST_STAGING_ROOT``; the files are named by the job, never by
the upload) and queues an ``IngestJob``; once that commits, a thread runs
``ingest_job_run``: ``edition_ingest`` on the staged files, recording each step, then the
report or the error, and deletes the staged files.

Why a thread, not a task queue: the project runs no broker or worker (no Celery), and an
ingest is a minute at most. The trade-off: a thread lives in the web process that took the
upload, so a restarted or killed worker (a deploy, gunicorn's ``max_requests``, an OOM
kill) loses its job. Nothing half-written is left, since the ingest is one transaction, but
the job would say "running" for ever: a job queued or started longer ago than
``NEWSPAPER_INGEST_JOB_TIMEOUT`` is shown as failed (``ingest_jobs_fail_stale``). The
staged files live on that machine's disk, so the job must run where the upload landed,
which a thread does. With ``NEWSPAPER_INGEST_INLINE`` the job runs in the request.

Progress: the pages are read outside the ingest's transaction, where the job row is
updated as it goes; rendering and writing run inside it, where an update of the row would
only be seen at the commit (and could not be written at all beside SQLite's lock), so the
current step is also kept in the cache, which the status page reads first. With a cache
shared by the workers (Redis) every worker sees it; with a per-process cache a poll served
by another worker shows the last step written to the row.
"""

import datetime
import logging
import shutil
import threading
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.files import File
from django.core.files.storage import FileSystemStorage
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from editions.models import Publication

from ..models import IngestJob, IngestJobState
from .pdf import IngestRefused
from .services import edition_ingest

logger = logging.getLogger(__name__)

STEPS = ("read", "render", "write")


def staging_storage() -> FileSystemStorage:
    """Where uploads wait for their job: private, never under MEDIA_ROOT, never served."""
    return FileSystemStorage(location=settings.NEWSPAPER_INGEST_STAGING_ROOT, base_url=None)


def _progress_key(job_id: int) -> str:
    return f"ingest-job:{job_id}:progress"


def ingest_job_create(
    *,
    files: list[tuple[str, File]],
    publication: Publication,
    date: datetime.date,
    number: int,
    replace: bool,
    user,
) -> IngestJob:
    """Stage the PDFs (in page order) and queue their ingest; it starts once this commits."""
    storage = staging_storage()
    with transaction.atomic():
        job = IngestJob.objects.create(
            publication=publication,
            date=date,
            number=number,
            replace=replace,
            created_by=user,
        )
        staged = []
        try:
            for index, (name, content) in enumerate(files, start=1):
                path = storage.save(f"{job.pk}/{index:03d}.pdf", content)
                staged.append({"name": Path(name).name[:100], "path": path})
        except BaseException:
            _unstage(job.pk)
            raise
        job.files = staged
        job.save(update_fields=["files"])
    if settings.NEWSPAPER_INGEST_INLINE:
        ingest_job_run(job_id=job.pk)
        job.refresh_from_db()
    else:
        transaction.on_commit(lambda: _start_thread(job.pk))
    return job


def _start_thread(job_id: int) -> None:
    thread = threading.Thread(
        target=_thread_main, args=(job_id,), name=f"ingest-job-{job_id}", daemon=True
    )
    thread.start()


def _thread_main(job_id: int) -> None:
    try:
        ingest_job_run(job_id=job_id)
    finally:
        connection.close()  # the thread's own connection, opened by the job


class _Recorder:
    """The ingest's progress hook: each step's items counted into the job and the cache."""

    def __init__(self, job_id: int):
        self.job_id = job_id

    def __call__(self, items, step: str):
        items = list(items)
        total = len(items)
        for done, item in enumerate(items):
            self.record(step, done, total)
            yield item
        self.record(step, total, total)

    def record(self, step: str, done: int, total: int) -> None:
        values = {"step": step, "pages_done": done, "pages_total": total}
        cache.set(_progress_key(self.job_id), values, settings.NEWSPAPER_INGEST_JOB_TIMEOUT)
        if not connection.in_atomic_block:
            IngestJob.objects.filter(pk=self.job_id).update(**values)


def ingest_job_run(*, job_id: int) -> None:
    """Run a queued job: the ingest of its staged files, then its report or its error."""
    claimed = IngestJob.objects.filter(pk=job_id, state=IngestJobState.QUEUED).update(
        state=IngestJobState.RUNNING, started_at=timezone.now(), step="read"
    )
    if not claimed:
        return  # run already, or given up as stale
    job = IngestJob.objects.select_related("publication").get(pk=job_id)
    storage = staging_storage()
    outcome: dict = {}
    try:
        files = []
        for staged in job.files:
            with storage.open(staged["path"], "rb") as handle:
                files.append((staged["name"], handle.read()))
        report = edition_ingest(
            files=files,
            date=job.date,
            number=job.number,
            publication=job.publication,
            replace=job.replace,
            progress=_Recorder(job_id),
        )
    except IngestRefused as refused:
        outcome = {"state": IngestJobState.FAILED, "error": "\n".join(refused.messages)}
    except Exception as error:  # the job must end, whatever went wrong, and say so
        logger.exception("Ingest job %s failed", job_id)
        outcome = {
            "state": IngestJobState.FAILED,
            "error": _(
                "The ingest stopped on an unexpected error (%(error)s); nothing was written."
            )
            % {"error": type(error).__name__},
        }
    else:
        outcome = {
            "state": IngestJobState.DONE,
            "edition": report.edition,
            "report": report.lines(),
            "pages_done": report.pages,
            "pages_total": report.pages,
        }
    finally:
        _unstage(job_id)
        cache.delete(_progress_key(job_id))
    # A job given up as stale that finishes after all says what really happened.
    IngestJob.objects.filter(pk=job_id).update(finished_at=timezone.now(), **outcome)


def _unstage(job_id: int) -> None:
    folder = Path(settings.NEWSPAPER_INGEST_STAGING_ROOT) / str(job_id)
    shutil.rmtree(folder, ignore_errors=True)


def ingest_jobs_fail_stale() -> int:
    """Jobs whose process died (queued or running past the timeout) marked failed."""
    before = timezone.now() - datetime.timedelta(seconds=settings.NEWSPAPER_INGEST_JOB_TIMEOUT)
    stale = list(IngestJob.objects.stale(before=before).values_list("pk", flat=True))
    if not stale:
        return 0
    for job_id in stale:
        _unstage(job_id)
    return IngestJob.objects.filter(pk__in=stale).update(
        state=IngestJobState.FAILED,
        finished_at=timezone.now(),
        error=_(
            "The ingest did not finish: the process running it stopped (a restart?). "
            "Nothing was written; upload the pages again."
        ),
    )


def ingest_job_progress(job: IngestJob) -> dict:
    """The job's step and counts: the cache's latest while it runs, else the row's."""
    values = {"step": job.step, "pages_done": job.pages_done, "pages_total": job.pages_total}
    if job.state == IngestJobState.RUNNING:
        values.update(cache.get(_progress_key(job.pk)) or {})
    return values
