"""Actor phrases of events: who the parse says acts, and the codes the phrase gets.

Invented sentences, one behaviour each: shares and members of a group, the body a
member word belongs to, former office-holders, peoples, listed bodies the parser
mislabels, and subjects reached through adjectives and statements.
"""

from __future__ import annotations

import pytest

import dotterel
from dotterel.eval.plover_gsr import main_event


def _actor(text: str) -> list[tuple[str | None, str | None]]:
    event = main_event(dotterel.code(text, published="2024-06-01").events)
    assert event is not None, text
    return [(a.country, a.sector) for a in event.actor]


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        # a subject through "is ready/willing/prepared to"; a state that acts is its government
        ("Nigeria says it is ready to release the prisoners.", [("NGA", "GOV")]),
        # a statement speaks for whoever issued it
        ("Boko Haram put out a statement threatening more attacks on schools.", [("NGA", "REB")]),
        # "thousands of X" are X; a people acting as a crowd is CVL
        ("Thousands of ethnic Uzbeks marched through Osh on Friday.", [("UZB", "CVL")]),
        ("Kenyan Somalis rejected the census results.", [("KEN", "CVL")]),
        # a people named with a place after it lives there
        ("The Russians of eastern Estonia are demanding language rights.", [("EST", "CVL")]),
        # "former" before a title: an elite, whatever the dates say
        ("Former Defence Minister Ana Lopez criticised Peru's police reform.", [("PER", "ELI")]),
        # member words take the sector of their body
        ("Hamas leaders rejected the proposal.", [("PSE", "REB")]),
        ("Leaders of the Zambian opposition alliance called off the rally.", [("ZMB", "OPP")]),
        ("A member of the Malawian parliament sued the electoral commission.", [("MWI", "LEG")]),
        ("Opposition delegates walked out of the talks in Lagos.", [("NGA", "OPP")]),
        # a part of a listed body is that body
        ("The Islamic Jihad movement condemned the arrests in Jenin.", [("PSE", "REB")]),
        # a known person in front of a government word gives its country
        ("The Obama administration criticized Egypt.", [("USA", "GOV")]),
        # listed bodies keep their own codes, whatever the parser or the capitals say
        ("Al-Qaeda threatened the United States.", [("IMG", "REB")]),
        ("Red Cross officials condemned the shelling of the hospital in Juba.", [("NGO", "SOC")]),
        # agent words
        ("Ugandan negotiators met government envoys in Nairobi.", [("UGA", "GOV"), ("UGA", "GOV")]),
        ("Lagos's police commissioner threatened the striking drivers.", [("NGA", "COP")]),
        ("Algerian landowners protested outside parliament.", [("DZA", "CVL")]),
    ],
)
def test_actor_codes(text: str, codes: list[tuple[str | None, str | None]]) -> None:
    assert _actor(text) == codes


def test_member_words_alone_keep_their_sector() -> None:
    assert _actor("Kenyan officials rejected the proposal.") == [("KEN", "GOV")]
    assert _actor("Leaders of Zambia rejected the proposal.") == [("ZMB", "GOV")]


def test_a_known_person_out_of_office_by_the_text() -> None:
    """The text's "ousted" wins over the dates we hold for a listed person."""
    in_office = _actor("President Emmanuel Macron rejected the plan.")
    ousted = _actor("Ousted President Emmanuel Macron rejected the plan.")
    assert in_office == [("FRA", "GOV")]
    assert ousted == [("FRA", "ELI")]


@pytest.mark.parametrize(
    "text",
    [
        "The international community urged Sudan's army and its rivals to halt the fighting.",
        "Western countries imposed new sanctions on the Sudanese junta.",
        "Gulf states pledged two billion dollars to rebuild Sudan.",
    ],
)
def test_states_acting_together_are_government_of_no_one_country(text: str) -> None:
    assert _actor(text) == [(None, "GOV")]


def test_a_disease_or_a_storm_is_no_actor_and_makes_no_event() -> None:
    text = "Cholera killed thirty people in Kano. A cyclone destroyed the port."
    record = dotterel.code(text, published="2024-06-01")
    assert record.events == []


def test_through_a_preposition_to_the_verb_and_its_passive_subject() -> None:
    record = dotterel.code(
        "President Ruto was quoted as saying he would visit the flooded towns. "
        "The minister was arrested after attacking a journalist in Lagos.",
        published="2024-06-01",
    )
    visit = next(e for e in record.events if e.evidence.trigger.text == "visit")
    assert visit.source is not None and "Ruto" in (visit.source.speaker.name or "")
    attack = next(e for e in record.events if e.evidence.trigger.text == "attacking")
    assert [a.text for a in attack.actor] == ["The minister"]


def _roles(text: str) -> tuple[list[tuple[str | None, str | None]], list[tuple[str | None, str | None]]]:
    event = main_event(dotterel.code(text, published="2024-06-01").events)
    assert event is not None, text
    return [(a.country, a.sector) for a in event.actor], [(r.country, r.sector) for r in event.recipient]


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("Ghana expelled two Togolese diplomats on Monday.", [("GHA", "GOV")]),
        ("Uruguay called on Paraguay to reopen the border bridge.", [("URY", "GOV")]),
        # a pronoun standing for a state is the state's government too
        ("Norway said it would resume fishing talks with Iceland next month.", [("NOR", "GOV")]),
    ],
)
def test_a_state_named_as_the_doer_acts_through_its_government(
    text: str, actor: list[tuple[str | None, str | None]]
) -> None:
    assert _roles(text)[0] == actor


def test_a_state_addressed_by_a_verbal_act_is_its_government() -> None:
    assert _roles("Ghana accused Togo of sheltering the smugglers.") == ([("GHA", "GOV")], [("TGO", "GOV")])


def test_a_state_on_the_receiving_end_of_a_material_act_keeps_no_sector() -> None:
    """ "imposed sanctions on Togo", "shelled the country": the target may be the land or its people."""
    assert _roles("Ghana imposed new sanctions on Togo on Monday.") == ([("GHA", "GOV")], [("TGO", None)])


def test_a_state_a_spoken_judgement_is_about_is_its_government() -> None:
    text = "\"Togo's claims are baseless,\" Ghana's foreign minister said on Monday."
    assert _roles(text)[1] == [("TGO", "GOV")]
