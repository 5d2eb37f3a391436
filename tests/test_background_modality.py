"""Background (PLOVER's historical modality) against the story's own news: our own small texts
for which dates can make an act background and which cannot."""

from __future__ import annotations

import dotterel
from dotterel.model import Event


def _events(text: str, published: str = "2025-04-02") -> list[Event]:
    return dotterel._default_coder().code(text, published=published).events


def _one(text: str, event_type: str) -> Event:
    return next(e for e in _events(text) if e.type == event_type)


def test_only_a_year_of_the_sentence_before_its_own_act_carries_to_the_next() -> None:
    # "compared to 2018" compares; the minister's welcome is the news, not an act of 2018
    text = "Cocoa exports rose sharply, a fivefold increase compared to 2018. The trade minister welcomed the deal."
    welcome = _one(text, "SUPPORT")
    assert welcome.modality == "asserted" and welcome.date.value == "2025-04-02"
    # a paragraph telling an old story: its second sentence goes on with the first one's year
    killing = [
        e for e in _events("In 2012, rebels attacked the town of Gao. They killed 40 villagers.") if e.type == "ASSAULT"
    ]
    assert [e.modality for e in killing] == ["historical", "historical"]
