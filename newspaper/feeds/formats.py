"""The feed formats: RSS 2.0 and Atom with the full text, and JSON Feed 1.1."""

import json

from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed, rfc3339_date
from django.utils.html import escape


def _escaped(text):
    return None if text is None else escape(text)


class FullTextRssFeed(Rss201rev2Feed):
    """RSS 2.0 with ``content:encoded``, ``atom:updated`` and a WebSub hub link.

    RSS never says whether a title or description is text or HTML, and feed readers take
    both as HTML when they look like it; so every plain-text value placed in them (a
    section's or author's name, a headline, the summary) is HTML-escaped. Atom and JSON
    Feed declare their types, so there only the summary (``type="html"``) is escaped.
    """

    def __init__(self, title, link, description, *args, **kwargs):
        super().__init__(_escaped(title), link, _escaped(description), *args, **kwargs)

    def rss_attributes(self):
        attrs = super().rss_attributes()
        attrs["xmlns:content"] = "http://purl.org/rss/1.0/modules/content/"
        return attrs

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        if self.feed.get("hub"):
            handler.addQuickElement("atom:link", None, {"rel": "hub", "href": self.feed["hub"]})

    def add_item(self, title, *args, enclosures=None, **kwargs):
        # RSS allows one enclosure an item: the first image.
        super().add_item(_escaped(title), *args, enclosures=(enclosures or [])[:1], **kwargs)

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content:encoded", item["content_html"])
        if item["updateddate"] is not None:
            handler.addQuickElement("atom:updated", rfc3339_date(item["updateddate"]))


class FullTextAtomFeed(Atom1Feed):
    """Atom with the article's HTML as ``content`` beside the summary, and a hub link."""

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        if self.feed.get("hub"):
            handler.addQuickElement("link", "", {"rel": "hub", "href": self.feed["hub"]})

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content", item["content_html"], {"type": "html"})


class JsonFeed(SyndicationFeed):
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1)."""

    content_type = "application/feed+json; charset=utf-8"

    def write(self, outfile, encoding):
        feed = self.feed
        document = {
            "version": "https://jsonfeed.org/version/1.1",
            "title": feed["title"],
            "home_page_url": feed["link"],
            "feed_url": feed["feed_url"],
            "description": feed["description"],
            "language": "zh-CN",
            "items": [self.json_item(item) for item in self.items],
        }
        if feed.get("hub"):
            document["hubs"] = [{"type": "WebSub", "url": feed["hub"]}]
        outfile.write(json.dumps(document, ensure_ascii=False, indent=1).encode(encoding))

    def json_item(self, item: dict) -> dict:
        entry = {
            "id": item["unique_id"],
            "url": item["link"],
            "title": item["title"],
            "content_html": item.get("content_html") or "",
            "summary": item.get("summary_text", item["description"]),
        }
        if item["pubdate"] is not None:
            entry["date_published"] = rfc3339_date(item["pubdate"])
        if item["updateddate"] is not None:
            entry["date_modified"] = rfc3339_date(item["updateddate"])
        if item["author_name"]:
            entry["authors"] = [{"name": item["author_name"]}]
        if item["categories"]:
            entry["tags"] = list(item["categories"])
        if item["enclosures"]:
            entry["image"] = item["enclosures"][0].url
            entry["attachments"] = [
                {
                    "url": e.url,
                    "mime_type": e.mime_type,
                    **({"size_in_bytes": int(e.length)} if int(e.length) else {}),
                }
                for e in item["enclosures"]
            ]
        return entry


FORMATS = {"rss": FullTextRssFeed, "atom": FullTextAtomFeed, "json": JsonFeed}
