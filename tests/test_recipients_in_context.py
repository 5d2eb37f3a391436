"""Recipients that the article makes plain: the other side of a two-sided act when one side
pledges it or aims it at the other, and the target named in the clause."""

from __future__ import annotations

import dotterel
from dotterel.model import Event


def _events(text: str, event_type: str) -> list[Event]:
    record = dotterel._default_coder().code(text, published="2025-04-02")
    return [e for e in record.events if e.type == event_type]


def _countries(actors: list) -> set[str | None]:
    return {a.country for a in actors}


def test_a_pledge_to_meet_is_aimed_at_the_other_side() -> None:
    # wanting to restore ties is AGREE by one side toward the other, not a meeting of both
    event = _events("Nairobi is looking to restore relations with Kampala after a long feud.", "AGREE")[0]
    assert _countries(event.actor) == {"KEN"}
    assert _countries(event.recipient) == {"UGA"}


def test_a_planned_meeting_keeps_the_invited_side_as_recipient() -> None:
    text = "The Kenyan foreign minister will hold talks with Ugandan officials in Entebbe on Friday."
    event = _events(text, "AGREE")[0]
    assert "UGA" in _countries(event.recipient)
    assert "UGA" not in _countries(event.actor)


def test_a_fight_against_a_state_has_that_state_as_recipient() -> None:
    text = "The separatist front has been fighting a bloody insurgency against the Malian state."
    event = _events(text, "ASSAULT")[0]
    assert _countries(event.recipient) == {"MLI"}


def test_a_meeting_that_took_place_still_has_every_side_as_actor() -> None:
    event = _events("Kenyan and Ugandan officials met in Kampala on Monday.", "CONSULT")[0]
    assert {"KEN", "UGA"} <= _countries(event.actor)
    assert event.recipient == []


def test_a_wrong_done_in_a_controlled_clause_is_charged_to_the_one_who_tried() -> None:
    text = '"The Kenyan government keeps trying to undermine our truce," the rebel commander said.'
    event = _events(text, "ACCUSE")[0]
    assert [(r.country, r.sector) for r in event.recipient] == [("KEN", "GOV")]
