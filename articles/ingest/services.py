"""Writes: the night's page PDFs into a draft edition, one transaction.

``edition_ingest`` reads every file first (``reader``): a file that is refused refuses the
whole ingest and nothing is written. Then it creates (or, with ``replace``, re-reads into)
a **draft** edition: its pages with the PDF stored and the page images rendered the way
every page PDF is (``editions.services.page_images_update``), and one draft article per
story with its placements and regions. Nothing becomes public: the edition and every
article are drafts until the editors sign them off through the workflow.

Re-ingesting a draft edition keeps what the editors did: each article remembers what the
ingest read into it (its latest revision commented ``ingest_pdf``). A story read exactly as
before keeps its article as the editors left it (only its placements are renewed); a story
whose text changed on the page overwrites its article, and the report names it, saying
whether editors' changes were lost; an article whose story is gone is removed and named.
A story whose region an editor marked as an advert or a photo (``editions.PageMark``) is
not read again (``marks``); the marks move to the new pages, and the replaced pages' files
are deleted once the transaction commits. ``dry_run`` reports all that without writing.
"""

import datetime
import io
from collections.abc import Callable, Iterable, Sequence

import reversion
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image

from editions import changes
from editions.models import Edition, Page, PageMark, Publication, PublishStatus, page_label
from editions.regions import region_fields
from editions.services import RENDERING_ERRORS, page_files_delete_on_commit, page_images_update

from ..models import (
    Article,
    ArticleAuthor,
    ArticleImage,
    ArticleStatus,
    Author,
    Genre,
    Placement,
    Section,
)
from ..search import deferred_indexing
from .layout import StoryReading
from .marks import drop_marked
from .pdf import IngestRefused
from .plan import REVISION_COMMENT, IngestReport, _clean, _plan, story_fields
from .reader import read_edition

__all__ = ["REVISION_COMMENT", "IngestReport", "Progress", "edition_ingest", "story_fields"]

# A progress hook wraps each long loop: ``progress(items, step)`` yields the items, told
# which step they are ("read" and "render": the pages; "write": the stories). The command
# draws a bar with it, an ingest job records it for the admin's status page.
Progress = Callable[[Sequence, str], Iterable]


def _no_progress(items: Sequence, step: str) -> Iterable:
    return items


def _genre(story: StoryReading) -> str:
    if story.boxed or "评论员" in story.byline:
        return Genre.COMMENTARY
    if story.images and len(story.body_text) < 200:
        return Genre.PHOTO
    return Genre.NEWS


def _source(story: StoryReading) -> str:
    for text in (story.dateline, story.byline):
        if text.startswith("本报"):
            return "本报"
        if text.startswith("新华社"):
            return "新华社"
        if text.startswith("《") and "》" in text:
            end = text.find("记者")
            return text[:end] if end > 0 else text[: text.index("》") + 1]
    return ""


def edition_ingest(
    *,
    files: list[tuple[str, bytes]],
    date: datetime.date,
    number: int,
    publication: Publication,
    replace: bool = False,
    dry_run: bool = False,
    progress: Progress = _no_progress,
) -> IngestReport:
    """Read page PDFs (in page order) into a draft edition of ``publication`` on ``date``.

    Raises ``IngestRefused`` with the reasons, having written nothing, when a file is bad,
    the date already has an edition that is not a draft (or any signed-off article), or has
    a draft edition and ``replace`` is not given, or ``number`` is another date's issue.
    """
    if not 1 <= number <= 10_000_000:
        raise IngestRefused([_("The issue number must be between 1 and 10,000,000.")])
    reading = read_edition(files, progress=progress)
    with transaction.atomic():
        existing = (
            Edition.objects.select_for_update().filter(publication=publication, date=date).first()
        )
        errors = []
        if existing is not None:
            if (
                existing.status != PublishStatus.DRAFT
                or existing.articles.in_status(
                    ArticleStatus.APPROVED, ArticleStatus.PUBLISHED, ArticleStatus.WITHDRAWN
                ).exists()
            ):
                errors.append(
                    _(
                        "%(publication)s already has an edition on %(date)s that is not a "
                        "draft; an ingest never changes an edition readers may see."
                    )
                    % {"publication": publication, "date": date}
                )
            elif not replace:
                errors.append(
                    _(
                        "%(publication)s already has a draft edition on %(date)s; use --replace "
                        "to read the pages into it again."
                    )
                    % {"publication": publication, "date": date}
                )
        clash = (
            Edition.objects.filter(publication=publication, number=number)
            .exclude(date=date)
            .first()
        )
        if clash is not None:
            errors.append(
                _("%(publication)s already has issue %(number)d, on %(date)s.")
                % {"publication": publication, "number": number, "date": clash.date}
            )
        if errors:
            raise IngestRefused(errors)
        report = IngestReport(pages=len(reading.pages), messages=list(reading.messages))
        # Regions the editors marked as adverts or photos are not read into stories again.
        report.marked = drop_marked(existing, reading)
        plan = _plan(existing, reading, report)
        report.dry_run = dry_run
        if dry_run:
            return report
        # The site's version moves once for the whole edition, not once per row written.
        with reversion.create_revision(), deferred_indexing(), changes.batched():
            reversion.set_comment(f"{REVISION_COMMENT} {date:%Y-%m-%d}")
            report.edition = _write(
                existing, reading, plan, publication, date, number, progress, report
            )
    return report


def _write(existing, reading, plan, publication, date, number, progress, report) -> Edition:
    if existing is None:
        edition = Edition.objects.create(
            publication=publication, date=date, number=number, status=PublishStatus.DRAFT
        )
    else:
        edition = existing
        edition.number = number
        edition.save(update_fields=["number", "updated_at"])
        for article in plan.remove:
            article.delete()
        Placement.objects.filter(page__edition=edition).delete()
        old_pages = list(edition.pages.all())
        # The marks outlive the pages they were drawn on: each goes to the new page of its
        # number. The old pages' files are deleted once the replace commits.
        marks = list(PageMark.objects.filter(page__edition=edition).select_related("page"))
        page_files_delete_on_commit(pages=old_pages)
        for page in old_pages:
            page.delete()
    pages: dict[int, Page] = {}
    pairs = list(zip(reading.pages, reading.page_pdfs, strict=True))
    for page_reading, data in progress(pairs, "render"):
        name = page_reading.name or page_label(page_reading.number)
        if not page_reading.name:
            report.messages.append(
                _("Page %(page)d: no page name was printed; it is called %(name)s for now.")
                % {"page": page_reading.number, "name": name}
            )
        page = Page(edition=edition, number=page_reading.number, name=name[:50])
        page.pdf.save(f"{page_reading.number:02d}.pdf", ContentFile(data), save=False)
        page.save()
        try:
            page_images_update(page=page, pdf_changed=True)
        except RENDERING_ERRORS as exc:
            raise IngestRefused(
                [
                    _("Page %(page)d: the page image could not be made (%(error)s).")
                    % {"page": page_reading.number, "error": exc}
                ]
            ) from None
        pages[page_reading.number] = page
    if existing is not None:
        _keep_marks(marks, pages)
    sections = {s.name: s for s in Section.objects.all()}
    authors = {a.name: a for a in Author.objects.all()}
    for index, story in enumerate(progress(reading.stories, "write")):
        article = plan.keep.get(index)
        if article is None:
            article = plan.update.get(index) or Article(edition=edition)
            values = story_fields(story)
            for name, value in values.items():
                setattr(article, name, value)
            genre = _genre(story)
            section_name = "评论" if genre == Genre.COMMENTARY else pages[story.page].name
            section = sections.get(section_name)
            if section is None:
                section = sections[section_name] = Section.objects.create(name=section_name)
            article.section = section
            article.genre = genre
            article.source = _source(story)[:100]
            article.status = ArticleStatus.DRAFT
            article.save()
            article.credits.all().delete()
            for position, (name, role) in enumerate(story.authors, start=1):
                author = authors.get(name)
                if author is None:
                    author = authors[name] = Author.objects.create(name=name, role=role)
                ArticleAuthor.objects.create(
                    article=article, author=author, role=role, position=position
                )
            article.images.all().delete()
            _images(article, story, pages[story.page])
        placed: set[int] = set()
        for part in [story, *story.continued_on]:
            if part.page in placed:
                continue  # one placement a page: a part on the same page is in the first
            placed.add(part.page)
            Placement.objects.create(
                article=article,
                page=pages[part.page],
                position=part.order,
                **region_fields(part.region),
            )
    return edition


def _keep_marks(marks: list[PageMark], pages: dict[int, Page]) -> None:
    """The replaced pages' marks, as they were, on the new pages of the same numbers."""
    for mark in marks:
        page = pages.get(mark.page.number)
        if page is not None:
            mark.pk, mark.page = None, page
    PageMark.objects.bulk_create([m for m in marks if m.pk is None])


def _images(article: Article, story: StoryReading, page: Page) -> None:
    """The story's photos cut out of the rendered page image, with the caption read."""
    if not story.images or not page.image:
        return
    with page.image.open("rb") as handle, Image.open(handle) as image:
        image.load()
        width, height = image.size
        for position, (x, y, w, h) in enumerate(story.images, start=1):
            box = (int(x * width), int(y * height), int((x + w) * width), int((y + h) * height))
            if box[2] - box[0] < 8 or box[3] - box[1] < 8:
                continue
            buffer = io.BytesIO()
            image.crop(box).convert("RGB").save(buffer, "JPEG", quality=85)
            article_image = ArticleImage(
                article=article,
                caption=_clean(story.caption if position == 1 else ""),
                credit=_clean(story.credit, 100) if position == 1 else "",
                position=position,
            )
            article_image.image.save(
                f"p{page.number:02d}-{position}.jpg", ContentFile(buffer.getvalue()), save=False
            )
            article_image.save()
