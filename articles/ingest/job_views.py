"""The status of an ingest job in the admin: a page that polls a JSON view every second.

Staff with the upload's permissions only (``admin_views._check``). The page is plain HTML
with a progress bar; ``articles/admin/ingest-job.js`` (a static file, as the admin's CSP
wants) fetches the JSON and updates it, and on success goes to the review of page 1.
"""

from django.contrib import admin
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from ..models import IngestJob, IngestJobState
from .jobs import ingest_job_progress, ingest_jobs_fail_stale
from .permissions import check_ingest_permission

STEP_TEXT = {
    # 第 3/16 版…: the page being read (or rendered) of the pages in all.
    "read": gettext_lazy("Reading page %(page)d/%(total)d…"),
    "render": gettext_lazy("Making the image of page %(page)d/%(total)d…"),
    "write": gettext_lazy("Writing story %(page)d/%(total)d…"),
}
# How far each step takes the bar: reading, rendering and writing in turn.
STEP_SPAN = {"read": (0, 40), "render": (40, 85), "write": (85, 100)}


def job_status(job: IngestJob) -> dict:
    """What the status page shows of ``job``, as the JSON view sends it."""
    progress = ingest_job_progress(job)
    step, done, total = progress["step"], progress["pages_done"], progress["pages_total"]
    review = None
    if job.state == IngestJobState.DONE and job.edition_id:
        first = job.edition.pages.order_by("number").values_list("number", flat=True).first()
        if first is not None:
            review = reverse("ingest-review", args=[job.edition_id, first]) + f"?job={job.pk}"
    if job.state == IngestJobState.QUEUED:
        text, percent = _("Waiting to start…"), 0
    elif job.state == IngestJobState.RUNNING and step in STEP_TEXT and total:
        text = str(STEP_TEXT[step]) % {"page": min(done + 1, total), "total": total}
        low, high = STEP_SPAN[step]
        percent = low + (high - low) * done // total
    elif job.state == IngestJobState.RUNNING:
        text, percent = _("Reading the pages…"), 0
    elif job.state == IngestJobState.DONE:
        text, percent = _("Done: the draft edition is ready for review."), 100
    else:
        text, percent = _("The ingest failed; nothing was written."), 0
    return {
        "state": job.state,
        "finished": job.finished,
        "text": text,
        "percent": percent,
        "error": job.error,
        "report": job.report,
        "review": review,
    }


def _job(request, job: int) -> IngestJob:
    check_ingest_permission(request)
    ingest_jobs_fail_stale()
    # Only the job's own row: a poll reads no table the running ingest is writing.
    return get_object_or_404(IngestJob, pk=job)


@never_cache
def status_page(request, job: int):
    """The job's progress bar, state and (once finished) report or error."""
    job = _job(request, job)
    context = {
        **admin.site.each_context(request),
        "title": _("Reading page PDFs into a draft edition"),
        "job": job,
        "status": job_status(job),
        "status_url": reverse("ingest-job-status", args=[job.pk]),
    }
    return render(request, "admin/ingest/job.html", context)


@never_cache
def status_json(request, job: int):
    """The job's state as JSON, for the status page's poll."""
    return JsonResponse(job_status(_job(request, job)))
