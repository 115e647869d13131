"""Signals that keep derived data in step with the articles: bylines' modified times, the
search index, article image renditions, and the audit log of role changes.

A rename of an author or a section changes what readers see of every article it names
(bylines, feed categories), so those articles' ``updated_at`` moves too: feeds' ETags and
Last-Modified, and sitemaps' lastmod, follow it without knowing about authors at all.

The search index (``articles/search/``) follows every save and delete of an article, of
its credited authors and of its images, and every rename of an author, whoever makes the
change: the admin, an import, code. ``Article.save()`` stays free of side effects, as the
house style asks; the trade-off is that a queryset ``update()``, which sends no signal,
leaves the index behind until ``manage.py rebuild_search_index``.

Each change re-indexes its article at once, in the same transaction, a few queries; an
import wraps its writes in ``search.deferred_indexing()`` and re-indexes once at the end.
"""

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from django.utils import timezone

from editions.models import Edition

from . import roles, search
from .models import Article, ArticleAuthor, ArticleImage, Author, Section
from .renditions import delete_renditions, responsive_image


@receiver(post_save, sender=Article, dispatch_uid="search_article_saved")
def article_saved(sender, instance: Article, raw=False, update_fields=None, **kwargs):
    if not raw:
        search.article_saved(instance.pk, update_fields)


@receiver(post_save, sender=Edition, dispatch_uid="articles_edition_published_at")
def edition_saved(sender, instance: Edition, raw=False, **kwargs):
    """The articles that follow the edition's publish time store it as ``published_at``."""
    if not raw:
        Article.objects.follow_edition_time(instance)


@receiver(pre_delete, sender=Article, dispatch_uid="search_article_deleting")
def article_deleting(sender, instance: Article, **kwargs):
    # Its credits and images are deleted first; they must not re-index it on their way out.
    # Its search document goes by the cascade.
    search.article_deleting(instance.pk)


@receiver(post_delete, sender=Article, dispatch_uid="search_article_deleted")
def article_deleted(sender, instance: Article, **kwargs):
    search.article_deleted(instance.pk)


@receiver(post_save, sender=ArticleAuthor, dispatch_uid="search_credit_saved")
@receiver(post_delete, sender=ArticleAuthor, dispatch_uid="search_credit_deleted")
@receiver(post_save, sender=ArticleImage, dispatch_uid="search_image_saved")
@receiver(post_delete, sender=ArticleImage, dispatch_uid="search_image_deleted")
def article_part_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        search.article_changed(instance.article_id)


@receiver(pre_save, sender=Author, dispatch_uid="author_renaming")
@receiver(pre_save, sender=Section, dispatch_uid="section_renaming")
def note_rename(sender, instance, raw=False, **kwargs):
    """Remember whether this save renames an existing author or section."""
    before = None
    if instance.pk and not raw:
        before = sender._default_manager.filter(pk=instance.pk).values_list("name", flat=True)
        before = before.first()
    instance._renamed = before is not None and before != instance.name


@receiver(post_save, sender=Author, dispatch_uid="search_author_saved")
def author_saved(sender, instance: Author, created=False, raw=False, **kwargs):
    if created or raw or not getattr(instance, "_renamed", False):
        return
    articles = Article.objects.filter(credits__author=instance)
    articles.update(updated_at=timezone.now())
    # A rename changes the bylines of all its articles: indexed in chunks, not one by one.
    with search.deferred_indexing():
        for article_id in articles.values_list("pk", flat=True):
            search.article_changed(article_id)


@receiver(post_save, sender=Section, dispatch_uid="section_saved")
def section_saved(sender, instance: Section, created=False, raw=False, **kwargs):
    if not created and not raw and getattr(instance, "_renamed", False):
        Article.objects.filter(section=instance).update(updated_at=timezone.now())


# --- article image renditions (see articles/renditions.py) ---------------------------------
# When an article image is saved (admin, import or code) its renditions are made at once, so
# the first reader does not wait for them; when it is deleted they are removed. Both only
# touch files and the cache, never the database.


@receiver(post_save, sender=ArticleImage, dispatch_uid="article_image_renditions")
def make_renditions(sender, instance: ArticleImage, **kwargs):
    if instance.image:
        responsive_image(instance.image)


@receiver(post_delete, sender=ArticleImage, dispatch_uid="article_image_renditions_delete")
def remove_renditions(sender, instance: ArticleImage, **kwargs):
    if instance.image:
        delete_renditions(instance.image)


# --- role changes (see articles/roles.py) ---------------------------------------------------

User = get_user_model()


def _batch_for(instance) -> roles.RoleBatch:
    """The open ``roles_audited`` batch, else one for this change alone, kept on ``instance``."""
    batch = roles.current_batch()
    if batch is None:
        batch = instance.__dict__.setdefault("_role_batch", roles.RoleBatch())
    return batch


def _write_own_batch(instance) -> None:
    batch = instance.__dict__.pop("_role_batch", None)
    if batch is not None:
        batch.write()


@receiver(pre_save, sender=User, dispatch_uid="roles_user_saving")
def user_saving(sender, instance, raw=False, update_fields=None, **kwargs):
    if update_fields is not None and not set(update_fields) & set(roles.ROLE_FLAGS):
        return  # a login's last_login, say: no role can change
    if instance.pk and not raw:
        _batch_for(instance).note(instance.pk)


@receiver(post_save, sender=User, dispatch_uid="roles_user_saved")
def user_saved(sender, instance, created=False, raw=False, **kwargs):
    if raw:
        return
    if created:
        batch = roles.current_batch()
        if batch is not None:
            batch.note(instance.pk, created=True)
        elif instance.is_staff or instance.is_superuser:
            # Created with a role outside any batch (createsuperuser, ensure_admin): say so.
            batch = roles.RoleBatch()
            batch.note(instance.pk, created=True)
            batch.write()
        return
    _write_own_batch(instance)


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="roles_groups_changed")
def groups_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """A user's groups changed, from either side: user.groups or group.user_set."""
    if action.startswith("pre_"):
        if not reverse:
            user_pks = [instance.pk]
        elif pk_set is not None:
            user_pks = list(pk_set)
        else:  # group.user_set.clear()
            user_pks = list(instance.user_set.values_list("pk", flat=True))
        batch = _batch_for(instance)
        for pk in user_pks:
            batch.note(pk)
    elif action.startswith("post_"):
        _write_own_batch(instance)
