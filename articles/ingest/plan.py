"""What a re-read of the pages does to the articles an earlier ingest made (the plan).

Each article remembers what the ingest read into it (its latest revision commented
``ingest_pdf``). A story read exactly as before keeps its article as the editors left it; a
story whose text changed overwrites its article, and the report names it, saying whether
editors' changes were lost; an article whose story is gone is removed and named.
"""

import difflib
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from reversion.models import Version

from editions.models import Edition

from ..models import Article
from .layout import StoryReading
from .reader import EditionReading

REVISION_COMMENT = "ingest_pdf"
READ_FIELDS = ("kicker", "title", "subtitle", "highlights", "byline", "dateline", "body")
LIMITS = {"kicker": 200, "title": 300, "subtitle": 300, "byline": 200, "dateline": 100}


@dataclass
class IngestReport:
    """What an ingest did (or, on a dry run, would do)."""

    edition: Edition | None = None
    pages: int = 0
    created: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    overwritten: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    dry_run: bool = False
    marked: int = 0  # stories left out: their regions are marked as adverts or photos

    def lines(self) -> list[str]:
        out = [
            _("%(pages)d pages, %(stories)d stories: %(new)d new, %(kept)d kept as edited.")
            % {
                "pages": self.pages,
                "stories": len(self.created) + len(self.kept) + len(self.overwritten),
                "new": len(self.created),
                "kept": len(self.kept),
            }
        ]
        if self.marked:
            out.append(
                ngettext(
                    "%(count)d region kept as an advert or photo, not read as a story.",
                    "%(count)d regions kept as adverts or photos, not read as stories.",
                    self.marked,
                )
                % {"count": self.marked}
            )
        out += [_("Overwritten: %(title)s") % {"title": t} for t in self.overwritten]
        out += [_("Removed: %(title)s") % {"title": t} for t in self.removed]
        return out + self.messages


def _clean(text: str, limit: int | None = None) -> str:
    """Text from a PDF without control characters, cut to the field's length."""
    text = "".join(ch for ch in text if ch in "\n" or ch.isprintable())
    return text[:limit] if limit else text


def story_fields(story: StoryReading) -> dict[str, str]:
    """An article's copy as read from the page: the values the ingest writes."""
    parts = []
    for kind, text in story.body:
        tag = "h3" if kind == "h" else "p"
        parts.append(f"<{tag}>{escape(_clean(text))}</{tag}>")
    values = {name: _clean(getattr(story, name), LIMITS[name]) for name in LIMITS}
    values["highlights"] = _clean("\n".join(story.highlights))
    values["body"] = "\n".join(parts)
    return values


def _ingest_snapshot(article: Article) -> dict[str, str] | None:
    """The copy the last ingest read into ``article``: its latest revision made by an ingest."""
    version = (
        Version.objects.get_for_object(article)
        .filter(revision__comment__startswith=REVISION_COMMENT)
        .order_by("-pk")
        .first()
    )
    if version is None:
        return None
    data = version.field_dict
    return {name: data.get(name, "") or "" for name in READ_FIELDS}


def _current(article: Article) -> dict[str, str]:
    return {name: getattr(article, name) or "" for name in READ_FIELDS}


@dataclass
class _Plan:
    keep: dict[int, Article] = field(default_factory=dict)  # story index -> article kept
    update: dict[int, Article] = field(default_factory=dict)  # story index -> overwritten
    remove: list[Article] = field(default_factory=list)


def _plan(existing: Edition | None, reading: EditionReading, report: IngestReport) -> _Plan:
    plan = _Plan()
    if existing is None:
        for story in reading.stories:
            report.created.append(story.title.replace("\n", " "))
        return plan
    old = []
    for article in existing.articles.all():
        old.append((article, _ingest_snapshot(article), _current(article)))
    taken: set[int] = set()
    new_values = [story_fields(story) for story in reading.stories]
    for index, values in enumerate(new_values):
        for article, snapshot, _now in old:
            if article.pk not in taken and snapshot == values:
                plan.keep[index] = article
                taken.add(article.pk)
                break
    for index, values in enumerate(new_values):
        title = values["title"].replace("\n", " ")
        if index in plan.keep:
            report.kept.append(title)
            continue
        best, best_ratio = None, 0.0
        for article, snapshot, _now in old:
            if article.pk in taken:
                continue
            ratio = difflib.SequenceMatcher(
                None, (snapshot or _current(article))["title"], values["title"]
            ).ratio()
            if ratio > best_ratio:
                best, best_ratio = (article, snapshot), ratio
        if best is not None and best_ratio >= 0.8:
            article, snapshot = best
            taken.add(article.pk)
            plan.update[index] = article
            edited = snapshot is None or snapshot != _current(article)
            report.overwritten.append(
                _("%(title)s (the editors' changes to it are lost)") % {"title": title}
                if edited
                else title
            )
        else:
            report.created.append(title)
    for article, snapshot, now in old:
        if article.pk not in taken:
            plan.remove.append(article)
            title = str(article)
            edited = snapshot is None or snapshot != now
            report.removed.append(
                _("%(title)s (the editors' changes to it are lost)") % {"title": title}
                if edited
                else title
            )
    return plan
