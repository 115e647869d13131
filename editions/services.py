"""Writes on pages: the e-paper images made from a page's PDF or image.

Called by the admin (a page's form, an edition's page rows), by bundle imports and by the
``render_pages`` command, so a page's images are made one way whatever brought its files.
"""

import datetime
import logging

from django.core.files.base import ContentFile
from django.db import transaction

from . import page_images, rendering
from .models import Edition, Page, Publication, PublishStatus

logger = logging.getLogger(__name__)

# Made as soon as the page image is saved: what the admin and the page strip show at once.
# Every other rendition is made the first time a browser asks for it.
EAGER_RENDITIONS = [
    (page_images.READING_WIDTH, "jpg"),
    (page_images.THUMBNAIL_WIDTH, "jpg"),
]
# What a file that passed the upload checks may still raise while it is rendered or scaled:
# pypdfium2's PdfiumError is a RuntimeError and Pillow's UnidentifiedImageError an OSError
# (tests/test_worker_memory.py pins both), named by their bases so that defining this does
# not load PDFium into every web worker.
RENDERING_ERRORS = (RuntimeError, OSError, ValueError)


def _replace(page: Page, field_name: str, name: str, data: bytes | None, stale: list) -> None:
    """Put ``data`` in the file field (or empty it), remembering the file it replaces."""
    field_file = getattr(page, field_name)
    if field_file.name:
        stale.append((field_file.storage, field_file.name))
    if data is None:
        setattr(page, field_name, "")
    else:
        field_file.save(name, ContentFile(data), save=False)


def _delete_files(files: list, renditions_of: list) -> None:
    for storage, name in files:
        try:
            storage.delete(name)
        except OSError:
            logger.warning("Could not delete the replaced page file %s", name)
    for storage, name in renditions_of:
        page_images.delete_renditions(storage, name)


def page_files_delete_on_commit(*, pages: list[Page]) -> None:
    """Delete the pages' PDF and image files (with the image's renditions) once the
    transaction commits: for pages being deleted and replaced, whose files nothing else
    names (an ingest's ``--replace``). A rollback keeps them."""
    files, renditions_of = [], []
    for page in pages:
        if page.pdf:
            files.append((page.pdf.storage, page.pdf.name))
        if page.image:
            files.append((page.image.storage, page.image.name))
            renditions_of.append((page.image.storage, page.image.name))
    if files:
        transaction.on_commit(lambda: _delete_files(files, renditions_of))


@transaction.atomic
def page_images_update(
    *, page: Page, pdf_changed: bool = False, image_changed: bool = False, force: bool = False
) -> Page:
    """Make a saved page's e-paper images after its PDF or image changed.

    A new PDF (without a new image beside it) is rendered to the page image with PDFium;
    a new or rendered page image gives its size and its reading-size and thumbnail
    renditions (``editions.page_images``; the other widths are made on first request).
    A page whose image was removed loses them. ``force`` remakes them from what the page
    has (the ``render_pages`` command). Replaced files and their renditions are deleted once
    the transaction commits.
    """
    stale: list = []
    old_image = (page.image.storage, page.image.name) if page.image else None
    prefix = f"{page.number:02d}"
    if page.pdf and ((pdf_changed and not image_changed) or (force and not page.image)):
        with page.pdf.open("rb") as pdf:
            rendered = rendering.render_pdf_page(pdf)
        _replace(page, "image", f"{prefix}.jpg", rendered.data, stale)
        image_changed = True
    renditions_of = []
    if page.image and (image_changed or force or not page.image_width):
        with page.image.open("rb") as image:
            width, height = rendering.image_size(image)
        page.image_width, page.image_height = width, height
        # The renditions are named after the page image: a replaced image leaves its own
        # renditions behind, deleted with it once the transaction commits.
        page_images.make_renditions(page.image, EAGER_RENDITIONS)
        if old_image and old_image[1] != page.image.name:
            renditions_of.append(old_image)
    elif not page.image:
        if old_image:
            renditions_of.append(old_image)
        page.image_width = page.image_height = None
    page.save(update_fields=["image", "image_width", "image_height", "updated_at"])
    transaction.on_commit(lambda: _delete_files(stale, renditions_of))
    return page


# --- the next edition (新建下一期) --------------------------------------------------------


def next_publishing_day(*, publication: Publication, after: datetime.date) -> datetime.date:
    """The day after ``after`` on which the paper comes out.

    The publishing weekdays are read from the last four weeks of editions: a paper that
    has not appeared on a Sunday in four weeks of daily issues skips Sundays. With too
    few editions to tell, every day is a publishing day.
    """
    recent = Edition.objects.filter(
        publication=publication, date__gt=after - datetime.timedelta(days=28), date__lte=after
    ).values_list("date", flat=True)
    weekdays = {day.weekday() for day in recent}
    if len(recent) < 8 or not weekdays:
        weekdays = set(range(7))
    day = after + datetime.timedelta(days=1)
    while day.weekday() not in weekdays:
        day += datetime.timedelta(days=1)
    return day


@transaction.atomic
def edition_create_next(*, publication: Publication) -> Edition:
    """Create the publication's next edition from its latest one, as a draft.

    Its date is the next publishing day, its number one more than the highest, its
    publish time the latest's moved by as many days, and it has the same pages: numbers,
    names and 责任编辑 (no files). Refused (ValueError) when the publication has no edition.
    """
    Publication.objects.select_for_update().filter(pk=publication.pk).exists()
    latest = Edition.objects.filter(publication=publication).order_by("-date").first()
    if latest is None:
        raise ValueError("no edition to follow")
    day = next_publishing_day(publication=publication, after=latest.date)
    highest = (
        Edition.objects.filter(publication=publication)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    edition = Edition.objects.create(
        publication=publication,
        date=day,
        number=highest + 1,
        status=PublishStatus.DRAFT,
        publish_at=latest.publish_at + (day - latest.date),
    )
    Page.objects.bulk_create(
        Page(edition=edition, number=page.number, name=page.name, editor=page.editor)
        for page in latest.pages.order_by("number")
    )
    return edition
