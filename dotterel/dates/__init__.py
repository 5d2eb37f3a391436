"""The "when" stage: find temporal expressions in a parse and resolve them to dates.

An event is only useful to an analyst with a date to sort and filter by, and news gives
dates relative to the day it was published ("on Friday", "last month"). This package finds
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

Modules: `finding` (expressions in a parse), `resolving` (text to value, with the rules),
`anchored` (relative to the date before), `periods` (calendar values), `tense` (the
verb's tense), `vocabulary` (the words of dates.yaml).
"""

from dotterel.dates.finding import find_dates
from dotterel.dates.periods import Resolution
from dotterel.dates.resolving import resolve
from dotterel.dates.tense import Tense, governing_verb, tense_at, tense_of

__all__ = ["Resolution", "Tense", "find_dates", "governing_verb", "resolve", "tense_at", "tense_of"]
