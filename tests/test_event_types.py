"""Every PLOVER type through the public API, on sentences the team wrote (tests/fixtures/events/).

Each fixture file holds sentences of one type with the countries a careful human would
code, plus sentences that use the type's words without reporting such an event. The
first sentence of each file must come out exactly right; the file as a whole must reach
the accuracies below, so a change that breaks a type shows up here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import dotterel
from dotterel.eval.plover_gsr import main_event

FIXTURES = Path(__file__).parent / "fixtures" / "events"
FILES = sorted(FIXTURES.glob("*.yaml"))
TYPE_ACCURACY = 0.75  # share of event sentences whose main event has the fixture's type
NULL_ACCURACY = 0.6  # share of non-event sentences with no event of the file's type


def _cases(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


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
