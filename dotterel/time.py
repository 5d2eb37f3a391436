"""The "when" stage: find temporal expressions in a parse and resolve them to dates.

An event is only useful to an analyst with a date to sort and filter by, and news gives
dates relative to the day it was published ("on Friday", "last month"). This module finds
those expressions in a spaCy Doc and turns each into a TIMEX3-style value (2024-03-08,
2024-W10, 2024-03, 2024-Q1, 2024-SU, 2024, 202 for a decade) with its granularity, using
the publication date and the tense of the verb. What cannot be resolved stays unresolved
with a reason: a date is never silently replaced by the publication date.

Conventions chosen here (TIMEX3 where it has one):
- a weekend is the range Saturday..Sunday with granularity "day"; its TIMEX3 value is
  "2024-W10-WE";
- "the past week" / "the last three days" is a duration (kind "duration") that still
  carries the range it covers, ending on the publication date;
- vague references ("now", "recently", "soon") have no value; their TIMEX3 value is
  PRESENT_REF / PAST_REF / FUTURE_REF;
- a time of day resolves to its day, kind "time".
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from dotterel.data import read_shipped

_DATA = read_shipped("dates.yaml")
MONTHS: dict[str, int] = _DATA["months"]
WEEKDAYS: dict[str, int] = _DATA["weekdays"]
SEASONS: dict[str, tuple[str, int]] = {k: tuple(v) for k, v in _DATA["seasons"].items()}
ORDINALS: dict[str, int] = _DATA["ordinals"]
NUMBERS: dict[str, int] = _DATA["numbers"]
DECADES: dict[str, int] = _DATA["decades"]
DEICTIC_DAYS: dict[str, int] = _DATA["deictic_days"]
HOLIDAYS: dict[str, tuple[int, int]] = {k: tuple(v) for k, v in _DATA["holidays"].items()}
VAGUE: dict[str, str] = _DATA["vague"]
SETS: frozenset[str] = frozenset(_DATA["sets"])
FUTURE_HEADS: frozenset[str] = frozenset(_DATA["future_heads"])

Tense = str  # "past" | "present" | "future"


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


def _unresolved(reason: str, kind: str = "date", timex: str | None = None) -> Resolution:
    return Resolution(reason=reason, kind=kind, timex=timex)


# --- values of each granularity -------------------------------------------------------


def _day(d: dt.date) -> Resolution:
    return Resolution(d.isoformat(), granularity="day")


def _week(d: dt.date) -> Resolution:
    year, week, _ = d.isocalendar()
    return Resolution(f"{year}-W{week:02d}", granularity="week")


def _month(year: int, month: int) -> Resolution:
    return Resolution(f"{year:04d}-{month:02d}", granularity="month")


def _year(year: int) -> Resolution:
    return Resolution(f"{year:04d}", granularity="year")


def _weekend(d: dt.date) -> Resolution:
    """The weekend of the week holding D (ISO weeks end on Sunday)."""
    saturday = d + dt.timedelta(days=5 - d.weekday())
    year, week, _ = saturday.isocalendar()
    end = saturday + dt.timedelta(days=1)
    return Resolution(saturday.isoformat(), end.isoformat(), "day", timex=f"{year}-W{week:02d}-WE")


def _add_months(d: dt.date, months: int) -> tuple[int, int]:
    index = d.year * 12 + d.month - 1 + months
    return index // 12, index % 12 + 1


def _shift(published: dt.date, count: int, unit: str) -> Resolution:
    """The period COUNT UNITs away from publication (negative: before)."""
    if unit == "day":
        return _day(published + dt.timedelta(days=count))
    if unit == "week":
        return _week(published + dt.timedelta(weeks=count))
    if unit == "month":
        return _month(*_add_months(published, count))
    if unit == "year":
        return _year(published.year + count)
    if unit == "decade":
        return _decade(published.year + 10 * count)
    return _unresolved(f"no calendar unit {unit!r}")


def _decade(year: int) -> Resolution:
    return Resolution(f"{year // 10:03d}", granularity="decade")


# --- cyclic names (weekdays, months, seasons, quarters) -------------------------------

Period = tuple[dt.date, dt.date]


def _month_period(year: int, month: int) -> Period:
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, 1), dt.date(year, month, last)


def _season_period(year: int, first_month: int) -> Period:
    end_year, end_month = _add_months(dt.date(year, first_month, 1), 2)
    return dt.date(year, first_month, 1), _month_period(end_year, end_month)[1]


def _quarter_period(year: int, quarter: int) -> Period:
    start = _month_period(year, 3 * quarter - 2)[0]
    return start, _month_period(year, 3 * quarter)[1]


# News names a date without its year when it falls in the publication's year (AP style):
# a past-tense verb beside a date a few weeks ahead more likely means this year's date
# than one eleven months back. So the year is the one nearest publication, where a reading
# against the tense counts as TENSE_PENALTY_DAYS further off and one in another year as
# OTHER_YEAR_PENALTY_DAYS further: "Dec. 28" in early January is still last December.
TENSE_PENALTY_DAYS = 150
OTHER_YEAR_PENALTY_DAYS = 90


def _pick_year(period_of: Callable[[int], Period], published: dt.date, tense: Tense) -> int:
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


def _weekday(published: dt.date, weekday: int, tense: Tense) -> dt.date:
    """Past: the latest such day up to publication (the same day counts); future: the next
    one after it; present: whichever is nearer."""
    back = (published.weekday() - weekday) % 7
    ahead = (weekday - published.weekday()) % 7 or 7
    if tense == "past" or (tense == "present" and back <= ahead):
        return published - dt.timedelta(days=back)
    return published + dt.timedelta(days=ahead)


# --- normalising the text -------------------------------------------------------------

_LEADING_WORDS: list[str] = _DATA["leading_words"]
# Longest first, so that 'the early hours of' goes as one rather than as 'the'.
_LEADING = re.compile(r"^(?:" + "|".join(sorted(_LEADING_WORDS, key=len, reverse=True)) + r")[ -]")
_CLOCK = re.compile(
    r"\b(?:\d{1,2}(?::\d{2})?\s*(?:a\.?m|p\.?m)\b\.?|\d{1,2}:\d{2}|noon|midnight|"
    r"o'clock|(?:e|c|m|p)[sd]t|gmt|utc)"
)
_DAY_PART = re.compile(r"\s*\b(?:morning|afternoon|evening|night|overnight)$")


def _normalise(text: str) -> str:
    t = text.lower().replace("\u2019", "'").replace("\u2013", "-").replace("\u2014", "-")
    t = re.sub(r"(?<=[a-z])\.(?=\s|,|$)", "", t)  # "Sept." -> "sept"
    t = re.sub(r"\s*([-/,])\s*", r"\1 ", t).replace("- ", "-").replace("/ ", "/")
    t = re.sub(r"\s+", " ", t)
    t = re.sub(r" or so\b", "", t)  # "a week or so ago" is as near as it says
    return t.strip(" .,;:'\"()")


def _stripped_forms(t: str) -> list[str]:
    """T, then T with each leading preposition or modifier taken off in turn ('the end of
    the year' -> 'the year' -> 'year'), and without a trailing 'end' ('year-end')."""
    forms = [t]
    while (m := _LEADING.match(t + " ")) and m.end() <= len(t):
        t = t[m.end() :].strip()
        forms.append(t)
    bare = re.sub(r"(?:'s |-| )end$", "", t)
    return list(dict.fromkeys([*forms, bare]))


# --- the rules, each: (normalised text, publication, tense) -> Resolution | None --------

_NUM = r"(\d+|" + "|".join(sorted(NUMBERS, key=len, reverse=True)) + ")"
_VAGUE_NUM = "|".join(sorted(_DATA["vague_counts"], key=len, reverse=True))
_UNIT = r"(second|minute|hour|day|night|week|weekend|month|quarter|year|decade|century)s?"
_MONTH = r"(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")"
_WEEKDAY = r"(" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")"
_SEASON = r"(" + "|".join(SEASONS) + r")"
_ORDINAL = r"(" + "|".join(ORDINALS) + r")"
_YEAR = r"(\d{4}|'\d{2})"
_DAYNUM = r"(\d{1,2})(?:st|nd|rd|th)?"

Rule = Callable[[str, dt.date, Tense], "Resolution | None"]


def _count(word: str) -> int:
    return int(word) if word.isdigit() else NUMBERS[word]


def _year_of(text: str, published: dt.date) -> int:
    if text.startswith("'"):  # '98 -> the nearest year ending 98 not far in the future
        year = published.year // 100 * 100 + int(text[1:])
        return year - 100 if year > published.year + 10 else year
    return int(text)


def _rule_vague(t: str, published: dt.date, tense: Tense) -> Resolution | None:
    if t in VAGUE:
        return _unresolved("vague", timex=VAGUE[t])
    if re.fullmatch(rf"(?:a later|some future) date|(?:the )?(?:coming|future|upcoming) {_UNIT}", t) and (
        t.endswith(("s", "date"))
    ):
        return _unresolved("vague", timex="FUTURE_REF")
    if t in SETS or re.fullmatch(r"(every|each|per) .+", t):
        return _unresolved("recurring", kind="set")
    return None


def _rule_deictic(t: str, published: dt.date, tense: Tense) -> Resolution | None:
    if t in DEICTIC_DAYS:
        resolution = _day(published + dt.timedelta(days=DEICTIC_DAYS[t]))
        is_time = t not in ("today", "yesterday", "tomorrow")
        return replace(resolution, kind="time") if is_time else resolution
    if t in HOLIDAYS:
        month, day = HOLIDAYS[t]
        year = _pick_year(lambda y: (dt.date(y, month, day),) * 2, published, tense)
        return _day(dt.date(year, month, day))
    return None


def _rule_ago(t: str, published: dt.date, tense: Tense) -> Resolution | None:
    m = re.fullmatch(rf"(?:(?:about|some|nearly|almost|more than|over) )?(?:{_NUM}[ -])?{_UNIT} ago", t)
    if m:
        return _shift(published, -_count(m[1] or "1"), m[2])
    if re.fullmatch(rf"(?:{_VAGUE_NUM}) {_UNIT} ago", t):
        return _unresolved("vague")
    m = re.fullmatch(rf"(?:in|within) {_NUM} {_UNIT}|{_NUM} {_UNIT} from (?:now|today)", t)
    if m and (m[4] or tense == "future"):
        count, unit = (m[1], m[2]) if m[1] else (m[3], m[4])
        return _shift(published, _count(count), unit)
    return None


def _rule_past_span(t: str, published: dt.date, tense: Tense) -> Resolution | None:
    """'the past week', 'the last three days': a duration ending at publication."""
    m = re.fullmatch(rf"(?:the (?:past|last|previous)|past) (?:{_NUM} )?{_UNIT}", t)
    if not m or m[2] not in ("day", "week", "month", "year"):
        return None
    count = _count(m[1]) if m[1] else 1
    days = {"day": 1, "week": 7, "month": 30, "year": 365}[m[2]] * count
    start = published - dt.timedelta(days=days)
    return Resolution(start.isoformat(), published.isoformat(), "day", kind="duration")


def _rule_duration(t: str, published: dt.date, tense: Tense) -> Resolution | None:
    quantity = rf"(?:{_NUM}|{_VAGUE_NUM}|\d+(?:\.\d+)?|a|the next|the first|the last)"
    pattern = (
        rf"(?:(?:for|over|about|nearly|almost|more than|some|another|up to) )*"
        rf"(?:{quantity}[ -])*(?:(?:and a half|-and-a-half) )?{_UNIT}(?:[ -](?:long|old))?"
    )
    if re.fullmatch(pattern, t) and not re.fullmatch(rf"(?:the )?{_UNIT}", t):
        return _unresolved("duration", kind="duration")
    if re.fullmatch(rf"{_UNIT}", t) and t.endswith("s"):  # "years", "weeks"
        return _unresolved("duration", kind="duration")
    return None


def _rule_relative_unit(t: str, published: dt.date, tense: Tense) -> Resolution | None:
    """'this week', 'last month', 'next year', 'the year', 'this weekend'."""
    m = re.fullmatch(rf"(?:(this|last|next|this past|this coming|coming|the|current) )?{_UNIT}", t)
    if not m or t.endswith("s"):  # "the weeks" is no one week
        return None
    if m[2] == "day" and m[1] in (None, "the"):  # "the day" names no day by itself
        return _unresolved("relative to another date")
    if m[2] == "week" and m[1] in (None, "the"):  # "the week": some week of the year
        return _unresolved("names no particular week", timex=f"{published.year:04d}-WXX")
    step = {"last": -1, "this past": -1, "next": 1, "this coming": 1, "coming": 1}
    offset = step.get(m[1], 0)
    unit = m[2]
    if unit == "weekend":
        if offset == 0 and m[1] in ("the", "this"):
            offset = -1 if tense == "past" and published.weekday() < 5 else 0
        return _weekend(published + dt.timedelta(weeks=offset))
    if unit == "quarter":
        return _quarter_relative(published, offset, m[1])
    return _shift(published, offset, unit)


def _quarter_relative(published: dt.date, offset: int, word: str) -> Resolution:
    """'this quarter' is the current one; 'the quarter' in news is the one just reported
    on, the latest completed quarter."""
    current = (published.month - 1) // 3 + 1
    if word == "the":
        offset = -1
    index = published.year * 4 + current - 1 + offset
    return _quarter(index // 4, index % 4 + 1)


def _quarter(year: int, quarter: int) -> Resolution:
    return Resolution(f"{year:04d}-Q{quarter}", granularity="quarter")


def _rule_iso(t: str, published: dt.date, tense: Tense) -> Resolution | None:
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:t[\d:]+)?", t)
    if m:
        return _safe_day(int(m[1]), int(m[2]), int(m[3]))
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})", t)  # US order, as news writes
    if m:
        year = int(m[3]) if len(m[3]) == 4 else _year_of("'" + m[3], published)
        return _safe_day(year, int(m[1]), int(m[2]))
    return None


def _safe_day(year: int, month: int, day: int) -> Resolution:
    try:
        return _day(dt.date(year, month, day))
    except ValueError:
        return _unresolved("no such date")


def _month_day(month: int, day: int, year: int | None, published: dt.date, tense: Tense) -> Resolution:
    if year is None:
        if not 1 <= day <= calendar.monthrange(2000, month)[1]:
            return _unresolved("no such date")
        year = _pick_year(lambda y: (_safe_date(y, month, day),) * 2, published, tense)
    return _safe_day(year, month, day)


def _safe_date(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _rule_month_day(t: str, published: dt.date, tense: Tense) -> Resolution | None:
    """'March 3, 2024', 'Friday, March 3', '3 March 2024', 'the 3rd of March'."""
    t = re.sub(rf"^{_WEEKDAY},? ", "", t)
    m = re.fullmatch(rf"(last|next|this past|this coming) {_MONTH} {_DAYNUM}", t)
    if m:  # "last Oct. 23": the latest one before publication
        month, day = MONTHS[m[2]], int(m[3])
        if not 1 <= day <= calendar.monthrange(2000, month)[1]:
            return _unresolved("no such date")
        year = _cyclic_year(lambda y: (_safe_date(y, month, day),) * 2, published, tense, m[1])
        return _safe_day(year, month, day)
    m = re.fullmatch(rf"{_MONTH} {_DAYNUM}(?:,? {_YEAR})?", t)
    if m:
        year = _year_of(m[3], published) if m[3] else None
        return _month_day(MONTHS[m[1]], int(m[2]), year, published, tense)
    m = re.fullmatch(rf"(?:the )?{_DAYNUM} (?:of )?{_MONTH},?(?: {_YEAR})?", t)
    if m:
        year = _year_of(m[3], published) if m[3] else None
        return _month_day(MONTHS[m[2]], int(m[1]), year, published, tense)
    return None


def _rule_month(t: str, published: dt.date, tense: Tense) -> Resolution | None:
    """'March 2024', 'March', 'last March', 'next March'."""
    m = re.fullmatch(rf"(last|next|this|this past|this coming)?\s?{_MONTH}(?:,? (?:of )?{_YEAR})?", t)
    if not m:
        return None
    month = MONTHS[m[2]]
    if m[3]:
        return _month(_year_of(m[3], published), month)
    return _month(_cyclic_year(lambda y: _month_period(y, month), published, tense, m[1]), month)


def _cyclic_year(period_of: Callable[[int], Period], published: dt.date, tense: Tense, word: str | None) -> int:
    """The year of a named month or season, with 'last'/'next'/'this' when given."""
    years = (published.year - 1, published.year, published.year + 1)
    if word in ("last", "this past"):
        return max(y for y in years if period_of(y)[1] < published)
    if word in ("next", "this coming"):
        return min(y for y in years if period_of(y)[0] > published)
    if word == "this":  # the one under way, else the one in the publication's year
        under_way = period_of(published.year - 1)[1] >= published
        return published.year - 1 if under_way else published.year
    return _pick_year(period_of, published, tense)


def _rule_weekday(t: str, published: dt.date, tense: Tense) -> Resolution | None:
    """'Friday', 'last Friday', 'next Friday', 'this Friday'."""
    m = re.fullmatch(rf"(last|next|this|this past|this coming|coming|past)?\s?{_WEEKDAY}", t)
    if not m:
        return None
    weekday = WEEKDAYS[m[2]]
    if m[1] in ("last", "this past", "past"):
        return _day(_weekday(published - dt.timedelta(days=1), weekday, "past"))
    if m[1] in ("next", "this coming", "coming"):
        return _day(_weekday(published, weekday, "future"))
    return _day(_weekday(published, weekday, tense))


def _rule_year(t: str, published: dt.date, tense: Tense) -> Resolution | None:
    m = re.fullmatch(r"(?:fiscal |fy|the year |calendar )?(\d{4}|'\d{2})", t)
    if m and (m[1].startswith("'") or 1000 <= int(m[1]) <= 2199):
        return _year(_year_of(m[1], published))
    m = re.fullmatch(r"(?:the )?(\d{3})0'?s|(?:the )?'(\d)0'?s", t)
    if m:
        if m[1]:
            return Resolution(m[1], granularity="decade")
        return _decade(_year_of(f"'{m[2]}0", published))
    m = re.fullmatch(r"(?:the )?(" + "|".join(DECADES) + ")", t)
    if m:
        return _decade((published.year // 100 - (DECADES[m[1]] * 10 > published.year % 100)) * 100 + DECADES[m[1]] * 10)
    m = re.fullmatch(r"(?:the )?(\d{1,2})(?:st|nd|rd|th) century", t)
    if m:
        return Resolution(f"{int(m[1]) - 1:02d}", granularity="century")
    return None


def _rule_quarter(t: str, published: dt.date, tense: Tense) -> Resolution | None:
    """'the third quarter', 'third-quarter', 'Q3 2024', 'the first half of 2020'."""
    m = re.fullmatch(
        rf"(?:the )?(?:(last|this|next) )?(?:{_YEAR}'?s? )?{_ORDINAL}(?:[ -](quarter|half))?(?:,? (?:of )?"
        rf"(?:fiscal )?{_YEAR})?(?:'s)?",
        t,
    )
    if not m or (m[4] is None and not m[3].startswith("q")):
        return None
    number = ORDINALS[m[3]]
    year_text = m[2] or m[5]
    if m[4] == "half":
        if number > 2:
            return None
        year = _year_of(year_text, published) if year_text else published.year
        return Resolution(f"{year:04d}-H{number}", granularity="half")
    if year_text:
        return _quarter(_year_of(year_text, published), number)
    year = _cyclic_year(lambda y: _quarter_period(y, number), published, tense, m[1])
    return _quarter(year, number)


_HALF = re.compile(
    r"(?:the )?(first|1st|second|2nd|last|latter|final)(?:[ -]half| two quarters| six months)(?: of)? (.+)"
)


def _rule_half(t: str, published: dt.date, tense: Tense) -> Resolution | None:
    """'the last half of 2020', 'the first two quarters of 2021'; a half of a decade is
    more than TIMEX3 writes, so it stays the decade."""
    m = _HALF.fullmatch(t)
    if m is None:
        return None
    whole = _resolve_one(m[2], published, tense)
    if whole.granularity == "decade":
        return whole
    if whole.granularity != "year" or whole.value is None:
        return None
    half = 1 if m[1] in ("first", "1st") else 2
    return Resolution(f"{whole.value}-H{half}", granularity="half")


def _rule_week_of(t: str, published: dt.date, tense: Tense) -> Resolution | None:
    """'the week of March 6': the (ISO) week holding that day."""
    m = re.fullmatch(r"(?:the )?week of (.+)", t)
    if m is None:
        return None
    day = _resolve_one(m[1], published, tense)
    if day.granularity != "day" or day.value is None:
        return None
    return _week(dt.date.fromisoformat(day.value))


def _rule_season(t: str, published: dt.date, tense: Tense) -> Resolution | None:
    m = re.fullmatch(rf"(last|next|this|this past|this coming)?\s?{_SEASON}(?:,? (?:of )?{_YEAR})?", t)
    if not m:
        return None
    code, first_month = SEASONS[m[2]]
    if m[3]:
        year = _year_of(m[3], published)
    else:
        year = _cyclic_year(lambda y: _season_period(y, first_month), published, tense, m[1])
    return Resolution(f"{year:04d}-{code}", granularity="season")


def _rule_reported_quarter(t: str, published: dt.date, tense: Tense) -> Resolution | None:
    """Company results: 'the latest quarter' is the last one completed by publication, and
    'the year-ago quarter' the same quarter a year before it."""
    m = re.fullmatch(r"(?:the )?(?:comparable )?(year-earlier|year-ago) (.+ quarter)", t)
    if m and (named := _rule_quarter(m[2], published, tense)) is not None:
        return replace(_shift_value(named, -1, "year"), comparison=True)
    if re.fullmatch(r"(?:the )?(?:latest|most recent|last full) (?:fiscal )?year", t):
        return _year(published.year - 1)  # the one last reported on
    m = re.fullmatch(
        r"(?:the )?(latest|most recent|year-earlier|year-ago|year earlier)"
        r"(?: (?:quarter|period))?",
        t,
    )
    if not m:
        return None
    latest = _quarter_relative(published, 0, "the")
    if m[1] in ("latest", "most recent"):
        return latest
    return replace(_shift_value(latest, -1, "year"), comparison=True)


def _coarser(d: dt.date, unit: str) -> Resolution:
    if unit == "year":
        return _year(d.year)
    if unit == "quarter":
        return _quarter(d.year, (d.month - 1) // 3 + 1)
    return _month(d.year, d.month)


def _shift_value(anchor: Resolution, count: int, unit: str) -> Resolution:
    """ANCHOR moved by COUNT UNITs, keeping its granularity where it is finer than UNIT."""
    if anchor.value is None:
        return _unresolved("relative to another date")
    if count == 0 and unit in ("year", "quarter", "month") and anchor.granularity == "day":
        return _coarser(dt.date.fromisoformat(anchor.value), unit)  # "that year"
    if count == 0 and unit == "year" and anchor.value[:4].isdigit():
        return _year(int(anchor.value[:4]))
    if anchor.granularity == "quarter" and unit in ("year", "quarter"):
        year, quarter = int(anchor.value[:4]), int(anchor.value[-1])
        index = year * 4 + quarter - 1 + count * (4 if unit == "year" else 1)
        return _quarter(index // 4, index % 4 + 1)
    if anchor.granularity == "day":
        return _shift(dt.date.fromisoformat(anchor.value), count, unit)
    if anchor.granularity == "month" and unit in ("month", "year"):
        start = dt.date.fromisoformat(anchor.value + "-01")
        return _month(*_add_months(start, count * (12 if unit == "year" else 1)))
    if anchor.granularity == "year" and unit in ("year", "decade"):
        return _shift(dt.date(int(anchor.value), 6, 1), count, unit)
    return _unresolved("relative to another date")


_ANCHORED = re.compile(
    rf"(?:(?P<count>{_NUM}|\d+) )?(?P<unit>{_UNIT})[ -](?P<dir>later|earlier|before|after|"
    r"afterwards?|prior|previously|ago)|(?:the (?P<word>next|following|previous|preceding|"
    rf"same)|that) (?P<unit2>{_UNIT})"
)


_BACKWARD = frozenset({"earlier", "before", "prior", "previously", "ago"})
_ANCHORED_WEEKDAY = re.compile(rf"(?:the|that) (previous|preceding|following|next) {_WEEKDAY}")
_ANCHORED_DAY = re.compile(r"(?:(?:later|earlier) (?:in |on )?)?(?:the|that) day|(?:later|earlier) that day")


def _resolve_anchored(t: str, anchor: Resolution | None) -> Resolution | None:
    """'two days later', 'a year earlier', 'the next day', 'that year', 'the previous
    Friday': relative to the date last mentioned (ANCHOR) rather than to publication."""
    if (weekday := _ANCHORED_WEEKDAY.fullmatch(t)) is not None:
        return _anchored_weekday(anchor, weekday[1] in ("previous", "preceding"), WEEKDAYS[weekday[2]])
    if _ANCHORED_DAY.fullmatch(t) and anchor is not None and anchor.granularity == "day":
        return replace(anchor, comparison=False)
    m = _ANCHORED.fullmatch(t)
    if m is None or (m["dir"] == "ago" and not _reports_on_quarter(anchor, m["unit"])):
        return None
    if anchor is None:
        return _unresolved("relative to another date")
    if m["unit"]:
        sign = -1 if m["dir"] in _BACKWARD else 1
        count = _count(m["count"]) if m["count"] else 1
        unit = m["unit"].rstrip("s")
        if sign == -1 and count == 1 and unit == "year":
            return _year_earlier(anchor)
        return _shift_value(anchor, sign * count, unit)
    step = {"next": 1, "following": 1, "previous": -1, "preceding": -1}.get(m["word"] or "", 0)
    return _shift_value(anchor, step, m["unit2"].rstrip("s"))


def _reports_on_quarter(anchor: Resolution | None, unit: str | None) -> bool:
    """'a year ago' after a quarter names that quarter a year before (company results);
    otherwise 'ago' counts from publication."""
    return anchor is not None and anchor.granularity == "quarter" and unit == "year"


def _year_earlier(anchor: Resolution) -> Resolution:
    """'a year earlier': the period a year before ANCHOR. Reports repeat the comparison
    ('up from 5% a year earlier ... against $2 a year earlier'), so one made against an
    earlier comparison names the same period, not one a further year back."""
    if anchor.comparison:
        return anchor
    if anchor.granularity == "day" and anchor.value is not None:
        day = dt.date.fromisoformat(anchor.value)
        shifted = _day(_safe_date(day.year - 1, day.month, day.day))
    else:
        shifted = _shift_value(anchor, -1, "year")
    return replace(shifted, comparison=True) if shifted.value is not None else shifted


def _anchored_weekday(anchor: Resolution | None, before: bool, weekday: int) -> Resolution:
    if anchor is None or anchor.granularity != "day" or anchor.value is None:
        return _unresolved("relative to another date")
    day = dt.date.fromisoformat(anchor.value)
    if before:
        return _day(_weekday(day - dt.timedelta(days=1), weekday, "past"))
    return _day(_weekday(day, weekday, "future"))


_RULES: tuple[Rule, ...] = (
    _rule_vague,
    _rule_deictic,
    _rule_iso,
    _rule_ago,
    _rule_past_span,
    _rule_relative_unit,
    _rule_reported_quarter,
    _rule_half,
    _rule_week_of,
    _rule_month_day,
    _rule_month,
    _rule_weekday,
    _rule_year,
    _rule_quarter,
    _rule_season,
    _rule_duration,
)


# --- ranges ---------------------------------------------------------------------------

_RANGE = re.compile(r"^(?:from |between )?(.+?)(?: to | and | through | until |-)(.+)$")


def _resolve_range(t: str, published: dt.date, tense: Tense) -> Resolution | None:
    """'March 3-5', 'from March 3 to 5', '3 to 5 March', 'between 2014 and 2016'."""
    m = _RANGE.match(t)
    if not m or not (t.startswith(("from ", "between ")) or re.search(r"\d|-", t)):
        return None
    first, last = m[1].strip(), m[2].strip()
    if re.fullmatch(r"\d{1,2}", last) and re.search(rf"{_MONTH} \d", first):  # March 3-5
        last = re.sub(r"\d{1,2}(?:st|nd|rd|th)?", last, first, count=1)
    elif re.fullmatch(r"\d{1,2}", first) and re.match(rf"\d{{1,2}} {_MONTH}", last):  # 3-5 March
        first = re.sub(r"^\d{1,2}", first, last)
    elif re.fullmatch(r"\d{4}", first) and re.fullmatch(r"\d{2}", last):  # 2014-16
        last = first[:2] + last
    start, end = _resolve_one(first, published, tense), _resolve_one(last, published, tense)
    if start.value is None or end.value is None or start.granularity != end.granularity:
        return None
    return Resolution(start.value, end.value, start.granularity)


# --- the public entry points ----------------------------------------------------------


def _resolve_one(t: str, published: dt.date, tense: Tense) -> Resolution:
    for candidate in _stripped_forms(t):
        for rule in _RULES:
            if (resolution := rule(candidate, published, tense)) is not None:
                return resolution
    return _unresolved("unrecognised")


def _without_clock(t: str) -> tuple[str, bool]:
    """Drop a time of day ('10 a.m.', 'Friday night'): a TIME resolves to its day."""
    stripped = _CLOCK.sub("", t)
    stripped = re.sub(r"^(?:at |on )", "", stripped.strip(" ,"))
    if stripped not in DEICTIC_DAYS:
        stripped = _DAY_PART.sub("", stripped)
        if re.fullmatch(r"(?:the )?(?:next|following|previous|preceding|same)|that", stripped):
            stripped += " day"  # "the next morning" is the next day
    stripped = re.sub(r"\s+", " ", stripped).strip(" ,")
    return stripped, stripped != t


@lru_cache(maxsize=8192)
def resolve(
    text: str, published: dt.date | None, tense: Tense = "past", anchor: Resolution | None = None
) -> Resolution:
    """Resolve one temporal expression against the publication date.

    TENSE ("past", "present", "future") is the tense of the verb the expression modifies;
    it decides which Friday "on Friday" means. ANCHOR, the resolution of the date last
    mentioned before it, is what "two days later" or "a year earlier" count from.
    """
    try:
        return _resolve(text, published, tense, anchor)
    except (OverflowError, ValueError):  # "the past 5,000 years" runs off the calendar
        return _unresolved("outside the calendar dotterel can represent")


def _resolve(text: str, published: dt.date | None, tense: Tense, anchor: Resolution | None) -> Resolution:
    t = _spelled_years(_normalise(text))
    if re.match(r"(?:for|over) (?:the )?(?:past|last|next) ", t):
        t = t.split(" ", 1)[1]
    t, had_clock = _without_clock(t)
    if not t:
        return _unresolved("time of day without a date", kind="time")
    for form in _stripped_forms(t):
        if (anchored := _resolve_anchored(form, anchor)) is not None:
            return anchored
    if published is None:
        return _without_publication(t, tense)
    resolution = _resolve_in_context(_pin_year(t, published), published, tense)
    if had_clock and resolution.value is not None and resolution.kind == "date":
        return replace(resolution, kind="time")
    return resolution


def _pin_year(t: str, published: dt.date) -> str:
    """'June last year' -> 'june 2023', "this year's third quarter" -> 'third quarter 2024'."""
    m = re.fullmatch(r"(.+?),? (this|last|next) year|(this|last|next) year's (.+)", t)
    if m is None:
        return t
    year = published.year + {"this": 0, "last": -1, "next": 1}[m[2] or m[3]]
    return f"{m[1] or m[4]} {year}"


_SPELLED = _DATA["spelled_numbers"]
_SPELLED_YEAR = re.compile(
    r"\b(?:(?P<century>"
    + "|".join(_SPELLED["centuries"])
    + r") (?:hundred )?(?P<tens>"
    + "|".join(_SPELLED["tens"])
    + r")(?:-(?P<unit>"
    + "|".join(_SPELLED["units"])
    + r"))?"
    + r"|two thousand(?: and)?(?: (?P<unit2>"
    + "|".join(_SPELLED["units"])
    + r"))?)\b"
)


def _spelled_years(t: str) -> str:
    """'nineteen ninety-six' -> '1996', 'two thousand' -> '2000', as transcripts write."""

    def digits(m: re.Match[str]) -> str:
        if m["century"]:
            units = _SPELLED["units"].get(m["unit"], 0)
            return str(_SPELLED["centuries"][m["century"]] * 100 + _SPELLED["tens"][m["tens"]] + units)
        return str(2000 + _SPELLED["units"].get(m["unit2"], 0))

    return _SPELLED_YEAR.sub(digits, t) if "thousand" in t or "teen" in t else t


def _resolve_in_context(t: str, published: dt.date, tense: Tense) -> Resolution:
    resolution = _resolve_one(t, published, tense)
    if resolution.reason == "unrecognised":
        resolution = _resolve_range(t, published, tense) or _fallback(t, published, tense)
    return resolution


def _without_publication(t: str, tense: Tense) -> Resolution:
    """Only expressions that name their own year can be read without a publication date."""
    anchor = dt.date(2, 6, 15)  # a year no news names: whatever resolves against it needed one
    try:
        resolution = _resolve_in_context(t, anchor, tense)
    except (OverflowError, ValueError):  # "the past 2,000 years" reaches before year 1
        return _unresolved("no publication date to resolve against")
    if resolution.value and not resolution.value.startswith("0"):
        return resolution
    if resolution.value is None:
        return resolution
    return _unresolved("no publication date to resolve against")


def _fallback(t: str, published: dt.date, tense: Tense) -> Resolution:
    """dateparser, for absolute dates in forms our rules do not know."""
    if not re.search(rf"\d|\b{_MONTH}\b", t):
        return _unresolved("unrecognised")
    return _dateparser(t, published, tense)


@lru_cache(maxsize=64)
def _date_data_parser(published: dt.date, tense: Tense) -> Any:
    from dateparser.date import DateDataParser  # slow to import: only when needed

    prefer = {"past": "past", "future": "future"}.get(tense, "current_period")
    base = dt.datetime.combine(published, dt.time(12))
    settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": prefer}
    return DateDataParser(languages=["en"], settings=settings)


@lru_cache(maxsize=4096)
def _dateparser(t: str, published: dt.date, tense: Tense) -> Resolution:
    data = _date_data_parser(published, tense).get_date_data(t)
    if data.date_obj is None:
        return _unresolved("unrecognised")
    found = data.date_obj.date()
    period = data.period or "day"
    if period == "month":
        return _month(found.year, found.month)
    if period == "year":
        return _year(found.year)
    if period == "week":
        return _week(found)
    return _day(found)


# --- finding expressions in a parse ---------------------------------------------------

_MATCHERS: dict[int, Matcher] = {}


def _matcher(doc: Doc) -> Matcher:
    """One Matcher per vocabulary, built once from the patterns in dates.yaml."""
    key = id(doc.vocab)
    if key not in _MATCHERS:
        matcher = Matcher(doc.vocab)
        for entry in _DATA["patterns"]:
            matcher.add(entry["label"], [entry["pattern"]])
        _MATCHERS[key] = matcher
    return _MATCHERS[key]


_TRIM_LEFT = frozenset({"about", "around", "nearly", "almost", "some", "approximately"})


def _trim(span: Span) -> Span | None:
    """Leave the expression itself: no leading hedges, no trailing possessive or punctuation."""
    start, end = span.start, span.end
    while start < end and (span.doc[start].lower_ in _TRIM_LEFT or span.doc[start].is_punct):
        start += 1
    while end > start and (span.doc[end - 1].is_punct or span.doc[end - 1].tag_ == "POS"):
        end -= 1
    if start == end or span.doc[end - 1].lower_ == "old":  # "44 years old" is an age
        return None
    return Span(span.doc, start, end, label=span.label_)


_SPLIT_AT = frozenset({"ended", "ending", "ends"})


def _split(span: Span) -> list[Span]:
    """'the quarter ended Sept. 30' is two expressions, the period and its end date."""
    pieces, start = [], span.start
    for token in span:
        if token.lower_ in _SPLIT_AT and token.i > start:
            pieces.append(Span(span.doc, start, token.i, label=span.label_))
            start = token.i + 1
    if start < span.end:
        pieces.append(Span(span.doc, start, span.end, label=span.label_))
    return pieces


def _is_bare_number(span: Span) -> bool:
    """An age or a count the NER took for a date ('Kopp, 44,'): a number that is no year."""
    text = span.text
    return text.isdigit() and not (len(text) == 4 and 1000 <= int(text) <= 2199)


_CONNECTORS = frozenset({"to", "through", "thru", "until", "till", "and"})
_RANGE_OPENERS = frozenset({"between", "from"})
_DATE_WORDS = frozenset({*MONTHS, *WEEKDAYS, *SEASONS, "today", "yesterday", "tomorrow", "now"})


def _names_a_date(tokens: Span) -> bool:
    """Whether TOKENS hold a date of their own: a month, weekday, season, deictic day or
    year, not just a day number that borrows its month ('24 and 25')."""
    words = {t.lower_.rstrip(".") for t in tokens}
    return bool(words & _DATE_WORDS) or any(re.fullmatch(r"\d{4}", t.text) for t in tokens)


def _split_range(span: Span) -> list[Span]:
    """'between 1985 and 1987', 'Aug. 26 to Oct. 20': two expressions, as TimeML marks them,
    where each end names a date by itself; 'March 3 to 5' stays one range."""
    doc = span.doc
    for token in span:
        if token.lower_ not in _CONNECTORS or token.i in (span.start, span.end - 1):
            continue
        start = span.start + (span[0].lower_ in _RANGE_OPENERS)
        left, right = doc[start : token.i], doc[token.i + 1 : span.end]
        if len(left) and _names_a_date(left) and _names_a_date(right):
            return [Span(doc, start, token.i, label=span.label_), Span(doc, token.i + 1, span.end, label=span.label_)]
    return [span]


def find_dates(doc: Doc) -> list[tuple[int, int, str]]:
    """The temporal expressions in DOC: (start token, end token, label DATE or TIME).

    spaCy's DATE and TIME entities, plus Matcher patterns for what the NER misses; where
    the two overlap the longer span wins.
    """
    spans = [r for e in doc.ents if e.label_ in ("DATE", "TIME") for p in _split(e) for r in _split_range(p)]
    spans += _matcher(doc)(doc, as_spans=True)
    trimmed = [s for s in map(_trim, spans) if s is not None and not _is_bare_number(s)]
    return [(s.start, s.end, s.label_) for s in sorted(filter_spans(trimmed))]


# --- tense ----------------------------------------------------------------------------

_FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo", "would", "'d"})
_HAVE = frozenset({"have", "has", "had", "'ve", "'s", "'d"})


def tense_of(token: Token) -> Tense:
    """The tense of a verb token: future (will, is going to, plans to), past (VBD, or a
    participle with have or a past auxiliary), present otherwise."""
    auxes = [c for c in token.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in _FUTURE_AUX for a in auxes) or _is_future_complement(token):
        return "future"
    if token.dep_ in ("xcomp", "conj", "advcl") and token.tag_ in ("VB", "VBG") and token.head.i != token.i:
        return tense_of(token.head)  # "tried to leave" is as past as "tried"
    if token.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes):
        return "past"
    if token.tag_ == "VBN" and (not auxes or any(a.lower_ in _HAVE for a in auxes)):
        return "past"  # "has left", and "the ruling issued Thursday"
    return "present"


def _is_future_complement(token: Token) -> bool:
    """'(is going | plans | is expected) to VERB' speaks of the future."""
    head = token.head
    if token.dep_ != "xcomp" or head.i == token.i or head.lemma_ not in FUTURE_HEADS:
        return False
    return head.lemma_ != "go" or head.tag_ == "VBG"  # "is going to", not "went to"


def governing_verb(span: Span) -> Token | None:
    """The verb a temporal expression modifies: the nearest verb above it in the parse."""
    token = span.root
    if token.dep_ == "poss":  # "Wednesday's ruling" names something already done
        return None
    for _ in range(6):
        if token.pos_ in ("VERB", "AUX"):
            return token
        if token.head.i == token.i:
            break
        token = token.head
    return token if token.pos_ in ("VERB", "AUX") else None


def tense_at(span: Span) -> Tense:
    """The tense that decides how SPAN resolves; past when no verb governs it, as news
    mostly reports what has happened."""
    verb = governing_verb(span)
    return tense_of(verb) if verb is not None else "past"
