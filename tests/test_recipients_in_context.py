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


def test_troops_sent_somewhere_to_fight_a_group_are_aimed_at_the_group() -> None:
    text = "In 2013 the Chadian government sent soldiers into Mali to battle the jihadist militants."
    event = _events(text, "MOBILIZE")[0]
    assert [r.sector for r in event.recipient] == ["REB"]


def test_a_participle_with_its_own_object_is_active() -> None:
    # "the deadliest raid, in 2016, killed ...": the villagers were killed, not the raid
    event = _events("The deadliest raid, in 2016, killed at least 30 villagers in Tana River.", "ASSAULT")[0]
    assert [r.sector for r in event.recipient] == ["CVL"]


def test_what_a_speaker_calls_someones_failure_blames_its_owner() -> None:
    text = "The lawyer cited what he called the governor's failure to protect the town."
    event = _events(text, "ACCUSE")[0]
    assert [r.sector for r in event.recipient] == ["GOV"]


def test_a_refused_session_is_aimed_at_the_body_holding_it() -> None:
    text = "Uganda declined to attend the hearing by the International Court of Justice."
    event = _events(text, "REJECT")[0]
    assert [(r.country, r.sector) for r in event.recipient] == [("UNO", "JUD")]
    assert "Court" in event.recipient[0].text  # the court, not its hearing


def test_a_trade_war_someone_wages_with_a_state_is_aimed_at_that_state() -> None:
    event = _events("President Banda escalated his trade war with Zambia on Monday.", "SANCTION")[0]
    assert _countries(event.recipient) == {"ZMB"}


def test_a_trade_war_between_two_states_has_no_single_target() -> None:
    event = _events("The trade war between Zambia and Malawi deepened in March.", "SANCTION")[0]
    assert event.recipient == []


def test_a_threat_made_to_hang_on_a_party_is_aimed_at_it() -> None:
    text = '"If Kampala raises the fees again, we will retaliate," the Kenyan minister said.'
    event = _events(text, "THREATEN")[0]
    assert "UGA" in _countries(event.recipient)


def test_the_target_of_the_means_of_retaliation_is_the_recipient() -> None:
    event = _events("Nairobi said it might retaliate with levies on Ugandan sugar.", "THREATEN")[0]
    assert _countries(event.recipient) == {"UGA"}


def test_a_bare_participle_joined_to_a_passive_shares_its_subject() -> None:
    text = "The Kenyan journalist was arrested and sentenced to ten years in prison in 2014."
    event = _events(text, "SANCTION")[0]
    assert [r.sector for r in event.recipient] == ["JRN"]


def test_a_conditional_participle_is_suffered_by_the_main_subject() -> None:
    text = "The Kenyan editor denies the charges, but if convicted, the editor could face life in prison."
    event = _events(text, "SANCTION")[0]
    assert [r.sector for r in event.recipient] == ["JRN"]
    assert event.actor == []  # the editor convicts no one


def test_a_rejected_allegation_answers_the_accuser_just_told() -> None:
    text = "Kenyan officials accused Uganda of arming the rebels. Kampala quickly rejected the allegation."
    event = _events(text, "REJECT")[0]
    assert [(r.country, r.sector) for r in event.recipient] == [("KEN", "GOV")]


def test_a_rejection_far_from_any_accusation_names_no_one() -> None:
    text = (
        "Kenyan officials accused Uganda of arming the rebels. The talks then moved to Arusha. "
        "Traders reopened the market. Heavy rain fell on Monday. Kampala rejected the allegation."
    )
    event = _events(text, "REJECT")[0]
    assert event.recipient == []


def test_sanctions_on_no_one_named_go_to_the_country_the_story_is_about() -> None:
    text = (
        "Iran test-fired two missiles on Monday near Isfahan. Iranian officials called the launch a success. "
        "In response, the U.S. Treasury imposed new sanctions on Tuesday."
    )
    event = _events(text, "SANCTION")[0]
    assert _countries(event.recipient) == {"IRN"}


def test_the_story_country_is_not_lent_to_its_own_government() -> None:
    text = "Ghana held elections on Monday. The Ghanaian government imposed new sanctions on Tuesday."
    event = _events(text, "SANCTION")[0]
    assert event.recipient == []


def test_a_claim_called_baseless_answers_its_owner() -> None:
    text = "Uganda's Foreign Ministry called Nairobi's claims \"baseless\" on Thursday."
    event = _events(text, "REJECT")[0]
    assert _countries(event.recipient) == {"KEN"}


def test_the_one_a_naming_verb_names_is_blamed_not_the_epithet() -> None:
    text = 'In a speech, the governor called Kenya "one of the most abusive neighbours anywhere in the region."'
    event = _events(text, "ACCUSE")[0]
    assert [r.text for r in event.recipient] == ["Kenya"]


def test_one_of_a_group_stands_for_the_group() -> None:
    text = "One of the Shabaab group's most senior commanders is dead, killed in what officials call a joint raid."
    event = _events(text, "ASSAULT")[0]
    assert [r.text for r in event.recipient] == ["the Shabaab group's most senior commanders"]


def test_a_target_phrase_on_the_last_of_several_objects_counts() -> None:
    text = "Witnesses said Kenyan police fired tear gas, water cannon, and stun grenades at student protesters."
    event = _events(text, "ASSAULT")[0]
    assert [r.text for r in event.recipient] == ["student protesters"]


def test_blame_deep_in_a_predicate_is_about_the_subject() -> None:
    text = '"Nairobi is one of the cruellest and most abusive regimes anywhere," the Ugandan minister said.'
    event = _events(text, "ACCUSE")[0]
    assert _countries(event.recipient) == {"KEN"}


def test_a_name_with_the_arabic_article_is_a_person_whatever_its_case() -> None:
    # "al" in "Abu Salman al-Tikriti" is part of the name, not a title in front of it
    event = _events("Officials said a drone strike near the border killed Abu Salman al-Tikriti.", "ASSAULT")[0]
    assert [r.text for r in event.recipient] == ["Abu Salman al-Tikriti"]
    # a name that opens with the particle, and which the parser splits at the hyphen
    event = _events("Police said al-Masri was arrested on Monday in Tanta.", "COERCE")[0]
    assert [r.text for r in event.recipient] == ["al-Masri"]


def test_is_in_capitals_is_the_islamic_state() -> None:
    event = _events("Police said they arrested seven IS members in Mosul.", "COERCE")[0]
    assert [(r.country, r.sector) for r in event.recipient] == [("IMG", "REB")]
