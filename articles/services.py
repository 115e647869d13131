"""Writes: importing and exporting edition bundles, and editing an article.

Each is one plain function, keyword-only, typed and atomic, called by the management
commands (and by anything else that needs it), so there is one way to do each thing.
"""

import logging
from collections.abc import Callable, Iterable
from pathlib import Path

import reversion
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from editions import changes, page_images, rendering
from editions.models import Edition, Page, Publication
from editions.regions import region_fields
from editions.services import EAGER_RENDITIONS, RENDERING_ERRORS

from .bundles import BundleData, BundleError
from .bundles.data import StagedFile
from .bundles.staging import Staging, recover_abandoned
from .models import (
    COPY_FIELDS,
    Article,
    ArticleAuthor,
    ArticleImage,
    ArticleStatus,
    Author,
    Placement,
    Section,
    credits_prefetch,
    images_prefetch,
    placements_prefetch,
)
from .sanitize import text_to_html
from .search import deferred_indexing

logger = logging.getLogger(__name__)

Progress = Callable[[Iterable], Iterable]


def _no_progress(items: Iterable) -> Iterable:
    return items


def edition_import(
    *, path: str | Path, replace: bool = False, progress: Progress = _no_progress
) -> Edition:
    """Import a bundle as one transaction: every error refuses it whole, nothing is written.

    ``replace`` first deletes the publication's edition of the same date with its pages and
    articles. ``progress`` wraps the article loop (a progress bar in the command). Files go
    to a staging folder and into place only when the transaction commits, so a refused,
    failed or killed import leaves no file behind; a killed one's folder is removed here,
    at the next import's start.
    """
    from .bundles.reader import read_bundle  # pydantic and PDFium: not in the web worker

    recover_abandoned()
    staging = Staging()
    outermost = not transaction.get_connection().in_atomic_block
    try:
        with transaction.atomic():
            bundle = read_bundle(path, staging=staging)
            # Every article the import writes starts its history with a revision (each added
            # once, with its credits, images and placements, rather than on every row's
            # save); the search index and the site's version follow the import once, at its
            # end, not once per row written.
            with (
                reversion.create_revision(manage_manually=True),
                deferred_indexing(),
                changes.batched(),
            ):
                reversion.set_comment(f"import_edition {Path(path).name}")
                edition = _write_bundle(bundle, staging, replace=replace, progress=progress)
                # What the revision follows (credits, images, placements), with what their
                # names show (author, page), in four queries.
                followed = (credits_prefetch(), images_prefetch(), placements_prefetch())
                for article in edition.articles.prefetch_related(*followed):
                    reversion.add_to_revision(article)
            staging.commit_on_success(outermost=outermost)
            if outermost:
                transaction.on_commit(lambda: _page_renditions(edition))
        if not outermost:
            staging.commit()
            _page_renditions(edition)
    except BaseException:
        staging.discard()
        raise
    return edition


def _write_bundle(
    bundle: BundleData, staging: Staging, *, replace: bool, progress: Progress
) -> Edition:
    publication = Publication.objects.filter(slug=bundle.publication["slug"]).first()
    if publication is None:
        # An import creates a missing publication but never changes an existing masthead.
        publication = Publication.objects.create(**bundle.publication)

    existing = Edition.objects.filter(publication=publication, date=bundle.date).first()
    errors = []
    if existing is not None and not replace:
        errors.append(
            f"edition.date: {publication.slug} already has an edition on {bundle.date}; "
            "use --replace to replace it"
        )
    clash = (
        Edition.objects.filter(publication=publication, number=bundle.number)
        .exclude(date=bundle.date)
        .first()
    )
    if clash is not None:
        errors.append(
            f"edition.number: {publication.slug} already has issue {bundle.number}, on {clash.date}"
        )
    if errors:
        raise BundleError(errors)
    if existing is not None:
        existing.delete()

    edition = Edition.objects.create(
        publication=publication,
        date=bundle.date,
        number=bundle.number,
        status=bundle.status,
        publish_at=bundle.publish_at or timezone.now(),
    )
    pages: dict[int, Page] = {}
    for data in bundle.pages:
        page = Page(edition=edition, number=data.number, name=data.name, editor=data.editor)
        try:
            _page_files(page, data, staging)
        except RENDERING_ERRORS as exc:
            raise BundleError(
                [f"page {data.number}: the page image could not be made ({exc})"]
            ) from None
        page.save()
        pages[data.number] = page

    sections = {s.name: s for s in Section.objects.all()}
    authors = {a.name: a for a in Author.objects.all()}
    for data in progress(bundle.articles):
        section = None
        if data.section:
            section = sections.get(data.section)
            if section is None:
                section = sections[data.section] = Section.objects.create(name=data.section)
        body = text_to_html(data.body_text) if data.body_text is not None else data.body_html
        article = Article.objects.create(
            edition=edition,
            section=section,
            genre=data.genre,
            kicker=data.kicker,
            title=data.title,
            subtitle=data.subtitle,
            highlights="\n".join(data.highlights),
            byline=data.byline,
            dateline=data.dateline,
            source=data.source,
            body=body,
            status=data.status,
            publish_at=data.publish_at,
        )
        for position, (name, role) in enumerate(data.authors, start=1):
            author = authors.get(name)
            if author is None:
                author = authors[name] = Author.objects.create(name=name, role=role)
            ArticleAuthor.objects.create(
                article=article, author=author, role=role, position=position
            )
        for placement in data.placements:
            Placement.objects.create(
                article=article,
                page=pages[placement.page],
                position=placement.order,
                **region_fields(placement.region),
            )
        for position, image in enumerate(data.images, start=1):
            article_image = ArticleImage(
                article=article, caption=image.caption, credit=image.credit, position=position
            )
            # Named by the article and the sniffed type, never by the bundle.
            _place(article_image, "image", image.file, f"{article.pk}-{position}", staging)
            article_image.save()
    return edition


def _place(instance, field_name: str, staged: StagedFile, stem: str, staging: Staging) -> None:
    """Point ``instance.field_name`` at the name ``staged`` will have once the import commits."""
    field = instance._meta.get_field(field_name)
    name = field.generate_filename(instance, f"{stem}{staged.extension}")
    getattr(instance, field_name).name = staging.place(staged.path, name)


def _page_files(page: Page, data, staging: Staging) -> None:
    """A page's files and the images made from them, all staged.

    The page image rendered from a PDF that comes alone, as ``editions.services.
    page_images_update`` renders it for the admin, made from the staged bytes since the files
    are not in storage before the commit; its renditions follow once they are.
    """
    prefix = f"{page.number:02d}"
    image = data.image
    if data.pdf:
        _place(page, "pdf", data.pdf, prefix, staging)
        if image is None:
            rendered = rendering.render_pdf_page(str(data.pdf.path))
            image = StagedFile(staging.stage(rendered.data, ".jpg"), ".jpg")
    if image is None:
        return
    _place(page, "image", image, prefix, staging)
    with image.path.open("rb") as handle:
        page.image_width, page.image_height = rendering.image_size(handle)


def _page_renditions(edition: Edition) -> None:
    """The renditions ``page_images_update`` makes at once, made once the files are in place."""
    for page in edition.pages.exclude(image=""):
        try:
            page_images.make_renditions(page.image, EAGER_RENDITIONS)
        except RENDERING_ERRORS:
            # Not fatal: a missing rendition is made the first time a browser asks for it.
            logger.warning("Could not make the renditions of %s", page.image.name)


# --- editing an article ---------------------------------------------------------------------


class StaleEdit(Exception):
    """A save from a copy of the article older than the stored one."""

    def __init__(self, current: Article):
        self.current = current
        who = (
            current.updated_by.get_full_name() or current.updated_by.get_username()
            if current.updated_by
            else gettext("someone")
        )
        when = date_format(timezone.localtime(current.updated_at), "Y-m-d H:i:s")
        super().__init__(
            gettext(
                "%(who)s saved this article at %(when)s, after you opened it. Your text "
                "was not saved and is shown below; compare it with the saved version "
                "(history), then save again to keep yours."
            )
            % {"who": who, "when": when}
        )


def article_lock(*, article: Article, expected_version: int | None) -> int:
    """Lock ``article``'s row until the transaction ends and return its stored version.

    With ``expected_version`` given, a stored version that differs raises ``StaleEdit``:
    someone saved after the editor opened the article.
    """
    current = (
        Article.objects.select_for_update(of=("self",))
        .select_related("updated_by")
        .only("version", "updated_at", "updated_by__username", "updated_by__first_name")
        .get(pk=article.pk)
    )
    if expected_version is not None and expected_version != current.version:
        raise StaleEdit(current)
    return current.version


def _check_publish_time(*, article: Article, user, publish_at) -> None:
    """A publish time in 1900–2100; and a signed-off article's is the duty chief's to move."""
    if publish_at is not None:
        Article._meta.get_field("publish_at").run_validators(publish_at)
    current = Article.objects.values_list("status", "publish_at").get(pk=article.pk)
    status, before = current
    if (
        status == ArticleStatus.PUBLISHED
        and publish_at != before
        and not (user is not None and user.has_perm("articles.publish_article"))
    ):
        raise PermissionDenied(gettext("Only the duty chief editor moves a signed-off article."))


@transaction.atomic
def article_update(
    *, article: Article, user, data: dict[str, object], expected_version: int | None
) -> Article:
    """Set ``data`` on ``article`` and save it as ``user``, one version up.

    The one place an article's version moves: the admin form, the workflow steps and a
    restore all come through here. ``expected_version`` is the version the editor's copy
    was made from (a stale one raises ``StaleEdit``); None is for steps that act on the
    row as it is. A change that touches no copy field saves only the fields it names, so
    the search document is left as it is.
    """
    version = article_lock(article=article, expected_version=expected_version)
    if "publish_at" in data:
        _check_publish_time(article=article, user=user, publish_at=data["publish_at"])
    for field, value in data.items():
        setattr(article, field, value)
    article.updated_by = user
    article.version = version + 1
    copy_changed = any(field in COPY_FIELDS or field == "section_id" for field in data)
    update_fields = None if copy_changed else [*data, "updated_by", "version", "updated_at"]
    article.save(update_fields=update_fields)
    return article
