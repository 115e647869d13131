"""The stories of a test edition: their fields made up from the pools, and their truth."""

import re
from dataclasses import dataclass, field

from .pools import (
    BRIEF_TITLES,
    CAPTIONS,
    KICKERS,
    NAMES,
    PLACES,
    PLACES_LOCAL,
    SUBTITLES,
    TITLES,
    numeral,
)


@dataclass
class Story:
    key: str
    layout: str
    title: str
    kicker: str = ""
    subtitle: str = ""
    byline: str = ""
    byline_inline: bool = False
    authors: list = field(default_factory=list)
    dateline: str = ""
    highlights: list = field(default_factory=list)
    paragraphs: list = field(default_factory=list)  # [("p" | "h", text)]
    caption: str = ""
    credit: str = ""
    placements: list = field(default_factory=list)

    def truth(self) -> dict:
        return {
            "key": self.key,
            "layout": self.layout,
            "kicker": self.kicker,
            "title": self.title,
            "subtitle": self.subtitle,
            "byline": self.byline,
            "authors": self.authors,
            "dateline": self.dateline,
            "highlights": self.highlights,
            "body": [list(p) for p in self.paragraphs if p[1]],
            "caption": self.caption,
            "placements": self.placements,
        }


def strip_lead(s: Story, placed: list) -> list:
    """The truth body: what was printed, less the dateline and byline at its start."""
    out = [(k, t) for k, t in placed]
    if out and s.dateline:
        first = out[0][1]
        for lead in (f"{s.dateline}（{s.byline}）", s.dateline + " ", s.dateline):
            if first.startswith(lead):
                out[0] = ("p", first[len(lead) :])
                break
    return out


class StoriesMixin:
    """For ``Edition``: needs ``rng``, ``sentences``, ``headings``, ``stories``, ``count``
    and ``titles``."""

    def _title(self, brief: bool) -> str:
        """A title no other story of the edition has, so the truth matches one way."""
        pool = BRIEF_TITLES if brief else TITLES
        for attempt in range(1000):
            title = self.rng.choice(pool)
            if self.rng.random() < 0.5 or title in self.titles:
                title = self.rng.choice(PLACES_LOCAL) + re.sub(r"^(我市|全市|2024年)+", "", title)
            if attempt > 30:
                # A long edition uses up the combinations: the next one is numbered.
                title += f"（{numeral(attempt // 30)}）"
            if title not in self.titles:
                self.titles.add(title)
                return title
        raise RuntimeError("no title left")

    def _names(self, k):
        return self.rng.sample(NAMES, k)

    def _paragraphs(self, chars: int, subheadings: bool) -> list:
        out, total = [], 0
        while total < chars:
            if subheadings and out and self.rng.random() < 0.25 and out[-1][0] == "p":
                out.append(("h", self.rng.choice(self.headings)))
            text = "".join(self.rng.sample(self.sentences, self.rng.randint(2, 4)))
            out.append(("p", text))
            total += len(text)
        return out

    def story(self, layout: str, *, lead=False, brief=False) -> Story:
        """A new story of ``layout`` with its copy, added to the edition."""
        self.count += 1
        rng = self.rng
        title = self._title(brief)
        s = Story(key=f"s{self.count}", layout=layout, title=title)
        if lead:
            s.kicker = rng.choice(KICKERS)
            s.subtitle = rng.choice(SUBTITLES)
            s.highlights = [rng.choice(self.sentences)[:40] for _ in range(2)]
        elif layout in ("plain", "jump") and rng.random() < 0.5:
            s.kicker = rng.choice(KICKERS)
        if layout == "commentary":
            s.byline = "本报评论员"
            s.title = rng.choice(TITLES)
        elif brief:
            s.dateline = "本报讯"
        else:
            names = self._names(rng.randint(1, 3))
            style = rng.choice(["line", "inline", "xinhua"]) if not lead else "line"
            if style == "line":
                s.byline = "本报记者 " + " ".join(names)
                s.authors = [[n, "记者"] for n in names]
            elif style == "inline":
                s.dateline = "本报讯"
                s.byline = "记者 " + " ".join(names)
                s.authors = [[n, "记者"] for n in names]
                s.byline_inline = True
            else:
                s.dateline = f"新华社{rng.choice(PLACES)}3月31日电"
                s.byline = "记者 " + names[0]
                s.authors = [[names[0], "记者"]]
                s.byline_inline = True
        if layout == "photo":
            s.caption = rng.choice(CAPTIONS) + f"本报记者 {self._names(1)[0]} 摄"
        chars = {"briefs": 160, "jump": 7000}.get(layout, 4000)
        s.paragraphs = self._paragraphs(chars, lead or layout == "jump")
        self.stories.append(s)
        return s
