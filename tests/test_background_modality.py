"""Background (PLOVER's historical modality) against the story's own news: our own small texts
for which dates can make an act background and which cannot."""

from __future__ import annotations

import dotterel
from dotterel.model import Event


def _events(text: str, published: str = "2025-04-02") -> list[Event]:
    return dotterel._default_coder().code(text, published=published).events


def _one(text: str, event_type: str) -> Event:
    return next(e for e in _events(text) if e.type == event_type)


def test_a_date_in_what_an_act_charges_does_not_date_the_charge() -> None:
    # the year is when the pipeline deal was broken, not when the minister blamed anyone
    charge = _one("The Malian minister blamed Algeria for abandoning the pipeline deal in 2016.", "ACCUSE")
    assert charge.modality == "asserted"


def test_a_date_in_what_an_act_says_does_not_date_the_saying() -> None:
    # the killings are of 2019; the briefing is today's news, and the killings stay background
    text = "The Kenyan envoy told the Security Council that police had killed 30 protesters in 2019."
    assert _one(text, "CONSULT").modality == "asserted"
    assert _one(text, "ASSAULT").modality == "historical"


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


def test_a_verb_joined_to_a_present_perfect_is_no_simple_past() -> None:
    # "have condemned ... and urged": both are current, whatever the sentence before dated
    text = (
        "In 2019, the reporter was detained for a month in Harare. "
        "Press groups have condemned his new arrest and urged the government to free him."
    )
    appeal = _one(text, "REQUEST")
    assert appeal.modality == "asserted"


def test_an_adverb_that_sets_a_past_act_before_the_story_makes_it_background() -> None:
    assert _one("The rebels had previously attacked an aid convoy near Goma.", "ASSAULT").modality == "historical"
    text = "The ministry was already sending food aid to the refugees before the floods."
    assert _one(text, "AID").modality == "historical"
    # "already" with a present perfect is the story's own news
    assert _one("Police have already arrested 20 protesters in the capital.", "COERCE").modality == "asserted"


def test_a_past_relative_clause_of_the_reporter_describes_by_background() -> None:
    text = "Police on Monday arrested a Bolivian activist who criticized the mining minister."
    assert _one(text, "ACCUSE").modality == "historical"
    assert _one(text, "COERCE").modality == "asserted"
    # a relative clause with a date of its own is dated by it
    raid = _events("Troops on Monday killed five gunmen who stormed an army barracks on Sunday.")
    assert [e.modality for e in raid if e.type == "ASSAULT"] == ["asserted", "asserted"]


def test_a_calendar_date_beside_a_vague_one_dates_the_act() -> None:
    # "recently" only orders the act; "in December" puts it four months before the story
    attack = _one("More recently, in December, rebels attacked a police post in Gao.", "ASSAULT")
    assert attack.date.value == "2024-12" and attack.modality == "historical"
    # a "since" date starts a span and places no act: the raid is not of March 2019
    text = (
        "Chadian jets carried out a raid on rebel positions in the north that morning,"
        " the third such attack on the group since March 2019, the army said."
    )
    raid = next(e for e in dotterel._default_coder().code(text).events if e.evidence.trigger.text == "raid")
    assert raid.date.value != "2019-03" and raid.modality != "historical"


def test_a_date_inside_a_comparison_dates_only_what_is_compared_with() -> None:
    text = "The kidnapping of the bishop, resembling the 2016 abduction of a priest in Kano, drew wide condemnation."
    modes = {e.evidence.trigger.text: e.modality for e in _events(text)}
    assert modes == {"kidnapping": "asserted", "abduction": "historical", "condemnation": "asserted"}


def test_a_conjoined_clause_with_its_own_tense_is_not_dated_by_the_first() -> None:
    text = (
        "The talks between the rebels and the government began in 2019 and have since stalled,"
        " with each side accusing the other of delays."
    )
    assert _one(text, "CONSULT").modality == "historical"
    assert _one(text, "ACCUSE").modality == "asserted"


def test_a_title_as_it_was_then_sets_the_clause_in_the_past() -> None:
    assert _one("Soldiers loyal to then-leader Ali Bongo attacked the camp.", "ASSAULT").modality == "historical"
    assert _one("Soldiers loyal to the president attacked the camp on Monday.", "ASSAULT").modality == "asserted"


def test_the_past_starting_point_of_what_holds_now_is_background() -> None:
    assert _one("Thousands of families have fled since rebels attacked the port.", "ASSAULT").modality == "historical"
    # its own date says how long ago: two days back is the story's news
    dated = _one("Food prices have doubled since rebels attacked the port on Sunday.", "ASSAULT")
    assert dated.modality == "asserted"


def test_an_act_spread_over_uncounted_years_is_background() -> None:
    assert _one("Ghana has accused Togo for years of sheltering the smugglers.", "ACCUSE").modality == "historical"
    # a counted span is left to the date, and a speaker's own "for years" stays their report
    assert _one("Ghana has accused Togo of sheltering the smugglers for three years.", "ACCUSE").modality == "asserted"
    quoted = _one('The Ghanaian minister said, "Togo has attacked our fishermen for years."', "ASSAULT")
    assert quoted.modality == "reported"


def test_an_act_called_possible_is_hypothetical() -> None:
    text = "The protests come amid the possible eviction of Somali families from their homes in Nairobi."
    assert _one(text, "COERCE").modality == "hypothetical"
    done = _one("Police began the eviction of Somali families from their homes in Nairobi on Monday.", "COERCE")
    assert done.modality == "asserted"
