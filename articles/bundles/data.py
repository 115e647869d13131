"""What a checked bundle holds, ready to be written: plain data, no database rows."""

import datetime
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class StagedFile:
    """A checked file of the bundle: where it is staged (None when only checked), its type."""

    path: Path | None
    extension: str


@dataclass
class PageData:
    number: int
    name: str
    editor: str = ""
    image: StagedFile | None = None
    pdf: StagedFile | None = None


@dataclass
class PlacementData:
    page: int
    order: int
    region: tuple[float, float, float, float] | None = None


@dataclass
class ImageData:
    file: StagedFile
    caption: str = ""
    credit: str = ""


@dataclass
class ArticleData:
    key: str
    title: str
    section: str = ""
    genre: str = "消息"
    kicker: str = ""
    subtitle: str = ""
    highlights: list[str] = field(default_factory=list)
    authors: list[tuple[str, str]] = field(default_factory=list)
    byline: str = ""
    dateline: str = ""
    source: str = ""
    body_html: str = ""
    body_text: str | None = None
    status: str = "published"
    publish_at: datetime.datetime | None = None
    placements: list[PlacementData] = field(default_factory=list)
    images: list[ImageData] = field(default_factory=list)


@dataclass
class BundleData:
    publication: dict
    date: datetime.date
    number: int
    status: str
    publish_at: datetime.datetime | None
    pages: list[PageData]
    articles: list[ArticleData]
