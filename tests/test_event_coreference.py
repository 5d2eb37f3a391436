"""Event coreference: an act told without its doer ("were killed") is done by whoever the
story just said did an act of that kind (dotterel/coreference/events.py).

Invented stories, one behaviour each.
"""

from __future__ import annotations

import dotterel
from dotterel.model import Event


def _event(text: str, trigger: str) -> Event:
    events = dotterel.code(text, published="2024-06-01").events
    return next(e for e in events if e.evidence.trigger.text == trigger)


def _doers(text: str, trigger: str) -> list[tuple[str, str | None]]:
    return [(a.text, a.resolution) for a in _event(text, trigger).actor]


def test_a_passive_with_no_doer_takes_the_doer_of_the_act_told_before() -> None:
    text = "Armed men raided a market near Tessalit on Sunday. Twelve traders were killed."
    assert _doers(text, "killed") == [("Armed men", "event")]


def test_the_doer_may_be_told_later_in_the_same_sentence() -> None:
    text = "Ten villagers were killed when gunmen attacked Kadu on Friday."
    assert _doers(text, "killed") == [("gunmen", "event")]


def test_an_arrest_told_again_is_the_same_arrester_s() -> None:
    text = "Police detained forty students in Harare on Monday. Two lecturers were also arrested."
    assert _doers(text, "arrested") == [("Police", "event")]


def test_the_doers_are_not_carried_to_their_own_losses() -> None:
    text = "Rebels attacked an army post near Goma on Monday. Six rebels were killed."
    assert _doers(text, "killed") == []


def test_a_doer_the_clause_names_stands() -> None:
    text = "Gunmen attacked a bus in Wajir on Monday. Two passengers were later wounded by police."
    assert _doers(text, "wounded") == [("police", "agent")]


def test_an_act_told_too_far_back_lends_no_doer() -> None:
    text = (
        "Soldiers shelled the town of Abyei on Monday. The mayor said the army was to blame. "
        "Aid workers left the region. Traders sold their stock. Three farmers were killed."
    )
    assert _doers(text, "killed") == []
