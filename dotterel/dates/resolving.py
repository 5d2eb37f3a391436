"""Resolving a temporal expression against the publication date and the tense of its verb.

Each rule reads the normalised text of an expression and returns a `Resolution`, or None
when the text is not its kind; the first rule that answers wins. What no rule knows goes
to dateparser, and what cannot be resolved keeps a reason: a date is never silently
replaced by the publication date.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache
from typing import Any

from dotterel.dates.anchored import resolve_anchored
from dotterel.dates.periods import (
    Resolution,
    cyclic_year,
    day_value,
    decade_value,
    month_day_value,
    month_period,
    month_value,
    pick_year,
    quarter_period,
    quarter_relative,
    quarter_value,
    safe_date,
    safe_day,
    season_period,
    shift_from,
    shift_value,
    unresolved,
    week_value,
    weekday_date,
    weekend_value,
    year_of,
    year_value,
)
from dotterel.dates.tense import Tense
from dotterel.dates.vocabulary import (
    DATES,
    DAYNUM_RE,
    DECADES,
    DEICTIC_DAYS,
    HOLIDAYS,
    MONTH_RE,
    MONTHS,
    NUM_RE,
    ORDINAL_RE,
    ORDINALS,
    SEASON_RE,
    SEASONS,
    SETS,
    UNIT_RE,
    VAGUE,
    VAGUE_NUM_RE,
    WEEKDAY_RE,
    WEEKDAYS,
    YEAR_RE,
    count_of,
)

# --- normalising the text -------------------------------------------------------------

_LEADING_WORDS: list[str] = DATES["leading_words"]
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


Rule = Callable[[str, dt.date, Tense], "Resolution | None"]


def _rule_vague(t: str, published: dt.date, tense: Tense) -> Resolution | None:
    if t in VAGUE:
        return unresolved("vague", timex=VAGUE[t])
    if re.fullmatch(rf"(?:a later|some future) date|(?:the )?(?:coming|future|upcoming) {UNIT_RE}", t) and (
        t.endswith(("s", "date"))
    ):
        return unresolved("vague", timex="FUTURE_REF")
    if t in SETS or re.fullmatch(r"(every|each|per) .+", t):
        return unresolved("recurring", kind="set")
    return None


def _rule_deictic(t: str, published: dt.date, tense: Tense) -> Resolution | None:
    if t in DEICTIC_DAYS:
        resolution = day_value(published + dt.timedelta(days=DEICTIC_DAYS[t]))
        is_time = t not in ("today", "yesterday", "tomorrow")
        return replace(resolution, kind="time") if is_time else resolution
    if t in HOLIDAYS:
        month, day = HOLIDAYS[t]
        year = pick_year(lambda y: (dt.date(y, month, day),) * 2, published, tense)
        return day_value(dt.date(year, month, day))
    return None


def _rule_ago(t: str, published: dt.date, tense: Tense) -> Resolution | None:
    m = re.fullmatch(rf"(?:(?:about|some|nearly|almost|more than|over) )?(?:{NUM_RE}[ -])?{UNIT_RE} ago", t)
    if m:
        return shift_from(published, -count_of(m[1] or "1"), m[2])
    if re.fullmatch(rf"(?:{VAGUE_NUM_RE}) {UNIT_RE} ago", t):
        return unresolved("vague")
    m = re.fullmatch(rf"(?:in|within) {NUM_RE} {UNIT_RE}|{NUM_RE} {UNIT_RE} from (?:now|today)", t)
    if m and (m[4] or tense == "future"):
        count, unit = (m[1], m[2]) if m[1] else (m[3], m[4])
        return shift_from(published, count_of(count), unit)
    return None


def _rule_past_span(t: str, published: dt.date, tense: Tense) -> Resolution | None:
    """'the past week', 'the last three days': a duration ending at publication."""
    m = re.fullmatch(rf"(?:the (?:past|last|previous)|past) (?:{NUM_RE} )?{UNIT_RE}", t)
    if not m or m[2] not in ("day", "week", "month", "year"):
        return None
    count = count_of(m[1]) if m[1] else 1
    days = {"day": 1, "week": 7, "month": 30, "year": 365}[m[2]] * count
    start = published - dt.timedelta(days=days)
    return Resolution(start.isoformat(), published.isoformat(), "day", kind="duration")


def _rule_duration(t: str, published: dt.date, tense: Tense) -> Resolution | None:
    quantity = rf"(?:{NUM_RE}|{VAGUE_NUM_RE}|\d+(?:\.\d+)?|a|the next|the first|the last)"
    pattern = (
        rf"(?:(?:for|over|about|nearly|almost|more than|some|another|up to) )*"
        rf"(?:{quantity}[ -])*(?:(?:and a half|-and-a-half) )?{UNIT_RE}(?:[ -](?:long|old))?"
    )
    if re.fullmatch(pattern, t) and not re.fullmatch(rf"(?:the )?{UNIT_RE}", t):
        return unresolved("duration", kind="duration")
    if re.fullmatch(rf"{UNIT_RE}", t) and t.endswith("s"):  # "years", "weeks"
        return unresolved("duration", kind="duration")
    return None


def _rule_relative_unit(t: str, published: dt.date, tense: Tense) -> Resolution | None:
    """'this week', 'last month', 'next year', 'the year', 'this weekend'."""
    m = re.fullmatch(rf"(?:(this|last|next|this past|this coming|coming|the|current) )?{UNIT_RE}", t)
    if not m or t.endswith("s"):  # "the weeks" is no one week
        return None
    if m[2] == "day" and m[1] in (None, "the"):  # "the day" names no day by itself
        return unresolved("relative to another date")
    if m[2] == "week" and m[1] in (None, "the"):  # "the week": some week of the year
        return unresolved("names no particular week", timex=f"{published.year:04d}-WXX")
    step = {"last": -1, "this past": -1, "next": 1, "this coming": 1, "coming": 1}
    offset = step.get(m[1], 0)
    unit = m[2]
    if unit == "weekend":
        if offset == 0 and m[1] in ("the", "this"):
            offset = -1 if tense == "past" and published.weekday() < 5 else 0
        return weekend_value(published + dt.timedelta(weeks=offset))
    if unit == "quarter":
        return quarter_relative(published, offset, m[1])
    return shift_from(published, offset, unit)


def _rule_iso(t: str, published: dt.date, tense: Tense) -> Resolution | None:
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:t[\d:]+)?", t)
    if m:
        return safe_day(int(m[1]), int(m[2]), int(m[3]))
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})", t)  # US order, as news writes
    if m:
        year = int(m[3]) if len(m[3]) == 4 else year_of("'" + m[3], published)
        return safe_day(year, int(m[1]), int(m[2]))
    return None


def _rule_month_day(t: str, published: dt.date, tense: Tense) -> Resolution | None:
    """'March 3, 2024', 'Friday, March 3', '3 March 2024', 'the 3rd of March'."""
    t = re.sub(rf"^{WEEKDAY_RE},? ", "", t)
    m = re.fullmatch(rf"(last|next|this past|this coming) {MONTH_RE} {DAYNUM_RE}", t)
    if m:  # "last Oct. 23": the latest one before publication
        month, day = MONTHS[m[2]], int(m[3])
        if not 1 <= day <= calendar.monthrange(2000, month)[1]:
            return unresolved("no such date")
        year = cyclic_year(lambda y: (safe_date(y, month, day),) * 2, published, tense, m[1])
        return safe_day(year, month, day)
    m = re.fullmatch(rf"{MONTH_RE} {DAYNUM_RE}(?:,? {YEAR_RE})?", t)
    if m:
        year = year_of(m[3], published) if m[3] else None
        return month_day_value(MONTHS[m[1]], int(m[2]), year, published, tense)
    m = re.fullmatch(rf"(?:the )?{DAYNUM_RE} (?:of )?{MONTH_RE},?(?: {YEAR_RE})?", t)
    if m:
        year = year_of(m[3], published) if m[3] else None
        return month_day_value(MONTHS[m[2]], int(m[1]), year, published, tense)
    return None


def _rule_month(t: str, published: dt.date, tense: Tense) -> Resolution | None:
    """'March 2024', 'March', 'last March', 'next March'."""
    m = re.fullmatch(rf"(last|next|this|this past|this coming)?\s?{MONTH_RE}(?:,? (?:of )?{YEAR_RE})?", t)
    if not m:
        return None
    month = MONTHS[m[2]]
    if m[3]:
        return month_value(year_of(m[3], published), month)
    return month_value(cyclic_year(lambda y: month_period(y, month), published, tense, m[1]), month)


def _rule_weekday(t: str, published: dt.date, tense: Tense) -> Resolution | None:
    """'Friday', 'last Friday', 'next Friday', 'this Friday'."""
    m = re.fullmatch(rf"(last|next|this|this past|this coming|coming|past)?\s?{WEEKDAY_RE}", t)
    if not m:
        return None
    weekday = WEEKDAYS[m[2]]
    if m[1] in ("last", "this past", "past"):
        return day_value(weekday_date(published - dt.timedelta(days=1), weekday, "past"))
    if m[1] in ("next", "this coming", "coming"):
        return day_value(weekday_date(published, weekday, "future"))
    return day_value(weekday_date(published, weekday, tense))


def _rule_year(t: str, published: dt.date, tense: Tense) -> Resolution | None:
    m = re.fullmatch(r"(?:fiscal |fy|the year |calendar )?(\d{4}|'\d{2})", t)
    if m and (m[1].startswith("'") or 1000 <= int(m[1]) <= 2199):
        return year_value(year_of(m[1], published))
    m = re.fullmatch(r"(?:the )?(\d{3})0'?s|(?:the )?'(\d)0'?s", t)
    if m:
        if m[1]:
            return Resolution(m[1], granularity="decade")
        return decade_value(year_of(f"'{m[2]}0", published))
    m = re.fullmatch(r"(?:the )?(" + "|".join(DECADES) + ")", t)
    if m:
        return decade_value(
            (published.year // 100 - (DECADES[m[1]] * 10 > published.year % 100)) * 100 + DECADES[m[1]] * 10
        )
    m = re.fullmatch(r"(?:the )?(\d{1,2})(?:st|nd|rd|th) century", t)
    if m:
        return Resolution(f"{int(m[1]) - 1:02d}", granularity="century")
    return None


def _rule_quarter(t: str, published: dt.date, tense: Tense) -> Resolution | None:
    """'the third quarter', 'third-quarter', 'Q3 2024', 'the first half of 2020'."""
    m = re.fullmatch(
        rf"(?:the )?(?:(last|this|next) )?(?:{YEAR_RE}'?s? )?{ORDINAL_RE}(?:[ -](quarter|half))?(?:,? (?:of )?"
        rf"(?:fiscal )?{YEAR_RE})?(?:'s)?",
        t,
    )
    if not m or (m[4] is None and not m[3].startswith("q")):
        return None
    number = ORDINALS[m[3]]
    year_text = m[2] or m[5]
    if m[4] == "half":
        if number > 2:
            return None
        year = year_of(year_text, published) if year_text else published.year
        return Resolution(f"{year:04d}-H{number}", granularity="half")
    if year_text:
        return quarter_value(year_of(year_text, published), number)
    year = cyclic_year(lambda y: quarter_period(y, number), published, tense, m[1])
    return quarter_value(year, number)


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
    return week_value(dt.date.fromisoformat(day.value))


def _rule_season(t: str, published: dt.date, tense: Tense) -> Resolution | None:
    m = re.fullmatch(rf"(last|next|this|this past|this coming)?\s?{SEASON_RE}(?:,? (?:of )?{YEAR_RE})?", t)
    if not m:
        return None
    code, first_month = SEASONS[m[2]]
    if m[3]:
        year = year_of(m[3], published)
    else:
        year = cyclic_year(lambda y: season_period(y, first_month), published, tense, m[1])
    return Resolution(f"{year:04d}-{code}", granularity="season")


def _rule_reported_quarter(t: str, published: dt.date, tense: Tense) -> Resolution | None:
    """Company results: 'the latest quarter' is the last one completed by publication, and
    'the year-ago quarter' the same quarter a year before it."""
    m = re.fullmatch(r"(?:the )?(?:comparable )?(year-earlier|year-ago) (.+ quarter)", t)
    if m and (named := _rule_quarter(m[2], published, tense)) is not None:
        return replace(shift_value(named, -1, "year"), comparison=True)
    if re.fullmatch(r"(?:the )?(?:latest|most recent|last full) (?:fiscal )?year", t):
        return year_value(published.year - 1)  # the one last reported on
    m = re.fullmatch(
        r"(?:the )?(latest|most recent|year-earlier|year-ago|year earlier)"
        r"(?: (?:quarter|period))?",
        t,
    )
    if not m:
        return None
    latest = quarter_relative(published, 0, "the")
    if m[1] in ("latest", "most recent"):
        return latest
    return replace(shift_value(latest, -1, "year"), comparison=True)


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
    if re.fullmatch(r"\d{1,2}", last) and re.search(rf"{MONTH_RE} \d", first):  # March 3-5
        last = re.sub(r"\d{1,2}(?:st|nd|rd|th)?", last, first, count=1)
    elif re.fullmatch(r"\d{1,2}", first) and re.match(rf"\d{{1,2}} {MONTH_RE}", last):  # 3-5 March
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
    return unresolved("unrecognised")


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
        return unresolved("outside the calendar dotterel can represent")


def _resolve(text: str, published: dt.date | None, tense: Tense, anchor: Resolution | None) -> Resolution:
    t = _spelled_years(_normalise(text))
    if re.match(r"(?:for|over) (?:the )?(?:past|last|next) ", t):
        t = t.split(" ", 1)[1]
    t, had_clock = _without_clock(t)
    if not t:
        return unresolved("time of day without a date", kind="time")
    for form in _stripped_forms(t):
        if (anchored := resolve_anchored(form, anchor)) is not None:
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


_SPELLED = DATES["spelled_numbers"]
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
        return unresolved("no publication date to resolve against")
    if resolution.value and not resolution.value.startswith("0"):
        return resolution
    if resolution.value is None:
        return resolution
    return unresolved("no publication date to resolve against")


def _fallback(t: str, published: dt.date, tense: Tense) -> Resolution:
    """dateparser, for absolute dates in forms our rules do not know."""
    if not re.search(rf"\d|\b{MONTH_RE}\b", t):
        return unresolved("unrecognised")
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
        return unresolved("unrecognised")
    found = data.date_obj.date()
    period = data.period or "day"
    if period == "month":
        return month_value(found.year, found.month)
    if period == "year":
        return year_value(found.year)
    if period == "week":
        return week_value(found)
    return day_value(found)
