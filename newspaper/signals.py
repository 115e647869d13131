"""Signals that join the apps: an article image's renditions follow the image.

When an article image is saved (admin, import or code) its renditions are made at once, so
the first reader does not wait for them; when it is deleted they are removed. Both only
touch files and the cache, never the database.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from articles.models import ArticleImage

from .renditions import delete_renditions, responsive_image


@receiver(post_save, sender=ArticleImage, dispatch_uid="article_image_renditions")
def make_renditions(sender, instance: ArticleImage, **kwargs):
    if instance.image:
        responsive_image(instance.image)


@receiver(post_delete, sender=ArticleImage, dispatch_uid="article_image_renditions_delete")
def remove_renditions(sender, instance: ArticleImage, **kwargs):
    if instance.image:
        delete_renditions(instance.image)
