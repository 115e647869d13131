"""What the layout reasoning produces: lines, and the stories and pages read."""

from dataclasses import dataclass, field

from ..pdf import Char


@dataclass
class Line:
    chars: list[Char]
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    block: int = 0
    block_x0: float = 0
    block_x1: float = 0


@dataclass
class StoryReading:
    """One story read from one page."""

    page: int
    order: int
    region: tuple[float, float, float, float]  # fractions of the page: x, y, w, h
    kicker: str = ""
    title: str = ""
    subtitle: str = ""
    byline: str = ""
    authors: list[tuple[str, str]] = field(default_factory=list)
    dateline: str = ""
    highlights: list[str] = field(default_factory=list)
    body: list[tuple[str, str]] = field(default_factory=list)  # ("p" | "h", text)
    caption: str = ""
    credit: str = ""
    images: list[tuple[float, float, float, float]] = field(default_factory=list)
    boxed: bool = False
    jump_to: int | None = None
    jump_from: int | None = None
    continued_on: list["StoryReading"] = field(default_factory=list)
    first_indented: bool = True  # whether the body starts a paragraph (not a run-on)

    @property
    def body_text(self) -> str:
        return "\n".join(text for _, text in self.body)


@dataclass
class PageReading:
    number: int
    name: str
    width: float
    height: float
    stories: list[StoryReading] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    has_text: bool = True
    image_only: list[tuple[float, float, float, float]] = field(default_factory=list)
