"""Dates counted from the date mentioned before them, not from publication.

"Two days later", "a year earlier", "the next day", "that year", "the previous Friday":
news tells a sequence, and each of these needs the resolution of the date last named.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from dotterel.dates.periods import (
    Resolution,
    day_value,
    safe_date,
    shift_value,
    unresolved,
    weekday_date,
)
from dotterel.dates.vocabulary import NUM_RE, UNIT_RE, WEEKDAY_RE, WEEKDAYS, count_of

_ANCHORED = re.compile(
    rf"(?:(?P<count>{NUM_RE}|\d+) )?(?P<unit>{UNIT_RE})[ -](?P<dir>later|earlier|before|after|"
    r"afterwards?|prior|previously|ago)|(?:the (?P<word>next|following|previous|preceding|"
    rf"same)|that) (?P<unit2>{UNIT_RE})"
)


_BACKWARD = frozenset({"earlier", "before", "prior", "previously", "ago"})
_ANCHORED_WEEKDAY = re.compile(rf"(?:the|that) (previous|preceding|following|next) {WEEKDAY_RE}")
_ANCHORED_DAY = re.compile(r"(?:(?:later|earlier) (?:in |on )?)?(?:the|that) day|(?:later|earlier) that day")


def resolve_anchored(t: str, anchor: Resolution | None) -> Resolution | None:
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
        return unresolved("relative to another date")
    if m["unit"]:
        sign = -1 if m["dir"] in _BACKWARD else 1
        count = count_of(m["count"]) if m["count"] else 1
        unit = m["unit"].rstrip("s")
        if sign == -1 and count == 1 and unit == "year":
            return _year_earlier(anchor)
        return shift_value(anchor, sign * count, unit)
    step = {"next": 1, "following": 1, "previous": -1, "preceding": -1}.get(m["word"] or "", 0)
    return shift_value(anchor, step, m["unit2"].rstrip("s"))


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
        shifted = day_value(safe_date(day.year - 1, day.month, day.day))
    else:
        shifted = shift_value(anchor, -1, "year")
    return replace(shifted, comparison=True) if shifted.value is not None else shifted


def _anchored_weekday(anchor: Resolution | None, before: bool, weekday: int) -> Resolution:
    if anchor is None or anchor.granularity != "day" or anchor.value is None:
        return unresolved("relative to another date")
    day = dt.date.fromisoformat(anchor.value)
    if before:
        return day_value(weekday_date(day - dt.timedelta(days=1), weekday, "past"))
    return day_value(weekday_date(day, weekday, "future"))
