"""Plans editions and makes the rows of the synthetic archive from one seeded random."""

import datetime
import random
import re
from dataclasses import dataclass

from django.core.management.base import CommandError

from articles.models import (
    Genre,
)
from editions.models import Publication

from .words import (
    DEMO_SHARE,
    GIVEN,
    OBJECTS,
    PLACE_SUBJECTS,
    PLACES,
    QUOTES,
    SPEAKERS,
    SUBJECTS,
    SURNAMES,
    TAILS,
    TITLE_HEADS,
    TITLE_TAILS,
    TOPICS,
    VERBS,
    demo_sentences,
)


@dataclass(frozen=True)
class EditionPlan:
    date: datetime.date
    number: int
    # articles per page, page 1 first
    per_page: tuple[int, ...]
    scheduled: bool = False


def parse_range(text: str, name: str) -> tuple[int, int]:
    """``8-16`` or ``8`` as (low, high), within 1..99."""
    match = re.fullmatch(r"\s*(\d{1,2})\s*(?:-\s*(\d{1,2})\s*)?", text or "")
    if not match:
        raise CommandError(f"--{name} takes a number or a range as in 8-16, not {text!r}.")
    low = int(match.group(1))
    high = int(match.group(2) or low)
    if not 1 <= low <= high <= 99:
        raise CommandError(f"--{name} must lie within 1-99 with the low end first: {text!r}.")
    return low, high


class Generator:
    """Makes the rows; all randomness comes from one ``random.Random(seed)``."""

    def __init__(self, *, seed: int, publication: Publication, tz: datetime.tzinfo):
        self.rng = random.Random(seed)
        self.publication = publication
        self.tz = tz
        pool = demo_sentences()
        self.sentences = pool or [self.own_sentence() for _ in range(200)]

    # -- text ------------------------------------------------------------------------

    def own_sentence(self, topics: tuple[str, ...] = (), place: str = "") -> str:
        """A sentence of our own: about the story's topics and place when given."""
        r = self.rng
        subject = place + r.choice(PLACE_SUBJECTS) if place and r.random() < 0.5 else ""
        subject = subject or r.choice(SUBJECTS)
        first = r.choice(topics) if topics else r.choice(OBJECTS)
        second = r.choice(topics) if topics else r.choice(OBJECTS)
        template = r.randrange(4)
        if template == 0:
            return (
                f"{subject}{r.choice(VERBS)}{first}，{r.choice(VERBS)}{second}，{r.choice(TAILS)}。"
            )
        if template == 1:
            return (
                f"截至{r.randint(1, 12)}月底，{subject}{first}累计完成投资"
                f"{r.randint(1, 99)}.{r.randint(0, 9)}亿元，"
                f"同比增长{r.randint(1, 30)}.{r.randint(0, 9)}%。"
            )
        if template == 2:
            return (
                f"“{r.choice(QUOTES)}，”{r.choice(SPEAKERS)}{r.choice(SURNAMES)}"
                f"{r.choice(GIVEN)}{r.choice(GIVEN)}说，“{r.choice(VERBS)}{first}，{r.choice(TAILS)}。”"
            )
        return f"今年以来，{subject}围绕{first}，{r.choice(VERBS)}{second}，{r.choice(TAILS)}。"

    def paragraph(self, topics: tuple[str, ...], place: str) -> str:
        r = self.rng
        parts = []
        for _ in range(r.randint(2, 5)):
            if r.random() < DEMO_SHARE:
                parts.append(r.choice(self.sentences))
            else:
                parts.append(self.own_sentence(topics, place))
        return "".join(parts)

    def body(self, genre: str, section: str = "") -> str:
        """Paragraphs about two or three topics of the section and one place, with a
        share of the demo edition's real sentences."""
        r = self.rng
        pool = TOPICS.get(section, OBJECTS)
        topics = tuple(r.sample(pool, min(len(pool), r.randint(2, 3))))
        place = r.choice(PLACES)
        # Most stories run 600–1,800 characters; a feature or interview up to about 4,000.
        target = r.randint(2500, 4000) if genre in (Genre.FEATURE, Genre.INTERVIEW) else 0
        target = target or int(r.lognormvariate(6.9, 0.5))
        target = max(150, min(target, 6000))
        paragraphs, length = [], 0
        while length < target:
            text = self.paragraph(topics, place)
            paragraphs.append(text)
            length += len(text)
        return "".join(f"<p>{p}</p>\n" for p in paragraphs)

    def title(self) -> str:
        r = self.rng
        if r.random() < 0.5:
            return f"{r.choice(TITLE_HEADS)}{r.choice(OBJECTS)}{r.choice(TITLE_TAILS)}"
        if r.random() < 0.1:  # a two-line headline
            return f"{r.choice(VERBS)}{r.choice(OBJECTS)}\n{r.choice(TITLE_HEADS)}{r.choice(TAILS)}"
        return f"{r.choice(VERBS)}{r.choice(OBJECTS)} {r.choice(TAILS)}"

    # -- plan ------------------------------------------------------------------------

    def plan(
        self,
        *,
        total: int,
        end_date: datetime.date,
        last_number: int,
        pages: tuple[int, int],
        per_page: tuple[int, int],
        web_share: float,
    ) -> tuple[list[EditionPlan], int]:
        """The editions (newest first) and the number of web-only articles, ``total`` in all.

        The newest edition is dated the day after ``end_date`` and scheduled for that day's
        midnight (tomorrow's paper waiting to appear, when ``end_date`` is today).
        """
        r = self.rng
        web_only = min(total, int(total * web_share))
        remaining = total - web_only
        editions: list[EditionPlan] = []
        day = end_date + datetime.timedelta(days=1)
        while remaining > 0:
            count = r.randint(*pages)
            counts = []
            for _ in range(count):
                n = min(r.randint(*per_page), remaining)
                remaining -= n
                counts.append(n)
                if remaining == 0:
                    break
            # Every page has at least one story, except pages past the last story.
            counts = [c for c in counts if c > 0] or [0]
            editions.append(EditionPlan(day, 0, tuple(counts), scheduled=not editions))
            day -= datetime.timedelta(days=1)
        numbered = [
            EditionPlan(e.date, last_number - i, e.per_page, e.scheduled)
            for i, e in enumerate(editions)
        ]
        return numbered, web_only

    def midnight(self, day: datetime.date) -> datetime.datetime:
        return datetime.datetime.combine(day, datetime.time(0, 0), tzinfo=self.tz)
