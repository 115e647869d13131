"""The masthead's date lines are derived from the date, never typed in."""

import datetime

import pytest

from editions.calendar import chinese_numeral, masthead_date


def test_masthead_of_the_demo_date_reads_as_printed():
    """2024-04-01 prints 2024年4月1日 星期一 / 甲辰年二月廿三 / 二月廿六清明."""
    m = masthead_date(datetime.date(2024, 4, 1))
    assert (m.gregorian, m.weekday, m.lunar, m.solar_term) == (
        "2024年4月1日",
        "星期一",
        "甲辰年二月廿三",
        "二月廿六清明",
    )
    assert m.solar_term_date == datetime.date(2024, 4, 4)


def test_leap_month_is_named_as_such():
    """2023-03-22 is the first day of the leap second month, 癸卯年闰二月初一."""
    assert masthead_date(datetime.date(2023, 3, 22)).lunar == "癸卯年闰二月初一"


def test_on_a_solar_term_day_the_masthead_shows_that_term():
    """2025-02-03 is 立春 itself: the masthead shows today's term, not the next one."""
    m = masthead_date(datetime.date(2025, 2, 3))
    assert m.is_solar_term_day
    assert m.solar_term == "立春"
    assert m.lunar == "乙巳年正月初六"


def test_the_day_after_a_term_points_to_the_next_term():
    m = masthead_date(datetime.date(2024, 4, 5))
    assert m.solar_term_name == "谷雨"
    assert not m.is_solar_term_day


def test_weekdays_run_monday_to_sunday():
    names = [masthead_date(datetime.date(2024, 4, d)).weekday for d in range(1, 8)]
    assert names == ["星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"]


@pytest.mark.parametrize(
    ("number", "numeral"),
    [
        (1, "一"),
        (2, "二"),
        (10, "十"),
        (12, "十二"),
        (20, "二十"),
        (32, "三十二"),
        (105, "一百零五"),
    ],
)
def test_jump_lines_use_chinese_numerals(number, numeral):
    assert chinese_numeral(number) == numeral


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/articles/", "/search/?q=新闻", "/corrections/", "/sitemap.xml"])
def test_lists_of_many_dates_work_out_no_lunar_date(client, settings, url):
    """A list prints each story's Gregorian date: the lunar maths (milliseconds a date) is
    for the masthead of the edition shown, never for every row of an archive's list."""
    from django.core.cache import cache

    from tests.factories import ArticleFactory, EditionFactory, PageFactory

    settings.NEWSPAPER_PAGE_CACHE = False
    for day in range(12):
        edition = EditionFactory(date=datetime.date(2023, 1, 1) + datetime.timedelta(days=day))
        page = PageFactory(edition=edition, number=1)
        article = ArticleFactory(edition=edition, title=f"新闻{day}")
        article.placements.create(page=page, position=1)
        article.corrections.create(date=edition.date, text="更正。")
    cache.clear()
    masthead_date.cache_clear()
    response = client.get(url)
    assert response.status_code == 200
    assert masthead_date.cache_info().misses == 0
