"""An edition's page PDFs read into pages and stories, with jumps joined into one story."""

import difflib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from . import layout
from .layout import PageReading, StoryReading
from .pdf import IngestRefused, read_page, split_pdf

# A page whose characters are more than this share unmapped is not read into stories.
UNMAPPED_LIMIT = 0.05
SENTENCE_END = ("。", "！", "？", "”", "…", "」", "』", "!", "?")


@dataclass
class EditionReading:
    pages: list[PageReading] = field(default_factory=list)
    page_pdfs: list[bytes] = field(default_factory=list)
    stories: list[StoryReading] = field(default_factory=list)  # jumps joined, in print order
    messages: list[str] = field(default_factory=list)


def _no_progress(items: Sequence, step: str) -> Iterable:
    return items


def split_files(files: list[tuple[str, bytes]]) -> list[bytes]:
    """Every page of every file as a one-page PDF; any bad file refuses them all."""
    pages, errors = [], []
    for name, data in files:
        try:
            pages += split_pdf(data, name)
        except IngestRefused as exc:
            errors += exc.messages
    if errors:
        raise IngestRefused(errors)
    if not pages:
        raise IngestRefused([_("No page PDF was given.")])
    return pages


def read_edition(
    files: list[tuple[str, bytes]], *, progress: Callable[[Sequence, str], Iterable] = _no_progress
) -> EditionReading:
    """Read the night's page PDFs (in page order) into pages and stories."""
    pdfs = split_files(files)
    contents = []
    for data in progress(pdfs, "read"):
        contents.append(read_page(data))
    body = layout.body_size(contents)
    reading = EditionReading(page_pdfs=pdfs)
    for number, content in enumerate(contents, start=1):
        page = layout.read_page(content, number=number, body=body)
        total = len(content.chars) + sum(content.unmapped.values())
        if content.unmapped:
            fonts = ", ".join(sorted(content.unmapped))
            count = sum(content.unmapped.values())
            page.messages.append(
                _(
                    "Page %(page)d: %(count)d characters in the fonts %(fonts)s have no Unicode "
                    "mapping and were left out; check the page's text against the print."
                )
                % {"page": number, "count": count, "fonts": fonts}
            )
            if count > UNMAPPED_LIMIT * total:
                page.stories = []
                page.messages.append(
                    _(
                        "Page %(page)d: too much of the text cannot be read; no stories were "
                        "made from it. Export the page again with fonts that map to Unicode."
                    )
                    % {"page": number}
                )
        if not page.has_text:
            page.messages.append(
                _(
                    "Page %(page)d has no text layer (a scan or an image): the page was kept "
                    "with its image and no stories; enter its stories by hand."
                )
                % {"page": number}
            )
        reading.pages.append(page)
        reading.messages += page.messages
    reading.stories = join_jumps(reading.pages, reading.messages)
    return reading


def _similar(a: str, b: str) -> float:
    a, b = a.replace("\n", ""), b.replace("\n", "")
    if not a or not b:
        return 0.0
    if a in b or b in a:
        return 1.0
    return difflib.SequenceMatcher(None, a, b).ratio()


def join_jumps(pages: list[PageReading], messages: list[str]) -> list[StoryReading]:
    """One story per article: a part under 上接第N版 is joined to the story that jumps to it."""
    by_number = {page.number: page for page in pages}
    taken: set[int] = set()
    for page in pages:
        for story in page.stories:
            if not story.jump_to or story.jump_to not in by_number:
                continue
            candidates = [
                s
                for s in by_number[story.jump_to].stories
                if s.jump_from == page.number and id(s) not in taken and s is not story
            ]
            if not candidates:
                messages.append(
                    _(
                        "Page %(page)d: “%(title)s” jumps to page %(to)d, where no part of it "
                        "was found."
                    )
                    % {"page": page.number, "title": story.title, "to": story.jump_to}
                )
                continue
            best = max(candidates, key=lambda s: _similar(s.title, story.title))
            taken.add(id(best))
            story.continued_on.append(best)
            _append_body(story, best)
    stories = []
    for page in pages:
        for story in page.stories:
            if id(story) in taken:
                continue
            if story.jump_from and not story.continued_on:
                messages.append(
                    _(
                        "Page %(page)d: “%(title)s” continues from page %(from)d, where its "
                        "start was not found."
                    )
                    % {"page": page.number, "title": story.title, "from": story.jump_from}
                )
            stories.append(story)
    return stories


def _append_body(story: StoryReading, part: StoryReading) -> None:
    body = list(story.body)
    rest = list(part.body)
    if (
        body
        and rest
        and body[-1][0] == "p"
        and rest[0][0] == "p"
        and (not part.first_indented or not body[-1][1].endswith(SENTENCE_END))
    ):
        body[-1] = ("p", body[-1][1] + rest[0][1])
        rest = rest[1:]
    story.body = body + rest
    if part.caption and not story.caption:
        story.caption, story.credit = part.caption, part.credit
