"""Every PLOVER type through the public API, on sentences the team wrote (tests/fixtures/events/).

Each fixture file holds sentences of one type with the countries a careful human would
code, plus sentences that use the type's words without reporting such an event. The
first sentence of each file must get its type and actors right; each
file and the whole set must reach the figures below, which are what the coder reaches
now, so a change that breaks a type, or codes the wrong recipient, fails here.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
import yaml

import dotterel
from dotterel.eval.plover_gsr import main_event

FIXTURES = Path(__file__).parent / "fixtures" / "events"
FILES = sorted(FIXTURES.glob("*.yaml"))
# Per file (8 event sentences, 3 non-event sentences each): at most one sentence wrong.
TYPE_ACCURACY = 7 / 8  # share of event sentences whose main event has the fixture's type
NULL_ACCURACY = 2 / 3  # share of non-event sentences with no event of the file's type
# The whole set, as the coder does today (128 event and 48 non-event sentences): one type
# wrong (a PROTEST), one non-event coded (an AGREE); of the 74 event sentences that name a
# recipient country and get their type right, 65 get exactly the annotated countries. The
# nine misses are the coder's (each annotation was checked by hand): a recipient not found
# (a loan "for" a country, a passive "by" phrase, a place standing for its people) or the
# actor's own country coded instead.
TYPE_MISSES = 1
NULL_MISSES = 1
RECIPIENT_MISSES = 9


def _cases(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@cache
def _main_type(text: str) -> tuple[str | None, list[str], list[str]]:
    record = dotterel.code(text, published="2025-05-14")
    event = main_event(record.events)
    if event is None:
        return None, [], []
    return event.type, [a.country for a in event.actor], [r.country for r in event.recipient]


def test_every_type_has_a_fixture_file() -> None:
    types = yaml.safe_load((Path(dotterel.__file__).parent / "data/codebook/types.yaml").read_text())["types"]
    assert {p.stem.upper() for p in FILES} == set(types)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_first_sentence_of_each_type(path: Path) -> None:
    case = next(c for c in _cases(path) if c["type"])
    found, actors, _ = _main_type(case["text"])
    assert found == case["type"], case["text"]
    assert set(case["actor"]) <= set(actors), (case["text"], actors)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_type_accuracy_per_file(path: Path) -> None:
    cases = _cases(path)
    events = [c for c in cases if c["type"]]
    right = [c["text"] for c in events if _main_type(c["text"])[0] == c["type"]]
    assert len(right) / len(events) >= TYPE_ACCURACY, [c["text"] for c in events if c["text"] not in right]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_non_events_are_not_coded_as_the_type(path: Path) -> None:
    cases = [c for c in _cases(path) if not c["type"]]
    wrong = [c["text"] for c in cases if _main_type(c["text"])[0] == path.stem.upper()]
    assert 1 - len(wrong) / len(cases) >= NULL_ACCURACY, wrong


def _all_cases() -> list[tuple[str, dict]]:
    return [(path.stem.upper(), case) for path in FILES for case in _cases(path)]


def test_whole_set_types_and_non_events() -> None:
    type_misses = [c["text"] for _, c in _all_cases() if c["type"] and _main_type(c["text"])[0] != c["type"]]
    null_misses = [c["text"] for t, c in _all_cases() if not c["type"] and _main_type(c["text"])[0] == t]
    assert len(type_misses) <= TYPE_MISSES, type_misses
    assert len(null_misses) <= NULL_MISSES, null_misses


def test_recipients() -> None:
    """Each event sentence names its recipient countries (`recipient`); where the main event
    has the right type and the annotation names a country, the coded recipients must be
    exactly those countries."""
    checked, wrong = 0, []
    for _, case in _all_cases():
        if not case["type"] or not case.get("recipient"):
            continue
        found, _, recipients = _main_type(case["text"])
        if found != case["type"]:
            continue
        checked += 1
        if set(case["recipient"]) != {r for r in recipients if r}:
            wrong.append((case["text"], case["recipient"], recipients))
    assert checked >= 70
    assert len(wrong) <= RECIPIENT_MISSES, wrong
