"""The PDF ingest reads a page typeset by Typst, an engine it was not tuned on."""

from pathlib import Path

import pytest

from articles.ingest import bench
from articles.ingest.reader import read_edition

typst = pytest.importorskip("typst")

from articles.ingest.testpages.typst_edition import FONT_DIRS, generate_typst  # noqa: E402

pytestmark = pytest.mark.skipif(
    not any(Path(d).is_dir() for d in FONT_DIRS), reason="the Noto CJK fonts are not installed"
)


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    folder = tmp_path_factory.mktemp("typst")
    truth = generate_typst(folder, pages=1, seed=5)
    files = [(p["file"], (folder / p["file"]).read_bytes()) for p in truth["pages"]]
    return truth, read_edition(files)


def test_the_typst_truth_is_measured_from_where_typst_placed_each_story(page):
    truth, _reading = page
    lead = next(s for s in truth["stories"] if s["layout"] == "lead")
    x, y, w, h = lead["placements"][0]["region"]
    # Across the page under the masthead, inside the margins Typst kept.
    assert 0.03 < x < 0.06 and 0.85 < w < 0.95 and 0.05 < y < 0.15 and 0.3 < h < 0.5
    assert all(s["body"] for s in truth["stories"])


def test_a_page_typeset_by_typst_is_read_into_its_stories(page):
    truth, reading = page
    tallies, names = bench.score(truth, reading)
    total = bench.Tally()
    for tally in tallies.values():
        total.add(tally)
    assert names == {"right": 1, "pages": 1}
    assert total.found == total.truth == len(reading.stories)
    assert total.titles == total.found
    assert total.regions_ok == total.regions
