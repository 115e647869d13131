"""Facsimiles of an edition bundle's pages, made by the project's own tooling.

Each page of the bundle is typeset as a broadsheet page (``editions/facsimile.html``) from
the bundle's own content: masthead, headlines, highlights, bylines and every word of the
bodies. Headless Chromium lays it out, fits the copy and measures where each story stands
(``--dump-dom``), then prints the fitted page to PDF with the Noto CJK fonts
(``--print-to-pdf``); PDFium (``editions.rendering``) renders the PDF to the page image.
The regions measured are the stories' hotspots on the page map.

Used by ``manage.py make_facsimiles``, which writes them into the demo bundle.
"""

import datetime
import html
import json
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.template.loader import render_to_string

from articles.sanitize import sanitize_html, text_to_html
from editions.calendar import masthead_date
from editions.models import page_jump_label, page_label

# What Chromium needs to run as root on a machine with no network but the package
# registries (the browser tests start it with the same).
CHROMIUM_SANDBOXLESS_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
CHROMIUM_FLAGS = [
    "--headless",
    *CHROMIUM_SANDBOXLESS_FLAGS,
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
    "--window-size=1500,2100",
]
BLOCK = re.compile(r"<(p|h[2-6]|blockquote|ul|ol|table|figure)\b[^>]*>.*?</\1>", re.S)
ARTICLE_TAG = re.compile(r"<article\b([^>]*)>")
ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')


class FacsimileError(Exception):
    """Chromium is missing or failed, or the copy does not fit the page."""


@dataclass
class Story:
    key: str
    title_lines: list[str]
    kicker: str = ""
    subtitle: str = ""
    highlights: list[str] = field(default_factory=list)
    byline_above: str = ""
    body_html: str = ""
    body_columns: int = 3
    lead: bool = False
    commentary: bool = False
    continued_from: str = ""  # 第一版, on the page a story continues on
    continued_to: str = ""  # 第二版, on the page it jumps from


def _body_html(article: dict) -> str:
    """The body as printed: the dateline and byline in bold opening the first paragraph."""
    body = article.get("body_html")
    if body is None:
        body = text_to_html(article.get("body_text", ""))
    body = sanitize_html(body)
    dateline = article.get("dateline", "")
    if dateline:
        byline = article.get("byline", "")
        lead_in = html.escape(f"{dateline}({byline})" if byline else dateline)
        body = re.sub(r"<p>", f'<p class="lead-in"><strong>{lead_in}</strong>', body, count=1)
    return "".join(match.group(0) for match in BLOCK.finditer(body))


def page_stories(document: dict, number: int) -> list[Story]:
    """The stories placed on page ``number``, in their order there."""
    placed = []
    for article in document["articles"]:
        numbers = sorted(p["page"] for p in article.get("placements", []))
        for placement in article.get("placements", []):
            if placement["page"] == number:
                placed.append((placement.get("order", 1), article, numbers))
    stories = []
    for order, article, numbers in sorted(placed, key=lambda item: item[0]):
        earlier = [n for n in numbers if n < number]
        later = [n for n in numbers if n > number]
        stories.append(
            Story(
                key=article["key"],
                title_lines=[line for line in article["title"].splitlines() if line.strip()],
                kicker=article.get("kicker", ""),
                subtitle=article.get("subtitle", ""),
                highlights=article.get("highlights", []),
                byline_above="" if article.get("dateline") else article.get("byline", ""),
                body_html=_body_html(article),
                lead=order == 1 and number == 1,
                commentary=article.get("genre") == "评论",
                continued_from=page_jump_label(earlier[-1]) if earlier else "",
                continued_to=page_jump_label(later[0]) if later else "",
            )
        )
    return stories


def page_columns(number: int, stories: list[Story]) -> list[dict]:
    """The front page in a wide and a narrow column; an inside page in one full column.

    On the front the lead and the fourth story go in the wide column, the others in the
    narrow one, the way the demo's front page is made up.
    """
    if not stories:
        return []
    if number != 1:
        for story in stories:
            story.body_columns = 6
        return [{"kind": "full", "stories": stories}]
    wide, narrow = [], []
    for index, story in enumerate(stories):
        (wide if index in (0, 3) else narrow).append(story)
    for story in wide:
        story.body_columns = 5
    for story in narrow:
        story.body_columns = 3
    return [{"kind": "wide", "stories": wide}, {"kind": "narrow", "stories": narrow}]


def page_html(document: dict, number: int, *, fit: bool) -> str:
    """The typeset page ``number`` of the bundle, with the copyfitting script when ``fit``."""
    page = next(p for p in document["pages"] if p["number"] == number)
    date = datetime.date.fromisoformat(document["edition"]["date"])
    stories = page_stories(document, number)
    return render_to_string(
        "editions/facsimile.html",
        {
            "publication": document["publication"],
            "edition": document["edition"],
            "masthead": masthead_date(date),
            "page": {**page, "label": page_label(number)},
            "page_count": len(document["pages"]),
            "columns": page_columns(number, stories),
            "fit": fit,
        },
    )


def find_chromium(path: str | None = None) -> str:
    found = shutil.which(path) if path else None
    found = found or shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        raise FacsimileError("Chromium is needed to typeset the pages (apt-get install chromium).")
    return found


def _chromium(chromium: str, *args: str) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory(prefix="facsimile-profile-") as profile:
        command = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args]
        result = subprocess.run(command, capture_output=True, timeout=180)
    if result.returncode != 0:
        stderr = result.stderr.decode(errors="replace")[-800:]
        raise FacsimileError(f"Chromium failed ({result.returncode}): {stderr}")
    return result


@dataclass
class Typeset:
    html: str  # the fitted page, its script removed
    regions: dict[str, list[float]]  # story key -> [x, y, width, height]
    fitted: bool


def typeset(source_html: str, workdir: Path, chromium: str) -> Typeset:
    """Let Chromium lay the page out and fit the copy; read back the page and its regions."""
    source = workdir / "source.html"
    source.write_text(source_html, encoding="utf-8")
    result = _chromium(chromium, "--dump-dom", source.as_uri())
    dumped = result.stdout.decode("utf-8")
    if "data-fitted" not in dumped:
        raise FacsimileError("Chromium did not run the copyfitting script.")
    regions = {}
    for attributes in ARTICLE_TAG.findall(dumped):
        values = dict(ATTRIBUTE.findall(attributes))
        if "data-key" in values and "data-region" in values:
            regions[values["data-key"]] = [float(v) for v in values["data-region"].split(",")]
    return Typeset(
        html="<!doctype html>\n" + dumped,
        regions=regions,
        fitted='data-fitted="yes"' in dumped,
    )


def print_pdf(page_html_text: str, workdir: Path, chromium: str) -> bytes:
    """The typeset page printed to PDF by Chromium, at the page size its CSS gives."""
    source = workdir / "fitted.html"
    target = workdir / "page.pdf"
    source.write_text(page_html_text, encoding="utf-8")
    _chromium(chromium, "--no-pdf-header-footer", f"--print-to-pdf={target}", source.as_uri())
    return target.read_bytes()


def load_document(bundle: Path) -> dict:
    return json.loads((bundle / "edition.json").read_text(encoding="utf-8"))


def save_document(bundle: Path, document: dict) -> None:
    payload = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    (bundle / "edition.json").write_text(payload, encoding="utf-8")
