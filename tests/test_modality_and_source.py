"""Who says so and how sure: our own small texts for the source and modality rules that decide
whole articles (a verb that is the act itself, claims of responsibility, quotations a verbal
act is made with, background clauses)."""

from __future__ import annotations

import dotterel
from dotterel.model import Event


def _events(text: str, published: str = "2025-04-02") -> list[Event]:
    return dotterel._default_coder().code(text, published=published).events


def _speaker(event: Event) -> str | None:
    return event.source.speaker.name if event.source and event.source.speaker else None


def _one(text: str, event_type: str) -> Event:
    return next(e for e in _events(text) if e.type == event_type)


def test_a_verb_that_is_the_act_itself_has_no_source() -> None:
    # the reporter states that Kenya warned: the warning is no report of Kenya's
    threat = _one("Kenya warned Uganda on Monday that it would close the border.", "THREATEN")
    assert threat.modality == "asserted" and _speaker(threat) is None
    charge = _one("The Zambian government alleged that rebels had burned three villages.", "ACCUSE")
    assert _speaker(charge) is None


def test_a_claim_of_responsibility_reports_the_act() -> None:
    # the claimant says the ambush was theirs: a report of the ambush, with the claimant as source
    ambush = _one("The rebel front claimed responsibility for the ambush on the convoy.", "ASSAULT")
    assert ambush.modality == "reported"
    assert _speaker(ambush) is not None and "rebel front" in _speaker(ambush)
    # the claim blames no one: no accusation by the claimant
    assert "ACCUSE" not in [e.type for e in _events("The crime boss claimed responsibility for the sabotage.")]


def test_a_demand_made_with_a_quotation_has_its_maker_as_source() -> None:
    # the quotation gives the demand in the minister's own words
    text = 'The minister, Amina Odhiambo, demanded that the junta "free every detained reporter without delay."'
    demand = _one(text, "REQUEST")
    assert demand.modality == "asserted"
    assert _speaker(demand) is not None and "Odhiambo" in _speaker(demand)


def test_a_participle_after_the_main_clause_does_not_report_it() -> None:
    # "citing ..." gives the junta's reason; the closing is the reporter's fact
    closing = _one("The junta closed three newspapers in the capital on Monday, citing security concerns.", "COERCE")
    assert closing.modality == "asserted" and _speaker(closing) is None
    # a speech verb set off by a comma still frames the sentence
    arrest = _one("Police detained two alleged smugglers at the port on Monday, the ministry said.", "COERCE")
    assert arrest.modality == "reported" and _speaker(arrest) is not None


def test_an_aim_of_the_subject_is_no_report_of_theirs() -> None:
    # the plan is the reporter's news about the government, not the government's account
    plan = _one("The Kenyan government plans to expel the foreign observers next month.", "THREATEN")
    assert plan.modality != "reported" and _speaker(plan) is None


def test_a_date_of_another_clause_does_not_make_the_act_background() -> None:
    # 2016 dates the lost election, not the rejection
    text = (
        "Opposition leader Ana Ruiz, who lost the presidency in 2016, rejected the charges"
        " at a news conference on Thursday."
    )
    assert _one(text, "REJECT").modality == "asserted"


def test_a_state_lasting_since_a_past_year_is_current() -> None:
    held = _one("The detained editor has been held in an army jail since 2021.", "COERCE")
    assert held.modality == "asserted"


def test_a_past_act_in_a_sentence_about_a_past_year_stays_background() -> None:
    # simple past, with the year in the relative clause of its actor: a sentence of background
    text = "The army, which seized power in 2019, closed every opposition newspaper."
    assert _one(text, "COERCE").modality == "historical"


def test_an_act_said_to_lie_in_the_past_is_background() -> None:
    assert _one("Past bombings of the pipeline were claimed by the rebel front.", "ASSAULT").modality == "historical"
    text = "In past border disputes, Kenya has threatened to expel Ugandan traders."
    assert _one(text, "THREATEN").modality == "historical"
    # a span reaching to now is no past episode
    text = "Over the past week, police have arrested forty protesters in Nairobi."
    assert _one(text, "COERCE").modality == "asserted"


def test_an_official_telling_their_own_states_verbal_act_is_asserted() -> None:
    own = _one("Kenyan Foreign Minister Amina Odhiambo said Kenya rejects the proposed border deal.", "REJECT")
    assert own.modality == "asserted"
    # another state's refusal stays her report
    other = _one("Kenyan Foreign Minister Amina Odhiambo said Uganda had rejected the proposed border deal.", "REJECT")
    assert other.modality == "reported"


def test_a_threat_pledged_in_a_quotation_is_made_by_saying_it() -> None:
    text = '"If the rebels attack again, we will cut off every supply route," Interior Minister Amina Odhiambo said.'
    threat = _one(text, "THREATEN")
    assert threat.modality == "asserted" and _speaker(threat) is not None


def test_a_text_speaks_for_its_author() -> None:
    text = "A statement from the Kenyan army said troops had killed six militants near the border."
    killing = _one(text, "ASSAULT")
    assert killing.modality == "reported" and _speaker(killing) == "the Kenyan army"


def test_an_offer_its_maker_tells_is_made_by_saying_it() -> None:
    text = "Kenyan Foreign Minister Amina Odhiambo said Kenya was ready to send food aid to Uganda."
    offer = _one(text, "AGREE")
    assert offer.modality == "asserted"
    # told by the reporter, the readiness stays a plan
    assert _one("The Kenyan government is ready to send food aid to Uganda.", "AGREE").modality == "future"


def test_an_expected_or_scheduled_meeting_lies_ahead() -> None:
    text = "The Ugandan foreign minister is expected to meet his Kenyan counterpart in Kampala."
    assert _one(text, "AGREE").modality == "future"
    assert _one("The Ugandan foreign minister is scheduled to visit Nairobi.", "AGREE").modality == "future"


def test_a_hedging_adverb_covers_only_its_own_clause() -> None:
    # "allegedly" hedges the smuggling, not the accusation the reporter states
    text = "The Kenyan army accused the rebel group of allegedly smuggling weapons across the border."
    assert _one(text, "ACCUSE").modality == "asserted"
    assert _one("Police allegedly beat three students at the campus on Monday.", "ASSAULT").modality == "reported"


def test_speakers_joined_by_and_all_say_so() -> None:
    shelling = _one("Kenya and Uganda said their troops had shelled the rebel camp near the border.", "ASSAULT")
    assert _speaker(shelling) == "Kenya and Uganda"


def test_a_title_with_a_name_beside_it_is_that_person() -> None:
    text = "The opposition's envoy to the United Nations, Grace Odhiambo, said troops had shelled three villages."
    assert _speaker(_one(text, "ASSAULT")) == "Grace Odhiambo"


def test_seeking_an_accord_is_a_present_stance_and_a_plan_lies_ahead() -> None:
    assert _one("Kenya is seeking to finalize a trade accord with Ethiopia.", "AGREE").modality == "asserted"
    assert _one("Kenya plans to sign a trade accord with Ethiopia.", "AGREE").modality == "future"
