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
    assert total.errors <= 0.01 * total.chars


def _char(text, x0, x1, top=100.0, size=9.0, generated=False):
    from articles.ingest.pdf import Char

    return Char(text, x0, top, x1, top + size, size, False, "Noto", generated=generated)


def test_a_gap_pdfium_took_for_a_space_between_chinese_and_latin_is_no_space():
    from articles.ingest.layout.lines import line_text

    made_up = [
        _char("约", 0, 9),
        _char(" ", 9, 9, generated=True),
        _char("2", 11.25, 16),
        _char("0", 16, 21),
        _char(" ", 21, 21, generated=True),
        _char("年", 23.25, 32.25),
        _char(" ", 32.25, 32.25),  # a space the PDF has
        _char("AI", 35, 45),
    ]
    assert line_text(made_up, headline=12.4) == "约20年 AI"


def test_hanging_punctuation_does_not_join_two_columns_across_their_gutter():
    from articles.ingest.layout.geometry import gaps, ink_x

    # 、 ends column 1 hanging into the gutter, “ opens column 2 set half an em early.
    chars = [_char("中", 251.5, 260.5), _char("、", 260.5, 269.5), _char("“", 272.5, 281.5)]
    chars.append(_char("文", 281.5, 290.5))
    assert gaps([(c.x0, c.x1) for c in chars], 0, 400) == [(269.5, 272.5)]
    assert gaps([ink_x(c) for c in chars], 0, 400) == [(265.0, 277.0)]


def test_parts_side_by_side_but_one_above_the_other_are_stacked_not_columns():
    from articles.ingest.layout.blocks import stacked

    byline = [_char("本", 445, 455, top=207), _char("报", 455, 465, top=207)]
    highlights = [_char("◆", 48, 58, top=221), _char("发", 58, 68, top=221)]
    column = [_char("比", 48, 57, top=205), _char("头", 48, 57, top=230)]
    assert stacked([(highlights, []), (byline, [])])
    assert not stacked([(column, []), (byline, [])])
