"""What the e-paper adds for readers: page image renditions, the zoom view, the whole
edition as one PDF, the calendar beside the page, and the site's own error pages."""

import calendar
import datetime
import io
import logging

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Q, Subquery
from django.http import FileResponse, Http404, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.templatetags.static import static
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from articles.printing import page_items
from editions.calendar import WEEKDAYS
from editions.models import Edition, Page
from editions.page_images import FORMATS, RENDITION_WIDTHS, fingerprint, rendition, source_token
from editions.views import month_weeks

logger = logging.getLogger(__name__)

# The most pages a 全部版面 PDF joins: a thick weekend paper, with room to spare.
EDITION_PDF_MAX_PAGES = 200
# What is kept of a rendition's redirect by browsers and CDNs: its URL changes with the image.
RENDITION_MAX_AGE = 365 * 24 * 3600


def edition_calendar(edition: Edition) -> dict:
    """The month of ``edition`` as a calendar of editions, with 前一期/后一期: one query.

    The month's editions and the editions just before and after ``edition`` (which may lie
    in another month) come back together, as dates only.
    """
    first = edition.date.replace(day=1)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    editions = Edition.objects.public().on_site()
    before = editions.filter(date__lt=edition.date).order_by("-date").values("pk")[:1]
    after = editions.filter(date__gt=edition.date).order_by("date").values("pk")[:1]
    dates = set(
        editions.filter(
            Q(date__range=(first, last)) | Q(pk=Subquery(before)) | Q(pk=Subquery(after))
        ).values_list("date", flat=True)
    )
    dates.add(edition.date)
    earlier = [d for d in dates if d < edition.date]
    later = [d for d in dates if d > edition.date]
    in_month = {d: d for d in dates if first <= d <= last}
    return {
        "month": first,
        "current": edition.date,
        "weeks": month_weeks(first.year, first.month, in_month),
        "weekday_names": WEEKDAYS,
        "previous_date": max(earlier) if earlier else None,
        "next_date": min(later) if later else None,
    }


@require_safe
def page_rendition(request, pk: int, token: str, width: int, extension: str):
    """One rendition of a page image, made the first time it is asked for, then kept.

    The URL names the page, a token of its current image and the size; a stale or guessed
    token is a 404. The answer is a redirect to the stored file, cacheable for good.
    """
    if width not in RENDITION_WIDTHS or extension not in FORMATS:
        raise Http404("No such rendition.")
    page = Page.objects.filter(pk=pk).only("image").first()
    if page is None or not page.image or source_token(page.image.name) != token:
        raise Http404("No such page image.")
    cached = rendition(page.image, width, extension)
    try:
        cached.generate()  # a no-op once the file exists
    except (OSError, ValueError) as exc:
        logger.warning("Could not make %s: %s", cached.name, exc)
        raise Http404("The page image cannot be read.") from None
    response = HttpResponseRedirect(cached.url)
    patch_cache_control(response, public=True, max_age=RENDITION_MAX_AGE, immutable=True)
    return response


def edition_pdf_name(edition: Edition, pages: list[Page]) -> str:
    """Where the joined PDF of these pages is kept: a new name whenever a page changes."""
    key = fingerprint(*((p.pk, p.number, p.pdf.name, p.updated_at.isoformat()) for p in pages))
    slug = edition.publication.slug
    return f"pages/{slug}/{edition.date:%Y/%m/%d}/{slug}-{edition.date:%Y-%m-%d}-{key}.pdf"


def join_page_pdfs(pages: list[Page]) -> bytes:
    """The page PDFs, in page order, as one PDF (pikepdf)."""
    import pikepdf  # a few MiB that a web worker loads only when a reader asks for the PDF

    joined = pikepdf.Pdf.new()
    for page in pages:
        with page.pdf.open("rb") as handle, pikepdf.Pdf.open(io.BytesIO(handle.read())) as pdf:
            joined.pages.extend(pdf.pages)
    buffer = io.BytesIO()
    joined.save(buffer)
    return buffer.getvalue()


@require_safe
def edition_pdf(request, date: datetime.date):
    """全部版面 PDF: every page PDF of a public edition joined, made once per set of pages.

    Two queries: the edition and its pages. The joined file is kept in storage under a name
    made from the pages' PDFs and change times, so any change to a page makes a new one.
    """
    edition = (
        Edition.objects.public().on_site().select_related("publication").filter(date=date).first()
    )
    if edition is None:
        raise Http404("No edition on that date.")
    pages = [p for p in edition.pages.order_by("number") if p.pdf]
    if not pages or len(pages) > EDITION_PDF_MAX_PAGES:
        raise Http404("This edition has no page PDFs.")
    name = edition_pdf_name(edition, pages)
    import pikepdf  # a few MiB that a web worker loads only when a reader asks for the PDF

    try:
        if not default_storage.exists(name):
            default_storage.save(name, ContentFile(join_page_pdfs(pages)))
        handle = default_storage.open(name, "rb")
    except (OSError, pikepdf.PdfError) as exc:
        logger.warning("Could not join the page PDFs of %s: %s", edition, exc)
        raise Http404("The page PDFs cannot be joined.") from None
    filename = f"{edition.publication.slug}-{edition.date:%Y-%m-%d}.pdf"
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type="application/pdf"
    )
    patch_cache_control(response, public=True, max_age=300)
    return response


class PageZoomView(TemplateView):
    """放大阅读: one page image at its largest, to pan and zoom (scrolls without JavaScript)."""

    template_name = "editions/page_zoom.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        edition = (
            Edition.objects.public()
            .on_site()
            .select_related("publication")
            .filter(date=kwargs["date"])
            .first()
        )
        if edition is None:
            raise Http404("No edition on that date.")
        page = edition.pages.filter(number=kwargs["number"]).first()
        if page is None or not page.has_map:
            raise Http404("No page image.")
        context.update(
            edition=edition,
            page=page,
            items=page_items(page, timezone.now()),
        )
        return context


@require_safe
def favicon(request):
    """/favicon.ico, which browsers and feed readers ask for whatever the page links."""
    return HttpResponsePermanentRedirect(static("icons/favicon.ico"))
