"""Casualties: one test per pattern family of data/casualties.yaml, on sentences written here,
and the counts carried from the coder through the record."""

from __future__ import annotations

import pytest

from dotterel.casualties import CasualtyFinder, read_number, vocabulary


@pytest.fixture(scope="module")
def nlp():
    from dotterel import nlp as nlp_stage

    return nlp_stage.load()


@pytest.fixture(scope="module")
def find(nlp):
    finder = CasualtyFinder(nlp.vocab)

    def tolls(text: str) -> list[tuple[str, int | None, str]]:
        return sorted((t.kind, t.count, t.span.text) for t in finder(nlp(text)))

    return tolls


@pytest.fixture(scope="module")
def coder():
    from dotterel.pipeline import Coder

    return Coder()


def test_killed_as_subject(find) -> None:
    assert find("At least 37 villagers were killed when gunmen stormed the market.") == [
        ("killed", 37, "37 villagers were killed")]  # fmt: skip
    assert find("Four traders died after the raid.") == [("killed", 4, "Four traders died")]


def test_injured_as_subject(find) -> None:
    assert find("Twelve students were seriously injured in the clash.") == [
        ("injured", 12, "Twelve students were seriously injured")]  # fmt: skip


def test_counts_joined_by_and_add_up(find) -> None:
    assert find("Officials said 9 rebels and two guards were killed.") == [
        ("killed", 11, "9 rebels and two guards were killed")]  # fmt: skip
    assert find("Six nurses and 14 patients were injured.") == [
        ("injured", 20, "Six nurses and 14 patients were injured")
    ]


def test_killed_and_injured_as_object(find) -> None:
    assert find("Troops shelled the camp, killing 1,200 and wounding two hundred.") == [
        ("injured", 200, "wounding two hundred"), ("killed", 1200, "killing 1,200")]  # fmt: skip


def test_the_killers_are_not_the_dead(find) -> None:
    assert find("Two gunmen killed three farmers near the river.") == [("killed", 3, "killed three")]


def test_death_toll(find) -> None:
    assert find("By Sunday the death toll had risen to 58.") == [("killed", 58, "death toll had risen to 58")]


def test_vague_counts_keep_the_words_and_no_number(find) -> None:
    assert find("Dozens of marchers were wounded and scores killed.") == [
        ("injured", None, "Dozens of marchers were wounded"), ("killed", None, "scores killed")]  # fmt: skip
    assert find("The gunmen raided the depot, killing dozens of guards.") == [("killed", None, "killing dozens")]


def test_an_upper_bound_is_no_count(find) -> None:
    assert find("The blast left up to 40 people dead.") == [("killed", None, "40 people dead")]


def test_numbers_in_words() -> None:
    words = vocabulary()
    assert read_number(["twenty-five"], words) == 25
    assert read_number(["3", "thousand"], words) == 3000
    assert read_number(["two", "hundred", "and"], words) is None


def test_the_coder_gives_assault_protest_and_coerce_events_their_toll(coder) -> None:
    text = "Photo: a file picture\nSoldiers attacked protesters in Goma on Friday, killing at least 9 people."
    record = coder.code(text, published="2025-03-15")
    assault = next(e for e in record.events if e.type == "ASSAULT")
    toll = assault.casualties
    assert (toll.killed, toll.injured) == (9, None)
    assert text[toll.start : toll.end] == toll.text == "killing at least 9"
    assert record.to_dict()["events"][0]["casualties"]["killed"] == 9


def test_events_of_other_types_have_no_casualties(coder) -> None:
    record = coder.code("Kenya and Uganda signed a deal on Friday that will save 300 lives.", published="2025-03-15")
    assert record.events and all(e.casualties is None for e in record.events if e.type not in ("ASSAULT", "PROTEST"))
