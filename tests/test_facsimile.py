"""The demo's facsimiles are made by the project's own tooling from the demo's own words."""

import re
import shutil
import subprocess

import pytest

from newspaper.demo import facsimile

from .conftest import DEMO_BUNDLE, unavailable


def text(html: str) -> str:
    return re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", html))


@pytest.fixture
def document() -> dict:
    return facsimile.load_document(DEMO_BUNDLE)


def test_the_front_page_is_typeset_with_its_masthead_and_every_word_of_its_stories(document):
    page = text(facsimile.page_html(document, 1, fit=False))
    for line in ["辽源日报", "CN22-0010", "2024年4月1日", "甲辰年二月廿三", "总第8986期今日4版"]:
        assert line in page
    for article in document["articles"]:
        assert re.sub(r"\s+", "", article["title"]) in page
        body = text(article["body_html"]).replace("&quot;", '"')
        assert body[-60:] in page and body[:40] in page
    assert page.count("（下转第二版）") == 2


def test_page_two_carries_the_two_continuations(document):
    page = text(facsimile.page_html(document, 2, fit=False))
    assert page.count("（上接第一版）") == 2
    assert "动能澎湃向“新”行" in page


def test_every_demo_page_names_its_files_and_page_one_a_region_per_story(document):
    for page in document["pages"]:
        number = page["number"]
        assert page["image"] == f"pages/{number:02d}.jpg"
        assert page["pdf"] == f"pages/{number:02d}.pdf"
        assert (DEMO_BUNDLE / page["image"]).stat().st_size < 1_000_000
        assert (DEMO_BUNDLE / page["pdf"]).read_bytes()[:5] == b"%PDF-"
    on_page = {1: 0, 2: 0}
    for article in document["articles"]:
        for placement in article["placements"]:
            assert "region" in placement
            on_page[placement["page"]] += 1
    assert on_page == {1: 5, 2: 2}
    total = sum(f.stat().st_size for f in (DEMO_BUNDLE / "pages").iterdir())
    assert total < 3_000_000


def have_noto_cjk() -> bool:
    if shutil.which("fc-list") is None:
        return False
    fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout
    return "Noto Serif CJK SC" in fonts and "Noto Sans CJK SC" in fonts


def test_typesetting_the_front_page_again_gives_the_committed_regions(document, tmp_path):
    """The committed regions are what the tooling measures (make_facsimiles).

    Skipped without Chromium or the fonts locally; under CI, which installs both, it fails.
    """
    try:
        chromium = facsimile.find_chromium()
    except facsimile.FacsimileError as error:
        unavailable(str(error))
    if not have_noto_cjk():
        unavailable("the Noto CJK fonts are not installed (apt-get install fonts-noto-cjk)")
    typeset = facsimile.typeset(facsimile.page_html(document, 1, fit=True), tmp_path, chromium)
    assert typeset.fitted
    committed = {
        a["key"]: p["region"]
        for a in document["articles"]
        for p in a["placements"]
        if p["page"] == 1
    }
    assert set(typeset.regions) == set(committed)
    for key, region in committed.items():
        assert typeset.regions[key] == pytest.approx(region, abs=0.003), key
