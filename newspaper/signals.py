"""Every change a reader could see moves the site's version (``newspaper/caching.py``).

Saves and deletes of articles, their credits, images, placements (regions) and
corrections, of editions and pages (files, names), of sections, authors and the
publication itself: the admin, the services, an import or code, whoever makes them. A
queryset ``update()`` sends no signal; the code that uses one on public data (a rename's
``updated_at``) runs inside a save that does. The state is also rechecked every
``NEWSPAPER_CACHE_STATE_SECONDS``, which bounds what a change made in a shell can miss.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from articles.models import (
    Article,
    ArticleAuthor,
    ArticleImage,
    Author,
    Correction,
    Placement,
    Section,
)
from articles.search.index import index_rebuilt
from editions import changes
from editions.models import Edition, Page, Publication

from .caching import content_changed, move_version


def _edition_id(instance) -> int | None:
    """The edition a changed row belongs to, when the row knows it without a query (an
    import writes hundreds of rows; the site's own publication is moved in any case)."""
    if isinstance(instance, Edition):
        return instance.pk
    if isinstance(instance, Article | Page):
        return instance.edition_id
    cached = instance._state.fields_cache
    parent = cached.get("page") or cached.get("article")
    return getattr(parent, "edition_id", None)


@receiver(post_save, sender=Article, dispatch_uid="cache_article_saved")
@receiver(post_delete, sender=Article, dispatch_uid="cache_article_deleted")
@receiver(post_save, sender=ArticleAuthor, dispatch_uid="cache_credit_saved")
@receiver(post_delete, sender=ArticleAuthor, dispatch_uid="cache_credit_deleted")
@receiver(post_save, sender=ArticleImage, dispatch_uid="cache_image_saved")
@receiver(post_delete, sender=ArticleImage, dispatch_uid="cache_image_deleted")
@receiver(post_save, sender=Placement, dispatch_uid="cache_placement_saved")
@receiver(post_delete, sender=Placement, dispatch_uid="cache_placement_deleted")
@receiver(post_save, sender=Correction, dispatch_uid="cache_correction_saved")
@receiver(post_delete, sender=Correction, dispatch_uid="cache_correction_deleted")
@receiver(post_save, sender=Edition, dispatch_uid="cache_edition_saved")
@receiver(post_delete, sender=Edition, dispatch_uid="cache_edition_deleted")
@receiver(post_save, sender=Page, dispatch_uid="cache_page_saved")
@receiver(post_delete, sender=Page, dispatch_uid="cache_page_deleted")
def content_row_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    content_changed(edition_id=_edition_id(instance))


@receiver(post_save, sender=Section, dispatch_uid="cache_section_saved")
@receiver(post_delete, sender=Section, dispatch_uid="cache_section_deleted")
@receiver(post_save, sender=Author, dispatch_uid="cache_author_saved")
@receiver(post_delete, sender=Author, dispatch_uid="cache_author_deleted")
@receiver(post_save, sender=Publication, dispatch_uid="cache_publication_saved")
@receiver(post_delete, sender=Publication, dispatch_uid="cache_publication_deleted")
def name_changed(sender, instance, raw=False, **kwargs):
    """Section names are in every page's navigation, author names in bylines."""
    if not raw:
        content_changed()


@receiver(index_rebuilt, dispatch_uid="cache_search_index_rebuilt")
def search_index_rebuilt(sender, **kwargs):
    """A rebuilt index may find other articles: cached result counts must not outlive it."""
    content_changed()


@receiver(changes.batch_ended, dispatch_uid="cache_batch_ended")
def batch_ended(sender, edition_ids, **kwargs):
    """An import's rows, as one change."""
    move_version(set(edition_ids) - {None})
