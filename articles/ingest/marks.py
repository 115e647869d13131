"""Regions an editor marked as not a story (an advert, a photo only): kept out of re-reads.

A story read again is left out when its region on its first page matches a mark on that
page: their intersection over union is at least ``MATCH``, or at least ``MATCH`` of the
story's region lies inside the mark. The second rule covers a mark drawn (or merged) a
little larger than the story the reader finds, which IoU alone would miss; a story that
only overlaps a corner of a mark, or a page-wide region around a small one, is still read.
A jump is one article: marking any of its parts deleted the whole article, so a story
any of whose parts matches a mark on that part's page is left out whole.
"""

from editions.models import Edition, PageMark

from .layout import StoryReading
from .reader import EditionReading

MATCH = 0.8

Region = tuple[float, float, float, float]


def _intersection(a: Region, b: Region) -> float:
    x0, y0 = max(a[0], b[0]), max(a[1], b[1])
    x1, y1 = min(a[0] + a[2], b[0] + b[2]), min(a[1] + a[3], b[1] + b[3])
    return max(0.0, x1 - x0) * max(0.0, y1 - y0)


def matches(story: Region, mark: Region) -> bool:
    """Whether a story's region is the marked region: IoU ≥ 0.8 or mostly inside it."""
    inter = _intersection(story, mark)
    story_area = story[2] * story[3]
    union = story_area + mark[2] * mark[3] - inter
    if union <= 0 or story_area <= 0:
        return False
    return inter / union >= MATCH or inter / story_area >= MATCH


def is_marked(story: StoryReading, marks: dict[int, list[Region]]) -> bool:
    """Whether the story, or a part of it on another page, is a region marked out."""
    return any(
        part.region and any(matches(tuple(part.region), m) for m in marks.get(part.page, ()))
        for part in [story, *story.continued_on]
    )


def drop_marked(edition: Edition | None, reading: EditionReading) -> int:
    """Take the stories whose region an editor marked out of ``reading``; how many there were."""
    if edition is None:
        return 0
    marks = PageMark.objects.filter(page__edition=edition).regions_by_page()
    if not marks:
        return 0
    kept = [story for story in reading.stories if not is_marked(story, marks)]
    dropped = len(reading.stories) - len(kept)
    reading.stories = kept
    return dropped
