"""The editors' side of the ingest: upload the night's PDFs, then review each page.

Two staff views under the admin (``/admin/ingest/``), wrapped by ``admin.site.admin_view``
so they need a staff login, and by a permission check (adding editions and articles):

- **upload**: the date, issue number, publication, several page PDFs at once (in page
  order) and "replace"; the same service as ``ingest_pdf`` (``edition_ingest``) writes the
  draft edition, and its summary is shown as messages, with what a replace overwrote.
- **review**: one page at a time, the page image with each story's region drawn over it,
  beside the fields read from it, each with a link to correct the article in its change
  form (text, byline, status) and to the page's hotspot editor to move, merge or split
  regions, with a status line per page of the edition (its stories, those without a
  region). Nothing is published from here: sign-off goes through the workflow.
- **correct** (POST only, staff who may change articles): drop a false story, mark a
  region as an advert or photo only, merge two stories or split paragraphs off into a new
  draft, through the services of ``review`` with the versions the editor saw.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from editions.models import Edition, Page, PageMark, PageMarkKind, Publication

from ..models import IngestJob, Placement
from ..services import StaleEdit
from .job_views import status_json, status_page
from .jobs import ingest_job_create
from .pdf import MAX_PAGES, IngestRefused, pdf_max_bytes
from .permissions import check_ingest_permission
from .reader import split_files
from .review import (
    blocks,
    page_mark_remove,
    story_drop,
    story_mark_advert,
    story_merge,
    story_split,
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input, each checked by FileField (Django's documented recipe)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "application/pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class IngestForm(forms.Form):
    publication = forms.ModelChoiceField(
        Publication.objects.all(), label=gettext_lazy("publication")
    )
    date = forms.DateField(label=gettext_lazy("date"), help_text=gettext_lazy("YYYY-MM-DD"))
    number = forms.IntegerField(
        label=gettext_lazy("issue number"), min_value=1, max_value=10_000_000
    )
    files = MultipleFileField(
        label=gettext_lazy("page PDFs"),
        help_text=gettext_lazy("Choose the night's page PDFs, in page order."),
    )
    replace = forms.BooleanField(
        label=gettext_lazy("replace the date's draft edition"), required=False
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        if len(files) > MAX_PAGES:
            raise forms.ValidationError(_("At most %(max)d files at once.") % {"max": MAX_PAGES})
        for upload in files:
            if upload.size > pdf_max_bytes():
                raise forms.ValidationError(_("%(name)s is too large.") % {"name": upload.name})
        return files


_check = check_ingest_permission


def upload(request):
    """The upload form; on POST the PDFs are checked, staged and queued as an ingest job,
    and the editor is sent to the job's status page."""
    _check(request)
    initial = {
        "publication": Publication.objects.filter(slug=settings.NEWSPAPER_PUBLICATION).first()
    }
    form = IngestForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        uploads = sorted(data["files"], key=lambda upload: upload.name)
        try:
            # A bad file is refused at once, in the form; the job reads them again.
            split_files([(f.name, _read(f)) for f in uploads])
        except IngestRefused as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            job = ingest_job_create(
                files=[(f.name, f) for f in uploads],
                publication=data["publication"],
                date=data["date"],
                number=data["number"],
                replace=data["replace"],
                user=request.user,
            )
            return redirect(job.get_absolute_url())
    context = {
        **admin.site.each_context(request),
        "title": _("Read page PDFs into a draft edition"),
        "form": form,
    }
    return render(request, "admin/ingest/upload.html", context, status=400 if form.errors else 200)


def _read(upload) -> bytes:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def _paragraph_count(body: str) -> int:
    try:
        return len(blocks(body))
    except ValidationError:
        return 0


def _style(region) -> str:
    return "left:{:.2f}%;top:{:.2f}%;width:{:.2f}%;height:{:.2f}%".format(
        *(100 * v for v in region)
    )


def review(request, edition: int, number: int):
    """One page: its image with the regions read, beside the stories' fields."""
    _check(request)
    edition = get_object_or_404(Edition.objects.select_related("publication"), pk=edition)
    page = get_object_or_404(Page, edition=edition, number=number)
    # A status line per page: its stories, and those still without a region to draw.
    pages = list(
        edition.pages.order_by("number")
        .annotate(
            stories=Count("placements"),
            unplaced=Count("placements", filter=Q(placements__x__isnull=True)),
        )
        .values_list("number", "name", "stories", "unplaced")
    )
    placements = list(page.placements.select_related("article").order_by("position"))
    stories = []
    for placement in placements:
        article = placement.article
        region = placement.region
        stories.append(
            {
                "placement": placement,
                "article": article,
                "style": _style(region) if region else "",
                "change_url": reverse("admin:articles_article_change", args=[article.pk]),
                "paragraphs": _paragraph_count(article.body),
                "jumps": [
                    p.page.number
                    for p in article.placements.select_related("page")
                    if p.page_id != page.pk
                ],
            }
        )
    job_report = []
    if request.GET.get("job", "").isdigit():
        job = IngestJob.objects.filter(pk=int(request.GET["job"]), edition=edition).first()
        job_report = job.report if job is not None else []
    marks = [{"mark": mark, "style": _style(mark.region)} for mark in page.marks.order_by("y", "x")]
    context = {
        **admin.site.each_context(request),
        "title": _("Review %(page)s") % {"page": page},
        "marks": marks,
        "job_report": job_report,
        "edition": edition,
        "page": page,
        "pages": pages,
        "stories": stories,
        "page_change_url": reverse("admin:editions_page_change", args=[page.pk]),
        "correct_url": reverse("ingest-correct", args=[edition.pk, page.number]),
        "can_correct": request.user.has_perm("articles.change_article"),
    }
    return render(request, "admin/ingest/review.html", context)


class CorrectForm(forms.Form):
    """One correction from the review screen; the versions are those the editor saw."""

    action = forms.ChoiceField(
        choices=[(a, a) for a in ("drop", "advert", "image", "merge", "split", "unmark")]
    )
    placement = forms.IntegerField(min_value=1, required=False)
    version = forms.IntegerField(min_value=1, max_value=2_000_000_000, required=False)
    mark = forms.IntegerField(min_value=1, required=False)
    # For a merge: the other story as "placement:version", chosen from a list.
    other = forms.RegexField(r"^\d{1,10}:\d{1,10}$", required=False)
    start = forms.IntegerField(min_value=1, max_value=10_000, required=False)
    end = forms.IntegerField(min_value=1, max_value=10_000, required=False)


@require_POST
def correct(request, edition: int, number: int):
    """Drop, merge, split or mark as an advert a story of the page, then back to review."""
    if not request.user.has_perm("articles.change_article"):
        raise PermissionDenied
    page = get_object_or_404(Page, edition_id=edition, number=number)
    back = redirect("ingest-review", edition=edition, number=number)
    form = CorrectForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The correction was not understood; nothing was changed."))
        return back
    data = form.cleaned_data
    if data["action"] == "unmark":
        mark = get_object_or_404(
            PageMark.objects.select_related("page__edition"), pk=data["mark"] or 0, page=page
        )
        try:
            page_mark_remove(mark=mark)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("The mark was removed: the region is read as a story again.")
            )
        return back
    on_page = Placement.objects.select_related("article__edition").filter(page=page)
    placement = get_object_or_404(on_page, pk=data["placement"] or 0)
    data["version"] = data["version"] or 0
    try:
        if data["action"] == "drop":
            story_drop(placement=placement, expected_version=data["version"])
            messages.success(request, _("The story was dropped."))
        elif data["action"] in ("advert", "image"):
            kind = PageMarkKind.ADVERT if data["action"] == "advert" else PageMarkKind.IMAGE
            story_mark_advert(
                placement=placement,
                expected_version=data["version"],
                user=request.user,
                kind=kind,
            )
            messages.success(
                request,
                _(
                    "The region was marked as an advert or photo: no article, and reading the "
                    "page again will not make one."
                ),
            )
        elif data["action"] == "merge":
            other_pk, other_version = (data["other"] or "0:0").split(":")
            other = get_object_or_404(on_page, pk=int(other_pk))
            versions = {placement.article_id: data["version"], other.article_id: int(other_version)}
            story_merge(first=placement, second=other, versions=versions, user=request.user)
            messages.success(request, _("The two stories were merged."))
        else:
            story_split(
                placement=placement,
                start=data["start"] or 0,
                end=data["end"] or data["start"] or 0,
                expected_version=data["version"],
                user=request.user,
            )
            messages.success(request, _("The paragraphs were split off into a new draft."))
    except StaleEdit as stale:
        messages.error(request, str(stale))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return back


urlpatterns = [
    path("", admin.site.admin_view(upload), name="ingest-upload"),
    path("jobs/<int:job>/", admin.site.admin_view(status_page), name="ingest-job"),
    path("jobs/<int:job>/status/", admin.site.admin_view(status_json), name="ingest-job-status"),
    path(
        "<int:edition>/<int:number>/",
        admin.site.admin_view(review),
        name="ingest-review",
    ),
    path(
        "<int:edition>/<int:number>/correct/",
        admin.site.admin_view(correct),
        name="ingest-correct",
    ),
]
