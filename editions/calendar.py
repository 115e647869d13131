"""The masthead calendar: Gregorian date, weekday, lunar date and the coming solar term.

lunar-python does the calendar maths; this module only words it the way a Chinese
masthead prints it (2024年4月1日 星期一 / 甲辰年二月廿三 / 二月廿六清明).
"""

import datetime
import functools
from dataclasses import dataclass

from lunar_python import Solar

WEEKDAYS = "一二三四五六日"
DIGITS = "〇一二三四五六七八九"


@dataclass(frozen=True)
class MastheadDate:
    """The date lines of a masthead, all derived from one Gregorian date."""

    date: datetime.date
    gregorian: str  # 2024年4月1日
    weekday: str  # 星期一
    lunar: str  # 甲辰年二月廿三
    solar_term: str  # 二月廿六清明, or the term's name alone on the day itself
    solar_term_name: str  # 清明
    solar_term_date: datetime.date
    is_solar_term_day: bool


def _lunar_month_day(lunar) -> str:
    return f"{lunar.getMonthInChinese()}月{lunar.getDayInChinese()}"


def gregorian_date(date: datetime.date) -> str:
    """2024年4月1日: what a list or a title prints of a date, without the lunar maths."""
    return f"{date.year}年{date.month}月{date.day}日"


@functools.lru_cache(maxsize=4096)
def masthead_date(date: datetime.date) -> MastheadDate:
    """Everything the masthead prints about ``date``; nothing is typed in by hand.

    The lunar maths costs milliseconds per date, so each date is worked out once per
    worker (``Edition.masthead`` only calls this where a masthead or a date line is shown).
    """
    lunar = Solar.fromYmd(date.year, date.month, date.day).getLunar()
    # getNextJieQi() counts today's term when today is one, which is what a paper prints:
    # on 立春 the masthead says 立春, not the term a fortnight away.
    term = lunar.getNextJieQi()
    term_solar = term.getSolar()
    term_date = datetime.date(term_solar.getYear(), term_solar.getMonth(), term_solar.getDay())
    is_term_day = term_date == date
    if is_term_day:
        term_line = term.getName()
    else:
        term_line = _lunar_month_day(term_solar.getLunar()) + term.getName()
    return MastheadDate(
        date=date,
        gregorian=gregorian_date(date),
        weekday="星期" + WEEKDAYS[date.weekday()],
        lunar=f"{lunar.getYearInGanZhi()}年{_lunar_month_day(lunar)}",
        solar_term=term_line,
        solar_term_name=term.getName(),
        solar_term_date=term_date,
        is_solar_term_day=is_term_day,
    )


def chinese_numeral(number: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 20 -> 二十, 105 -> 一百零五 (for 第二版 jump lines)."""
    if number < 0:
        raise ValueError("chinese_numeral takes a non-negative integer")
    if number < 10:
        return DIGITS[number]
    if number < 20:
        return "十" + (DIGITS[number % 10] if number % 10 else "")
    if number < 100:
        tens, ones = divmod(number, 10)
        return DIGITS[tens] + "十" + (DIGITS[ones] if ones else "")
    if number < 1000:
        hundreds, rest = divmod(number, 100)
        if rest == 0:
            tail = ""
        elif rest < 10:
            tail = "零" + DIGITS[rest]
        else:
            tail = chinese_numeral(rest) if rest >= 20 else "一" + chinese_numeral(rest)
        return DIGITS[hundreds] + "百" + tail
    raise ValueError("chinese_numeral supports numbers below 1000")
