"""How well the reader reads: its stories scored against the truth of generated test pages.

``score`` matches each true story to the read story with the closest title on its first
page (or, failing that, the most overlapping region) and counts, per layout: stories found
(recall), read stories that are no true story (precision), exact titles (line breaks aside),
kicker/subtitle/byline/dateline right, the body's character error rate (Levenshtein distance
over the true length, paragraphs joined by line breaks), regions with IoU ≥ 0.8, jumps
joined (a placement on every page the true story runs on) and page names right.
"""

import difflib
from collections import defaultdict
from dataclasses import dataclass, field

from rapidfuzz.distance import Levenshtein

from .layout import StoryReading
from .reader import EditionReading

FIELDS = ("kicker", "subtitle", "byline", "dateline")


def iou(a, b) -> float:
    ax0, ay0, aw, ah = a
    bx0, by0, bw, bh = b
    x0, y0 = max(ax0, bx0), max(ay0, by0)
    x1, y1 = min(ax0 + aw, bx0 + bw), min(ay0 + ah, by0 + bh)
    inter = max(0.0, x1 - x0) * max(0.0, y1 - y0)
    union = aw * ah + bw * bh - inter
    return inter / union if union > 0 else 0.0


def placements(story: StoryReading) -> dict[int, tuple]:
    out = {story.page: story.region}
    for part in story.continued_on:
        out.setdefault(part.page, part.region)
    return out


def body_text(paragraphs) -> str:
    return "\n".join(text for _, text in paragraphs)


@dataclass
class Tally:
    truth: int = 0
    found: int = 0
    read: int = 0
    false: int = 0
    titles: int = 0
    fields: dict = field(default_factory=lambda: defaultdict(int))
    field_n: dict = field(default_factory=lambda: defaultdict(int))
    errors: int = 0
    chars: int = 0
    regions: int = 0
    regions_ok: int = 0
    jumps: int = 0
    jumps_joined: int = 0

    def add(self, other: "Tally") -> None:
        for name in (
            "truth found read false titles errors chars regions regions_ok jumps jumps_joined"
        ).split():
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for key, value in other.fields.items():
            self.fields[key] += value
        for key, value in other.field_n.items():
            self.field_n[key] += value

    def row(self) -> dict:
        def pct(a, b):
            return round(100 * a / b, 1) if b else None

        row = {
            "stories": self.truth,
            "recall": pct(self.found, self.truth),
            "precision": pct(self.read - self.false, self.read),
            "titles": pct(self.titles, self.found),
        }
        for name in FIELDS:
            row[name] = pct(self.fields[name], self.field_n[name])
        row["cer"] = round(100 * self.errors / self.chars, 2) if self.chars else None
        row["iou80"] = pct(self.regions_ok, self.regions)
        row["jumps"] = f"{self.jumps_joined}/{self.jumps}" if self.jumps else "–"
        return row


def _match(truth: list[dict], read: list[StoryReading]) -> dict[str, StoryReading]:
    pairs = []
    for t in truth:
        first = t["placements"][0]
        for r in read:
            if r.page != first["page"]:
                continue
            similarity = difflib.SequenceMatcher(
                None, t["title"].replace("\n", ""), r.title.replace("\n", "")
            ).ratio()
            overlap = iou(first["region"], r.region)
            if similarity >= 0.6 or overlap >= 0.3:
                pairs.append((similarity + overlap, t["key"], id(r), r))
    pairs.sort(key=lambda p: p[0], reverse=True)
    matched, used = {}, set()
    for _score, key, rid, r in pairs:
        if key in matched or rid in used:
            continue
        matched[key] = r
        used.add(rid)
    return matched


def score(truth: dict, reading: EditionReading) -> tuple[dict[str, Tally], dict]:
    """Tallies per layout, and the page names right."""
    tallies: dict[str, Tally] = defaultdict(Tally)
    matched = _match(truth["stories"], reading.stories)
    layout_of: dict[int, str] = {}
    for t in truth["stories"]:
        tally = tallies[t["layout"]]
        tally.truth += 1
        r = matched.get(t["key"])
        if len(t["placements"]) > 1:
            tally.jumps += 1
        if r is None:
            continue
        layout_of[id(r)] = t["layout"]
        tally.found += 1
        tally.titles += t["title"].replace("\n", "") == r.title.replace("\n", "")
        for name in FIELDS:
            tally.field_n[name] += 1
            tally.fields[name] += (t[name] or "") == (getattr(r, name) or "")
        true_body = body_text(t["body"])
        tally.errors += Levenshtein.distance(true_body, r.body_text)
        tally.chars += len(true_body)
        read_places = placements(r)
        for p in t["placements"]:
            tally.regions += 1
            region = read_places.get(p["page"])
            tally.regions_ok += bool(region and iou(p["region"], region) >= 0.8)
        if len(t["placements"]) > 1:
            tally.jumps_joined += all(p["page"] in read_places for p in t["placements"])
    # Every read story counts once, under the layout of the true story it matched, else
    # under the layout of the true story its region overlaps most (a false story).
    for r in reading.stories:
        layout = layout_of.get(id(r))
        if layout is None:
            best, layout = 0.0, "plain"
            for t in truth["stories"]:
                for p in t["placements"]:
                    if p["page"] == r.page and iou(p["region"], r.region) > best:
                        best, layout = iou(p["region"], r.region), t["layout"]
            tallies[layout].false += 1
        tallies[layout].read += 1
    names = {p.number: p.name for p in reading.pages}
    right = sum(names.get(p["number"]) == p["name"] for p in truth["pages"])
    return tallies, {"right": right, "pages": len(truth["pages"])}


COLUMNS = [
    ("layout", "layout"),
    ("stories", "stories"),
    ("recall", "recall %"),
    ("precision", "precision %"),
    ("titles", "exact titles %"),
    ("kicker", "kicker %"),
    ("subtitle", "subtitle %"),
    ("byline", "byline %"),
    ("dateline", "dateline %"),
    ("cer", "body CER %"),
    ("iou80", "IoU≥0.8 %"),
    ("jumps", "jumps joined"),
]


def table(rows: list[dict]) -> str:
    """A Markdown table of result rows."""
    head = "| " + " | ".join(label for _, label in COLUMNS) + " |"
    rule = "| " + " | ".join("---" for _ in COLUMNS) + " |"
    lines = [head, rule]
    for row in rows:
        cells = ["–" if row.get(key) is None else str(row.get(key)) for key, _ in COLUMNS]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
