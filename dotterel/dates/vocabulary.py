"""The date vocabulary of dates.yaml, and the regular-expression pieces built from it.

Every module of the dates stage reads its words from here, so that a month or number
word added to dates.yaml is known to finding, resolving and tense alike.
"""

from __future__ import annotations

from dotterel.data import read_shipped

DATES = read_shipped("dates.yaml")
MONTHS: dict[str, int] = DATES["months"]
WEEKDAYS: dict[str, int] = DATES["weekdays"]
SEASONS: dict[str, tuple[str, int]] = {k: tuple(v) for k, v in DATES["seasons"].items()}
ORDINALS: dict[str, int] = DATES["ordinals"]
NUMBERS: dict[str, int] = DATES["numbers"]
DECADES: dict[str, int] = DATES["decades"]
DEICTIC_DAYS: dict[str, int] = DATES["deictic_days"]
HOLIDAYS: dict[str, tuple[int, int]] = {k: tuple(v) for k, v in DATES["holidays"].items()}
VAGUE: dict[str, str] = DATES["vague"]
SETS: frozenset[str] = frozenset(DATES["sets"])
FUTURE_HEADS: frozenset[str] = frozenset(DATES["future_heads"])
# speech.yaml holds the one list of future auxiliaries, so that "won't" ("wo") makes a verb
# future for dating exactly as it does for the event's modality.
_SPEECH = read_shipped("speech.yaml")
FUTURE_AUXILIARIES: frozenset[str] = frozenset(
    [*_SPEECH["future_auxiliaries"], *_SPEECH["reported_future_modals"], *DATES["future_contractions"]]
)
PERFECT_AUXILIARIES: frozenset[str] = frozenset(DATES["perfect_auxiliaries"])
BACKGROUND_ADVERBS: frozenset[str] = frozenset(DATES["background_adverbs"])
COMPARISON_WORDS: frozenset[str] = frozenset(DATES["comparison_words"])
STARTING_POINT_MARKS: frozenset[str] = frozenset(DATES["starting_point_marks"])
LONG_SPAN_PREPS: frozenset[str] = frozenset(DATES["long_span_preps"])
LONG_SPAN_NOUNS: frozenset[str] = frozenset(DATES["long_span_nouns"])

NUM_RE = r"(\d+|" + "|".join(sorted(NUMBERS, key=len, reverse=True)) + ")"
VAGUE_NUM_RE = "|".join(sorted(DATES["vague_counts"], key=len, reverse=True))
UNIT_RE = r"(second|minute|hour|day|night|week|weekend|month|quarter|year|decade|century)s?"
MONTH_RE = r"(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")"
WEEKDAY_RE = r"(" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")"
SEASON_RE = r"(" + "|".join(SEASONS) + r")"
ORDINAL_RE = r"(" + "|".join(ORDINALS) + r")"
YEAR_RE = r"(\d{4}|'\d{2})"
DAYNUM_RE = r"(\d{1,2})(?:st|nd|rd|th)?"


def count_of(word: str) -> int:
    return int(word) if word.isdigit() else NUMBERS[word]


DATE_WORDS = frozenset({*MONTHS, *WEEKDAYS, *SEASONS, "today", "yesterday", "tomorrow", "now"})
