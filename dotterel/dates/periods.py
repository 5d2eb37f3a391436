"""Calendar values of each granularity, and the year a speaker means by a name without one.

`Resolution` is what a temporal expression resolves to; the functions here make the
values (a day, an ISO week, a month, a quarter, a weekend) and move them by a count of
units, as the rules of `dotterel.dates.resolving` need them.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from dotterel.dates.tense import Tense


@dataclass(frozen=True)
class Resolution:
    """What a temporal expression means, or why that could not be worked out."""

    value: str | None = None
    value_end: str | None = None
    granularity: str | None = None  # day week month quarter season half year decade century
    reason: str | None = None  # why value is None
    kind: str = "date"  # TIMEX3 type, lower case: date | time | duration | set
    timex: str | None = None  # TIMEX3 value where it differs from value (weekends, *_REF)
    comparison: bool = False  # "a year earlier": the period compared against the one before

    @property
    def timex_value(self) -> str | None:
        return self.timex or self.value


def unresolved(reason: str, kind: str = "date", timex: str | None = None) -> Resolution:
    return Resolution(reason=reason, kind=kind, timex=timex)


# --- values of each granularity -------------------------------------------------------


def day_value(d: dt.date) -> Resolution:
    return Resolution(d.isoformat(), granularity="day")


def week_value(d: dt.date) -> Resolution:
    year, week, _ = d.isocalendar()
    return Resolution(f"{year}-W{week:02d}", granularity="week")


def month_value(year: int, month: int) -> Resolution:
    return Resolution(f"{year:04d}-{month:02d}", granularity="month")


def year_value(year: int) -> Resolution:
    return Resolution(f"{year:04d}", granularity="year")


def weekend_value(d: dt.date) -> Resolution:
    """The weekend of the week holding D (ISO weeks end on Sunday)."""
    saturday = d + dt.timedelta(days=5 - d.weekday())
    year, week, _ = saturday.isocalendar()
    end = saturday + dt.timedelta(days=1)
    return Resolution(saturday.isoformat(), end.isoformat(), "day", timex=f"{year}-W{week:02d}-WE")


def add_months(d: dt.date, months: int) -> tuple[int, int]:
    index = d.year * 12 + d.month - 1 + months
    return index // 12, index % 12 + 1


def shift_from(published: dt.date, count: int, unit: str) -> Resolution:
    """The period COUNT UNITs away from publication (negative: before)."""
    if unit == "day":
        return day_value(published + dt.timedelta(days=count))
    if unit == "week":
        return week_value(published + dt.timedelta(weeks=count))
    if unit == "month":
        return month_value(*add_months(published, count))
    if unit == "year":
        return year_value(published.year + count)
    if unit == "decade":
        return decade_value(published.year + 10 * count)
    return unresolved(f"no calendar unit {unit!r}")


def decade_value(year: int) -> Resolution:
    return Resolution(f"{year // 10:03d}", granularity="decade")


# --- cyclic names (weekdays, months, seasons, quarters) -------------------------------

Period = tuple[dt.date, dt.date]


def month_period(year: int, month: int) -> Period:
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, 1), dt.date(year, month, last)


def season_period(year: int, first_month: int) -> Period:
    end_year, end_month = add_months(dt.date(year, first_month, 1), 2)
    return dt.date(year, first_month, 1), month_period(end_year, end_month)[1]


def quarter_period(year: int, quarter: int) -> Period:
    start = month_period(year, 3 * quarter - 2)[0]
    return start, month_period(year, 3 * quarter)[1]


# News names a date without its year when it falls in the publication's year (AP style):
# a past-tense verb beside a date a few weeks ahead more likely means this year's date
# than one eleven months back. So the year is the one nearest publication, where a reading
# against the tense counts as TENSE_PENALTY_DAYS further off and one in another year as
# OTHER_YEAR_PENALTY_DAYS further: "Dec. 28" in early January is still last December.
TENSE_PENALTY_DAYS = 150
OTHER_YEAR_PENALTY_DAYS = 90


def pick_year(period_of: Callable[[int], Period], published: dt.date, tense: Tense) -> int:
    """The year of the occurrence a speaker means: the nearest to publication, an occurrence
    against the tense (wholly after publication for the past, wholly before it for the
    future) or outside the publication's year counted as further away."""
    years = (published.year - 1, published.year, published.year + 1)

    def cost(year: int) -> int:
        start, end = period_of(year)
        against = (tense == "past" and start > published) or (tense == "future" and end < published)
        other_year = OTHER_YEAR_PENALTY_DAYS if year != published.year else 0
        return _distance((start, end), published) + (TENSE_PENALTY_DAYS if against else 0) + other_year

    return min(years, key=cost)


def _distance(period: Period, published: dt.date) -> int:
    start, end = period
    if start <= published <= end:
        return 0
    return min(abs((start - published).days), abs((end - published).days))


def weekday_date(published: dt.date, weekday: int, tense: Tense) -> dt.date:
    """Past: the latest such day up to publication (the same day counts); future: the next
    one after it; present: whichever is nearer."""
    back = (published.weekday() - weekday) % 7
    ahead = (weekday - published.weekday()) % 7 or 7
    if tense == "past" or (tense == "present" and back <= ahead):
        return published - dt.timedelta(days=back)
    return published + dt.timedelta(days=ahead)


def year_of(text: str, published: dt.date) -> int:
    if text.startswith("'"):  # '98 -> the nearest year ending 98 not far in the future
        year = published.year // 100 * 100 + int(text[1:])
        return year - 100 if year > published.year + 10 else year
    return int(text)


def quarter_relative(published: dt.date, offset: int, word: str) -> Resolution:
    """'this quarter' is the current one; 'the quarter' in news is the one just reported
    on, the latest completed quarter."""
    current = (published.month - 1) // 3 + 1
    if word == "the":
        offset = -1
    index = published.year * 4 + current - 1 + offset
    return quarter_value(index // 4, index % 4 + 1)


def quarter_value(year: int, quarter: int) -> Resolution:
    return Resolution(f"{year:04d}-Q{quarter}", granularity="quarter")


def safe_day(year: int, month: int, day: int) -> Resolution:
    try:
        return day_value(dt.date(year, month, day))
    except ValueError:
        return unresolved("no such date")


def month_day_value(month: int, day: int, year: int | None, published: dt.date, tense: Tense) -> Resolution:
    if year is None:
        if not 1 <= day <= calendar.monthrange(2000, month)[1]:
            return unresolved("no such date")
        year = pick_year(lambda y: (safe_date(y, month, day),) * 2, published, tense)
    return safe_day(year, month, day)


def safe_date(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def cyclic_year(period_of: Callable[[int], Period], published: dt.date, tense: Tense, word: str | None) -> int:
    """The year of a named month or season, with 'last'/'next'/'this' when given."""
    years = (published.year - 1, published.year, published.year + 1)
    if word in ("last", "this past"):
        return max(y for y in years if period_of(y)[1] < published)
    if word in ("next", "this coming"):
        return min(y for y in years if period_of(y)[0] > published)
    if word == "this":  # the one under way, else the one in the publication's year
        under_way = period_of(published.year - 1)[1] >= published
        return published.year - 1 if under_way else published.year
    return pick_year(period_of, published, tense)


def coarser(d: dt.date, unit: str) -> Resolution:
    if unit == "year":
        return year_value(d.year)
    if unit == "quarter":
        return quarter_value(d.year, (d.month - 1) // 3 + 1)
    return month_value(d.year, d.month)


def shift_value(anchor: Resolution, count: int, unit: str) -> Resolution:
    """ANCHOR moved by COUNT UNITs, keeping its granularity where it is finer than UNIT."""
    if anchor.value is None:
        return unresolved("relative to another date")
    if count == 0 and unit in ("year", "quarter", "month") and anchor.granularity == "day":
        return coarser(dt.date.fromisoformat(anchor.value), unit)  # "that year"
    if count == 0 and unit == "year" and anchor.value[:4].isdigit():
        return year_value(int(anchor.value[:4]))
    if anchor.granularity == "quarter" and unit in ("year", "quarter"):
        year, quarter = int(anchor.value[:4]), int(anchor.value[-1])
        index = year * 4 + quarter - 1 + count * (4 if unit == "year" else 1)
        return quarter_value(index // 4, index % 4 + 1)
    if anchor.granularity == "day":
        return shift_from(dt.date.fromisoformat(anchor.value), count, unit)
    if anchor.granularity == "month" and unit in ("month", "year"):
        start = dt.date.fromisoformat(anchor.value + "-01")
        return month_value(*add_months(start, count * (12 if unit == "year" else 1)))
    if anchor.granularity == "year" and unit in ("year", "decade"):
        return shift_from(dt.date(int(anchor.value), 6, 1), count, unit)
    return unresolved("relative to another date")
