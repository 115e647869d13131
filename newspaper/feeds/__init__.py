"""Feeds: RSS 2.0, Atom and JSON Feed 1.1 for the latest articles, each section, each
author, each page (版), today's paper and any day's paper; and an OPML file of them all.

Every item carries the full text (RSS ``content:encoded``, Atom ``content``, JSON
``content_html``) with absolute links, a plain summary, its images as enclosures, a GUID
that never changes, and the date it last changed (``ArticleFeed.item_updateddate``).
Every feed answers conditional GETs: ``ETag`` and ``Last-Modified`` come from one light
query, and a ``304 Not Modified`` is sent before the feed is built. With
``settings.NEWSPAPER_WEBSUB_HUB`` set, feeds name their WebSub hub.

The package: ``formats`` (RSS, Atom and JSON Feed writers), ``base`` (what every article
feed shares: item fields, full text, conditional GET), ``articles`` (the feeds themselves)
and ``directory`` (the list of every feed, as a page and as OPML).

All of them start from the one visibility rule, ``Article.objects.on_site().public()``.
"""

from .articles import (
    AuthorFeed,
    EditionFeed,
    EditionPageFeed,
    LatestArticlesFeed,
    PageNumberFeed,
    SectionFeed,
)
from .base import ArticleFeed, article_guid, formats
from .directory import directory, opml

__all__ = [
    "ArticleFeed",
    "AuthorFeed",
    "EditionFeed",
    "EditionPageFeed",
    "LatestArticlesFeed",
    "PageNumberFeed",
    "SectionFeed",
    "article_guid",
    "directory",
    "formats",
    "opml",
]
